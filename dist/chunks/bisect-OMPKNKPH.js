import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  confidenceOf,
  failureKey,
  fileHost,
  jobsOf,
  runFlagsOf,
  runLine,
  runOnce,
  runPool,
  stopSignal,
  wilsonInterval
} from "./chunk-C6ACCWKG.js";
import {
  BuildFailed,
  buildKernel,
  formatElapsed,
  optionsFromFlags
} from "./chunk-DHRGKBNH.js";
import "./chunk-4FJ2EW37.js";
import "./chunk-7E3I45IO.js";
import "./chunk-GS65EVVR.js";
import "./chunk-B2E6PNWA.js";
import "./chunk-Q7WCAKSK.js";
import "./chunk-VGQD5WZU.js";
import "./chunk-ZKLSXLYR.js";
import {
  writeFresh
} from "./chunk-BOMWI6QC.js";
import "./chunk-ENS4J5SQ.js";
import "./chunk-SNOY64RD.js";
import "./chunk-RRCOAR6J.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";

// src/pipeline/bisect.ts
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";

// src/core/bisect.ts
var BISECT_SCHEMA = "kernel-ci-bisect/v1";
function runsNeeded(p, confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!(p > 0)) return Infinity;
  if (p >= 1) return 1;
  return Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(1 - p) - 1e-9));
}
function estimatedSteps(candidates) {
  return candidates <= 0 ? 0 : Math.ceil(Math.log2(candidates + 1));
}
function stepConfidence(confidence, steps) {
  return 1 - (1 - confidence) / Math.max(1, steps);
}
function rateForSteps(failures, runs) {
  if (failures <= 0) return 0;
  return wilsonInterval(failures, runs, 0.6827).low;
}
function stepVerdict(runs, needed) {
  const count = (k) => runs.filter((r) => r.kind === k).length;
  if (count("matching") > 0) return "bad";
  if (count("clean") >= needed) return "good";
  if (count("other") >= needed) return "skip";
  return void 0;
}
function runsToStart(runs, needed, inFlight) {
  if (stepVerdict(runs, needed) !== void 0) return 0;
  const clean = runs.filter((r) => r.kind === "clean").length;
  return Math.max(0, needed - clean - inFlight);
}
function nextStep(commits, verdicts) {
  const n = commits.length;
  let hi = n - 1;
  for (let i = 0; i < n; i++)
    if (verdicts.get(commits[i]) === "bad") {
      hi = i;
      break;
    }
  let lo = -1;
  for (let i = hi - 1; i >= 0; i--)
    if (verdicts.get(commits[i]) === "good") {
      lo = i;
      break;
    }
  const open = [];
  for (let i = lo + 1; i < hi; i++) if (!verdicts.has(commits[i])) open.push(i);
  if (open.length === 0) {
    const between = commits.slice(lo + 1, hi);
    if (between.length === 0) return { firstBad: commits[hi], remaining: 0 };
    return { ambiguous: [...between, commits[hi]], remaining: 0 };
  }
  const mid = (lo + hi) / 2;
  const pick = open.reduce((best, i) => Math.abs(i - mid) < Math.abs(best - mid) ? i : best);
  return { next: commits[pick], remaining: estimatedSteps(open.length) };
}
function verdictsOf(log) {
  const m = /* @__PURE__ */ new Map();
  for (const s of log.steps) if (s.verdict) m.set(s.commit, s.verdict);
  return m;
}
function showsFailure(o, target) {
  if (target.key.startsWith("test:")) return o.failedTests.includes(target.key.slice(5));
  if (target.key.startsWith("verdict:")) return failureKey(o)?.key === target.key;
  return o.findings.some((f) => f.fingerprint === target.key);
}
function classifyRun(o, target) {
  if (showsFailure(o, target)) return "matching";
  if (!o.aborted) return "clean";
  return "other";
}

