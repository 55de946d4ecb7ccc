import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-ON42TTVN.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-54TSSXRP.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-run.ts
void runAction("run");
