import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  neutraliseCommands
} from "./chunk-RRCOAR6J.js";

// src/cli/terminal-host.ts
function useColour(out, env = process.env) {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== void 0) return !["0", "false"].includes(force.toLowerCase());
  return "isTTY" in out && !!out.isTTY && env.TERM !== "dumb";
}
function terminalHost(out = process.stderr) {
  const stream = { write: (s) => out.write(neutraliseCommands(s)) };
  const color = useColour(out);
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

export {
  useColour,
  terminalHost
};
