import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-OQIHZDXH.js";
import "./chunk-XDHKCMGH.js";
import "./chunk-JX4O3G6P.js";
import "./chunk-NFFJBRID.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-OH45OIC5.js";
import "./chunk-ZFYWI4SS.js";
import "./chunk-YS6Y6WSB.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-IVIYWS3O.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
