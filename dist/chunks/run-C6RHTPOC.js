import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import "./chunk-JXQP2R3W.js";

// src/pipeline/run.ts
async function runCommand(_flags, _host) {
  throw new Error("run: not implemented yet");
}
export {
  runCommand
};
