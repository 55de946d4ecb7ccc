import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  bundleCompression,
  writeKernelBundle
} from "./chunk-7E3I45IO.js";
import {
  LineSplitter
} from "./chunk-VGQD5WZU.js";
import {
  pathError
} from "./chunk-BOMWI6QC.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/pipeline/build.ts
import { createHash as createHash3 } from "node:crypto";
import { copyFileSync as copyFileSync3, existsSync as existsSync8, mkdirSync as mkdirSync5, readFileSync as readFileSync7, rmSync as rmSync4, writeFileSync as writeFileSync5 } from "node:fs";
import { availableParallelism } from "node:os";
import { join as join8, resolve as resolve2 } from "node:path";

// src/core/kbuild/build-progress.ts
var STEP = /^ {2}([A-Z][A-Z0-9_]*(?: \[[MU]\])?)\s+(\S+)/;
var OBJECT_STEPS = /* @__PURE__ */ new Set(["CC", "CC [M]", "AS", "AS [M]", "CXX", "RUSTC", "RUSTC [M]"]);
var BuildProgress = class {
  constructor(startedMs, estimatedTotal, everyMs = 15e3) {
    this.startedMs = startedMs;
    this.estimatedTotal = estimatedTotal;
    this.everyMs = everyMs;
  }
  startedMs;
  estimatedTotal;
  everyMs;
  state = { objects: 0, steps: 0 };
  lastReport = 0;
  lastPercent = -1;
  /** True when the line is a Kbuild step line. */
  feed(line) {
    const m = STEP.exec(line);
    if (!m) return false;
    this.state.steps++;
    if (OBJECT_STEPS.has(m[1]) && m[2].endsWith(".o")) {
      this.state.objects++;
      this.state.lastTarget = m[2].startsWith("/") ? m[2].split("/").slice(-3).join("/") : m[2];
    }
    return true;
  }
  /** A status line when one is due (time, or each 10% of the estimate), else undefined. */
  due(nowMs) {
    const pct = this.percent();
    const tenth = pct === void 0 ? -1 : Math.floor(pct / 10);
    if (nowMs - this.lastReport < this.everyMs && tenth <= this.lastPercent) return void 0;
    if (this.state.steps === 0) return void 0;
    this.lastReport = nowMs;
    this.lastPercent = Math.max(this.lastPercent, tenth);
    return this.line(nowMs);
  }
  percent() {
    if (!this.estimatedTotal) return void 0;
    return Math.min(99, Math.floor(100 * this.state.objects / this.estimatedTotal));
  }
  line(nowMs) {
    const done = this.estimatedTotal ? `${this.state.objects}/~${this.estimatedTotal} objects (${this.percent()}%)` : `${this.state.objects} objects`;
    const at = this.state.lastTarget ? `, at ${this.state.lastTarget}` : "";
    return `build: ${done}, ${formatElapsed(nowMs - this.startedMs)} elapsed${at}`;
  }
};
function formatElapsed(ms) {
  const s = Math.max(0, Math.round(ms / 1e3));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

// src/core/kbuild/compiler-diagnostics.ts
import { isAbsolute, posix } from "node:path";
var DIAG = /^((?:[A-Za-z]:)?[^\s:][^:]*):(\d+):(?:(\d+):)?\s+(fatal error|error|warning):\s+(.*?)(?:\s+\[(-W[^\]]+)\])?\s*$/;
function parseDiagnostic(line, ctx) {
  const m = DIAG.exec(line);
  if (!m) return void 0;
  const [, path, ln, col, level, message, flag] = m;
  const abs = isAbsolute(path) ? posix.normalize(path) : posix.join(ctx.buildDir, path);
  const rel = posix.relative(ctx.sourceDir, abs);
  const file = rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  return {
    level: level === "warning" ? "warning" : "error",
    file,
    line: Number(ln),
    ...col ? { col: Number(col) } : {},
    message,
    ...flag ? { flag } : {}
  };
}
var DiagnosticCollector = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  ctx;
  diagnostics = [];
  seen = /* @__PURE__ */ new Set();
  /** Feeds one log line; returns the diagnostic when it is a new one. */
  add(line) {
    const d = parseDiagnostic(line, this.ctx);
    if (!d) return void 0;
    const key = `${d.level}\0${d.file}\0${d.line}\0${d.col ?? ""}\0${d.message}`;
    if (this.seen.has(key)) return void 0;
    this.seen.add(key);
    this.diagnostics.push(d);
    return d;
  }
  get counts() {
    let errors = 0;
    for (const d of this.diagnostics) if (d.level === "error") errors++;
    return { errors, warnings: this.diagnostics.length - errors };
  }
  /** Up to `limit` annotations per level, errors first. */
  annotations(limit = 10) {
    return toAnnotations(this.diagnostics, limit);
  }
};
function toAnnotations(diags, limit = 10) {
  const pick = (level) => diags.filter((d) => d.level === level).slice(0, limit).map((d) => ({
    level: d.level,
    title: d.flag ? `compiler ${d.level} ${d.flag}` : `compiler ${d.level}`,
    message: d.message,
    file: d.file,
    line: d.line,
    ...d.col ? { col: d.col } : {}
  }));
  return [...pick("error"), ...pick("warning")];
}
function describeCounts(c, limit = 10) {
  const hidden = Math.max(0, c.errors - limit) + Math.max(0, c.warnings - limit);
  return `${c.errors} compiler error${c.errors === 1 ? "" : "s"}, ${c.warnings} warning${c.warnings === 1 ? "" : "s"}${hidden ? ` (${hidden} not annotated, see build.log)` : ""}`;
}

