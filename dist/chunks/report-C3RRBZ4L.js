import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  checkUserFile,
  crashed,
  lastLines,
  loadResults,
  pathError,
  publishRun,
  reportCommand,
  runArtifactFiles,
  streamConsole,
  writeCrashReports
} from "./chunk-BOMWI6QC.js";
import "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";
export {
  checkUserFile,
  crashed,
  lastLines,
  loadResults,
  pathError,
  publishRun,
  reportCommand,
  runArtifactFiles,
  streamConsole,
  writeCrashReports
};
