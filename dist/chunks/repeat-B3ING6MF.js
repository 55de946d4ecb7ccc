import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  confidenceOf,
  fileHost,
  jobsOf,
  repeatCommand,
  repeatReport,
  runFlagsOf,
  runLine,
  runOnce,
  runPool,
  stopRuleOf,
  stopSignal
} from "./chunk-G3EP5PJZ.js";
import "./chunk-SY6SPEB7.js";
import "./chunk-J5CZ5X47.js";
import "./chunk-3IFJQX4S.js";
import "./chunk-B2E6PNWA.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-PTCRTCQE.js";
import "./chunk-JSGWAVKP.js";
import "./chunk-XWL5ZJLU.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";
export {
  confidenceOf,
  fileHost,
  jobsOf,
  repeatCommand,
  repeatReport,
  runFlagsOf,
  runLine,
  runOnce,
  runPool,
  stopRuleOf,
  stopSignal
};