// src/core/kbuild/kconfig-tree.ts
var ENTRY = /^(?:config|menuconfig)\s+(\w+)/;
function parseKconfigTree(read, vars, root = "Kconfig") {
  const tree = { defs: /* @__PURE__ */ new Map(), selectedBy: /* @__PURE__ */ new Map(), files: 0 };
  const expand = (s) => s.replace(/\$\((\w+)\)|\$(\w+)/g, (m, a, b) => vars[a ?? b] ?? m);
  const walk = (path, outer, dir) => {
    const text = read(path);
    if (text === void 0) return;
    tree.files++;
    const lines = text.split("\n");
    const blocks = [];
    const context = () => [...outer, ...blocks.flatMap((b) => b.conds)];
    let cur;
    let header3;
    let helpIndent;
    let inHelp = false;
    for (let i = 0; i < lines.length; i++) {
      let raw = lines[i];
      while (raw.endsWith("\\") && i + 1 < lines.length) raw = raw.slice(0, -1) + lines[++i];
      if (inHelp) {
        if (raw.trim() === "") continue;
        const indent = raw.replace(/\t/g, "        ").search(/\S/);
        helpIndent ??= indent;
        if (indent >= helpIndent) continue;
        inHelp = false;
        helpIndent = void 0;
      }
      const line = raw.replace(/(^|\s)#.*$/, "").trim();
      if (line === "") continue;
      const word = line.split(/\s+/, 1)[0];
      const rest = line.slice(word.length).trim();
      const entry = ENTRY.exec(line);
      if (entry) {
        header3 = void 0;
        const def2 = { file: path, line: i + 1, prompts: [], depends: context() };
        cur = { def: def2, name: entry[1] };
        const list = tree.defs.get(cur.name) ?? [];
        list.push(def2);
        tree.defs.set(cur.name, list);
        continue;
      }
      switch (word) {
        case "help":
        case "---help---":
          inHelp = true;
          continue;
        case "if":
          cur = void 0;
          header3 = void 0;
          blocks.push({ kind: "if", conds: [rest] });
          continue;
        case "menu":
        case "choice": {
          cur = void 0;
          const b = { kind: word, conds: [] };
          blocks.push(b);
          header3 = b;
          continue;
        }
        case "endif":
        case "endmenu":
        case "endchoice":
          cur = void 0;
          header3 = void 0;
          blocks.pop();
          continue;
        case "source":
        case "osource":
        case "rsource":
        case "orsource": {
          cur = void 0;
          header3 = void 0;
          const m = /^"([^"]+)"|^(\S+)/.exec(rest);
          if (!m) continue;
          let target = expand(m[1] ?? m[2]);
          if (word.startsWith("r") || word.startsWith("or"))
            target = (dir ? `${dir}/` : "") + target;
          if (!target.includes("*"))
            walk(target, context(), target.split("/").slice(0, -1).join("/"));
          continue;
        }
        case "comment":
        case "mainmenu":
          cur = void 0;
          header3 = void 0;
          continue;
        case "depends":
          if (cur) cur.def.depends.push(rest.replace(/^on\s+/, ""));
          else if (header3) header3.conds.push(rest.replace(/^on\s+/, ""));
          continue;
      }
      if (!cur) continue;
      const def = cur.def;
      if (/^(bool|tristate|string|int|hex|prompt)$/.test(word)) {
        if (word !== "prompt") def.type = word;
        const p = /^"(?:[^"\\]|\\.)*"|^'(?:[^'\\]|\\.)*'/.exec(rest);
        if (p) {
          const after = rest.slice(p[0].length).trim();
          def.prompts.push(after.startsWith("if ") ? { cond: after.slice(3).trim() } : {});
        }
      } else if (word === "def_bool" || word === "def_tristate") {
        def.type = word === "def_bool" ? "bool" : "tristate";
      } else if (word === "select") {
        const m = /^(\w+)(?:\s+if\s+(.+))?$/.exec(rest);
        if (m) {
          const list = tree.selectedBy.get(m[1]) ?? [];
          list.push({ by: cur.name, cond: m[2], depends: def.depends });
          tree.selectedBy.set(m[1], list);
        }
      }
    }
  };
  walk(root, [], "");
  return tree;
}
function tokenize(expr) {
  const out = [];
  const re = /\s*(&&|\|\||!=|<=|>=|[()!=<>]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\w.$-]+)/y;
  let m;
  while (m = re.exec(expr)) out.push(m[1]);
  return out;
}
function parseExpr(expr) {
  const t = tokenize(expr);
  let i = 0;
  const atom = () => {
    const tok = t[i++];
    if (tok === void 0) return { op: "const", value: "n" };
    if (tok === "!") return { op: "!", a: atom() };
    if (tok === "(") {
      const e = or();
      if (t[i] === ")") i++;
      return e;
    }
    if (/^["']/.test(tok)) return { op: "const", value: tok.slice(1, -1) };
    if (/^[nmy]$/.test(tok) || /^-?\d/.test(tok)) return { op: "const", value: tok };
    return { op: "sym", name: tok };
  };
  const cmp = () => {
    const a = atom();
    const op = t[i];
    if (op === "=" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") {
      i++;
      return { op, a, b: atom() };
    }
    return a;
  };
  const and = () => {
    let a = cmp();
    while (t[i] === "&&") {
      i++;
      a = { op: "&&", a, b: cmp() };
    }
    return a;
  };
  const or = () => {
    let a = and();
    while (t[i] === "||") {
      i++;
      a = { op: "||", a, b: and() };
    }
    return a;
  };
  return or();
}
var triOf = (v) => v === "y" ? 2 : v === "m" ? 1 : 0;
var strOf = (n, c) => n.op === "sym" ? (c.get(n.name) ?? "n").replace(/^"|"$/g, "") : n.op === "const" ? n.value : "";
function evalExpr(n, c) {
  switch (n.op) {
    case "sym":
      return triOf(c.get(n.name));
    case "const":
      return triOf(n.value);
    case "!":
      return 2 - evalExpr(n.a, c);
    case "&&":
      return Math.min(evalExpr(n.a, c), evalExpr(n.b, c));
    case "||":
      return Math.max(evalExpr(n.a, c), evalExpr(n.b, c));
    default: {
      const a = strOf(n.a, c);
      const b = strOf(n.b, c);
      const numeric = /^-?(0x)?[\da-f]+$/i.test(a) && /^-?(0x)?[\da-f]+$/i.test(b);
      const d = numeric ? Number(a) - Number(b) : a.localeCompare(b);
      const ok = n.op === "=" ? a === b : n.op === "!=" ? a !== b : n.op === "<" ? d < 0 : n.op === "<=" ? d <= 0 : n.op === ">" ? d > 0 : d >= 0;
      return ok ? 2 : 0;
    }
  }
}
function showExpr(expr, c) {
  return tokenize(expr).map(
    (tok) => /^[A-Za-z_]\w*$/.test(tok) && !/^[nmy]$/.test(tok) ? `${tok} [=${(c.get(tok) ?? "n").replace(/^"|"$/g, "")}]` : tok
  ).join(" ").replace(/\( /g, "(").replace(/ \)/g, ")").replace(/! /g, "!");
}
var VALUE_NAME = { 0: "n", 1: "m", 2: "y" };
function explain(tree, name, wanted, config) {
  const defs = tree.defs.get(name);
  if (!defs || defs.length === 0) return `no such option in this tree's Kconfig`;
  const want = triOf(wanted);
  const got = triOf(config.get(name));
  if (wanted !== "y" && wanted !== "m" && wanted !== "n") {
    const unmet = unmetDeps(defs, 1, config);
    return unmet ? `depends on ${unmet}` : void 0;
  }
  if (want > got) {
    const unmet = unmetDeps(defs, want, config);
    if (unmet) {
      const capped = want === 2 && defs.every((d) => depValue(d, config) === 1);
      return capped ? `limited to m by depends on ${unmet}` : `depends on ${unmet}`;
    }
    const visible = defs.some(
      (d) => d.prompts.some((p) => !p.cond || evalExpr(parseExpr(p.cond), config) > 0)
    );
    if (!visible) {
      const sel = tree.selectedBy.get(name) ?? [];
      const cond = defs.flatMap((d) => d.prompts.map((p) => p.cond)).find((x) => x);
      if (cond) return `its prompt is hidden: if ${showExpr(cond, config)}`;
      return sel.length ? `has no prompt; only set when selected by ${sel.slice(0, 5).map((s) => s.by).join(", ")}${sel.length > 5 ? ` (+${sel.length - 5} more)` : ""}` : "has no prompt and nothing selects it";
    }
    if (defs.some((d) => d.type === "bool") && wanted === "m")
      return "is a bool: m is not a possible value";
    return void 0;
  }
  if (want < got) {
    const active = (tree.selectedBy.get(name) ?? []).filter(
      (s) => triOf(config.get(s.by)) > 0 && (!s.cond || evalExpr(parseExpr(s.cond), config) > 0)
    );
    if (active.length)
      return `selected by ${active.slice(0, 5).map(
        (s) => `${s.by} [=${config.get(s.by)}]${s.cond ? ` if ${showExpr(s.cond, config)}` : ""}`
      ).join(", ")}`;
    if (defs.every((d) => d.prompts.length === 0))
      return `has no prompt: its default (${VALUE_NAME[got]}) cannot be changed`;
    return void 0;
  }
  return void 0;
}
function depValue(d, c) {
  return d.depends.reduce((acc, e) => Math.min(acc, evalExpr(parseExpr(e), c)), 2);
}
function unmetDeps(defs, want, c) {
  let best;
  for (const d of defs) {
    const failing = d.depends.filter((e) => evalExpr(parseExpr(e), c) < want);
    if (failing.length === 0) return void 0;
    if (!best || failing.length < best.length) best = failing;
  }
  return best?.map((e) => showExpr(e, c)).join(" && ");
}

// src/core/kbuild/kconfig-check.ts
var SET = /^CONFIG_(\w+)=(.*)$/;
var UNSET = /^# CONFIG_(\w+) is not set$/;
function parseConfig(text, origin = "") {
  const out = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const set = SET.exec(line);
    const unset = UNSET.exec(line);
    if (set) out.push({ name: set[1], value: set[2].trim(), origin, line: i + 1 });
    else if (unset) out.push({ name: unset[1], value: "n", origin, line: i + 1 });
  });
  return out;
}
function configValues(text) {
  return new Map(parseConfig(text).map((r) => [r.name, r.value]));
}
function mergeRequests(...lists) {
  const byName = /* @__PURE__ */ new Map();
  for (const r of lists.flat()) {
    byName.delete(r.name);
    byName.set(r.name, r);
  }
  return [...byName.values()];
}
function renderFragment(requests) {
  return requests.map(
    (r) => r.value === "n" ? `# CONFIG_${r.name} is not set` : `CONFIG_${r.name}=${r.value}`
  ).join("\n") + "\n";
}
var unquote = (v) => v.replace(/^"(.*)"$/, "$1");
function sticks(wanted, actual) {
  const got = actual ?? "n";
  if (wanted === "n") return got === "n";
  if (wanted === "m") return got === "m" || got === "y";
  if (wanted === "y") return got === "y";
  if (/^-?\d+$/.test(wanted) || /^0x/i.test(wanted))
    return got !== "n" && Number(unquote(got)) === Number(unquote(wanted));
  return unquote(got) === unquote(wanted);
}
function checkConfig(requests, finalConfig, tree) {
  const out = [];
  for (const r of requests) {
    const actual = finalConfig.get(r.name);
    if (sticks(r.value, actual)) continue;
    const reason = tree ? explain(tree, r.name, r.value, finalConfig) : void 0;
    out.push({ ...r, actual: actual ?? "n", ...reason ? { reason } : {} });
  }
  return out;
}
function describeMismatch(m) {
  return `CONFIG_${m.name}=${m.value} requested by ${m.origin}${m.line ? `:${m.line}` : ""} but the final .config has ${m.actual === "n" ? "it unset" : `${m.name}=${m.actual}`}${m.reason ? `: ${m.reason}` : ""}`;
}

