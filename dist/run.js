import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-HCGRYMWS.js";
import "./chunks/chunk-7RCL6AEV.js";
import "./chunks/chunk-R6AMTA7R.js";
import "./chunks/chunk-4DM76OBD.js";
import "./chunks/chunk-K2QFYNNX.js";
import "./chunks/chunk-2IEND4WE.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-run.ts
void runAction("run");