// src/pipeline/bisect.ts
var git = (dir, ...args) => {
  const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0)
    throw new Error(
      `git ${args.join(" ")} in ${dir}: ${(r.stderr || r.error?.message || "").trim()}`
    );
  return r.stdout.trim();
};
function commitOf(repo, rev, flag) {
  try {
    return git(repo, "rev-parse", "--verify", "--quiet", `${rev}^{commit}`);
  } catch {
    throw new UsageError(`${flag} ${rev}: not a commit in ${repo}`);
  }
}
function commitsBetween(repo, good, bad) {
  const r = spawnSync("git", ["-C", repo, "merge-base", "--is-ancestor", good, bad]);
  if (r.status !== 0)
    throw new UsageError(
      `--good ${good.slice(0, 12)} is not an ancestor of --bad ${bad.slice(0, 12)}`
    );
  const list = git(
    repo,
    "rev-list",
    "--reverse",
    "--first-parent",
    "--ancestry-path",
    `${good}..${bad}`
  );
  return list ? list.split("\n") : [];
}
function worktree(repo, dir, rev) {
  if (existsSync(dir)) {
    let common;
    try {
      common = realpathSync(resolve(dir, git(dir, "rev-parse", "--git-common-dir")));
    } catch {
      throw new UsageError(`--worktree ${dir}: exists and is not a git worktree`);
    }
    const ours = realpathSync(resolve(repo, git(repo, "rev-parse", "--git-common-dir")));
    if (common !== ours)
      throw new UsageError(`--worktree ${dir}: a worktree of another repository (${common})`);
    return dir;
  }
  git(repo, "worktree", "add", "--quiet", "--detach", "--force", dir, rev);
  return dir;
}
var short = (c) => c.slice(0, 12);
var secs = (s) => formatElapsed(s * 1e3);
var save = (c) => writeFresh(join(c.out, "bisect.json"), JSON.stringify(c.log, null, 2) + "\n");
function realLab(flags, tree, out) {
  const runFlags = { ...runFlagsOf(flags), source: void 0, vmlinux: void 0 };
  return {
    async build(commit) {
      git(tree, "checkout", "--quiet", "--detach", "--force", commit);
      const opts = optionsFromFlags({
        ...flags,
        source: tree,
        "default-source": "6.12",
        out: join(out, "build"),
        jobs: void 0
      });
      const t0 = Date.now();
      try {
        const b = await buildKernel(
          opts,
          fileHost(join(out, "logs", `build-${short(commit)}.log`))
        );
        const seconds = (Date.now() - t0) / 1e3;
        const ccacheHitRate = b.ccache?.hitRate ?? null;
        if (b.exitCode !== 0)
          return {
            build: {
              seconds,
              ok: false,
              ccacheHitRate,
              error: "the config did not stick (--strict-config)"
            }
          };
        return {
          kernel: { bzImage: b.bzImage, modules: b.modulesDir },
          build: { seconds, ok: true, ccacheHitRate }
        };
      } catch (err) {
        if (!(err instanceof BuildFailed)) throw err;
        const seconds = (Date.now() - t0) / 1e3;
        return { build: { seconds, ok: false, error: `${err.message}; see ${err.log}` } };
      }
    },
    run: (kernel, dir, k) => runOnce({ ...runFlags, kernel: kernel.bzImage, modules: kernel.modules }, dir, k),
    subject: (commit) => git(tree, "log", "-1", "--format=%s", commit)
  };
}
async function buildStep(c, step) {
  const { kernel, build } = await c.lab.build(step.commit);
  step.build = build;
  c.log.buildSeconds += build.seconds;
  if (kernel)
    c.host.info(
      `built ${short(step.commit)} in ${secs(build.seconds)}${typeof build.ccacheHitRate === "number" ? ` (ccache ${(build.ccacheHitRate * 100).toFixed(0)} % hits)` : ""}`
    );
  else
    c.host.warn(
      `${short(step.commit)} does not build: ${build.error ?? "build failed"} (skipped, as git bisect skip)`
    );
  return kernel;
}
async function runStep(c, step, kernel, o) {
  const dir = join(c.out, "steps", short(step.commit));
  let last = Math.max(0, ...c.log.steps.flatMap((s) => s.runs.map((r) => r.run)));
  await runPool({
    jobs: c.jobs,
    next: (inFlight) => o.next(inFlight) ? ++last : void 0,
    run: (k) => c.lab.run(kernel, dir, k),
    done: (r) => {
      if (r.cancelled) return;
      step.runs.push(o.classify(r));
      c.log.runSeconds += r.seconds;
      save(c);
      c.host.info(o.progress(r));
    },
    stopped: c.stopped
  });
}
var record = (r, kind, key) => ({
  run: r.run,
  kind,
  ...key ? { key } : {},
  seconds: r.seconds,
  ...r.aborted ? { aborted: true } : {},
  console: r.console
});
async function measureBad(c) {
  const log = c.log;
  let step = log.steps[0];
  if (!step) {
    step = { commit: log.bad, subject: c.lab.subject(log.bad), runs: [] };
    log.steps.push(step);
  }
  const minRuns = c.badRuns;
  const maxRuns = c.maxRuns;
  const wanted = c.fingerprint;
  const targetKey = () => wanted ?? [...step.runs].sort((a, b) => a.run - b.run).find((r) => r.kind === "matching")?.key?.key;
  const matches = (r) => r.key !== void 0 && r.key.key === targetKey();
  const done = (inFlight) => {
    const started = step.runs.length + inFlight;
    return started >= maxRuns || step.runs.filter(matches).length >= c.badFailures && started >= minRuns;
  };
  const t0 = Date.now();
  if (!done(0)) {
    c.host.info(
      `measuring the bad commit ${short(log.bad)}: at least ${minRuns} runs and until it fails ${c.badFailures === 1 ? "once" : `${c.badFailures} times`} (at most ${maxRuns})`
    );
    const kernel = await buildStep(c, step);
    if (!kernel) throw new UsageError(`--bad ${short(log.bad)} does not build: nothing to measure`);
    await runStep(c, step, kernel, {
      next: (inFlight) => !done(inFlight),
      classify: (r) => {
        const f = wanted ? r.findings.find((x) => x.fingerprint === wanted) : void 0;
        const k = f ? { key: f.fingerprint, label: f.title } : failureKey(r);
        return record(r, k ? "matching" : "clean", k);
      },
      progress: (r) => `bad ${short(log.bad)}: ${runLine(r, `${Math.max(minRuns, step.runs.length)}+`)}`
    });
  }
  step.wallSeconds = (step.wallSeconds ?? 0) + (Date.now() - t0) / 1e3;
  save(c);
  if (c.stopped()) return false;
  const first = step.runs.find(matches);
  if (!first?.key) {
    c.host.warn(
      `no failure${wanted ? ` with fingerprint ${wanted}` : ""} in ${step.runs.length} run(s) at ${short(log.bad)}: nothing to bisect`
    );
    return false;
  }
  for (const r of step.runs) r.kind = matches(r) ? "matching" : r.aborted ? "other" : "clean";
  const failures = step.runs.filter((r) => r.kind === "matching").length;
  const counted = step.runs.filter((r) => r.kind !== "other").length;
  const rate = rateForSteps(failures, counted);
  const steps = estimatedSteps(log.commits.length - 1);
  const perStep = runsNeeded(rate, stepConfidence(log.confidence, steps));
  step.verdict = "bad";
  log.target = { key: first.key, runs: counted, failures, rate, runsPerStep: perStep };
  save(c);
  c.host.info(
    `target: ${first.key.label} [${first.key.key}], ${failures}/${counted} runs at ${short(log.bad)} (${(failures / counted * 100).toFixed(0)} %; sized for ${(rate * 100).toFixed(1)} %): ${perStep} clean run(s) make a step good (${steps} step(s), ${(log.confidence * 100).toFixed(0)} % for the whole bisection)`
  );
  return true;
}
async function bisectSteps(c) {
  const log = c.log;
  const target = log.target;
  for (; ; ) {
    if (c.stopped()) return;
    const verdicts = verdictsOf(log);
    const pending = log.steps.find((s2) => !s2.verdict);
    const ns = nextStep(log.commits, verdicts);
    const commit = pending?.commit ?? ns.next;
    if (!commit) {
      log.firstBad = ns.firstBad;
      log.ambiguous = ns.ambiguous;
      save(c);
      return;
    }
    let step = pending;
    if (!step) {
      step = { commit, subject: c.lab.subject(commit), runs: [] };
      log.steps.push(step);
      save(c);
    }
    const stepNo = log.steps.length - 1;
    const t0 = Date.now();
    const total = stepNo - 1 + ns.remaining;
    const kernel = await buildStep(c, step);
    if (!kernel) {
      step.verdict = "skip";
      step.reason = step.build?.error ?? "build failed";
      step.wallSeconds = (step.wallSeconds ?? 0) + (Date.now() - t0) / 1e3;
      save(c);
      continue;
    }
    const needed = target.runsPerStep;
    const s = step;
    await runStep(c, s, kernel, {
      next: (inFlight) => runsToStart(s.runs, needed, inFlight) > 0,
      classify: (r) => {
        const key = failureKey(r);
        return record(r, classifyRun(r, target.key), key);
      },
      progress: (r) => {
        const fails = s.runs.filter((x) => x.kind === "matching").length;
        const other = s.runs.filter((x) => x.kind === "other").length;
        return `step ${stepNo}/~${Math.max(stepNo, total)}, run ${s.runs.length}/${needed} at ${short(s.commit)}, ${fails} failure(s) so far${other ? `, ${other} other` : ""} \u2014 ${runLine(r, String(needed)).replace(/^run \S+ /, "")}`;
      }
    });
    s.wallSeconds = (s.wallSeconds ?? 0) + (Date.now() - t0) / 1e3;
    if (c.stopped()) return save(c);
    s.verdict = stepVerdict(s.runs, needed);
    if (s.verdict === "skip") s.reason = "other failures cut its runs short";
    save(c);
    c.host.info(`step ${stepNo}: ${short(s.commit)} is ${s.verdict} (${s.subject})`);
  }
}
function report(c) {
  const log = c.log;
  const lines = [
    "",
    `bisect ${short(log.good)}..${short(log.bad)} (${log.commits.length} commit(s)):`
  ];
  for (const [i, s] of log.steps.entries()) {
    const n = (k) => s.runs.filter((r) => r.kind === k).length;
    const keys = /* @__PURE__ */ new Map();
    for (const r of s.runs) if (r.key) keys.set(r.key.key, (keys.get(r.key.key) ?? 0) + 1);
    const fps = [...keys].map(([k, v]) => `${k}\xD7${v}`).join(" ");
    lines.push(
      `  ${i === 0 ? "bad " : `${String(i).padStart(3)} `} ${short(s.commit)} ${(s.verdict ?? "?").padEnd(4)} ${s.runs.length} run(s): ${n("matching")} failing as the target, ${n("clean")} clean, ${n("other")} other${fps ? ` [${fps}]` : ""}${s.build ? `; build ${secs(s.build.seconds)}${s.build.ok ? "" : " FAILED"}` : ""}  ${s.subject}`
    );
  }
  if (log.firstBad) lines.push(`first bad commit: ${log.firstBad} ${c.lab.subject(log.firstBad)}`);
  else if (log.ambiguous)
    lines.push(
      `only skipped commits left: the first bad commit is one of ${log.ambiguous.map(short).join(" ")}`
    );
  const total = (Date.now() - Date.parse(log.startedAt)) / 1e3;
  lines.push(
    `time: ${secs(total)} since the start (builds ${secs(log.buildSeconds)}, runs ${secs(log.runSeconds)} of VM time over ${c.jobs} job(s))`
  );
  return lines;
}
async function bisectCommand(flags, host) {
  const resumeDir = flags.resume;
  let out;
  let log;
  let repo;
  if (resumeDir) {
    out = resolve(resumeDir);
    const file = join(out, "bisect.json");
    if (!existsSync(file)) throw new UsageError(`--resume ${out}: no bisect.json there`);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    if (saved.schema !== BISECT_SCHEMA)
      throw new UsageError(`--resume ${file}: not a ${BISECT_SCHEMA} log`);
    flags = { ...flags, ...saved.flags, ...flags.jobs !== void 0 ? { jobs: flags.jobs } : {} };
    log = saved;
    repo = resolve(String(flags.source));
  } else {
    for (const f of ["source", "good", "bad"])
      if (flags[f] === void 0) throw new UsageError(`--${f} is required (or --resume OUT)`);
    repo = resolve(String(flags.source));
    if (!existsSync(repo)) throw new UsageError(`--source ${repo}: no such directory`);
    try {
      git(repo, "rev-parse", "--git-dir");
    } catch {
      throw new UsageError(`--source ${repo}: not a git repository`);
    }
    out = resolve(flags.out);
    const good = commitOf(repo, String(flags.good), "--good");
    const bad = commitOf(repo, String(flags.bad), "--bad");
    const commits = commitsBetween(repo, good, bad);
    if (commits.length === 0) throw new UsageError("--good and --bad are the same commit");
    if (existsSync(join(out, "bisect.json")))
      throw new UsageError(
        `--out ${out} holds a bisection already: --resume ${out}, or another --out`
      );
    log = {
      schema: BISECT_SCHEMA,
      good,
      bad,
      commits,
      confidence: confidenceOf(flags),
      steps: [],
      startedAt: (/* @__PURE__ */ new Date()).toISOString(),
      buildSeconds: 0,
      runSeconds: 0
    };
  }
  confidenceOf(flags);
  mkdirSync(join(out, "logs"), { recursive: true });
  const treeDir = resolve(String(flags.worktree ?? join(out, "tree")));
  if (!existsSync(treeDir))
    host.info(`git worktree add ${treeDir} (once: every step is checked out there)`);
  const tree = worktree(repo, treeDir, log.bad);
  const signal = stopSignal(host);
  const c = {
    host,
    out,
    log,
    lab: realLab(flags, tree, out),
    jobs: jobsOf(flags),
    badRuns: Number(flags["bad-runs"] ?? 10),
    badFailures: Number(flags["bad-failures"] ?? 3),
    maxRuns: Number(flags["max-runs"] ?? 100),
    ...flags.fingerprint ? { fingerprint: String(flags.fingerprint) } : {},
    stopped: signal.stopped
  };
  log.flags = { ...flags, resume: void 0 };
  save(c);
  host.info(
    `bisect ${short(log.good)}..${short(log.bad)}: ${log.commits.length} commit(s), ~${estimatedSteps(log.commits.length - 1)} step(s), worktree ${tree}, log ${join(out, "bisect.json")}`
  );
  let code;
  try {
    code = await bisect(c);
  } finally {
    signal.dispose();
  }
  if (code === 130) host.warn(`interrupted: kernel-ci bisect --resume ${out} continues`);
  host.setOutput("first-bad", log.firstBad ?? "");
  return code;
}
async function bisect(c) {
  mkdirSync(c.out, { recursive: true });
  if (!c.log.target && !await measureBad(c)) return c.stopped() ? 130 : 1;
  await bisectSteps(c);
  for (const l of report(c)) c.host.info(l);
  if (c.stopped()) return 130;
  return c.log.firstBad ? 0 : 1;
}
export {
  bisect,
  bisectCommand,
  realLab
};
