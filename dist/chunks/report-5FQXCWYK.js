import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  checkUserFile,
  crashed,
  loadResults,
  pathError,
  publishRun,
  reportCommand,
  runArtifactFiles,
  writeCrashReports
} from "./chunk-NGD5AYTD.js";
import "./chunk-6SI3FVA2.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  checkUserFile,
  crashed,
  loadResults,
  pathError,
  publishRun,
  reportCommand,
  runArtifactFiles,
  writeCrashReports
};
