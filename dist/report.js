import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-GQ6HGGFY.js";
import "./chunks/chunk-NFFJBRID.js";
import "./chunks/chunk-Q7WCAKSK.js";
import "./chunks/chunk-VGQD5WZU.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-DVBLRTRJ.js";
import "./chunks/chunk-JFKLSIPS.js";
import "./chunks/chunk-IVIYWS3O.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-report.ts
void runAction("report", "results");
