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
} from "./chunk-VMLEQ2QL.js";
import "./chunk-XDHKCMGH.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-ZFYWI4SS.js";
import "./chunk-YS6Y6WSB.js";
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
