import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-SBMQI2CF.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-IOEPCYVC.js";
import "./chunks/chunk-NILF4O77.js";
import "./chunks/chunk-2IEND4WE.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-run.ts
void runAction("run");
