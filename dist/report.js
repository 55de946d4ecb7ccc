import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-ROLAMEUV.js";
import "./chunks/chunk-NFFJBRID.js";
import "./chunks/chunk-VGQD5WZU.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-VPUX6IJY.js";
import "./chunks/chunk-OH45OIC5.js";
import "./chunks/chunk-IVIYWS3O.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-report.ts
void runAction("report", "results");
