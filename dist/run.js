import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-GSBUEB2A.js";
import "./chunks/chunk-B2E6PNWA.js";
import "./chunks/chunk-Q7WCAKSK.js";
import "./chunks/chunk-VGQD5WZU.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-65P6BGBT.js";
import "./chunks/chunk-ZKLSXLYR.js";
import "./chunks/chunk-UF36CKJT.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-run.ts
void runAction("run");
