import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  SCHEMA_ID,
  STATUSES,
  exitCodeFor,
  finalizeRun
} from "./chunk-QOP67GUT.js";
import {
  UsageError
} from "./chunk-2IEND4WE.js";

// src/pipeline/report.ts
import { createReadStream, createWriteStream, existsSync, lstatSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

// src/core/summary/facts.ts
var STATUS_ICON = {
  pass: "\u2705",
  fail: "\u274C",
  skip: "\u23ED\uFE0F",
  xfail: "\u2611\uFE0F",
  xpass: "\u2755",
  timeout: "\u23F1\uFE0F",
  flaky: "\u{1F501}",
  crashed: "\u{1F4A5}",
  "not-run": "\u2B1C"
};
var VERDICT_ICON = {
  success: "\u2705",
  unstable: "\u{1F534}",
  failure: "\u274C",
  critical: "\u{1F4A5}"
};
var VERDICT_LABEL = {
  success: "Success",
  unstable: "Unstable",
  failure: "Failure",
  critical: "Critical"
};
var PROBLEM_STATUSES = ["crashed", "timeout", "fail", "flaky", "xpass"];
function* leavesWithFile(tests, prefix, file) {
  for (const t of tests) {
    const path = `${prefix} / ${t.name}`;
    const f = t.file ?? file;
    if (t.subtests.length === 0) yield { path, test: t, file: f };
    else yield* leavesWithFile(t.subtests, path, f);
  }
}
function problems(results) {
  const found = [];
  for (const suite of results.suites)
    for (const { path, test, file } of leavesWithFile(suite.tests, suite.name, void 0))
      if (PROBLEM_STATUSES.includes(test.status))
        found.push({ path, suite: suite.name, test, ...file ? { file } : {} });
  const rank = (p) => PROBLEM_STATUSES.indexOf(p.test.status);
  return found.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p);
}
function problemOutputs(results) {
  const out = [];
  const walk = (tests, prefix) => {
    for (const t of tests) {
      const path = `${prefix} / ${t.name}`;
      if (t.excerpt && PROBLEM_STATUSES.includes(t.status)) out.push({ path, test: t });
      walk(t.subtests, path);
    }
  };
  for (const s of results.suites) walk(s.tests, s.name);
  return out;
}
function nonZeroStatuses(results) {
  return STATUSES.filter((s) => (results.counts[s] ?? 0) > 0);
}
function timeline(results) {
  const out = [];
  for (const suite of results.suites)
    for (const t of suite.tests)
      out.push({
        suite: suite.name,
        path: t.name,
        durationMs: Math.max(0, t.durationMs ?? 0),
        status: t.status
      });
  return out;
}
function slowest(results, n) {
  return timeline(results).map((t) => ({ ...t, path: `${t.suite} / ${t.path}` })).filter((t) => t.durationMs > 0).sort((a, b) => b.durationMs - a.durationMs).slice(0, n);
}
function formatDuration(ms) {
  if (ms === null || ms === void 0 || !Number.isFinite(ms)) return "\u2013";
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  const s = ms / 1e3;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
function percent(x) {
  return x === null || x === void 0 || !Number.isFinite(x) ? "\u2013" : `${(x * 100).toFixed(1)} %`;
}
function findingTrace(f) {
  return f.decoded ? { text: f.decoded, decoded: true } : { text: f.report, decoded: false };
}
function findingLocation(f) {
  return f.location ? `${f.location.file}:${f.location.line}` : void 0;
}
var shellQuote = (s) => /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
function reproduceCommand(results) {
  if (results.reproduce) return { command: results.reproduce, inferred: false };
  const args = ["kernel-ci", "run", "--kernel", "BZIMAGE"];
  for (const suite of results.suites) {
    if (suite.kind === "kselftest")
      args.push("--kselftest", `tools/testing/selftests/${suite.name}`);
    else if (suite.kind === "kunit" && !args.includes("--kunit")) args.push("--kunit");
    else if (suite.kind === "packetdrill") args.push("--packetdrill", "DIR");
    else if (suite.kind === "command")
      for (const t of suite.tests) args.push("--command", `${t.name}=CMD`);
  }
  if (results.vm) args.push("--accel", results.vm.accel);
  if (results.shard) args.push("--shard", `${results.shard.index}/${results.shard.total}`);
  return { command: args.map(shellQuote).join(" "), inferred: true };
}

// src/core/annotations.ts
var GITHUB_MAX_ERRORS = 10;
var GITHUB_MAX_WARNINGS = 10;
var MESSAGE_LINES = 25;
var firstLines = (s, n) => {
  const lines = s.replace(/\n+$/, "").split("\n");
  return lines.length > n ? `${lines.slice(0, n).join("\n")}
\u2026 ${lines.length - n} more lines` : lines.join("\n");
};
function chooseAnnotations(results, limits = { errors: GITHUB_MAX_ERRORS, warnings: GITHUB_MAX_WARNINGS }) {
  const errors = [];
  const warnings = [];
  for (const f of results.findings) {
    const head = [
      f.test ? `during ${f.test}` : "outside any test",
      f.count > 1 ? `seen ${f.count} times` : ""
    ].filter(Boolean);
    errors.push({
      level: "error",
      title: `Kernel ${f.kind}${f.fatal ? " (fatal)" : ""}: ${f.title}`.slice(0, 200),
      message: `${head.join(" \u2014 ")}
${firstLines(findingTrace(f).text, MESSAGE_LINES)}`,
      ...f.location ? { file: f.location.file, line: f.location.line } : {}
    });
  }
  for (const p of problems(results)) {
    const t = p.test;
    const why = t.reason ?? t.directive ?? (t.exitCode != null ? `exit code ${t.exitCode}` : "");
    const message = [why || t.status];
    if (t.excerpt) message.push(firstLines(t.excerpt, MESSAGE_LINES));
    const a = {
      level: t.status === "flaky" || t.status === "xpass" ? "warning" : "error",
      title: `${t.status}: ${p.path}`.slice(0, 200),
      message: message.join("\n"),
      ...p.file ? { file: p.file } : {}
    };
    (a.level === "error" ? errors : warnings).push(a);
  }
  return {
    annotations: [...errors.slice(0, limits.errors), ...warnings.slice(0, limits.warnings)],
    leftOut: {
      errors: Math.max(0, errors.length - limits.errors),
      warnings: Math.max(0, warnings.length - limits.warnings)
    }
  };
}

// src/core/artifact-name.ts
var slug = (s) => s.replace(/["':<>|*?\\/\r\n\s]+/g, "-").replace(/[^\w.+=@,-]/g, "").replace(/-+/g, "-").replace(/^-|-$/g, "");
function artifactName(results, env, prefix = "kernel-ci") {
  const parts = [
    prefix,
    env.GITHUB_JOB,
    results.name,
    results.vm?.kernelRelease,
    results.shard ? `shard-${results.shard.index}-of-${results.shard.total}` : void 0,
    // Re-runs of a job keep their earlier attempt's artifacts apart.
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== "1" ? `attempt-${env.GITHUB_RUN_ATTEMPT}` : void 0
  ].filter((p) => !!p).map(slug).filter(Boolean);
  return parts.join("-").slice(0, 200);
}

// src/core/results-check.ts
var VERDICTS = ["success", "unstable", "failure", "critical"];
var isObj = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
var Invalid = class extends Error {
};
function need(cond, where, what) {
  if (!cond) throw new Invalid(`${where}: ${what}`);
}
function checkTest(t, where, depth) {
  need(isObj(t), where, "expected an object");
  need(typeof t.name === "string", `${where}.name`, "expected a string");
  need(
    typeof t.status === "string" && STATUSES.includes(t.status),
    `${where}.status`,
    `'${String(t.status)}' is not one of ${STATUSES.join(", ")}`
  );
  need(
    t.durationMs === null || typeof t.durationMs === "number",
    `${where}.durationMs`,
    "expected a number or null"
  );
  need(Array.isArray(t.subtests), `${where}.subtests`, "expected an array");
  need(depth < 32, where, "subtests nested too deep");
  t.subtests.forEach((s, i) => checkTest(s, `${where}.subtests[${i}]`, depth + 1));
}
function resultsProblem(x) {
  try {
    need(isObj(x), "top level", "expected an object");
    need(
      x.schema === SCHEMA_ID,
      "schema",
      `'${String(x.schema).slice(0, 60)}' is not '${SCHEMA_ID}' (not a kernel-ci results.json)`
    );
    need(
      typeof x.verdict === "string" && VERDICTS.includes(x.verdict),
      "verdict",
      `'${String(x.verdict)}' is not one of ${VERDICTS.join(", ")}`
    );
    need(typeof x.name === "string", "name", "expected a string");
    need(typeof x.conclusion === "string", "conclusion", "expected a string");
    need(typeof x.startedAt === "string", "startedAt", "expected a string");
    need(typeof x.durationMs === "number", "durationMs", "expected a number");
    need(isObj(x.counts), "counts", "expected an object");
    for (const s of [...STATUSES, "total"])
      need(typeof x.counts[s] === "number", `counts.${s}`, "expected a number");
    need(Array.isArray(x.suites), "suites", "expected an array");
    x.suites.forEach((s, i) => {
      need(isObj(s), `suites[${i}]`, "expected an object");
      need(typeof s.name === "string", `suites[${i}].name`, "expected a string");
      need(typeof s.kind === "string", `suites[${i}].kind`, "expected a string");
      need(Array.isArray(s.tests), `suites[${i}].tests`, "expected an array");
      s.tests.forEach((t, j) => checkTest(t, `suites[${i}].tests[${j}]`, 0));
    });
    need(Array.isArray(x.findings), "findings", "expected an array");
    x.findings.forEach((f, i) => {
      const w = `findings[${i}]`;
      need(isObj(f), w, "expected an object");
      for (const k of ["kind", "title", "fingerprint", "report"])
        need(typeof f[k] === "string", `${w}.${k}`, "expected a string");
      need(typeof f.fatal === "boolean", `${w}.fatal`, "expected true or false");
      need(typeof f.count === "number", `${w}.count`, "expected a number");
      need(
        isObj(f.lines) && typeof f.lines.first === "number" && typeof f.lines.last === "number",
        `${w}.lines`,
        "expected {first, last}"
      );
      if (f.location !== void 0)
        need(
          isObj(f.location) && typeof f.location.file === "string" && typeof f.location.line === "number",
          `${w}.location`,
          "expected {file, line}"
        );
    });
    if (x.vm !== void 0) {
      need(isObj(x.vm), "vm", "expected an object");
      need(x.vm.accel === "kvm" || x.vm.accel === "tcg", "vm.accel", "expected kvm or tcg");
    }
    if (x.environment !== void 0) {
      need(isObj(x.environment), "environment", "expected an object");
      for (const [k, v] of Object.entries(x.environment))
        need(typeof v === "string", `environment.${k}`, "expected a string");
    }
    return void 0;
  } catch (err) {
    if (err instanceof Invalid) return err.message;
    throw err;
  }
}

// src/core/junit.ts
var INVALID = (
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
);
function xmlEscape(s) {
  return s.replace(INVALID, (c) => {
    const code = c.charCodeAt(0);
    return code >= 55296 && code <= 57343 ? "\uFFFD" : `\\x${code.toString(16).padStart(2, "0")}`;
  }).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
var attr = (v) => xmlEscape(String(v)).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
var secs = (ms) => ((ms ?? 0) / 1e3).toFixed(3);
function firstLine(s, fallback) {
  const l = (s ?? "").split("\n")[0].trim();
  return l.length > 200 ? `${l.slice(0, 197)}...` : l || fallback;
}
function caseFor(classname, leaf, owner) {
  const out = [];
  const reason = leaf.reason ?? "";
  let kind = "pass";
  let element = "";
  const detail = leaf === owner || leaf.status !== "pass" ? owner.excerpt : void 0;
  switch (leaf.status) {
    case "fail":
    case "timeout":
      kind = "failure";
      element = `<failure message="${attr(firstLine(reason, leaf.status === "timeout" ? "timeout" : "failed"))}" type="${leaf.status}">${xmlEscape(detail ?? reason)}</failure>`;
      break;
    case "crashed":
      kind = "error";
      element = `<error message="${attr(firstLine(reason, "crashed"))}" type="crashed">${xmlEscape(detail ?? reason)}</error>`;
      break;
    case "skip":
    case "not-run":
    case "xfail": {
      kind = "skipped";
      const what = leaf.status === "skip" ? "skipped" : leaf.status === "xfail" ? "expected failure" : "not run";
      element = `<skipped message="${attr(reason ? `${what}: ${firstLine(reason, "")}` : what)}"/>`;
      break;
    }
    case "flaky":
      out.push(`flaky: ${reason || "failed, then passed"}`);
      break;
    case "xpass":
      out.push(`unexpected pass (XPASS)${reason ? `: ${reason}` : ""}`);
      break;
    case "pass":
      break;
  }
  if (leaf.knownIssue)
    out.push(
      `known issue: ${leaf.knownIssue.reason}${leaf.knownIssue.link ? ` ${leaf.knownIssue.link}` : ""}`
    );
  for (const a of owner.attempts ?? [])
    out.push(
      `attempt: ${a.status}${a.exitCode != null ? ` exit=${a.exitCode}` : ""}${a.outputPath ? ` ${a.outputPath}` : ""}`
    );
  if (detail && kind === "pass") out.push(detail);
  if (owner.outputPath) out.push(`full output: ${owner.outputPath}`);
  const sysout = out.length ? `<system-out>${xmlEscape(out.join("\n"))}</system-out>` : "";
  return { classname, name: leaf.name, time: leaf.durationMs, body: element + sysout, kind };
}
function casesOf(suite) {
  const cases = [];
  const walk = (t, classname, owner) => {
    if (t.subtests.length === 0) cases.push(caseFor(classname, t, owner));
    else for (const s of t.subtests) walk(s, `${classname}/${t.name}`, owner);
  };
  for (const t of suite.tests) walk(t, suite.name, t);
  return cases;
}
function findingCases(run, classname) {
  const cases = run.findings.map((f) => ({
    classname,
    name: `${f.kind}: ${f.title}`,
    time: null,
    kind: "error",
    body: `<error message="${attr(firstLine(f.title, f.kind))}" type="${attr(f.kind)}">${xmlEscape(f.decoded ?? f.report)}</error>${f.test ? `<system-out>${xmlEscape(`during ${f.test}; seen ${f.count} time(s)`)}</system-out>` : ""}`
  }));
  if (run.abort)
    cases.push({
      classname,
      name: `run aborted: ${run.abort.kind}`,
      time: null,
      kind: "error",
      body: `<error message="${attr(firstLine(run.abort.message, run.abort.kind))}" type="${run.abort.kind}">${xmlEscape([run.abort.message, ...run.consoleTail ?? []].join("\n"))}</error>`
    });
  return cases;
}
function toJUnit(runs) {
  const separate = new Set(runs.map((r) => r.name)).size > 1;
  const groups = /* @__PURE__ */ new Map();
  const add = (key, cases) => {
    const g = groups.get(key) ?? [];
    g.push(...cases);
    groups.set(key, g);
  };
  for (const run of runs) {
    const prefix = separate ? `${run.name}: ` : "";
    for (const s of run.suites)
      add(
        prefix + s.name,
        casesOf(s).map((c) => ({ ...c, classname: prefix + c.classname }))
      );
    const k = findingCases(run, `${prefix}kernel`);
    if (k.length) add(`${prefix}kernel`, k);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const suites = [];
  for (const [name, cases] of groups) {
    const seen = /* @__PURE__ */ new Map();
    for (const c of cases) {
      const key = `${c.classname}\0${c.name}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 1) c.name = `${c.name} (${n})`;
    }
    const count = (k) => cases.filter((c) => c.kind === k).length;
    const time = cases.reduce((a, c) => a + (c.time ?? 0), 0);
    const st = {
      tests: cases.length,
      failures: count("failure"),
      errors: count("error"),
      skipped: count("skipped"),
      time
    };
    total.tests += st.tests;
    total.failures += st.failures;
    total.errors += st.errors;
    total.skipped += st.skipped;
    total.time += time;
    const body = cases.map(
      (c) => `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${secs(c.time)}"${c.body ? `>${c.body}</testcase>` : "/>"}`
    );
    suites.push(
      `  <testsuite name="${attr(name)}" tests="${st.tests}" failures="${st.failures}" errors="${st.errors}" skipped="${st.skipped}" time="${secs(time)}">
${body.join("\n")}
  </testsuite>`
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kernel-ci" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(total.time)}">`,
    ...suites,
    "</testsuites>",
    ""
  ].join("\n");
}

// src/core/tap-emit.ts
var DIRECTIVE = {
  pass: { ok: true },
  fail: { ok: false },
  skip: { ok: true, directive: "SKIP" },
  "not-run": { ok: true, directive: "SKIP not run" },
  xfail: { ok: false, directive: "TODO expected failure" },
  xpass: { ok: true, directive: "TODO unexpected pass" },
  timeout: { ok: false },
  crashed: { ok: false },
  flaky: { ok: true }
};
var safe = (s) => s.replace(/[\r\n]+/g, " ").replace(/#/g, "\\#");
function point(t, id) {
  const d = DIRECTIVE[t.status];
  const notes = [];
  if (d.directive)
    notes.push(d.directive + (t.reason && t.status !== "not-run" ? ` ${safe(t.reason)}` : ""));
  else if (t.status !== "pass") notes.push(`${t.status}${t.reason ? `: ${safe(t.reason)}` : ""}`);
  if (t.durationMs != null) notes.push(`time=${t.durationMs}ms`);
  return `${d.ok ? "ok" : "not ok"} ${id} - ${safe(t.name)}${notes.length ? ` # ${notes.join(" ")}` : ""}`;
}
function block(out, indent, tests) {
  out.push(`${indent}1..${tests.length}`);
  tests.forEach((t, i) => {
    if (t.subtests.length) {
      out.push(`${indent}# Subtest: ${safe(t.name)}`);
      block(out, `${indent}    `, t.subtests);
    }
    out.push(`${indent}${point(t, i + 1)}`);
  });
}
function suiteStatus(tests) {
  const s = tests.map((t) => t.status);
  for (const worst of ["crashed", "timeout", "fail"])
    if (s.includes(worst)) return worst;
  return s.length && s.every((x) => x === "skip" || x === "not-run") ? "skip" : "pass";
}
function toTap(results) {
  const out = ["TAP version 14", `# ${safe(results.conclusion)}`, `1..${results.suites.length}`];
  results.suites.forEach((s, i) => {
    out.push(`# Subtest: ${safe(s.name)}`);
    block(out, "    ", s.tests);
    out.push(
      point({ name: s.name, status: suiteStatus(s.tests), durationMs: s.durationMs }, i + 1)
    );
  });
  for (const f of results.findings)
    out.push(`# ${f.fatal ? "fatal " : ""}${f.kind}: ${safe(f.title)}`);
  if (results.abort)
    out.push(`Bail out! ${safe(`${results.abort.kind}: ${results.abort.message}`)}`);
  return `${out.join("\n")}
`;
}

// src/core/plan.ts
function finalExits(t) {
  const exits = [0];
  if (t.kind === "kselftest") exits.push(2, 3);
  if (!t.skipIsFail) exits.push(4);
  return exits;
}
function fullName(t) {
  return `${t.suite}/${t.name}`;
}

// src/core/shard.ts
function parseShard(raw) {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shard: expected I/N such as 1/3, got '${raw}'`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard: I must be between 1 and N (N >= 1), got '${raw}'`);
  return { index, total };
}
function previousDurations(previous) {
  const d = /* @__PURE__ */ new Map();
  for (const s of previous.suites)
    for (const t of s.tests)
      if (t.durationMs !== null && t.durationMs >= 0) d.set(`${s.name}/${t.name}`, t.durationMs);
  return d;
}
function assignShards(tests, total, durations) {
  const assignment = new Array(tests.length);
  if (!durations || durations.size === 0) {
    tests.forEach((_t, i) => assignment[i] = i % total);
    return assignment;
  }
  const known = [...durations.values()].sort((a, b) => a - b);
  const typical = known[Math.floor(known.length / 2)] ?? 0;
  const cost = tests.map((t) => durations.get(fullName(t)) ?? typical);
  const order = tests.map((_t, i) => i).sort((a, b) => cost[b] - cost[a] || a - b);
  const load = new Array(total).fill(0);
  const size = new Array(total).fill(0);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < total; s++)
      if (load[s] < load[best] || load[s] === load[best] && size[s] < size[best]) best = s;
    assignment[i] = best;
    load[best] += cost[i];
    size[best] += 1;
  }
  return assignment;
}
function splitPlan(plan, shard, previous) {
  const assignment = assignShards(
    plan.tests,
    shard.total,
    previous ? previousDurations(previous) : void 0
  );
  const tests = plan.tests.filter((_t, i) => assignment[i] === shard.index - 1).map((t, i) => ({ ...t, id: i + 1 }));
  return { ...plan, tests };
}
var VERDICT_RANK = { success: 0, failure: 1, unstable: 2, critical: 3 };
function worstVerdict(verdicts) {
  return verdicts.reduce((w, v) => VERDICT_RANK[v] > VERDICT_RANK[w] ? v : w, "success");
}
function mergeSuites(runs) {
  const byName = /* @__PURE__ */ new Map();
  for (const r of runs)
    for (const s of r.suites) {
      const seen = byName.get(s.name);
      if (!seen) {
        byName.set(s.name, { ...s, tests: [...s.tests] });
        continue;
      }
      seen.tests.push(...s.tests);
      seen.durationMs = seen.durationMs === null && s.durationMs === null ? null : (seen.durationMs ?? 0) + (s.durationMs ?? 0);
    }
  return [...byName.values()];
}
function mergeFindings(runs) {
  const byPrint = /* @__PURE__ */ new Map();
  for (const r of runs)
    for (const f of r.findings) {
      const seen = byPrint.get(f.fingerprint);
      if (seen) seen.count += f.count;
      else byPrint.set(f.fingerprint, { ...f });
    }
  return [...byPrint.values()];
}
function mergeResults(runs) {
  if (runs.length === 0) throw new UsageError("nothing to merge: no results given");
  if (runs.length === 1) return runs[0];
  const first = runs[0];
  const names = [...new Set(runs.map((r) => r.name))];
  const aborted = runs.find((r) => r.abort);
  const base = {
    schema: SCHEMA_ID,
    name: names.length === 1 ? names[0] : names.join(" + "),
    startedAt: runs.map((r) => r.startedAt).sort()[0],
    // Shards run side by side: the merged run took as long as the slowest.
    durationMs: Math.max(...runs.map((r) => r.durationMs)),
    suites: mergeSuites(runs),
    findings: mergeFindings(runs),
    ...aborted?.abort ? { abort: aborted.abort } : {}
  };
  const merged = finalizeRun(base);
  merged.verdict = worstVerdict([merged.verdict, ...runs.map((r) => r.verdict)]);
  if (first.vm) merged.vm = first.vm;
  if (aborted?.consoleTail) merged.consoleTail = aborted.consoleTail;
  if (first.environment) merged.environment = first.environment;
  if (first.build) merged.build = first.build;
  const repro = [...new Set(runs.map((r) => r.reproduce?.replace(/\s+--shard[= ]\S+/, "")))];
  if (repro.length === 1 && repro[0]) merged.reproduce = repro[0];
  return merged;
}

// src/core/escape.ts
var HTML = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;"
};
var CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
var INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
function stripControls(s) {
  return s.replace(/\r\n?/g, "\n").replace(CONTROLS, "").replace(INVISIBLE, "");
}
function escapeHtml(s) {
  return stripControls(s).replace(/[&<>"]/g, (c) => HTML[c]);
}
var BREAK = "<!-- -->";
function breakReferences(s) {
  return s.replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`).replace(/#(?=[0-9A-Za-z])/g, `#${BREAK}`).replace(/\b(GH)(\\?)-(?=\d)/gi, `$1$2-${BREAK}`);
}
function escapeMarkdownInline(s, maxLength = 0) {
  let text = stripControls(s).replace(/\s*\n\s*/g, " \u23CE ");
  if (maxLength > 0 && text.length > maxLength) text = `${text.slice(0, maxLength - 1)}\u2026`;
  const escaped = text.replace(/[&<>"]/g, (c) => HTML[c]).replace(
    /(&(?:amp|lt|gt|quot);)|[\\`*_[\]{}()#+\-.!|~:^$=]/g,
    (m, entity) => entity ? entity : `\\${m}`
  );
  return breakReferences(escaped);
}
function escapePre(s) {
  return escapeHtml(s);
}
function mermaidLabel(s, maxLength = 60) {
  let t = stripControls(s).replace(/[^A-Za-z0-9 _./+-]/g, "_").replace(/\s+/g, " ").trim();
  if (t.length > maxLength) t = `${t.slice(0, maxLength - 1)}\u2026`;
  return t || "_";
}
function plainText(s) {
  return stripControls(s);
}
function fenceFor(s) {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

// src/core/summary/mermaid.ts
var STATUS_COLOUR = {
  pass: "#2da44e",
  fail: "#cf222e",
  skip: "#8c959f",
  xfail: "#54aeff",
  xpass: "#bf8700",
  timeout: "#bc4c00",
  flaky: "#d4a72c",
  crashed: "#82071e",
  "not-run": "#d0d7de"
};
function statusPie(results) {
  const statuses = nonZeroStatuses(results);
  if (statuses.length === 0) return void 0;
  const vars = Object.fromEntries(statuses.map((s, i) => [`pie${i + 1}`, STATUS_COLOUR[s]]));
  const init = JSON.stringify({
    theme: "base",
    themeVariables: { ...vars, pieStrokeColor: "#ffffff", pieOuterStrokeWidth: "0px" }
  });
  const rows = statuses.map((s) => `    "${s}" : ${results.counts[s]}`);
  return [
    "```mermaid",
    `%%{init: ${init}}%%`,
    `pie showData title Subtests (${results.counts.total})`,
    ...rows,
    "```"
  ].join("\n");
}
function axis(totalMs) {
  const steps = [
    [1e3, "1second"],
    [5e3, "5second"],
    [1e4, "10second"],
    [3e4, "30second"],
    [6e4, "1minute"],
    [3e5, "5minute"],
    [6e5, "10minute"],
    [18e5, "30minute"],
    [36e5, "1hour"]
  ];
  const [, interval] = steps.find(([ms]) => totalMs / ms <= 12) ?? steps[steps.length - 1];
  const format = totalMs < 6e4 ? "%S s" : totalMs < 36e5 ? "%M:%S" : "%H:%M";
  return { format, interval };
}
var TAG = {
  pass: "done, ",
  xfail: "done, ",
  fail: "crit, ",
  timeout: "crit, ",
  crashed: "crit, ",
  flaky: "active, ",
  xpass: "active, "
};
function durationGantt(results, opts = {}) {
  const all = timeline(results);
  if (all.length === 0) return void 0;
  const max = opts.maxTasks ?? 40;
  const keep = new Set(
    all.map((t, i) => ({ t, i })).sort((a, b) => b.t.durationMs - a.t.durationMs || a.i - b.i).slice(0, max).map(({ i }) => i)
  );
  const ticks = axis(all.reduce((a, t) => a + t.durationMs, 0));
  const lines = [
    "```mermaid",
    "gantt",
    "    title Test durations (laid end to end, run order)",
    "    dateFormat x",
    `    axisFormat ${ticks.format}`,
    `    tickInterval ${ticks.interval}`
  ];
  let at = 0;
  let section;
  all.forEach((t, i) => {
    const start = at;
    at += t.durationMs;
    if (!keep.has(i)) return;
    if (t.suite !== section) {
      section = t.suite;
      lines.push(`    section ${mermaidLabel(t.suite)}`);
    }
    const end = Math.max(start + 1, at);
    lines.push(
      `    ${mermaidLabel(t.path, 40)} :${TAG[t.status] ?? ""}t${i + 1}, ${start}, ${end}`
    );
  });
  lines.push("```");
  return { source: lines.join("\n"), omitted: all.length - keep.size };
}

// src/core/summary/markdown.ts
var SUMMARY_MAX_BYTES = 1e6;
var bytes = (s) => Buffer.byteLength(s, "utf8");
var md = (s, max = 0) => escapeMarkdownInline(s, max);
function header(r) {
  const lines = [
    `## ${VERDICT_ICON[r.verdict]} kernel-ci: ${md(r.name)} \u2014 ${VERDICT_LABEL[r.verdict]}`,
    "",
    `> ${md(r.conclusion)}`
  ];
  if (r.abort) lines.push("", `**Run aborted (${r.abort.kind}):** ${md(r.abort.message)}`);
  if (r.shard) lines.push("", `Shard ${r.shard.index} of ${r.shard.total}.`);
  return lines.join("\n");
}
function countsTable(r) {
  const shown = STATUSES.filter((s) => r.counts[s] > 0 || ["pass", "fail", "skip"].includes(s));
  return [
    `| ${shown.map((s) => `${STATUS_ICON[s]} ${s}`).join(" | ")} | total |`,
    `|${shown.map(() => "---:|").join("")}---:|`,
    `| ${shown.map((s) => r.counts[s] > 0 ? `**${r.counts[s]}**` : "0").join(" | ")} | ${r.counts.total} |`
  ].join("\n");
}
function partsTable(parts) {
  const used = new Set(parts.flatMap((p) => nonZeroStatuses(p)));
  const ordered = STATUSES.filter((s) => used.has(s) || s === "pass" || s === "fail");
  const rows = parts.map((p) => {
    const shard = p.shard ? ` (shard ${p.shard.index}/${p.shard.total})` : "";
    const kernel = p.vm?.kernelRelease ? md(p.vm.kernelRelease) : "\u2013";
    return `| ${VERDICT_ICON[p.verdict]} ${md(p.name)}${shard} | ${kernel} | ${p.vm?.accel ?? "\u2013"} | ${ordered.map((s) => p.counts[s]).join(" | ")} | ${formatDuration(p.durationMs)} |`;
  });
  return [
    `### Merged runs (${parts.length})`,
    "",
    `| run | kernel | accel | ${ordered.join(" | ")} | duration |`,
    `|---|---|---|${ordered.map(() => "---:|").join("")}---:|`,
    ...rows
  ].join("\n");
}
function problemRow(p) {
  const t = p.test;
  const why = t.reason ?? t.directive ?? (t.exitCode != null ? `exit ${t.exitCode}` : "");
  const known = t.knownIssue ? ` (known: ${md(t.knownIssue.reason, 120)})` : "";
  const tries = t.attempts && t.attempts.length > 1 ? ` \xB7 ${t.attempts.length} tries` : "";
  return `| ${STATUS_ICON[t.status]} ${t.status} | ${md(p.path, 300)} | ${formatDuration(t.durationMs)} | ${md(why, 200)}${known}${tries} |`;
}
var PROBLEM_HEAD = ["| status | subtest | duration | why |", "|---|---|---:|---|"];
function details(summary, body) {
  return `<details><summary>${summary}</summary>

<pre>${body}</pre>

</details>`;
}
function cutLines(text, max) {
  const lines = text.replace(/\n+$/, "").split("\n");
  if (lines.length <= max) return { text: lines.join("\n"), cut: 0 };
  return { text: lines.slice(0, max).join("\n"), cut: lines.length - max };
}
function findingBlock(f, maxLines) {
  const where = findingLocation(f);
  const meta = [
    f.test ? `hit during **${md(f.test)}**` : "outside any test",
    where ? `at ${md(where)}` : void 0,
    f.count > 1 ? `seen ${f.count}\xD7` : void 0,
    `console.log lines ${f.lines.first}\u2013${f.lines.last}`,
    f.fatal ? "fatal: the VM was stopped" : void 0
  ].filter(Boolean);
  const trace = findingTrace(f);
  const { text, cut } = cutLines(trace.text, maxLines);
  const more = cut > 0 ? `
\u2026 ${cut} more lines in the crash report artifact` : "";
  return [
    `#### \u{1F4A5} ${md(f.kind)}: ${md(f.title, 300)}`,
    "",
    meta.join(" \xB7 "),
    "",
    details(
      trace.decoded ? "Decoded trace" : "Trace (not decoded: no vmlinux with debug info)",
      escapePre(text) + more
    )
  ].join("\n");
}
function excerptBlock(p, maxLines) {
  const { text } = cutLines(p.test.excerpt ?? "", maxLines);
  return details(`${STATUS_ICON[p.test.status]} ${escapeHtml(p.path)}`, escapePre(text));
}
function metrics(r) {
  const rows = [];
  if (r.vm) {
    rows.push(["accelerator", `**${r.vm.accel}** \u2014 ${md(r.vm.accelReason)}`]);
    rows.push(["boot to first test", formatDuration((r.vm.bootSeconds ?? NaN) * 1e3)]);
    rows.push([
      "VM",
      `${r.vm.cpus} CPU, ${r.vm.memoryMiB} MiB${r.vm.boots && r.vm.boots > 1 ? `, ${r.vm.boots} boots` : ""}`
    ]);
  }
  rows.push(["run duration", formatDuration(r.durationMs)]);
  if (r.build) {
    if (r.build.seconds !== void 0) rows.push(["build", formatDuration(r.build.seconds * 1e3)]);
    if (r.build.ccacheHitRate !== void 0)
      rows.push(["ccache hit rate", percent(r.build.ccacheHitRate)]);
    if (r.build.warnings !== void 0) rows.push(["build warnings", String(r.build.warnings)]);
  }
  const out = [
    "### Metrics",
    "",
    "| metric | value |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`)
  ];
  if (r.suites.length > 0)
    out.push(
      "",
      "| suite | kind | tests | duration |",
      "|---|---|---:|---:|",
      ...r.suites.map(
        (s) => `| ${md(s.name)} | ${s.kind} | ${s.tests.length} | ${formatDuration(s.durationMs)} |`
      )
    );
  const slow = slowest(r, 5);
  if (slow.length > 0)
    out.push(
      "",
      "<b>Slowest tests</b>",
      "",
      ...slow.map((t, i) => `${i + 1}. ${md(t.path, 200)} \u2014 ${formatDuration(t.durationMs)}`)
    );
  const mismatches = r.build?.configMismatches ?? [];
  if (mismatches.length > 0)
    out.push(
      "",
      `<b>Config options that did not stick (${mismatches.length})</b>`,
      "",
      "| option | wanted | got | why |",
      "|---|---|---|---|",
      ...mismatches.slice(0, 50).map(
        (m) => `| ${md(m.option)} | ${md(m.wanted)} | ${md(m.got)} | ${md(m.reason ?? "", 200)} |`
      )
    );
  return out.join("\n");
}
function environment(r) {
  const rows = [];
  if (r.vm?.kernelRelease) rows.push(["kernel", r.vm.kernelRelease]);
  if (r.build?.configHash) rows.push(["config hash", r.build.configHash]);
  if (r.vm?.cmdline) rows.push(["kernel command line", r.vm.cmdline]);
  for (const [k, v] of Object.entries(r.environment ?? {})) rows.push([k, v]);
  rows.push(["started", r.startedAt]);
  return [
    "### Environment",
    "",
    "| what | value |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${md(k, 100)} | ${md(v, 500)} |`)
  ].join("\n");
}
function commandBlock(r) {
  const { command, inferred } = reproduceCommand(r);
  const fence = fenceFor(command);
  return [
    inferred ? "Inferred from the results (the exact command was not recorded; fill in the kernel and commands):" : "The exact command this run used:",
    "",
    `${fence}sh`,
    escapeForFence(command),
    fence
  ].join("\n");
}
function reproduce(r, parts) {
  const distinct = new Set((parts ?? []).map((p) => p.name)).size > 1;
  if (!distinct || r.reproduce) return ["### Reproduce locally", "", commandBlock(r)].join("\n");
  const seen = /* @__PURE__ */ new Set();
  const blocks = [];
  for (const p of parts) {
    const { command } = reproduceCommand(p);
    if (seen.has(command)) continue;
    seen.add(command);
    blocks.push(
      `**${md(p.name)}**${p.shard ? ` (shard ${p.shard.index}/${p.shard.total})` : ""}: ${commandBlock(p)}`
    );
  }
  return ["### Reproduce locally", ...blocks].join("\n\n");
}
var escapeForFence = (s) => s.replace(/\r/g, "");
function annotationsNote(opts) {
  const left = opts.annotationsLeftOut;
  if (!left || left.errors + left.warnings === 0) return void 0;
  return `> [!NOTE]
> GitHub shows at most 10 error and 10 warning annotations per step: ${left.errors} error(s) and ${left.warnings} warning(s) were not annotated. They are all listed below and in results.json.`;
}
function renderSummary(results, opts = {}) {
  const budget = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const maxTraceLines = opts.maxTraceLines ?? 120;
  const head = [header(results)];
  const note = annotationsNote(opts);
  if (note) head.push(note);
  head.push(countsTable(results));
  const pie = statusPie(results);
  const gantt = durationGantt(results);
  if (pie) head.push(pie);
  if (opts.parts && opts.parts.length > 1) head.push(partsTable(opts.parts));
  const tail = [metrics(results), environment(results), reproduce(results, opts.parts)].filter(
    (s) => s !== void 0
  );
  const trimmed = [];
  const fixed = bytes(head.join("\n\n")) + bytes(tail.join("\n\n")) + 2048;
  const room = budget - fixed;
  let left = Math.floor(room * 0.4);
  const fits = (s) => bytes(s) + 2 <= left;
  const spend = (s) => left -= bytes(s) + 2;
  const findingBlocks = [];
  for (const f of results.findings) {
    const full = findingBlock(f, maxTraceLines);
    const short = findingBlock(f, 15);
    const block2 = fits(full) ? full : fits(short) ? short : void 0;
    if (!block2) break;
    spend(block2);
    findingBlocks.push(block2);
  }
  if (findingBlocks.length < results.findings.length)
    trimmed.push(
      `${results.findings.length - findingBlocks.length} of ${results.findings.length} findings`
    );
  left += Math.floor(room * 0.4);
  const probs = problems(results);
  const rows = [];
  for (const p of probs) {
    const row = problemRow(p);
    if (!fits(row)) break;
    spend(row);
    rows.push(row);
  }
  if (rows.length < probs.length)
    trimmed.push(`${probs.length - rows.length} of ${probs.length} problem rows`);
  left += room - 2 * Math.floor(room * 0.4);
  let ganttBlock;
  if (gantt) {
    ganttBlock = gantt.omitted > 0 ? `${gantt.source}

<sub>Timeline: the ${gantt.omitted} shortest tests are not drawn.</sub>` : gantt.source;
    if (fits(ganttBlock)) spend(ganttBlock);
    else {
      ganttBlock = void 0;
      trimmed.push("the duration timeline");
    }
  }
  const outputs = problemOutputs(results);
  const excerpts = [];
  for (const p of outputs) {
    const block2 = excerptBlock(p, 40);
    if (!fits(block2)) break;
    spend(block2);
    excerpts.push(block2);
  }
  if (excerpts.length < outputs.length)
    trimmed.push(
      `output of ${outputs.length - excerpts.length} of ${outputs.length} failing tests`
    );
  let tailBlock;
  if (results.consoleTail && results.consoleTail.length > 0) {
    tailBlock = details("Last console lines", escapePre(results.consoleTail.join("\n")));
    if (fits(tailBlock)) spend(tailBlock);
    else {
      tailBlock = void 0;
      trimmed.push("the console tail");
    }
  }
  const body = [];
  if (probs.length > 0)
    body.push([`### Problems (${probs.length})`, "", ...PROBLEM_HEAD, ...rows].join("\n"));
  if (results.findings.length > 0)
    body.push(`### Kernel findings (${results.findings.length})`, ...findingBlocks);
  if (ganttBlock) body.push(ganttBlock);
  if (excerpts.length > 0) body.push("### Output of failing tests (last lines)", ...excerpts);
  if (tailBlock) body.push(tailBlock);
  const parts = [...head, ...body, ...tail];
  if (trimmed.length > 0)
    parts.push(
      `> [!WARNING]
> Summary trimmed to stay under GitHub's 1 MiB limit: not shown: ${trimmed.join("; ")}. Everything is in results.json and the artifacts.`
    );
  return `${parts.join("\n\n")}
`;
}

// src/core/summary/terminal.ts
var VERDICT_COLOR = {
  success: "32",
  unstable: "33",
  failure: "31",
  critical: "1;31"
};
var STATUS_COLOR = {
  pass: "32",
  fail: "31",
  timeout: "31",
  crashed: "1;31",
  flaky: "33",
  xpass: "33",
  skip: "2",
  "not-run": "2"
};
function renderTerminal(results, opts = {}) {
  const paint = (code, s) => opts.color && code ? `\x1B[${code}m${s}\x1B[0m` : s;
  const bold = (s) => paint("1", s);
  const t = plainText;
  const out = [];
  out.push(
    `${paint(VERDICT_COLOR[results.verdict], `${VERDICT_LABEL[results.verdict].toUpperCase()}`)}  ${bold(t(results.name))}`
  );
  out.push(`  ${t(results.conclusion)}`);
  if (results.abort) out.push(`  run aborted (${results.abort.kind}): ${t(results.abort.message)}`);
  if (results.shard) out.push(`  shard ${results.shard.index} of ${results.shard.total}`);
  out.push("");
  const counts = STATUSES.filter((s) => results.counts[s] > 0).map(
    (s) => paint(STATUS_COLOR[s], `${s} ${results.counts[s]}`)
  );
  out.push(`${bold("Subtests")}  ${counts.join(", ") || "none"}  (total ${results.counts.total})`);
  if (opts.parts && opts.parts.length > 1) {
    out.push("", bold(`Merged runs (${opts.parts.length})`));
    for (const p of opts.parts) {
      const shard = p.shard ? ` shard ${p.shard.index}/${p.shard.total}` : "";
      out.push(
        `  ${VERDICT_LABEL[p.verdict].padEnd(8)} ${t(p.name)}${shard}: ${p.counts.total} subtests, ${p.counts.fail} failed`
      );
    }
  }
  const probs = problems(results);
  if (probs.length > 0) {
    const max = opts.maxProblems ?? 50;
    out.push("", bold(`Problems (${probs.length})`));
    for (const p of probs.slice(0, max)) {
      const why = p.test.reason ?? p.test.directive ?? "";
      out.push(
        `  ${paint(STATUS_COLOR[p.test.status], p.test.status.toUpperCase().padEnd(7))} ${t(p.path)}  ${formatDuration(p.test.durationMs)}${why ? `  (${t(why).split("\n")[0]})` : ""}`
      );
    }
    if (probs.length > max) out.push(`  \u2026 and ${probs.length - max} more (see results.json)`);
  }
  const left = opts.annotationsLeftOut;
  if (left && left.errors + left.warnings > 0)
    out.push(
      `  (${left.errors} error(s) and ${left.warnings} warning(s) beyond GitHub's annotation limit)`
    );
  if (results.findings.length > 0) {
    out.push("", bold(`Kernel findings (${results.findings.length})`));
    for (const f of results.findings) {
      const where = findingLocation(f);
      out.push(
        `  ${paint("1;31", f.kind)}: ${t(f.title)}`,
        `    ${f.test ? `during ${t(f.test)}` : "outside any test"}${where ? `, at ${t(where)}` : ""}${f.count > 1 ? `, seen ${f.count}x` : ""}, console.log lines ${f.lines.first}-${f.lines.last}`
      );
      const trace = findingTrace(f);
      const lines = t(trace.text).replace(/\n+$/, "").split("\n");
      const max = opts.maxTraceLines ?? 30;
      out.push(...lines.slice(0, max).map((l) => `    | ${l}`));
      if (lines.length > max) out.push(`    | \u2026 ${lines.length - max} more lines`);
    }
  }
  out.push("", bold("Metrics"));
  if (results.vm) {
    out.push(`  accelerator  ${results.vm.accel} (${t(results.vm.accelReason)})`);
    out.push(`  boot         ${formatDuration((results.vm.bootSeconds ?? NaN) * 1e3)}`);
  }
  out.push(`  duration     ${formatDuration(results.durationMs)}`);
  if (results.build?.seconds !== void 0)
    out.push(`  build        ${formatDuration(results.build.seconds * 1e3)}`);
  if (results.build?.ccacheHitRate !== void 0)
    out.push(`  ccache hits  ${percent(results.build.ccacheHitRate)}`);
  for (const s of results.suites)
    out.push(`  suite ${t(s.name)}: ${s.tests.length} tests, ${formatDuration(s.durationMs)}`);
  const slow = slowest(results, 5);
  if (slow.length > 0) {
    out.push("  slowest:");
    for (const s of slow)
      out.push(`    ${formatDuration(s.durationMs).padStart(10)}  ${t(s.path)}`);
  }
  const env = [];
  if (results.vm?.kernelRelease) env.push(["kernel", results.vm.kernelRelease]);
  if (results.build?.configHash) env.push(["config", results.build.configHash]);
  for (const [k, v] of Object.entries(results.environment ?? {})) env.push([k, v]);
  if (env.length > 0) {
    out.push("", bold("Environment"));
    for (const [k, v] of env) out.push(`  ${t(k)}: ${t(v)}`);
  }
  const repro = reproduceCommand(results);
  out.push(
    "",
    bold(repro.inferred ? "Reproduce (inferred)" : "Reproduce"),
    `  ${t(repro.command)}`
  );
  return `${out.join("\n")}
`;
}

// src/pipeline/report.ts
async function loadResults(path) {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "results.json") : path;
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = err.code;
    throw new UsageError(
      `${file}: ${code === "ENOENT" ? "no such file" : `cannot read (${code})`}`
    );
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${err.message.split("\n")[0]})`);
  }
  const problem = resultsProblem(json);
  if (problem) throw new UsageError(`${file}: not a kernel-ci results file: ${problem}`);
  return json;
}
async function present(results, host, parts, stdout) {
  const chosen = chooseAnnotations(results);
  const markdown = renderSummary(results, { annotationsLeftOut: chosen.leftOut, parts });
  const colour = host.kind === "terminal" && !!process.stdout.isTTY && !process.env.NO_COLOR;
  const text = renderTerminal(results, {
    color: colour,
    annotationsLeftOut: chosen.leftOut,
    parts
  });
  if (host.kind === "actions") {
    host.untrusted(text.replace(/\n$/, "").split("\n"));
    await host.summary(markdown);
  } else stdout(text);
  for (const a of chosen.annotations) host.annotate(a);
  host.setOutput("verdict", results.verdict);
  host.setOutput("conclusion", results.conclusion);
  host.setOutput("counts", JSON.stringify(results.counts));
  return { leftOut: chosen.leftOut, markdown };
}
var stdoutWriter = (s) => void process.stdout.write(s);
async function reportCommand(flags, files, host, stdout = stdoutWriter) {
  if (files.length === 0) throw new UsageError("report: no results.json given");
  const runs = [];
  for (const f of files) runs.push(await loadResults(f));
  const merged = mergeResults(runs);
  const { markdown } = await present(merged, host, runs.length > 1 ? runs : void 0, stdout);
  const write = async (flag, content) => {
    const path = flags[flag];
    if (typeof path !== "string" || path === "") return;
    await writeFile(path, content);
    host.setOutput(flag === "json" ? "results" : flag, resolve(path));
  };
  await write("summary", markdown);
  await write("json", `${JSON.stringify(merged, null, 2)}
`);
  await write("junit", toJUnit(runs));
  return exitCodeFor(merged.verdict);
}
var CRASH_KINDS = /* @__PURE__ */ new Set([
  "panic",
  "oops",
  "bug",
  "kasan",
  "kfence",
  "kill-init",
  "hung-task",
  "soft-lockup",
  "hard-lockup",
  "rcu-stall"
]);
function crashed(results) {
  return results.findings.some((f) => f.fatal || CRASH_KINDS.has(f.kind));
}
async function writeCrashReports(results, outDir) {
  if (results.findings.length === 0) return [];
  const dir = join(outDir, "crashes");
  await rm(dir, { force: true, recursive: true });
  await mkdir(dir);
  const written = [];
  let n = 0;
  for (const f of results.findings) {
    const file = join(
      dir,
      `${String(++n).padStart(2, "0")}-${f.kind}-${f.fingerprint.replace(/[^\w-]/g, "").slice(0, 16)}.txt`
    );
    const where = f.location ? `${f.location.file}:${f.location.line}` : "unknown";
    await writeFresh(
      file,
      [
        `${f.kind}: ${f.title}`,
        `test: ${f.test ?? "(none running)"}`,
        `fatal: ${f.fatal}  seen: ${f.count}  console.log lines ${f.lines.first}-${f.lines.last}`,
        `location: ${where}`,
        `fingerprint: ${f.fingerprint}`,
        "",
        ...f.decoded ? ["--- decoded ---", f.decoded.replace(/\n+$/, ""), ""] : [],
        "--- as printed ---",
        f.report.replace(/\n+$/, ""),
        ""
      ].join("\n")
    );
    written.push(file);
  }
  return written;
}
async function writeFresh(path, content) {
  await rm(path, { force: true, recursive: true });
  await writeFile(path, content, { flag: "wx" });
}
var isPlainFile = (p) => {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
};
async function gzipInto(src, dest) {
  await rm(dest, { force: true, recursive: true });
  await pipeline(
    createReadStream(src),
    createGzip({ level: 6 }),
    createWriteStream(dest, { flags: "wx" })
  );
}
async function runArtifactFiles(results, outDir, opts = {}) {
  const files = [];
  const add = (name) => {
    const p = join(outDir, name);
    if (isPlainFile(p)) files.push(p);
  };
  for (const name of ["results.json", "console.log", "junit.xml", "results.tap"]) add(name);
  for (const rel2 of Object.values(results.files ?? {}))
    if (!rel2.includes("..") && !files.includes(join(outDir, rel2))) add(rel2);
  files.push(...await writeCrashReports(results, outDir));
  const config = opts.config ?? join(outDir, "config");
  const rel = relative(outDir, config);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    if (existsSync(config)) {
      const inside = join(outDir, "kernel.config");
      await writeFresh(inside, await readFile(config, "utf8"));
      files.push(inside);
    }
  } else if (isPlainFile(config)) files.push(config);
  if (opts.vmlinux && crashed(results) && existsSync(opts.vmlinux)) {
    const gz = join(outDir, `${basename(opts.vmlinux)}.gz`);
    await gzipInto(opts.vmlinux, gz);
    files.push(gz);
  }
  return [...new Set(files.map((f) => resolve(f)))];
}
async function publishRun(results, outDir, host, opts = {}) {
  await present(results, host, void 0, opts.stdout ?? stdoutWriter);
  await writeFresh(join(outDir, "junit.xml"), toJUnit([results]));
  await writeFresh(join(outDir, "results.tap"), toTap(results));
  for (const [output, name] of [
    ["results", "results.json"],
    ["junit", "junit.xml"],
    ["console", "console.log"]
  ])
    if (existsSync(join(outDir, name))) host.setOutput(output, resolve(outDir, name));
  const files = await runArtifactFiles(results, outDir, opts);
  const artifact = artifactName(results, opts.env ?? process.env);
  if (host.kind === "actions") await host.uploadArtifact(artifact, files, resolve(outDir));
  return { artifact, files };
}

export {
  finalExits,
  fullName,
  resultsProblem,
  parseShard,
  splitPlan,
  loadResults,
  reportCommand,
  crashed,
  writeCrashReports,
  writeFresh,
  runArtifactFiles,
  publishRun
};