// src/system/debian-source.ts
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
var cacheRoot = () => process.env.KERNEL_CI_CACHE ?? join(homedir(), ".cache", "kernel-ci");
var POOLS = {
  "6.12": ["https://deb.debian.org/debian-security/pool/updates/main/l/linux-6.12/"],
  "6.1": [
    "https://deb.debian.org/debian-security/pool/updates/main/l/linux/",
    "https://deb.debian.org/debian/pool/main/l/linux/"
  ]
};
var isTree = (dir) => existsSync(join(dir, "Makefile")) && existsSync(join(dir, "Kconfig"));
function findDeb(debs, ver) {
  if (!existsSync(debs)) return void 0;
  const re = new RegExp(`^linux-source-${ver.replace(".", "\\.")}_.*_all\\.deb$`);
  return readdirSync(debs).filter((f) => re.test(f)).sort(compareDebVersions).at(-1);
}
async function debianSource(ver, log = () => void 0, root = cacheRoot()) {
  const dir = join(root, "src", `linux-source-${ver}`);
  if (isTree(dir)) return { dir, how: "reused" };
  const debs = join(root, "debs");
  mkdirSync(debs, { recursive: true });
  let deb = findDeb(debs, ver);
  let how = "unpacked";
  if (!deb) {
    how = "downloaded";
    log(`downloading Debian's linux-source-${ver} into ${debs}`);
    if (!aptDownload(`linux-source-${ver}`, debs)) await poolDownload(ver, debs, log);
    deb = findDeb(debs, ver);
    if (!deb) throw new Error(`linux-source-${ver}: download produced no package in ${debs}`);
  }
  log(`unpacking ${deb} into ${dir} (once)`);
  mkdirSync(join(root, "src"), { recursive: true });
  const tmp = mkdtempSync(join(root, "src", `.unpack-${ver}-`));
  try {
    execFileSync(
      "sh",
      [
        "-c",
        'dpkg-deb --fsys-tarfile "$1" | tar -xO "./usr/src/linux-source-$2.tar.xz" | tar -xJ -C "$3"',
        "sh",
        join(debs, deb),
        ver,
        tmp
      ],
      { stdio: ["ignore", "ignore", "pipe"] }
    );
    const top = join(tmp, `linux-source-${ver}`);
    if (!isTree(top)) throw new Error(`${deb} did not contain linux-source-${ver}/`);
    writeFileSync(join(top, ".kernel-ci-from"), `${deb}
`);
    try {
      renameSync(top, dir);
    } catch (err) {
      if (!isTree(dir)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, how };
}
function aptDownload(pkg, cwd) {
  const tryIt = () => {
    try {
      execFileSync("apt-get", ["download", pkg], { cwd, stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (tryIt()) return true;
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
  } catch {
  }
  return tryIt();
}
async function poolDownload(ver, debs, log) {
  const re = new RegExp(`href="(linux-source-${ver.replace(".", "\\.")}_[^"]+_all\\.deb)"`, "g");
  for (const pool of POOLS[ver] ?? []) {
    let html;
    try {
      const res2 = await fetch(pool);
      if (!res2.ok) continue;
      html = await res2.text();
    } catch {
      continue;
    }
    const names = [...html.matchAll(re)].map((m) => decodeURIComponent(m[1]));
    const newest = names.sort(compareDebVersions).at(-1);
    if (!newest) continue;
    log(`apt has no linux-source-${ver}: fetching ${pool}${newest}`);
    const res = await fetch(pool + encodeURIComponent(newest));
    if (!res.ok) continue;
    writeFileSync(join(debs, newest), Buffer.from(await res.arrayBuffer()));
    return;
  }
  throw new Error(
    `linux-source-${ver} is neither in apt's lists nor reachable in Debian's pools; pass --source DIR`
  );
}
function order(c) {
  if (c === void 0) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}
function verrevcmp(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !/\d/.test(a[i]) || j < b.length && !/\d/.test(b[j])) {
      const ac = i < a.length && !/\d/.test(a[i]) ? a[i] : void 0;
      const bc = j < b.length && !/\d/.test(b[j]) ? b[j] : void 0;
      const d = order(ac) - order(bc);
      if (d !== 0) return Math.sign(d);
      if (ac !== void 0) i++;
      if (bc !== void 0) j++;
    }
    let an = "";
    let bn = "";
    while (i < a.length && /\d/.test(a[i])) an += a[i++];
    while (j < b.length && /\d/.test(b[j])) bn += b[j++];
    an = an.replace(/^0+/, "");
    bn = bn.replace(/^0+/, "");
    if (an.length !== bn.length) return an.length < bn.length ? -1 : 1;
    if (an !== bn) return an < bn ? -1 : 1;
  }
  return 0;
}
function compareVersions(a, b) {
  const split = (v) => {
    const e = /^(\d+):/.exec(v);
    const rest = e ? v.slice(e[0].length) : v;
    const dash = rest.lastIndexOf("-");
    return {
      epoch: e ? Number(e[1]) : 0,
      upstream: dash < 0 ? rest : rest.slice(0, dash),
      revision: dash < 0 ? "" : rest.slice(dash + 1)
    };
  };
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}
function compareDebVersions(a, b) {
  const file = /^([^_/]+)_([^_/]+)_([^_/]+)\.deb$/;
  const x = file.exec(a);
  const y = file.exec(b);
  if (!x || !y) return compareVersions(a, b);
  return verrevcmp(x[1], y[1]) || compareVersions(x[2], y[2]) || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0);
}

// src/system/kbuild/ccache.ts
import { execFileSync as execFileSync2 } from "node:child_process";
import { existsSync as existsSync2, mkdirSync as mkdirSync2, readFileSync, rmSync as rmSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { homedir as homedir2 } from "node:os";
import { join as join2 } from "node:path";
var defaultCcacheDir = () => join2(process.env.KERNEL_CI_CACHE ?? join2(homedir2(), ".cache", "kernel-ci"), "ccache");
function checkSize(size) {
  if (!/^\d+(\.\d+)?\s*(k|M|G|T|Ki|Mi|Gi|Ti)?B?$/i.test(size.trim()))
    throw new UsageError(`--ccache-max-size: expected a size such as 500M or 2G, got '${size}'`);
  return size.trim();
}
function ccacheEnv(dir, maxSize, statsLog) {
  mkdirSync2(dir, { recursive: true });
  rmSync2(statsLog, { force: true });
  return {
    dir,
    statsLog,
    env: {
      CCACHE_DIR: dir,
      CCACHE_MAXSIZE: maxSize,
      CCACHE_STATSLOG: statsLog,
      // Kernel objects built with -g would otherwise hash the O= dir path:
      // a fresh checkout elsewhere must still hit.
      CCACHE_NOHASHDIR: "1",
      // Kbuild regenerates headers with new mtimes on every fresh O= dir.
      CCACHE_SLOPPINESS: "time_macros,include_file_mtime,include_file_ctime"
    }
  };
}
function parseStatsLog(text) {
  let hits = 0;
  let misses = 0;
  let probe = false;
  for (const line of text.split("\n")) {
    const l = line.trim();
    if (line.startsWith("#")) {
      const file = line.slice(1).trim();
      probe = file === "" || file === "-" || file === "/dev/null";
    } else if (probe) continue;
    else if (l === "direct_cache_hit" || l === "preprocessed_cache_hit") hits++;
    else if (l === "cache_miss") misses++;
  }
  const total = hits + misses;
  return { hits, misses, ...total ? { hitRate: hits / total } : {} };
}
function readStats(setup) {
  return existsSync2(setup.statsLog) ? parseStatsLog(readFileSync(setup.statsLog, "utf8")) : { hits: 0, misses: 0 };
}
function trim(setup) {
  try {
    execFileSync2("ccache", ["--cleanup"], {
      env: { ...process.env, ...setup.env },
      stdio: "ignore"
    });
  } catch {
  }
}
var countsFile = (dir) => join2(dir, "kernel-ci-objects.json");
function previousObjectCount(dir, configHash) {
  try {
    const all = JSON.parse(readFileSync(countsFile(dir), "utf8"));
    return typeof all[configHash] === "number" ? all[configHash] : void 0;
  } catch {
    return void 0;
  }
}
function recordObjectCount(dir, configHash, count) {
  let all = {};
  try {
    all = JSON.parse(readFileSync(countsFile(dir), "utf8"));
  } catch {
  }
  delete all[configHash];
  all[configHash] = count;
  const recent = Object.fromEntries(Object.entries(all).slice(-20));
  writeFileSync2(countsFile(dir), JSON.stringify(recent));
}

// src/system/kbuild/configure.ts
import { createHash } from "node:crypto";
import { copyFileSync, existsSync as existsSync4, readFileSync as readFileSync3, writeFileSync as writeFileSync3 } from "node:fs";
import { join as join4, resolve } from "node:path";

// src/system/kbuild/make.ts
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
var live = /* @__PURE__ */ new Set();
var hooked = false;
function killAllOnExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const pid of live) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
      }
    }
  };
  process.once("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM"])
    process.once(sig, () => {
      killAll();
      process.exit(128 + (sig === "SIGINT" ? 2 : 15));
    });
}
function openLog(path) {
  return createWriteStream(path, { flags: "a" });
}
async function runLogged(cmd, run2) {
  killAllOnExit();
  run2.log.write(`$ ${cmd} ${run2.args.join(" ")}
`);
  const child = spawn(cmd, run2.args, {
    cwd: run2.cwd,
    env: run2.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true
  });
  if (child.pid) live.add(child.pid);
  const tail = [];
  const handle = (lines) => {
    for (const l of lines) {
      run2.log.write(`${l}
`);
      tail.push(l);
      if (tail.length > 30) tail.shift();
      run2.onLine?.(l);
    }
  };
  const out = new LineSplitter();
  const err = new LineSplitter();
  child.stdout.on("data", (b) => handle(out.push(b)));
  child.stderr.on("data", (b) => handle(err.push(b)));
  const code = await new Promise((resolve3, reject) => {
    child.on("error", reject);
    child.on("close", (c, sig) => resolve3(c ?? (sig ? 128 : 1)));
  });
  if (child.pid) live.delete(child.pid);
  handle(out.end());
  handle(err.end());
  return { code, tail };
}

