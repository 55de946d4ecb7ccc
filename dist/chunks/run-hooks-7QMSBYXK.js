import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  assembleOutcome,
  integratedRunHooks
} from "./chunk-ZXHNDLPC.js";
import "./chunk-5EELC2JQ.js";
import "./chunk-CKMEAVSA.js";
import "./chunk-SPMBZ4EA.js";
import "./chunk-6RI7UO5I.js";
import "./chunk-ZTILSFB6.js";
import "./chunk-WHXHEP3C.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  assembleOutcome,
  integratedRunHooks
};
