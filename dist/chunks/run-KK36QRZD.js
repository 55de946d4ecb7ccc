import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-SB3H64XS.js";
import "./chunk-J5CZ5X47.js";
import "./chunk-EI2CVYK5.js";
import "./chunk-B2E6PNWA.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-PTCRTCQE.js";
import "./chunk-AASTRMOB.js";
import "./chunk-USEMSYZM.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
