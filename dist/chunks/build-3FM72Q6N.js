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
} from "./chunk-DHRGKBNH.js";
import "./chunk-7E3I45IO.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-BOMWI6QC.js";
import "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
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
