import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  CrashDetector,
  checkDecodeInputs,
  collapseFindings,
  decodeFindings
} from "./chunk-5EELC2JQ.js";
import {
  TOOL_TAG,
  attemptOutput,
  globToRegExp,
  reportedToolVersions,
  toolGuardAnnotations,
  toolGuardHits
} from "./chunk-CKMEAVSA.js";
import {
  runFlags
} from "./chunk-SPMBZ4EA.js";
import {
  fullName,
  publishRun
} from "./chunk-ZTILSFB6.js";
import {
  EXIT_STATUS_LEAF,
  assembleKunit,
  assembleTest,
  finalizeRun,
  isFailing,
  leaves,
  notRunTest,
  require_dist
} from "./chunk-WHXHEP3C.js";
import {
  UsageError
} from "./chunk-2IEND4WE.js";
import {
  __toESM
} from "./chunk-JXQP2R3W.js";

// src/pipeline/run-hooks.ts
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

// src/core/known-issues.ts
var import_yaml = __toESM(require_dist(), 1);
var EFFECTS = ["xfail", "flaky", "skip"];
var KEYS = /* @__PURE__ */ new Set(["match", "effect", "reason", "link", "kernel", "arch"]);
var COMPARATOR = /^(>=|<=|>|<|==|=)?v?(\d+(?:\.\d+){0,2})$/;
function parseKnownIssues(text, file = "known-issues.yml") {
  const lc = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const lineOf = (n) => n?.range ? lc.linePos(n.range[0]).line : 1;
  const fail = (line, msg) => {
    throw new UsageError(`${file}:${line}: ${msg}`);
  };
  const err = doc.errors[0];
  if (err)
    fail(
      err.linePos?.[0].line ?? 1,
      `invalid YAML: ${err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`
    );
  let list = doc.contents;
  if (list === null) return [];
  if ((0, import_yaml.isMap)(list)) {
    const issues = list.get("issues", true);
    if (!issues || list.items.length !== 1)
      fail(lineOf(list), 'expected a list of entries, or a mapping with only "issues:"');
    list = issues ?? null;
  }
  if (list === null) return [];
  if (!(0, import_yaml.isSeq)(list)) return fail(lineOf(list), "expected a list of entries");
  return list.items.map((item) => {
    const line = lineOf(item);
    if (!(0, import_yaml.isMap)(item)) return fail(line, "each entry must be a mapping with match, effect, reason");
    const e = item.toJSON();
    for (const pair of item.items) {
      const k = String(pair.key?.value ?? pair.key);
      if (!KEYS.has(k))
        fail(lineOf(pair.key), `unknown key "${k}" (expected ${[...KEYS].join(", ")})`);
    }
    const keyLine = (k) => {
      const p = item.items.find((x) => String(x.key?.value) === k);
      return p ? lineOf(p.value) : line;
    };
    const strings = (k) => {
      const v = e[k];
      if (v === void 0 || v === null) return void 0;
      const arr = Array.isArray(v) ? v : [v];
      if (arr.length === 0 || !arr.every((x) => typeof x === "string" && x.trim() !== ""))
        fail(keyLine(k), `"${k}" must be a non-empty string or list of strings`);
      return arr.map((x) => String(x).trim());
    };
    const patterns = strings("match");
    if (!patterns) return fail(line, 'missing "match" (a name or glob)');
    const effect = e.effect;
    if (typeof effect !== "string" || !EFFECTS.includes(effect))
      fail(
        keyLine("effect"),
        `"effect" must be one of ${EFFECTS.join(", ")}, got ${JSON.stringify(effect ?? null)}`
      );
    const reason = strings("reason")?.join(" ");
    if (!reason) return fail(line, 'missing "reason"');
    const issue = { patterns, effect, reason, line };
    const link = strings("link");
    if (link) issue.link = link.join(" ");
    const kernel = strings("kernel");
    if (kernel) {
      issue.kernel = kernel.join(" ");
      for (const tok of issue.kernel.split(/\s+/))
        if (!COMPARATOR.test(tok))
          fail(keyLine("kernel"), `bad kernel range "${issue.kernel}": use e.g. ">=6.6 <6.9"`);
    }
    const arch = strings("arch");
    if (arch) issue.arch = arch;
    return issue;
  });
}
function versionParts(v) {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1].split(".").map(Number) : [];
}
function cmp(have, want) {
  for (let i = 0; i < want.length; i++) {
    const d = (have[i] ?? 0) - want[i];
    if (d !== 0) return d;
  }
  return 0;
}
function kernelInRange(version, range) {
  const have = versionParts(version);
  if (have.length === 0) return false;
  return range.trim().split(/\s+/).every((tok) => {
    const m = COMPARATOR.exec(tok);
    if (!m) return false;
    const c = cmp(have, m[2].split(".").map(Number));
    switch (m[1]) {
      case ">=":
        return c >= 0;
      case "<=":
        return c <= 0;
      case ">":
        return c > 0;
      case "<":
        return c < 0;
      default:
        return c === 0;
    }
  });
}
var ARCH_ALIASES = { amd64: "x86_64", x64: "x86_64", arm64: "aarch64" };
var normArch = (a) => ARCH_ALIASES[a.toLowerCase()] ?? a.toLowerCase();
function applies(issue, ctx) {
  if (issue.kernel && !(ctx.kernelVersion && kernelInRange(ctx.kernelVersion, issue.kernel)))
    return false;
  if (issue.arch && !(ctx.arch && issue.arch.map(normArch).includes(normArch(ctx.arch))))
    return false;
  return true;
}
function matches(issue, name, path2) {
  for (const p of issue.patterns) {
    const re = globToRegExp(p);
    if (re.test(name) || re.test(path2)) return p;
  }
  return null;
}
function effectOn(status, effect) {
  if (status === "crashed") return status;
  switch (effect) {
    case "xfail":
      return isFailing(status) ? "xfail" : status === "pass" ? "xpass" : status;
    case "flaky":
      return isFailing(status) ? "flaky" : status;
    case "skip":
      return "skip";
  }
}
function mark(t, m) {
  const before = t.status;
  t.status = effectOn(t.status, m.issue.effect);
  const match = {
    pattern: m.pattern,
    effect: m.issue.effect,
    reason: m.issue.reason
  };
  if (m.issue.link) match.link = m.issue.link;
  t.knownIssue = match;
  if (t.status !== before)
    t.reason = `known issue (${before}): ${m.issue.reason}${t.reason ? `; ${t.reason}` : ""}`;
  for (const s of t.subtests) mark(s, m);
}
function hasFailingLeaf(t) {
  return t.subtests.length === 0 ? isFailing(t.status) : t.subtests.some(hasFailingLeaf);
}
function walk(t, path2, active) {
  for (const issue of active) {
    const pattern = matches(issue, t.name, path2);
    if (pattern !== null) {
      mark(t, { issue, pattern });
      return;
    }
  }
  for (const s of t.subtests) walk(s, `${path2}/${s.name}`, active);
  if (t.subtests.length > 0 && isFailing(t.status) && !hasFailingLeaf(t)) {
    const kids = t.subtests.map((s) => s.status);
    t.status = kids.includes("xfail") ? "xfail" : kids.includes("flaky") ? "flaky" : "skip";
  }
}
function applyKnownIssues(suites, issues, ctx = {}) {
  const active = issues.filter((i) => applies(i, ctx));
  const out = structuredClone(suites);
  if (active.length === 0) return out;
  for (const suite of out) for (const t of suite.tests) walk(t, `${suite.name}/${t.name}`, active);
  return out;
}

