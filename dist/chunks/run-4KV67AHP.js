import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-ECRAWZ6L.js";
import "./chunk-A7EAHZTO.js";
import "./chunk-SPMBZ4EA.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-LBF3FSM5.js";
import "./chunk-2PTFOKPF.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
