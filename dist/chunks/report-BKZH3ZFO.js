import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import "./chunk-JXQP2R3W.js";

// src/pipeline/report.ts
async function reportCommand(_flags, _files, _host) {
  throw new Error("report: not implemented yet");
}
export {
  reportCommand
};