// src/core/retries.ts
function toAttempt(t) {
  const a = { status: t.status, durationMs: t.durationMs };
  if (t.exitCode !== void 0) a.exitCode = t.exitCode;
  if (t.outputPath) a.outputPath = t.outputPath;
  return a;
}
var path = (prefix, name) => prefix ? `${prefix}\0${name}` : name;
function failedPaths(tests, prefix, out) {
  for (const t of tests) {
    const p = path(prefix, t.name);
    if (isFailing(t.status)) out.add(p);
    failedPaths(t.subtests, p, out);
  }
  return out;
}
function markFlaky(tests, failedBefore, prefix) {
  for (const t of tests) {
    const p = path(prefix, t.name);
    markFlaky(t.subtests, failedBefore, p);
    if (t.subtests.length === 0 && failedBefore.has(p) && (t.status === "pass" || t.status === "flaky")) {
      t.status = "flaky";
      t.reason = "failed in an earlier attempt, passed on retry";
    }
  }
}
function mergeAttempts(attempts) {
  if (attempts.length === 0) throw new Error("mergeAttempts: no attempt");
  const last = attempts[attempts.length - 1];
  if (attempts.length === 1) return last;
  const merged = structuredClone(last);
  merged.attempts = attempts.map(toAttempt);
  const earlier = attempts.slice(0, -1);
  const failures = earlier.filter((a) => isFailing(a.status));
  if (!isFailing(last.status) && failures.length > 0) {
    const failed = /* @__PURE__ */ new Set();
    for (const a of failures) failedPaths(a.subtests, "", failed);
    markFlaky(merged.subtests, failed, "");
    const first = failures[0];
    merged.status = "flaky";
    merged.reason = `attempt 1 ${first.status}${first.reason ? ` (${first.reason})` : ""}, attempt ${attempts.length} ${last.status}`;
    if (merged.subtests.length > 0 && ![...leaves(merged.subtests)].some((l) => l.test.status === "flaky")) {
      merged.subtests.push({
        name: EXIT_STATUS_LEAF,
        status: "flaky",
        durationMs: null,
        reason: merged.reason,
        subtests: []
      });
    }
  } else if (isFailing(last.status)) {
    merged.reason = `${last.reason ? `${last.reason}; ` : ""}failed all ${attempts.length} attempts`;
  }
  return merged;
}

