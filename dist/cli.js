#!/usr/bin/env node
import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-65P6BGBT.js";
import "./chunks/chunk-ZKLSXLYR.js";
import {
  terminalHost
} from "./chunks/chunk-SNOY64RD.js";
import {
  neutraliseCommands
} from "./chunks/chunk-RRCOAR6J.js";
import {
  EXIT,
  UsageError,
  isPathError
} from "./chunks/chunk-UF36CKJT.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/cli.ts
var stderr = (s) => void process.stderr.write(neutraliseCommands(s));
main(
  process.argv.slice(2),
  terminalHost(),
  (s) => process.stdout.write(neutraliseCommands(s))
).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof UsageError) {
      stderr(`kernel-ci: ${err.message}
`);
      process.exitCode = EXIT.usage;
    } else if (isPathError(err)) {
      stderr(`kernel-ci: ${err.message.split("\n")[0]}
`);
      process.exitCode = EXIT.usage;
    } else {
      stderr(
        `kernel-ci: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}
`
      );
      process.exitCode = EXIT.critical;
    }
  }
);
