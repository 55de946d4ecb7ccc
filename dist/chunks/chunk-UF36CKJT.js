import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/core/errors.ts
var EXIT = {
  ok: 0,
  /** Tests failed (or the verdict is at least "failure"). */
  failures: 1,
  /** The kernel crashed, the VM did not boot, or we broke (internal error). */
  critical: 2,
  /** The user's input was wrong; nothing ran. */
  usage: 64
};
var UsageError = class extends Error {
  name = "UsageError";
};
var PATH_CODES = /* @__PURE__ */ new Set([
  "ENOENT",
  "ENOTDIR",
  "EISDIR",
  "EACCES",
  "EPERM",
  "EROFS",
  "EEXIST",
  "ELOOP",
  "ENAMETOOLONG",
  "ENOSPC"
]);
var isPathError = (err) => err instanceof Error && typeof err.syscall === "string" && PATH_CODES.has(String(err.code));

export {
  EXIT,
  UsageError,
  isPathError
};
