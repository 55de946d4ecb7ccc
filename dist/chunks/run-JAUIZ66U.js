import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-V4P5E64R.js";
import "./chunk-GAAXSWFB.js";
import "./chunk-NILF4O77.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-3HHKJMVV.js";
import "./chunk-QOP67GUT.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