// src/system/kbuild/presets.ts
import { existsSync as existsSync3, readFileSync as readFileSync2 } from "node:fs";
import { join as join3 } from "node:path";
var VM = `
# 64-bit SMP guest, paravirt clock, ACPI for a clean poweroff
CONFIG_64BIT=y
CONFIG_SMP=y
CONFIG_HYPERVISOR_GUEST=y
CONFIG_PARAVIRT=y
CONFIG_KVM_GUEST=y
CONFIG_ACPI=y
CONFIG_HIGH_RES_TIMERS=y
CONFIG_NO_HZ_IDLE=y
# consoles: 8250 serial (ttyS0) and virtio (hvc0), early printk, sysrq
CONFIG_PRINTK=y
# timestamps mark kernel lines for the crash detector; ORC for exact traces
CONFIG_PRINTK_TIME=y
CONFIG_UNWINDER_ORC=y
CONFIG_BUG=y
CONFIG_EARLY_PRINTK=y
CONFIG_TTY=y
CONFIG_UNIX98_PTYS=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_VIRTIO_CONSOLE=y
CONFIG_MAGIC_SYSRQ=y
CONFIG_MAGIC_SYSRQ_SERIAL=y
CONFIG_KALLSYMS=y
# a task stuck in D state for 120 s is reported (INFO: task ... blocked for
# more than 120 seconds) and the crash detector stops the run: a deadlock ends
# in minutes with its stack, not at the job's timeout with nothing
CONFIG_DEBUG_KERNEL=y
CONFIG_DETECT_HUNG_TASK=y
# virtio over PCI, virtio-net, entropy
CONFIG_PCI=y
CONFIG_PCI_MSI=y
CONFIG_VIRTIO_MENU=y
CONFIG_VIRTIO_PCI=y
CONFIG_NETDEVICES=y
CONFIG_NET_CORE=y
CONFIG_VIRTIO_NET=y
CONFIG_HW_RANDOM=y
CONFIG_HW_RANDOM_VIRTIO=y
# the host's root over 9p, with overlayfs/tmpfs for writable places
CONFIG_NET=y
CONFIG_NET_9P=y
CONFIG_NET_9P_VIRTIO=y
CONFIG_NETWORK_FILESYSTEMS=y
CONFIG_9P_FS=y
CONFIG_9P_FS_POSIX_ACL=y
CONFIG_OVERLAY_FS=y
CONFIG_SHMEM=y
CONFIG_TMPFS=y
CONFIG_TMPFS_POSIX_ACL=y
CONFIG_DEVTMPFS=y
CONFIG_DEVTMPFS_MOUNT=y
CONFIG_PROC_FS=y
CONFIG_PROC_SYSCTL=y
CONFIG_SYSFS=y
CONFIG_BLK_DEV_INITRD=y
# what a Debian userspace (bash, iproute2, nft, ss) expects of the kernel
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_MULTIUSER=y
CONFIG_SYSVIPC=y
CONFIG_POSIX_TIMERS=y
CONFIG_FUTEX=y
CONFIG_EPOLL=y
CONFIG_SIGNALFD=y
CONFIG_TIMERFD=y
CONFIG_EVENTFD=y
CONFIG_AIO=y
CONFIG_FILE_LOCKING=y
CONFIG_FHANDLE=y
CONFIG_ADVISE_SYSCALLS=y
CONFIG_MEMBARRIER=y
CONFIG_SYSFS_SYSCALL=y
CONFIG_INOTIFY_USER=y
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_UNIX=y
CONFIG_PACKET=y
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_NETLINK_DIAG=y
`;
var KUNIT = `
CONFIG_KUNIT=y
CONFIG_KUNIT_DEBUGFS=y
CONFIG_DEBUG_FS=y
`;
var LKDTM = `
CONFIG_DEBUG_FS=y
CONFIG_RUNTIME_TESTING_MENU=y
CONFIG_LKDTM=y
`;
var PACKETDRILL = `
# the scripts open IPPROTO_MPTCP sockets, in the ipv4, ipv4-mapped-v6 and ipv6 variants
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_MPTCP=y
CONFIG_MPTCP_IPV6=y
# packetdrill injects and sniffs the peer's packets through a tun device
CONFIG_TUN=y
# it computes MPTCP keys, tokens and HMACs through AF_ALG: sha256 and
# hmac(sha256), sha1 and hmac(sha1) for the MPTCP v0 fallback scripts
CONFIG_CRYPTO=y
CONFIG_CRYPTO_USER_API_HASH=y
CONFIG_CRYPTO_HMAC=y
CONFIG_CRYPTO_SHA1=y
CONFIG_CRYPTO_SHA256=y
# common/defaults.sh: tcp_syncookies=1 and a pfifo qdisc on tun0 (tc)
CONFIG_SYN_COOKIES=y
CONFIG_NET_SCHED=y
# every run in its own network namespace
CONFIG_NET_NS=y
`;
var PRESET_NAMES = [
  "vm",
  "debug",
  "kunit",
  "lkdtm",
  "bpf",
  "packetdrill",
  "kselftest:TARGET"
];
function presetRequests(source, name, enabled = () => false) {
  const label = `preset ${name}`;
  switch (name) {
    case "vm":
      return { name, requests: parseConfig(VM, label) };
    case "kunit": {
      const requests = parseConfig(KUNIT, label);
      if (enabled("MPTCP"))
        requests.push({ name: "MPTCP_KUNIT_TEST", value: "y", origin: `${label} (MPTCP is on)` });
      return { name, requests };
    }
    case "lkdtm":
      return { name, requests: parseConfig(LKDTM, label) };
    case "packetdrill":
      return { name, requests: parseConfig(PACKETDRILL, label) };
    case "bpf":
      return { name, requests: bpfRequests(source) };
    case "debug": {
      const rel = "kernel/configs/debug.config";
      const file = join3(source, rel);
      if (!existsSync3(file))
        throw new UsageError(`preset debug: this tree has no ${rel} (added in Linux 5.19)`);
      const requests = parseConfig(readFileSync2(file, "utf8"), rel);
      const why = `${label} (KASAN and SLUB_DEBUG_ON need the full SLUB)`;
      requests.push(
        { name: "SLUB_TINY", value: "n", origin: why },
        { name: "SLUB_DEBUG", value: "y", origin: why }
      );
      return { name, requests };
    }
  }
  const ks = /^kselftest:(.+)$/.exec(name);
  if (ks) {
    const target = ks[1].replace(/\/+$/, "");
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(target) || target.split("/").includes(".."))
      throw new UsageError(`preset ${name}: bad kselftest target '${target}'`);
    const dir = join3(source, "tools/testing/selftests", target);
    if (!existsSync3(dir))
      throw new UsageError(`preset ${name}: no tools/testing/selftests/${target} in ${source}`);
    const rel = `tools/testing/selftests/${target}/config`;
    const file = join3(source, rel);
    const requests = existsSync3(file) ? parseConfig(readFileSync2(file, "utf8"), rel) : [];
    return { name, requests, kselftest: target };
  }
  throw new UsageError(`unknown preset '${name}' (presets: ${PRESET_NAMES.join(", ")})`);
}
function bpfRequests(source) {
  const dir = "tools/testing/selftests/bpf";
  if (!existsSync3(join3(source, dir, "config")))
    throw new UsageError(`preset bpf: this tree has no ${dir}/config`);
  const lists = ["config", "config.x86_64"].map((f) => `${dir}/${f}`).filter((rel) => existsSync3(join3(source, rel))).map((rel) => parseConfig(readFileSync2(join3(source, rel), "utf8"), rel));
  const dwarf = /^DEBUG_INFO_DWARF/;
  const picks = lists.flat().filter((r) => dwarf.test(r.name) && r.value === "y");
  const pick = picks[picks.length - 1];
  const requests = lists.flat().filter((r) => !dwarf.test(r.name) || r === pick);
  const parents = [
    ["DEBUG_KERNEL", "BTF needs debug info, which needs DEBUG_KERNEL"],
    ["FTRACE", "BPF_EVENTS, FUNCTION_TRACER, FPROBE need it"],
    ["KPROBE_EVENTS", "BPF_EVENTS needs it"],
    ["DEBUG_FS", "NETDEVSIM and fault injection need it"],
    ["RUNTIME_TESTING_MENU", "TEST_BPF needs it"],
    ["BLOCK", "loop, cgroup I/O and partitions need it"],
    ["BLK_DEV", "BLK_DEV_LOOP needs it"],
    ["MSDOS_PARTITION", "the BSD/Minix/Solaris labels need it"],
    ["FW_LOADER", "FW_LOADER_USER_HELPER needs it"],
    ["X86_MCE", "MEMORY_FAILURE needs it"]
  ];
  return [
    ...parents.map(([name, why]) => ({ name, value: "y", origin: `preset bpf (${why})` })),
    ...requests
  ];
}

// src/system/kbuild/configure.ts
var BASES = ["defconfig", "tinyconfig", "allnoconfig"];
var OPT = /^(?:CONFIG_)?([A-Za-z0-9_]+)(?:=(.+))?$/;
function flagRequests(enable, disable) {
  const parse = (raw, flag, off) => {
    const m = OPT.exec(raw.trim());
    if (!m || off && m[2] !== void 0)
      throw new UsageError(
        `--${flag}: expected an option name like MPTCP or CONFIG_MPTCP, got '${raw}'`
      );
    return { name: m[1], value: off ? "n" : m[2] ?? "y", origin: `--${flag}` };
  };
  return [
    ...enable.map((e) => parse(e, "enable", false)),
    ...disable.map((d) => parse(d, "disable", true))
  ];
}
function readFragments(paths) {
  return paths.map((p) => {
    if (!existsSync4(p)) throw new UsageError(`--fragment: no such file '${p}'`);
    const text = readFileSync3(p, "utf8");
    const reqs = parseConfig(text, p);
    if (reqs.length === 0 && text.trim() !== "")
      throw new UsageError(`--fragment: '${p}' has no CONFIG_ lines (not a config fragment?)`);
    return reqs;
  });
}
function hashConfig(text) {
  const body = text.split("\n").filter((l) => l.startsWith("CONFIG_")).join("\n");
  return createHash("sha256").update(body).digest("hex").slice(0, 16);
}
async function configure(o) {
  const make = (targets) => runLogged("make", {
    args: ["-C", o.source, `O=${o.objDir}`, ...o.makeVars, ...targets],
    env: o.env,
    log: o.log,
    onLine: o.onLine
  });
  const dotConfig = join4(o.objDir, ".config");
  if (BASES.includes(o.base)) {
    const r = await make([o.base]);
    if (r.code !== 0) throw new Error(`make ${o.base} failed: ${r.tail.slice(-3).join(" | ")}`);
  } else {
    const file = resolve(o.base);
    if (!existsSync4(file))
      throw new UsageError(
        `--base: expected defconfig, tinyconfig or a config file, got '${o.base}'`
      );
    copyFileSync(file, dotConfig);
  }
  const base = configValues(readFileSync3(dotConfig, "utf8"));
  const fragmentReqs = readFragments(o.fragments);
  const flagReqs = flagRequests(o.enable, o.disable);
  const explicit = mergeRequests(...fragmentReqs, flagReqs);
  const presetLists = [];
  const kselftestTargets = [];
  for (const name of o.presets) {
    const sofar = mergeRequests(...presetLists, explicit);
    const on = (opt) => {
      const r = sofar.find((x) => x.name === opt);
      const v = r ? r.value : base.get(opt);
      return v === "y" || v === "m";
    };
    const p = presetRequests(o.source, name, on);
    presetLists.push(p.requests);
    if (p.kselftest) kselftestTargets.push(p.kselftest);
  }
  const requests = mergeRequests(...presetLists, ...fragmentReqs, flagReqs);
  let mergeOutput = [];
  if (requests.length) {
    const fragment = join4(o.objDir, "kernel-ci.fragment.config");
    writeFileSync3(fragment, renderFragment(requests));
    const lines = [];
    const r = await runLogged(join4(o.source, "scripts/kconfig/merge_config.sh"), {
      args: ["-m", "-O", o.objDir, dotConfig, fragment],
      cwd: o.source,
      env: o.env,
      log: o.log,
      onLine: (l) => lines.push(l)
    });
    mergeOutput = lines;
    if (r.code !== 0) throw new Error(`merge_config.sh failed: ${r.tail.slice(-3).join(" | ")}`);
  }
  const od = await make(["olddefconfig"]);
  if (od.code !== 0) throw new Error(`make olddefconfig failed: ${od.tail.slice(-3).join(" | ")}`);
  const finalText = readFileSync3(dotConfig, "utf8");
  const final = configValues(finalText);
  let mismatches = checkConfig(requests, final);
  if (mismatches.length) {
    const tree = parseKconfigTree(
      (p) => {
        try {
          return readFileSync3(join4(o.source, p), "utf8");
        } catch {
          return void 0;
        }
      },
      { SRCARCH: "x86", ARCH: "x86_64", HEADER_ARCH: "x86" }
    );
    mismatches = checkConfig(requests, final, tree);
  }
  return {
    config: dotConfig,
    configHash: hashConfig(finalText),
    requests,
    mismatches,
    kselftestTargets,
    modules: final.get("MODULES") === "y" && [...final.values()].includes("m"),
    mergeOutput
  };
}