// src/pipeline/crash-plugin.ts
function crashPlugin(ctx, opts = {}) {
  const quietGapMs = opts.quietGapMs ?? 300;
  const make = () => {
    const d = new CrashDetector({ stopOn: opts.stopOn ?? "fatal", quietGapMs });
    d.onStop = (f) => ctx.stopVm("crash", `${f.title} (console lines ${f.lines.first}-${f.lines.last})`);
    return d;
  };
  let detector = make();
  let named = void 0;
  const earlier = [];
  const timer = setInterval(() => detector.tick(Date.now()), opts.tickMs ?? 50);
  timer.unref();
  return {
    listener: {
      onLine(line, lineNo) {
        const t = ctx.currentTest();
        if (t !== named) {
          named = t;
          detector.setTest(t ? fullName(t) : void 0);
        }
        detector.push(line, lineNo, Date.now());
      },
      onBoot() {
        detector.finish();
        earlier.push(...detector.findings());
        detector = make();
        named = void 0;
      }
    },
    findings() {
      clearInterval(timer);
      detector.finish();
      return collapseFindings([...earlier, ...detector.findings()]);
    }
  };
}

// src/pipeline/reproduce.ts
function reproduceLine(cmd, flags, specs) {
  const q = (s) => /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ["kernel-ci", cmd];
  for (const [k, spec] of Object.entries(specs)) {
    const v = flags[k];
    if (v === void 0 || v === spec.default) continue;
    if (Array.isArray(v)) for (const x of v) parts.push(`--${k}`, q(x));
    else if (spec.type === "bool") {
      if (v === true) parts.push(`--${k}`);
    } else parts.push(`--${k}`, q(String(v)));
  }
  return parts.join(" ");
}

// src/pipeline/tool-guard-plugin.ts
function toolGuardPlugin(ctx) {
  const level = ctx.plan.toolGuard ?? (ctx.flags["tool-guard"] || "warn");
  const lines = [];
  return {
    listener: {
      onLine(line) {
        if (level !== "off" && line.includes(TOOL_TAG)) lines.push(line);
      }
    },
    findings() {
      for (const a of toolGuardAnnotations(toolGuardHits(reportedToolVersions(lines)), level))
        ctx.host.annotate(a);
      return [];
    }
  };
}

