import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  crashed,
  loadResults,
  publishRun,
  reportCommand,
  runArtifactFiles,
  writeCrashReports,
  writeFresh
} from "./chunk-3HHKJMVV.js";
import "./chunk-QOP67GUT.js";
import "./chunk-2IEND4WE.js";
import "./chunk-JXQP2R3W.js";
export {
  crashed,
  loadResults,
  publishRun,
  reportCommand,
  runArtifactFiles,
  writeCrashReports,
  writeFresh
};
