import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  defaultRunHooks,
  resolveKernel,
  runCommand
} from "./chunk-JXH4AHZI.js";
import "./chunk-CKMEAVSA.js";
import "./chunk-SPMBZ4EA.js";
import "./chunk-6RI7UO5I.js";
import "./chunk-ZTILSFB6.js";
import "./chunk-WHXHEP3C.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  defaultRunHooks,
  resolveKernel,
  runCommand
};