// src/system/kbuild/bpf-selftests.ts
import { execFileSync as execFileSync3 } from "node:child_process";
import { createHash as createHash2 } from "node:crypto";
import {
  closeSync,
  copyFileSync as copyFileSync2,
  existsSync as existsSync6,
  mkdirSync as mkdirSync4,
  openSync,
  readFileSync as readFileSync5,
  readSync,
  readdirSync as readdirSync3,
  statSync,
  symlinkSync as symlinkSync2,
  writeFileSync as writeFileSync4
} from "node:fs";
import { basename, delimiter, join as join6 } from "node:path";

// src/core/kbuild/make-deps.ts
function absoluteDeps(text, base) {
  const dir = base.replace(/\/+$/, "");
  return text.split("\n").map(
    (line) => line.split(/( +)/).map(
      (tok) => tok === "" || /^ +$/.test(tok) || tok === "\\" || tok.startsWith("/") || tok.endsWith(":") ? tok : `${dir}/${tok}`
    ).join("")
  ).join("\n");
}

// src/system/kbuild/bpf-tree-view.ts
import { existsSync as existsSync5, mkdirSync as mkdirSync3, readdirSync as readdirSync2, readFileSync as readFileSync4, rmSync as rmSync3, symlinkSync } from "node:fs";
import { dirname, join as join5 } from "node:path";

// src/core/bpf-skeletons.ts
var SKELETON_INCLUDE = /^\s*#\s*include\s+"([\w-]+)\.(skel|lskel|subskel)\.h"/gm;
function unbuildableTests(tests, progs, makefile) {
  const out = [];
  for (const t of tests) {
    for (const m of t.text.matchAll(SKELETON_INCLUDE)) {
      const name = m[1];
      const skeleton = `${name}.${m[2]}.h`;
      const named = new RegExp(`(^|[\\s/])${name}\\.(skel|lskel|subskel)\\.h\\b`, "m");
      if (progs.has(`${name}.c`) || named.test(makefile)) continue;
      out.push({ file: t.file, skeleton, missing: `progs/${name}.c` });
      break;
    }
  }
  return out;
}

// src/system/kbuild/bpf-tree-view.ts
var PROG_TESTS = ["tools", "testing", "selftests", "bpf", "prog_tests"];
function unbuildableProgTests(bpfDir) {
  if (!["prog_tests", "progs", "Makefile"].every((e) => existsSync5(join5(bpfDir, e)))) return [];
  const tests = readdirSync2(join5(bpfDir, "prog_tests")).filter((f) => f.endsWith(".c")).sort().map((f) => ({
    file: `prog_tests/${f}`,
    text: readFileSync4(join5(bpfDir, "prog_tests", f), "utf8")
  }));
  return unbuildableTests(
    tests,
    new Set(readdirSync2(join5(bpfDir, "progs"))),
    readFileSync4(join5(bpfDir, "Makefile"), "utf8")
  );
}
function linkEntries(real, here, skip) {
  mkdirSync3(here, { recursive: true });
  for (const e of readdirSync2(real)) if (!skip(e)) symlinkSync(join5(real, e), join5(here, e));
}
function treeViewWithout(source, view, leaveOut) {
  rmSync3(view, { recursive: true, force: true });
  let real = source;
  let here = view;
  for (const part of PROG_TESTS) {
    linkEntries(real, here, (e) => e === part);
    real = join5(real, part);
    here = join5(here, part);
  }
  linkEntries(real, here, (e) => e === "tests.h" || leaveOut.includes(e));
  return dirname(here);
}

