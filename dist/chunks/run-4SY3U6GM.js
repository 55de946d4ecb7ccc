import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-OFE3XMXH.js";
import "./chunk-JZZ7RWCQ.js";
import "./chunk-7RCL6AEV.js";
import "./chunk-2ZUPA45T.js";
import "./chunk-RDPH2SEH.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-T2MBXZQJ.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
