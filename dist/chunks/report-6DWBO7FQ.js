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
} from "./chunk-LNBT772X.js";
import "./chunk-PSGGFZKT.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-IVIYWS3O.js";
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