// src/pipeline/run-hooks.ts
var MAX_OUTPUT = 32 * 1024 * 1024;
function readOutput(path2) {
  if (!existsSync(path2)) return "";
  const text = readFileSync(path2, "utf8");
  return text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text;
}
function commandExit(t, exit) {
  if (exit !== 2 && exit !== 3) return t;
  const r = { ...t, status: "fail", reason: `exit code ${exit}` };
  if (r.subtests.length > 0 && !r.subtests.some((s) => isFailing(s.status)))
    r.subtests = [
      ...r.subtests,
      { name: EXIT_STATUS_LEAF, status: "fail", durationMs: null, reason: r.reason, subtests: [] }
    ];
  return r;
}
function assembleOutcome(o, outDir, cut) {
  const t = o.test;
  if (!o.started)
    return notRunTest(t, cut ? `not run: ${cut.reason}` : "not run: the plan did not reach it");
  const rel = (p) => relative(outDir, p);
  const tries = o.attempts.map((a) => {
    const r = assembleTest(
      t,
      { exit: a.exit, ms: a.ms, timedOut: a.timedOut },
      readOutput(a.output),
      {
        outputPath: rel(a.output)
      }
    );
    return t.kind === "kselftest" ? r : commandExit(r, a.exit);
  });
  if (o.unfinished) {
    const file = attemptOutput(o.outputBase, o.attempts.length + 1);
    const r = assembleTest(t, null, readOutput(file), {
      outputPath: existsSync(file) ? rel(file) : void 0,
      interrupted: cut?.running === "timeout" ? "timeout" : "crash"
    });
    if (cut) r.reason = cut.reason;
    tries.push(r);
  }
  return mergeAttempts(tries);
}
function loadKnownIssues(flags) {
  const file = flags["known-issues"];
  if (!file) return [];
  if (!existsSync(file)) throw new UsageError(`--known-issues ${file}: no such file`);
  return parseKnownIssues(readFileSync(file, "utf8"), file);
}
function decodeOptions(flags) {
  const vmlinux = flags.vmlinux;
  const source = flags.source;
  if (vmlinux === void 0 && source === void 0) return void 0;
  if (vmlinux === void 0 || source === void 0)
    throw new UsageError("--vmlinux and --source go together (decoding needs both)");
  return checkDecodeInputs(vmlinux, source);
}
function integratedRunHooks(flags, opts = {}) {
  const issues = loadKnownIssues(flags);
  const decode = decodeOptions(flags);
  const reproduce = opts.reproduce ?? reproduceLine("run", flags, runFlags);
  return {
    plugins: (ctx) => [
      crashPlugin(ctx, { stopOn: flags["stop-on"] ?? "fatal" }),
      toolGuardPlugin(ctx)
    ],
    assembleTest: async (o, ctx, cut) => assembleOutcome(o, ctx.outDir, cut),
    async finalize(run, ctx) {
      let suites = run.suites;
      const consoleLog = join(ctx.outDir, "console.log");
      if (ctx.plan.kunitBuiltin && existsSync(consoleLog))
        suites = [...suites, ...assembleKunit(readFileSync(consoleLog, "utf8").split("\n"))];
      if (issues.length > 0)
        suites = applyKnownIssues(suites, issues, {
          kernelVersion: run.vm?.kernelRelease,
          arch: "x86_64"
        });
      if (decode && run.findings.length > 0)
        await decodeFindings(run.findings, decode, (m) => ctx.host.warn(m));
      return finalizeRun({ ...run, suites, reproduce });
    },
    async report(run, ctx) {
      await publishRun(run, ctx.outDir, ctx.host, {
        vmlinux: flags.vmlinux,
        config: opts.config
      });
    }
  };
}

export {
  reproduceLine,
  assembleOutcome,
  integratedRunHooks
};
