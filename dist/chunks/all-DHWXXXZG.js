import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import "./chunk-JXQP2R3W.js";

// src/pipeline/all.ts
async function allCommand(_flags, _host) {
  throw new Error("all: not implemented yet");
}
export {
  allCommand
};
