import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runCommand
} from "./chunk-4FJ2EW37.js";
import {
  pathError,
  writeFresh
} from "./chunk-BOMWI6QC.js";
import {
  isFailing,
  leaves
} from "./chunk-ENS4J5SQ.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/pipeline/repeat.ts
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";

// src/core/repeat.ts
function outcomeOf(run, results, exitCode, console) {
  const failedTests = [];
  for (const suite of results.suites)
    for (const { path, test } of leaves(suite.tests, suite.name))
      if (isFailing(test.status)) failedTests.push(path);
  return {
    run,
    exitCode,
    verdict: results.verdict,
    aborted: results.abort !== void 0,
    cancelled: results.abort?.kind === "cancelled",
    findings: results.findings.map((f) => ({
      fingerprint: f.fingerprint,
      title: f.title,
      kind: f.kind,
      fatal: f.fatal
    })),
    failedTests,
    seconds: results.durationMs / 1e3,
    console
  };
}
var failed = (o) => o.verdict !== "success";
function failureKey(o) {
  if (!failed(o)) return void 0;
  const f = o.findings.find((x) => x.fatal) ?? o.findings[0];
  if (f) return { key: f.fingerprint, label: f.title };
  const t = o.failedTests[0];
  if (t !== void 0) return { key: `test:${t}`, label: `${t} failed` };
  return {
    key: `verdict:${o.verdict}`,
    label: `verdict ${o.verdict} without a finding or a failed test`
  };
}
var testMatches = (id, want) => id === want || id.startsWith(`${want} / `);
function matchesRule(o, rule) {
  if (!failed(o)) return false;
  if (rule.fingerprint !== void 0 && !o.findings.some((f) => f.fingerprint === rule.fingerprint))
    return false;
  if (rule.title !== void 0 && !o.findings.some((f) => rule.title.test(f.title))) return false;
  if (rule.test !== void 0 && !o.failedTests.some((t) => testMatches(t, rule.test)))
    return false;
  return true;
}
function groupFailures(outcomes) {
  const groups = /* @__PURE__ */ new Map();
  const add = (k, run) => {
    const g = groups.get(k.key) ?? { ...k, runs: [] };
    if (!g.runs.includes(run)) g.runs.push(run);
    groups.set(k.key, g);
  };
  for (const o of [...outcomes].sort((a, b) => a.run - b.run)) {
    if (!failed(o)) continue;
    if (o.findings.length > 0)
      for (const f of o.findings) add({ key: f.fingerprint, label: f.title }, o.run);
    else add(failureKey(o), o.run);
  }
  return [...groups.values()].sort(
    (a, b) => b.runs.length - a.runs.length || a.runs[0] - b.runs[0]
  );
}
function normalQuantile(p) {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (q2) => (((((c[0] * q2 + c[1]) * q2 + c[2]) * q2 + c[3]) * q2 + c[4]) * q2 + c[5]) / ((((d[0] * q2 + d[1]) * q2 + d[2]) * q2 + d[3]) * q2 + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
function wilsonInterval(k, n, confidence = 0.95) {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`wilsonInterval: need 0 \u2264 k \u2264 n, n \u2265 1 (k=${k}, n=${n})`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {
    rate: p,
    low: k === 0 ? 0 : Math.max(0, centre - half),
    high: k === n ? 1 : Math.min(1, centre + half),
    confidence
  };
}
var pct = (x) => `${(x * 100).toFixed(1)} %`;
function describeRate(k, n, confidence = 0.95) {
  const i = wilsonInterval(k, n, confidence);
  return `${k}/${n} run(s) failed: ${pct(i.rate)} (${Math.round(confidence * 1e3) / 10} % CI ${pct(i.low)}\u2013${pct(i.high)})`;
}

// src/pipeline/repeat.ts
function fileHost(file) {
  const put = (s) => appendFileSync(file, s.endsWith("\n") ? s : `${s}
`);
  return {
    kind: "actions",
    info: put,
    warn: (m) => put(`warning: ${m}`),
    untrusted: (lines) => put(lines.map((l) => `  | ${l}`).join("\n")),
    group: async (title, fn) => {
      put(`== ${title}`);
      return fn();
    },
    annotate: (a) => put(`${a.level}: ${a.title ? `${a.title}: ` : ""}${a.message}`),
    setOutput: () => void 0,
    summary: async (md) => put(md),
    uploadArtifact: async () => void 0,
    restoreCache: async () => void 0,
    saveCache: async () => void 0
  };
}
function runFlagsOf(flags) {
  const none = { kernel: void 0, modules: void 0, vmlinux: void 0, source: void 0 };
  return { ...none, ...flags, repeat: void 0 };
}
async function runOnce(run, outDir, k) {
  const out = join(outDir, `run-${k}`);
  const logs = join(outDir, "logs");
  mkdirSync(logs, { recursive: true });
  const options = { ...run, out, quiet: true };
  const log = join(logs, `run-${k}.log`);
  writeFileSync(log, "");
  const code = await runCommand(options, fileHost(log));
  const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
  return outcomeOf(k, results, code, join(out, "console.log"));
}
async function runPool(o) {
  const running = /* @__PURE__ */ new Set();
  let failure;
  for (; ; ) {
    while (failure === void 0 && running.size < o.jobs && !o.stopped?.()) {
      const k = o.next(running.size);
      if (k === void 0) break;
      const p = o.run(k).then(
        (r) => o.done(r),
        (err) => {
          failure ??= err;
        }
      ).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (failure !== void 0) throw failure;
}
function stopRuleOf(flags) {
  const rule = {};
  const fp = flags["until-fingerprint"];
  const title = flags["until-title"];
  const test = flags["until-test"];
  if (fp !== void 0) {
    if (!/^[0-9a-f]{16}$/.test(fp))
      throw new UsageError(`--until-fingerprint: expected 16 hex digits, got '${fp}'`);
    rule.fingerprint = fp;
  }
  if (title !== void 0) {
    try {
      rule.title = new RegExp(title);
    } catch (err) {
      throw new UsageError(`--until-title: not a regular expression: ${err.message}`);
    }
  }
  if (test !== void 0) rule.test = test;
  return fp === void 0 && title === void 0 && test === void 0 ? void 0 : rule;
}
function confidenceOf(flags) {
  const raw = flags.confidence ?? "0.95";
  const c = Number(raw);
  if (!/^\s*0?\.\d+\s*$/.test(raw) || !(c > 0 && c < 1))
    throw new UsageError(
      `--confidence: expected a number between 0 and 1 (e.g. 0.95), got '${raw}'`
    );
  return c;
}
var jobsOf = (flags) => flags.jobs ?? availableParallelism();
function stopSignal(host) {
  let reason;
  const on = (sig) => {
    if (reason === void 0) host.warn(`${sig}: no more runs are started`);
    reason = sig;
  };
  process.on("SIGINT", on);
  process.on("SIGTERM", on);
  return {
    stopped: () => reason !== void 0,
    dispose: () => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    }
  };
}
var secs = (s) => `${s.toFixed(1)} s`;
function runLine(o, total) {
  const why = o.findings.find((f) => f.fatal) ?? o.findings[0];
  const what = !failed(o) ? "pass" : why ? `${o.verdict}: ${why.title} [${why.fingerprint}]` : `${o.verdict}: ${o.failedTests.slice(0, 3).join(", ") || "no test result"}`;
  return `run ${o.run}/${total}: ${what} (${secs(o.seconds)})`;
}
async function repeatCommand(flags, host) {
  const times = flags.times;
  const rule = stopRuleOf(flags);
  const confidence = confidenceOf(flags);
  const jobs = jobsOf(flags);
  const outDir = resolve(flags.out);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw pathError("--out", outDir, err);
  }
  const run = runFlagsOf(flags);
  const total = rule ? `\u2264${times}` : String(times);
  host.info(
    `repeat: ${rule ? `until ${describeRule(rule)}, at most ` : ""}${times} run(s), ${jobs} at a time, into ${outDir}/run-K`
  );
  const outcomes = [];
  let started = 0;
  let matched;
  const t0 = Date.now();
  const signal = stopSignal(host);
  try {
    await runPool({
      jobs,
      next: () => matched || started >= times ? void 0 : ++started,
      run: (k) => runOnce(run, outDir, k),
      done: (o) => {
        if (o.cancelled) return host.info(`run ${o.run}/${total}: cancelled (not counted)`);
        outcomes.push(o);
        host.info(runLine(o, total));
        if (rule && matchesRule(o, rule) && (!matched || o.run < matched.run)) matched = o;
      },
      stopped: signal.stopped
    });
  } finally {
    signal.dispose();
  }
  if (outcomes.length === 0) return 2;
  outcomes.sort((a, b) => a.run - b.run);
  const report = repeatReport(outcomes, confidence, rule, (Date.now() - t0) / 1e3);
  for (const l of report.lines) host.info(l);
  writeFresh(
    join(outDir, "repeat.json"),
    JSON.stringify(
      {
        schema: "kernel-ci-repeat/v1",
        runs: outcomes.length,
        failures: report.failures,
        interval: wilsonInterval(report.failures, outcomes.length, confidence),
        groups: groupFailures(outcomes),
        firstFailure: report.firstFailure ? { run: report.firstFailure.run, console: report.firstFailure.console } : null,
        outcomes
      },
      null,
      2
    ) + "\n"
  );
  host.setOutput("failures", String(report.failures));
  host.setOutput("runs", String(outcomes.length));
  host.setOutput("failure-rate", report.rate.toFixed(4));
  host.setOutput("first-failure-console", report.firstFailure?.console ?? "");
  await host.summary(report.lines.map((l) => `    ${l}`).join("\n") + "\n");
  return report.failures > 0 ? 1 : 0;
}
function describeRule(r) {
  const parts = [];
  if (r.fingerprint) parts.push(`fingerprint ${r.fingerprint}`);
  if (r.title) parts.push(`a title matching /${r.title.source}/`);
  if (r.test) parts.push(`test '${r.test}' failing`);
  return parts.join(" and ");
}
function repeatReport(outcomes, confidence, rule, seconds) {
  const n = outcomes.length;
  const bad = outcomes.filter(failed);
  const first = bad[0];
  const lines = ["", `${describeRate(bad.length, n, confidence)} in ${secs(seconds)}`];
  if (rule) {
    const m = outcomes.filter((o) => matchesRule(o, rule));
    lines.push(
      m.length ? `${describeRule(rule)}: first in run ${m[0].run}; ${describeRate(m.length, n, confidence)} (the runs stopped there: the rate leans high)` : `${describeRule(rule)}: not seen in ${n} run(s)`
    );
  }
  for (const g of groupFailures(outcomes)) {
    const i = wilsonInterval(g.runs.length, n, confidence);
    lines.push(
      `  ${String(g.runs.length).padStart(3)}\xD7 ${g.key.padEnd(16)} ${g.label} (${(i.rate * 100).toFixed(1)} %; runs ${g.runs.join(", ")})`
    );
  }
  if (first) lines.push(`first failing run: ${first.run}, console ${first.console}`);
  return { lines, failures: bad.length, rate: bad.length / n, firstFailure: first };
}

export {
  failureKey,
  wilsonInterval,
  fileHost,
  runFlagsOf,
  runOnce,
  runPool,
  stopRuleOf,
  confidenceOf,
  jobsOf,
  stopSignal,
  runLine,
  repeatCommand,
  repeatReport
};
