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
} from "./chunk-EGMAXRA4.js";
import "./chunk-GYFLA62A.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-LNBT772X.js";
import "./chunk-PSGGFZKT.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-IVIYWS3O.js";
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