// src/system/kbuild/bpf-selftests.ts
var BPF_SELFTESTS = "tools/testing/selftests/bpf";
var DENYLISTS = ["DENYLIST", "DENYLIST.x86_64"];
var PAHOLE_MIN = 116;
var CLANG_PACKAGES = (want) => {
  const v = Math.max(want, 19);
  return `clang-${v} llvm-${v} lld-${v}`;
};
var run = (cmd, args) => {
  try {
    return execFileSync3(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return void 0;
  }
};
function pathDirs() {
  return (process.env.PATH ?? "").split(delimiter).filter(Boolean);
}
function onPath(name) {
  return pathDirs().some((d) => existsSync6(join6(d, name)));
}
function findClangs() {
  const names = /* @__PURE__ */ new Set();
  for (const d of pathDirs()) {
    let entries;
    try {
      entries = readdirSync3(d);
    } catch {
      continue;
    }
    for (const e of entries) if (/^clang(-\d+)?$/.test(e)) names.add(e);
  }
  const out = [];
  for (const command of names) {
    const text = run(command, ["--version"]);
    const m = text && /clang version (\d+)\.[\d.]+/.exec(text);
    if (!m) continue;
    out.push({
      command,
      major: Number(m[1]),
      suffix: command.slice("clang".length),
      version: text.split("\n")[0].trim()
    });
  }
  return out.sort((a, b) => b.major - a.major || a.command.length - b.command.length);
}
function wantedClangMajor(progTexts2) {
  let want = 0;
  for (const text of progTexts2)
    for (const m of text.matchAll(/__clang_major__\s*>=\s*(\d+)/g))
      want = Math.max(want, Number(m[1]));
  return want;
}
function progTexts(source) {
  const dir = join6(source, BPF_SELFTESTS, "progs");
  return readdirSync3(dir).filter((f) => f.endsWith(".c") || f.endsWith(".h")).map((f) => readFileSync5(join6(dir, f), "utf8"));
}
function paholeVersion(text) {
  const m = /v?(\d+)\.(\d+)/.exec(text);
  return m ? Number(m[1]) * 100 + Number(m[2]) : void 0;
}
function checkPahole() {
  const v = run("pahole", ["--version"])?.trim();
  const n = v === void 0 ? void 0 : paholeVersion(v);
  if (n === void 0 || n < PAHOLE_MIN)
    throw new UsageError(
      `preset bpf: the kernel's BTF (CONFIG_DEBUG_INFO_BTF) needs pahole >= 1.${PAHOLE_MIN % 100}, ${v ? `found ${v}` : "none on PATH"}; install it with: apt-get install dwarves`
    );
  return v;
}
var header = (h) => ["/usr/include", "/usr/local/include", "/usr/include/x86_64-linux-gnu"].some(
  (d) => existsSync6(join6(d, h))
);
var LIB_DIRS = [
  "/usr/lib/x86_64-linux-gnu",
  "/usr/lib",
  "/usr/local/lib",
  "/lib/x86_64-linux-gnu"
];
var DEV_PACKAGE = {
  zstd: "libzstd-dev",
  xml2: "libxml2-dev",
  z: "zlib1g-dev",
  tinfo: "libtinfo-dev",
  edit: "libedit-dev",
  ffi: "libffi-dev"
};
function llvmLinkMissing(suffix, libDirs = LIB_DIRS) {
  const cfg = `llvm-config${suffix}`;
  const inc = run(cfg, ["--includedir"])?.trim();
  if (!inc || !existsSync6(join6(inc, "llvm"))) return [];
  const libs = run(cfg, ["--link-static", "--system-libs", "mcdisassembler", "all-targets"]) ?? "";
  const out = [];
  for (const w of libs.split(/\s+/).filter(Boolean)) {
    if (w.startsWith("/")) {
      if (!existsSync6(w)) out.push([w, "the package holding it"]);
      continue;
    }
    const name = /^-l(.+)$/.exec(w)?.[1];
    if (!name || ["rt", "dl", "m", "pthread", "c"].includes(name)) continue;
    const there = libDirs.some(
      (d) => existsSync6(join6(d, `lib${name}.so`)) || existsSync6(join6(d, `lib${name}.a`))
    );
    if (!there) out.push([`lib${name} (${cfg} links it)`, DEV_PACKAGE[name] ?? `lib${name}-dev`]);
  }
  return out;
}
function checkBpfToolchain(source) {
  if (!existsSync6(join6(source, BPF_SELFTESTS, "Makefile")))
    throw new UsageError(`BPF selftests: ${source} has no ${BPF_SELFTESTS}/Makefile`);
  const want = wantedClangMajor(progTexts(source));
  const clangs = findClangs();
  const clang = clangs[0];
  const missing = [];
  if (!clang || clang.major < want)
    missing.push([
      `clang >= ${want} (the tree's BPF programs test __clang_major__ >= ${want}; ${clangs.length ? `found ${clangs.map((c) => `${c.command} ${c.major}`).join(", ")}` : "none on PATH"})`,
      CLANG_PACKAGES(want)
    ]);
  else {
    for (const tool of ["llvm-strip", "llvm-objcopy"])
      if (!onPath(`${tool}${clang.suffix}`))
        missing.push([`${tool}${clang.suffix}`, `llvm-${clang.major}`]);
    const ownLld = existsSync6(`/usr/lib/llvm-${clang.major}/bin/ld.lld`);
    if (!ownLld && !onPath(`ld.lld${clang.suffix}`) && !onPath("ld.lld"))
      missing.push(["ld.lld", `lld-${clang.major}`]);
  }
  if (clang && clang.major >= want) missing.push(...llvmLinkMissing(clang.suffix));
  let pahole = "";
  try {
    pahole = checkPahole();
  } catch {
    missing.push(["pahole >= 1.16", "dwarves"]);
  }
  if (!onPath("python3")) missing.push(["python3 (bpf_doc.py)", "python3"]);
  if (!header("libelf.h") && !header("gelf.h")) missing.push(["libelf headers", "libelf-dev"]);
  if (!header("zlib.h")) missing.push(["zlib headers", "zlib1g-dev"]);
  if (!onPath("rsync")) missing.push(["rsync", "rsync"]);
  if (missing.length)
    throw new UsageError(
      `BPF selftests: missing ${missing.map(([w]) => w).join(", ")}; install them with: apt-get install ${[...new Set(missing.flatMap(([, p]) => p.split(" ")))].join(" ")}`
    );
  const s = clang.suffix;
  const makeVars = [
    `CLANG=${clang.command}`,
    `LLC=llc${s}`,
    `LLVM_STRIP=llvm-strip${s}`,
    `LLVM_OBJCOPY=llvm-objcopy${s}`,
    `LLVM_CONFIG=llvm-config${s}`
  ];
  return { clang, pahole, makeVars };
}
function readBtfSection(vmlinux) {
  const fd = openSync(vmlinux, "r");
  try {
    const eh = Buffer.alloc(64);
    readSync(fd, eh, 0, 64, 0);
    if (eh.readUInt32BE(0) !== 2135247942 || eh[4] !== 2 || eh[5] !== 1) return void 0;
    const shoff = Number(eh.readBigUInt64LE(40));
    const shentsize = eh.readUInt16LE(58);
    const shnum = eh.readUInt16LE(60);
    const shstrndx = eh.readUInt16LE(62);
    const table = Buffer.alloc(shentsize * shnum);
    readSync(fd, table, 0, table.length, shoff);
    const sect = (i) => ({
      name: table.readUInt32LE(i * shentsize),
      offset: Number(table.readBigUInt64LE(i * shentsize + 24)),
      size: Number(table.readBigUInt64LE(i * shentsize + 32))
    });
    const strs = sect(shstrndx);
    const names = Buffer.alloc(strs.size);
    readSync(fd, names, 0, strs.size, strs.offset);
    for (let i = 0; i < shnum; i++) {
      const s = sect(i);
      const end = names.indexOf(0, s.name);
      if (names.toString("latin1", s.name, end) !== ".BTF") continue;
      const btf = Buffer.alloc(s.size);
      readSync(fd, btf, 0, s.size, s.offset);
      return btf;
    }
    return void 0;
  } finally {
    closeSync(fd);
  }
}
var GENERATED = /\.mod\.c$|\/(prog_tests|map_tests|verifier)\/tests\.h$/;
var SOURCE_FILE = /\.(c|h|S|map|sh|py|rst)$|^(Makefile.*|DENYLIST.*|config.*|settings)$/;
function hashSources(h, source) {
  const roots = [BPF_SELFTESTS, "tools/lib/bpf", "tools/bpf/bpftool", "tools/bpf/resolve_btfids"];
  const stack = roots.filter((r) => existsSync6(join6(source, r)));
  while (stack.length) {
    const rel = stack.pop();
    for (const e of readdirSync3(join6(source, rel), { withFileTypes: true }).sort(
      (a, b) => a.name < b.name ? -1 : 1
    )) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && SOURCE_FILE.test(e.name) && !GENERATED.test(p))
        h.update(`${p}\0`).update(readFileSync5(join6(source, p))).update("\0");
    }
  }
}
function bpfSelftestsKey(source, vmlinux, tc) {
  const h = createHash2("sha256");
  const btf = readBtfSection(vmlinux);
  if (!btf)
    throw new UsageError(
      `BPF selftests: ${vmlinux} has no .BTF section: build the kernel with --preset bpf (CONFIG_DEBUG_INFO_BTF)`
    );
  h.update(btf).update(tc.clang.version).update(tc.pahole).update(tc.makeVars.join(" "));
  hashSources(h, source);
  return h.digest("hex").slice(0, 16);
}
var STAMP = ".kernel-ci-key";
async function buildBpfSelftests(o) {
  const key = bpfSelftestsKey(o.source, join6(o.objDir, "vmlinux"), o.toolchain);
  const testProgs = join6(o.dir, "test_progs");
  const src = join6(o.source, BPF_SELFTESTS);
  const leftOut = unbuildableProgTests(src);
  const result = { dir: o.dir, testProgs, key, leftOut };
  const stamped = () => existsSync6(testProgs) && existsSync6(join6(o.dir, STAMP)) && readFileSync5(join6(o.dir, STAMP), "utf8").trim() === key;
  const cacheKey = `kernel-ci-bpf-selftests-v1-x86_64-${key}`;
  if (stamped()) return { ...result, reused: "stamp" };
  if (o.restoreCache && await o.restoreCache([o.dir], cacheKey) && stamped())
    return { ...result, reused: "cache" };
  mkdirSync4(o.dir, { recursive: true });
  const usr = join6(o.dir, "..", "usr");
  if (!existsSync6(usr) && existsSync6(join6(o.objDir, "usr/include")))
    symlinkSync2(join6(o.objDir, "usr"), usr);
  absoluteTestDeps(o.dir);
  const makeDir = leftOut.length ? treeViewWithout(
    o.source,
    `${o.dir}-tree`,
    leftOut.map((t) => basename(t.file))
  ) : src;
  const r = await runLogged("make", {
    args: [
      "-C",
      makeDir,
      `O=${o.objDir}`,
      `OUTPUT=${o.dir}`,
      `-j${o.jobs}`,
      ...o.toolchain.makeVars,
      // lib.mk names its targets by path: a bare 'test_progs' would be
      // make's implicit rule compiling test_progs.c alone in the source dir.
      testProgs
    ],
    env: process.env,
    log: o.log,
    onLine: o.onLine
  });
  if (r.code !== 0) return { ...result, failed: { code: r.code, tail: r.tail } };
  for (const f of DENYLISTS)
    if (existsSync6(join6(src, f))) copyFileSync2(join6(src, f), join6(o.dir, f));
  writeFileSync4(join6(o.dir, STAMP), `${key}
`);
  if (o.saveCache) await o.saveCache([o.dir], cacheKey);
  return result;
}
function absoluteTestDeps(dir) {
  for (const f of readdirSync3(dir)) {
    if (!f.endsWith(".test.d")) continue;
    const p = join6(dir, f);
    const text = readFileSync5(p, "utf8");
    const fixed = absoluteDeps(text, dir);
    if (fixed !== text) writeFileSync4(p, fixed);
  }
}

// src/pipeline/bpf-build.ts
async function bpfSelftestsStep(o, host) {
  return host.group(`BPF selftests: test_progs (${o.toolchain.clang.command})`, async () => {
    const started = Date.now();
    const r = await buildBpfSelftests({
      ...o,
      restoreCache: (paths, key) => host.restoreCache(paths, key, []),
      saveCache: (paths, key) => host.saveCache(paths, key)
    });
    for (const t of r.leftOut)
      host.warn(
        `test_progs: ${t.file} left out: it includes ${t.skeleton}, and the tree has no ${t.missing} to generate it from`
      );
    if (r.reused)
      host.info(
        `test_progs ${r.key}: unchanged (${r.reused === "stamp" ? `built before in ${o.dir}` : "restored from the cache"}), make skipped`
      );
    else if (!r.failed)
      host.info(
        `test_progs ${r.key} built in ${formatElapsed(Date.now() - started)}: ${r.testProgs}`
      );
    return r;
  });
}

