import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  crashed,
  loadResults,
  publishRun,
  reportCommand,
  runArtifactFiles,
  writeCrashReports,
  writeFresh
} from "./chunk-LBF3FSM5.js";
import "./chunk-2PTFOKPF.js";
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
