import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  resolveKernel,
  runCommand
} from "./chunk-4WSKSSYO.js";
import "./chunk-GYFLA62A.js";
import "./chunk-LDTGH5LG.js";
import "./chunk-NFFJBRID.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-JFKLSIPS.js";
import "./chunk-LNBT772X.js";
import "./chunk-PSGGFZKT.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-IVIYWS3O.js";
import "./chunk-JXQP2R3W.js";
export {
  resolveKernel,
  runCommand
};
