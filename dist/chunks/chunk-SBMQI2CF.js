import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  error,
  getInput,
  group,
  info,
  notice,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunk-V6VHVVA3.js";
import {
  EXIT,
  commands
} from "./chunk-IOEPCYVC.js";
import {
  UsageError,
  parseFlags
} from "./chunk-2IEND4WE.js";

// src/github/actions-host.ts
import { randomBytes } from "node:crypto";
function stopCommandsWrapped(lines, token = randomBytes(16).toString("hex")) {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}
function actionsHost() {
  return {
    kind: "actions",
    info: (m) => info(m),
    warn: (m) => warning(m),
    untrusted: (lines) => {
      if (lines.length > 0)
        for (const l of stopCommandsWrapped(lines)) process.stdout.write(`${l}
`);
    },
    group: (title, fn) => group(title, fn),
    annotate: (a) => {
      const props = {
        title: a.title,
        file: a.file,
        startLine: a.line,
        startColumn: a.col
      };
      if (a.level === "error") error(a.message, props);
      else if (a.level === "warning") warning(a.message, props);
      else notice(a.message, props);
    },
    setOutput: (name, value) => setOutput(name, value),
    summary: async (markdown) => {
      await summary.addRaw(markdown, true).write();
    },
    uploadArtifact: async (name, files, rootDir) => {
      try {
        const { DefaultArtifactClient } = await import("./artifact-AN4QYLOL.js");
        await new DefaultArtifactClient().uploadArtifact(name, files, rootDir, {
          retentionDays: 14
        });
      } catch (err) {
        warning(
          `artifact '${name}' not uploaded: ${err instanceof Error ? err.message : String(err)}`
        );
      }
    },
    restoreCache: async (paths, key, restoreKeys) => {
      try {
        const cache = await import("./cache-XZPYMYY6.js");
        if (!cache.isFeatureAvailable()) return void 0;
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (err) {
        warning(`cache not restored: ${err instanceof Error ? err.message : String(err)}`);
        return void 0;
      }
    },
    saveCache: async (paths, key) => {
      try {
        const cache = await import("./cache-XZPYMYY6.js");
        if (!cache.isFeatureAvailable()) return;
        await cache.saveCache(paths, key);
      } catch (err) {
        warning(`cache not saved: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
}

// src/github/inputs.ts
function inputsToArgv(specs, read = (n) => getInput(n)) {
  const argv = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = read(name);
    if (raw.trim() === "") continue;
    if (spec.type === "list") {
      for (const line of raw.split("\n").map((l) => l.trim()).filter((l) => l !== ""))
        argv.push(`--${name}=${line}`);
    } else if (spec.type === "bool") {
      argv.push(`--${name}=${raw.trim()}`);
    } else {
      argv.push(`--${name}=${raw.trim()}`);
    }
  }
  return argv;
}
function multilineInput(name, read = (n) => getInput(n)) {
  return read(name).split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

// src/github/run-action.ts
async function runAction(command, positionalInput) {
  const cmd = commands[command];
  try {
    const argv = inputsToArgv(cmd.specs);
    const positionals = positionalInput ? multilineInput(positionalInput) : [];
    const { flags } = parseFlags(argv, cmd.specs, 0);
    if (positionals.length < (cmd.minPositionals ?? 0))
      throw new UsageError(`input '${positionalInput}' is required`);
    const code = await cmd.run(flags, positionals, actionsHost());
    setOutput("exit-code", String(code));
    if (code !== EXIT.ok) process.exitCode = code;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    setFailed(err instanceof UsageError ? `bad input: ${msg}` : msg);
    process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.critical;
  }
}

export {
  runAction
};
