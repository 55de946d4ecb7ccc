import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-4FJ2EW37.js";
import "./chunk-7E3I45IO.js";
import "./chunk-GS65EVVR.js";
import "./chunk-B2E6PNWA.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-ZKLSXLYR.js";
import "./chunk-BOMWI6QC.js";
import "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
