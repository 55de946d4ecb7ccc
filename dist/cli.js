#!/usr/bin/env node
import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  EXIT,
  main
} from "./chunks/chunk-DVBLRTRJ.js";
import "./chunks/chunk-JFKLSIPS.js";
import {
  neutraliseCommands
} from "./chunks/chunk-RRCOAR6J.js";
import {
  UsageError,
  isPathError
} from "./chunks/chunk-IVIYWS3O.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/cli/terminal-host.ts
function terminalHost(out = process.stderr) {
  const stream = { write: (s) => out.write(neutraliseCommands(s)) };
  const color = "isTTY" in out && out.isTTY && !process.env.NO_COLOR;
  const paint = (code, s) => color ? `\x1B[${code}m${s}\x1B[0m` : s;
  const where = (a) => a.file ? `${a.file}${a.line ? `:${a.line}` : ""}: ` : "";
  return {
    kind: "terminal",
    info: (m) => void stream.write(`${m}
`),
    warn: (m) => void stream.write(`${paint("33", "warning:")} ${m}
`),
    untrusted: (lines) => void stream.write(lines.map((l) => `  | ${l}
`).join("")),
    async group(title, fn) {
      stream.write(`${paint("1", `== ${title}`)}
`);
      return fn();
    },
    annotate: (a) => {
      const tag = a.level === "error" ? paint("31", "error:") : a.level === "warning" ? paint("33", "warning:") : "notice:";
      stream.write(
        `${tag} ${where(a)}${a.title ? `${a.title}: ` : ""}${a.message.split("\n")[0]}
`
      );
    },
    setOutput: () => void 0,
    summary: async () => void 0,
    uploadArtifact: async () => void 0,
    restoreCache: async () => void 0,
    saveCache: async () => void 0
  };
}

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
