import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/cli/args.ts
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
function parseInt10(flag, raw, min = 0) {
  if (!/^-?\d+$/.test(raw.trim()))
    throw new UsageError(`--${flag}: expected a number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min) throw new UsageError(`--${flag}: must be at least ${min}, got ${n}`);
  return n;
}
function parseFlags(argv, specs, maxPositionals = 0) {
  const flags = {};
  const positionals = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === "list") flags[name] = [];
    else if (spec.default !== void 0) flags[name] = spec.default;
    else if (spec.type === "bool") flags[name] = false;
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("--")) {
      if (a.startsWith("-") && a !== "-")
        throw new UsageError(`unknown option '${a}' (see --help)`);
      positionals.push(a);
      continue;
    }
    let name = a.slice(2);
    let value;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs[name];
    if (!spec && name.startsWith("no-") && specs[name.slice(3)]?.type === "bool") {
      flags[name.slice(3)] = false;
      continue;
    }
    if (!spec) throw new UsageError(`unknown option '--${name}' (see --help)`);
    if (spec.type === "bool") {
      if (value === void 0) flags[name] = true;
      else if (/^(1|true|yes)$/i.test(value)) flags[name] = true;
      else if (/^(0|false|no)$/i.test(value)) flags[name] = false;
      else throw new UsageError(`--${name}: expected true or false, got '${value}'`);
      continue;
    }
    if (value === void 0) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (spec.choices && !spec.choices.includes(value))
      throw new UsageError(`--${name}: expected one of ${spec.choices.join(", ")}, got '${value}'`);
    if (spec.type === "int") flags[name] = parseInt10(name, value, spec.min ?? 0);
    else if (spec.type === "list") flags[name].push(value);
    else flags[name] = value;
  }
  if (positionals.length > maxPositionals)
    throw new UsageError(
      maxPositionals === 0 ? `unexpected argument '${positionals[0]}' (see --help)` : `too many arguments: '${positionals[maxPositionals]}' (see --help)`
    );
  return { flags, positionals };
}
function formatHelp(usage, summary, specs) {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.type === "bool" ? "" : ` ${s.arg ?? "VALUE"}`}`;
    const extra = s.default !== void 0 && s.type !== "bool" ? ` (default: ${s.default})` : "";
    const many = s.type === "list" ? " (repeatable)" : "";
    return [left, `${s.help}${many}${extra}`];
  });
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length), 0) + 2);
  const body = rows.map(
    ([l, r]) => l.length >= width ? `${l}
${" ".repeat(width)}${r}` : l.padEnd(width) + r
  );
  return `usage: ${usage}

${summary}

options:
${body.join("\n")}
  --help${" ".repeat(Math.max(1, width - 8))}show this help
`;
}

export {
  UsageError,
  isPathError,
  parseFlags,
  formatHelp
};