// src/system/kbuild/prerequisites.ts
import { execFileSync as execFileSync4 } from "node:child_process";
import { existsSync as existsSync7, readFileSync as readFileSync6 } from "node:fs";
import { join as join7 } from "node:path";
function checkKernelTree(dir) {
  const makefile = join7(dir, "Makefile");
  if (!existsSync7(makefile) || !existsSync7(join7(dir, "Kconfig")) || !existsSync7(join7(dir, "scripts/kconfig/merge_config.sh")))
    throw new UsageError(
      `${dir} is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/merge_config.sh)`
    );
  const text = readFileSync6(makefile, "utf8").slice(0, 2e3);
  const field = (k) => new RegExp(`^${k}\\s*=\\s*(\\S*)`, "m").exec(text)?.[1] ?? "";
  const version = [field("VERSION"), field("PATCHLEVEL"), field("SUBLEVEL")].filter(Boolean).join(".");
  if (!field("VERSION"))
    throw new UsageError(`${dir} is not a kernel source tree (its Makefile has no VERSION)`);
  return { dir, version };
}
function checkTreeIsClean(dir) {
  if (existsSync7(join7(dir, ".config")) || existsSync7(join7(dir, "include/config/auto.conf")))
    throw new UsageError(
      `${dir} has been configured in place (.config); run 'make mrproper' there, out-of-tree builds need a clean source`
    );
}
var onPath2 = (cmd) => {
  try {
    execFileSync4("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
var header2 = (h) => ["/usr/include", "/usr/local/include", "/usr/include/x86_64-linux-gnu"].some(
  (d) => existsSync7(join7(d, h))
);
function checkToolchain(t) {
  const need = [
    [onPath2("make"), "make", "make"],
    [
      t.llvm ? onPath2("clang") && onPath2("ld.lld") : onPath2("gcc"),
      t.llvm ? "clang/lld" : "gcc",
      t.llvm ? "clang lld llvm" : "gcc"
    ],
    [onPath2("flex"), "flex", "flex"],
    [onPath2("bison"), "bison", "bison"],
    [onPath2("bc"), "bc", "bc"],
    [onPath2("perl"), "perl", "perl"],
    [header2("gelf.h") || header2("libelf.h"), "libelf headers", "libelf-dev"],
    [header2("openssl/opensslv.h"), "OpenSSL headers", "libssl-dev"],
    [onPath2("xz"), "xz", "xz-utils"],
    [onPath2("cpio"), "cpio", "cpio"],
    [onPath2("rsync"), "rsync (headers_install)", "rsync"],
    [!t.ccache || onPath2("ccache"), "ccache", "ccache"]
  ];
  const missing = need.filter(([ok]) => !ok);
  if (missing.length)
    throw new UsageError(
      `missing build tools: ${missing.map(([, w]) => w).join(", ")}; install them with: apt-get install ${[...new Set(missing.map(([, , p]) => p))].join(" ")}`
    );
}
function compilerVersion(llvm) {
  try {
    return execFileSync4(llvm ? "clang" : "gcc", ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
  } catch {
    return "unknown";
  }
}

// src/pipeline/build.ts
var BuildFailed = class extends Error {
  constructor(message, log, tail) {
    super(message);
    this.log = log;
    this.tail = tail;
  }
  log;
  tail;
  name = "BuildFailed";
};
var ANNOTATION_LIMIT = 10;
function validateOptions(o) {
  const arch = o.arch ?? "x86_64";
  if (arch !== "x86_64" && arch !== "x86")
    throw new UsageError(`--arch ${arch}: only x86_64 is supported for now`);
  for (const a of o.makeArgs ?? [])
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(a))
      throw new UsageError(`--make-arg: expected VAR=VALUE (e.g. LLVM=1), got '${a}'`);
  if (o.ccacheMaxSize) checkSize(o.ccacheMaxSize);
}
async function buildKernel(o, host) {
  const b = await prepareBuild(o, host);
  try {
    const cache = await restoreCcache(b);
    const conf = await configureKernel(b);
    const result = newResult(b, conf);
    if (o.strictConfig && conf.mismatches.length) {
      result.exitCode = 64;
      return finish(b, result);
    }
    const diags = await makeKernel(b, conf, result);
    if (conf.modules) await installModules(b, result);
    if (conf.kselftestTargets.length) await buildSelftests(b, conf.kselftestTargets, result, diags);
    if (b.bpf) await buildBpf(b, result);
    if (b.cc) await saveCcache(b, cache, result);
    copyFileSync3(conf.config, join8(b.out, "config"));
    return finish(b, result);
  } finally {
    await new Promise((r) => b.log.end(r));
  }
}
async function checkBuildInputs(o, host) {
  validateOptions(o);
  const makeArgs = o.makeArgs ?? [];
  const llvm = makeArgs.some((a) => /^LLVM=(1|.*\/)$/.test(a) || a === "LLVM=1");
  const userCC = makeArgs.some((a) => a.startsWith("CC="));
  const useCcache = o.ccache !== false && !userCC;
  let source;
  if (o.source) {
    source = resolve2(o.source);
    checkKernelTree(source);
  } else {
    const ver = o.defaultSource ?? "6.12";
    const got = await debianSource(ver, (m) => host.info(m));
    source = got.dir;
    host.info(`source: Debian's linux-source-${ver} (${got.how}) at ${source}`);
  }
  const tree = checkKernelTree(source);
  checkTreeIsClean(source);
  checkToolchain({ llvm, ccache: useCcache });
  for (const p of o.presets ?? []) presetRequests(source, p);
  const bpf = (o.presets ?? []).includes("bpf") ? checkBpfToolchain(source) : void 0;
  readFragments(o.fragments ?? []);
  flagRequests(o.enable ?? [], o.disable ?? []);
  if (o.base && !BASES.includes(o.base) && !existsSync8(o.base))
    throw new UsageError(`--base: expected ${BASES.join(", ")} or a config file, got '${o.base}'`);
  return { makeArgs, llvm, useCcache, source, version: tree.version, bpf };
}
async function prepareBuild(o, host) {
  const { makeArgs, llvm, useCcache, source, version, bpf } = await checkBuildInputs(o, host);
  const out = resolve2(o.out);
  const objDir = join8(out, "obj");
  try {
    mkdirSync5(objDir, { recursive: true });
  } catch (err) {
    throw pathError("--out", out, err);
  }
  const logPath = join8(out, "build.log");
  rmSync4(logPath, { force: true });
  const log = openLog(logPath);
  const compiler = llvm ? "clang" : "gcc";
  const ccacheDir = resolve2(o.ccacheDir ?? defaultCcacheDir());
  const cc = useCcache ? ccacheEnv(ccacheDir, o.ccacheMaxSize ?? "2G", join8(out, "ccache-stats.log")) : void 0;
  const env = { ...process.env, ...cc?.env ?? {} };
  const makeVars = [
    "ARCH=x86_64",
    // Host tools (fixdep, kconfig, objtool) too: every fresh O= rebuilds them.
    ...useCcache ? [`CC=ccache ${compiler}`, `HOSTCC=ccache ${compiler}`] : [],
    ...makeArgs
  ];
  const jobs = o.jobs ?? availableParallelism();
  const started = Date.now();
  const phases = {};
  let lapStart = started;
  return {
    o,
    host,
    source,
    version,
    llvm,
    bpf,
    out,
    objDir,
    logPath,
    log,
    ccacheDir,
    cc,
    env,
    makeVars,
    jobs,
    started,
    phases,
    lap(name) {
      const now = Date.now();
      phases[name] = (now - lapStart) / 1e3;
      lapStart = now;
    },
    make: (targets, extra = [], onLine) => runLogged("make", {
      args: ["-C", source, `O=${objDir}`, `-j${jobs}`, ...makeVars, ...extra, ...targets],
      env,
      log,
      onLine
    })
  };
}
async function restoreCcache(b) {
  const compilerTag = createHash3("sha256").update(compilerVersion(b.llvm)).digest("hex").slice(0, 8);
  const prefix = `kernel-ci-ccache-v1-x86_64-${b.llvm ? "clang" : "gcc"}-${compilerTag}-`;
  const inputs = inputsHash(b.o, b.version);
  const runId = process.env.GITHUB_RUN_ID ? `${process.env.GITHUB_RUN_ID}-${process.env.GITHUB_RUN_ATTEMPT ?? "1"}` : String(Date.now());
  const key = `${prefix}${inputs}-${runId}`;
  if (!b.cc) return { key };
  const restoredFrom = await b.host.restoreCache([b.ccacheDir], key, [
    `${prefix}${inputs}-`,
    prefix
  ]);
  if (restoredFrom) b.host.info(`ccache restored from ${restoredFrom}`);
  b.lap("cache restore");
  return { key, restoredFrom };
}
async function configureKernel(b) {
  const { o, host } = b;
  const conf = await host.group("configure", async () => {
    host.info(
      `linux ${b.version} at ${b.source}: base ${o.base ?? "defconfig"}, presets [${(o.presets ?? []).join(", ")}], ${(o.fragments ?? []).length} fragment(s)`
    );
    return configure({
      source: b.source,
      objDir: b.objDir,
      base: o.base ?? "defconfig",
      presets: o.presets ?? [],
      fragments: o.fragments ?? [],
      enable: o.enable ?? [],
      disable: o.disable ?? [],
      makeVars: b.makeVars,
      log: b.log,
      env: b.env
    });
  });
  b.lap("configure");
  const level = o.strictConfig ? "error" : "warning";
  for (const m of conf.mismatches)
    host.annotate({ level, title: `CONFIG_${m.name} did not stick`, message: describeMismatch(m) });
  host.info(
    `config ${conf.configHash}: ${conf.requests.length} requested options, ${conf.mismatches.length} did not stick`
  );
  return conf;
}
function newResult(b, conf) {
  return {
    source: b.source,
    out: b.out,
    objDir: b.objDir,
    bzImage: join8(b.objDir, "arch/x86/boot/bzImage"),
    vmlinux: join8(b.objDir, "vmlinux"),
    config: conf.config,
    kselftestTargets: conf.kselftestTargets,
    release: "",
    configHash: conf.configHash,
    mismatches: conf.mismatches,
    diagnostics: { errors: 0, warnings: 0 },
    objects: 0,
    seconds: 0,
    phases: b.phases,
    log: b.logPath,
    exitCode: 0
  };
}
async function makeKernel(b, conf, result) {
  const { host, cc } = b;
  const estimate = cc ? previousObjectCount(b.ccacheDir, conf.configHash) : void 0;
  const progress = new BuildProgress(Date.now(), estimate);
  const diags = new DiagnosticCollector({ sourceDir: b.source, buildDir: b.objDir });
  const ticker = setInterval(() => {
    const line = progress.due(Date.now());
    if (line) host.info(line);
  }, 1e3);
  try {
    await host.group("build", async () => {
      const headers = b.o.headers || b.bpf !== void 0;
      const targets = makeTargets(conf.modules, conf.kselftestTargets, headers);
      if (targets.includes("headers_install")) result.headersDir = join8(b.objDir, "usr/include");
      host.info(
        `make -j${b.jobs} ${targets.join(" ")}${estimate ? ` (~${estimate} objects last time)` : ""}`
      );
      const r = await b.make(targets, [], (l) => {
        if (!progress.feed(l)) diags.add(l);
      });
      if (r.code !== 0)
        throw new BuildFailed(
          `make ${targets.join(" ")} failed (exit ${r.code})`,
          b.logPath,
          r.tail
        );
      host.info(progress.line(Date.now()).replace(/\(\d+%\)/, "(done)"));
    });
    b.lap("make");
  } finally {
    clearInterval(ticker);
    result.diagnostics = diags.counts;
    result.objects = progress.state.objects;
    for (const a of diags.annotations(ANNOTATION_LIMIT)) host.annotate(a);
    if (diags.diagnostics.length) host.info(describeCounts(diags.counts, ANNOTATION_LIMIT));
  }
  const objects = progress.state.objects;
  if (cc && objects > 0 && (!estimate || objects > estimate))
    recordObjectCount(b.ccacheDir, conf.configHash, objects);
  result.release = readFileSync7(join8(b.objDir, "include/config/kernel.release"), "utf8").trim();
  return diags;
}
async function installModules(b, result) {
  const modRoot = join8(b.out, "modules");
  rmSync4(modRoot, { recursive: true, force: true });
  const r = await b.make(["modules_install"], [`INSTALL_MOD_PATH=${modRoot}`]);
  if (r.code !== 0) throw new BuildFailed("make modules_install failed", b.logPath, r.tail);
  result.modulesDir = join8(modRoot, "lib/modules", result.release);
  b.lap("modules_install");
}
async function buildSelftests(b, targets, result, diags) {
  const dir = join8(b.out, "selftests");
  rmSync4(dir, { recursive: true, force: true });
  await b.host.group(`selftests: ${targets.join(" ")}`, async () => {
    const r = await runLogged("make", {
      args: [
        "-C",
        join8(b.source, "tools/testing/selftests"),
        `O=${b.objDir}`,
        `-j${b.jobs}`,
        "ARCH=x86_64",
        ...b.llvm ? ["LLVM=1"] : [],
        `TARGETS=${targets.join(" ")}`,
        `INSTALL_PATH=${dir}`,
        "install"
      ],
      env: process.env,
      log: b.log,
      onLine: (l) => diags.add(l)
    });
    if (r.code !== 0) throw new BuildFailed("selftests build/install failed", b.logPath, r.tail);
  });
  result.selftestsDir = dir;
  b.lap("selftests");
}
async function buildBpf(b, result) {
  const dir = join8(b.out, "bpf");
  const { source, objDir, jobs, log } = b;
  const r = await bpfSelftestsStep({ source, objDir, dir, jobs, log, toolchain: b.bpf }, b.host);
  if (r.failed)
    throw new BuildFailed(
      `make test_progs failed (exit ${r.failed.code})`,
      b.logPath,
      r.failed.tail
    );
  result.bpfDir = r.dir;
  if (r.leftOut.length) result.bpfLeftOut = r.leftOut;
  b.lap("bpf selftests");
}
async function saveCcache(b, cache, result) {
  const stats = readStats(b.cc);
  trim(b.cc);
  result.ccache = {
    dir: b.ccacheDir,
    ...stats,
    ...cache.restoredFrom ? { restoredFrom: cache.restoredFrom } : {}
  };
  await b.host.saveCache([b.ccacheDir], cache.key);
  b.lap("cache save");
}
function finish(b, result) {
  result.seconds = (Date.now() - b.started) / 1e3;
  writeBuildJson(result);
  return result;
}
function makeTargets(modules, selftests, headers = false) {
  return [
    "bzImage",
    ...modules ? ["modules"] : [],
    ...headers || selftests.length > 0 ? ["headers_install"] : []
  ];
}
function inputsHash(o, version) {
  const content = (p) => existsSync8(p) ? readFileSync7(p, "utf8") : p;
  const base = o.base ?? "defconfig";
  return createHash3("sha256").update(
    JSON.stringify({
      version,
      base: BASES.includes(base) ? base : content(base),
      presets: o.presets ?? [],
      fragments: (o.fragments ?? []).map(content),
      enable: o.enable ?? [],
      disable: o.disable ?? [],
      makeArgs: o.makeArgs ?? []
    })
  ).digest("hex").slice(0, 16);
}
function writeBuildJson(r) {
  writeFileSync5(
    join8(r.out, "build.json"),
    JSON.stringify({ schema: "kernel-ci/build@1", ...r }, null, 2) + "\n"
  );
}
function optionsFromFlags(f) {
  return {
    ...f.source ? { source: f.source } : {},
    defaultSource: f["default-source"],
    out: f.out,
    arch: f.arch,
    base: f.base,
    presets: f.preset.flatMap((p) => p.split(/[\s,]+/)).filter(Boolean),
    fragments: f.fragment,
    enable: f.enable,
    disable: f.disable,
    makeArgs: f["make-arg"],
    strictConfig: f["strict-config"],
    headers: f.headers,
    ...f["ccache-dir"] ? { ccacheDir: f["ccache-dir"] } : {},
    ccacheMaxSize: f["ccache-max-size"],
    ...f.jobs !== void 0 ? { jobs: f.jobs } : {}
  };
}
function buildTime(r) {
  const steps = Object.entries(r.phases).filter(([, s]) => s >= 1).map(([k, s]) => `${k} ${formatElapsed(s * 1e3)}`);
  const total = formatElapsed(r.seconds * 1e3);
  return steps.length ? `${total} (${steps.join(", ")})` : total;
}
function buildSummary(r) {
  const rate = r.ccache?.hitRate;
  const rows = [
    ["kernel", `${r.release || "(not built)"}`],
    ["source", `\`${r.source}\``],
    ["config", `\`${r.configHash}\`, ${r.mismatches.length} requested option(s) did not stick`],
    ["compiler", describeCounts(r.diagnostics, ANNOTATION_LIMIT)],
    ["objects compiled", String(r.objects)],
    ["build time", buildTime(r)],
    [
      "ccache",
      rate === void 0 ? "off" : `${(rate * 100).toFixed(1)}% hits (${r.ccache.hits}/${r.ccache.hits + r.ccache.misses})`
    ]
  ];
  const md = [
    "### Kernel build",
    "",
    "| | |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`)
  ];
  if (r.mismatches.length) {
    md.push("", "<details><summary>Options that did not stick</summary>", "");
    for (const m of r.mismatches) md.push(`- ${describeMismatch(m).replace(/\|/g, "\\|")}`);
    md.push("", "</details>");
  }
  return md.join("\n") + "\n";
}
async function buildCommand(flags, host) {
  const opts = optionsFromFlags(flags);
  let r;
  try {
    r = await buildKernel(opts, host);
  } catch (err) {
    if (!(err instanceof BuildFailed)) throw err;
    host.untrusted(err.tail);
    host.annotate({
      level: "error",
      title: "kernel build failed",
      message: `${err.message}; see ${err.log}`
    });
    const out2 = resolve2(opts.out);
    if (existsSync8(join8(out2, "build.log")))
      await host.uploadArtifact("kernel-build-log", [join8(out2, "build.log")], out2);
    return 2;
  }
  const out = (name, v) => host.setOutput(name, v ?? "");
  out("bzimage", r.exitCode === 0 ? r.bzImage : "");
  out("vmlinux", r.exitCode === 0 ? r.vmlinux : "");
  out("config", r.config);
  out("modules", r.modulesDir);
  out("selftests", r.selftestsDir);
  out("headers", r.headersDir);
  out("bpf", r.bpfDir);
  out("build-seconds", r.seconds.toFixed(1));
  out("ccache-hit-rate", r.ccache?.hitRate === void 0 ? "" : r.ccache.hitRate.toFixed(3));
  if (r.exitCode === 0 && flags.bundle) {
    const b = await host.group(
      "kernel bundle",
      () => writeKernelBundle(r, join8(r.out, `kernel${bundleCompression().ext}`))
    );
    host.info(
      `bundle ${b.file}: ${(b.bytes / 1048576).toFixed(1)} MiB (${b.compression}) in ${b.seconds.toFixed(1)} s`
    );
    out("bundle", b.file);
  } else out("bundle", "");
  await host.summary(buildSummary(r));
  const files = [join8(r.out, "build.log"), join8(r.out, "build.json")];
  if (existsSync8(join8(r.out, "config"))) files.push(join8(r.out, "config"));
  await host.uploadArtifact("kernel-build-log", files, r.out);
  if (r.exitCode === 0)
    host.info(
      `built ${r.release} in ${formatElapsed(r.seconds * 1e3)}: ${r.bzImage}${r.ccache?.hitRate !== void 0 ? `, ccache ${(r.ccache.hitRate * 100).toFixed(1)}% hits` : ""}`
    );
  return r.exitCode;
}

export {
  formatElapsed,
  cacheRoot,
  debianSource,
  compareDebVersions,
  openLog,
  runLogged,
  BuildFailed,
  validateOptions,
  buildKernel,
  makeTargets,
  inputsHash,
  optionsFromFlags,
  buildSummary,
  buildCommand
};
