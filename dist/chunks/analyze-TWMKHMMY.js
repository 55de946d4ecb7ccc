import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import "./chunk-JXQP2R3W.js";

// src/pipeline/analyze.ts
async function analyzeCommand(_flags, _log, _host) {
  throw new Error("analyze: not implemented yet");
}
export {
  analyzeCommand
};
