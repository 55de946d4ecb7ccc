import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-JM7TVOMJ.js";
import "./chunk-GYBOQBZO.js";
import "./chunk-NGD5AYTD.js";
import "./chunk-6SI3FVA2.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-7RCL6AEV.js";
import "./chunk-K2QFYNNX.js";
import "./chunk-ZM4ZWS6C.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
