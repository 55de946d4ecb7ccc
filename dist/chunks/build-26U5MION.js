import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import "./chunk-JXQP2R3W.js";

// src/pipeline/build.ts
async function buildCommand(_flags, _host) {
  throw new Error("build: not implemented yet");
}
export {
  buildCommand
};
