import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-2HSNK7VT.js";
import "./chunk-M7YUGI2N.js";
import "./chunk-SPMBZ4EA.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-3HHKJMVV.js";
import "./chunk-QOP67GUT.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
