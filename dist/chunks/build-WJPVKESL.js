import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  BuildFailed,
  buildCommand,
  buildKernel,
  buildSummary,
  inputsHash,
  makeTargets,
  optionsFromFlags,
  validateOptions
} from "./chunk-CA6HXVJK.js";
import "./chunk-ZM4ZWS6C.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  BuildFailed,
  buildCommand,
  buildKernel,
  buildSummary,
  inputsHash,
  makeTargets,
  optionsFromFlags,
  validateOptions
};
