// `kernel-ci bisect`: find the commit that brought an intermittent failure.
// The bad commit is measured first (runs until it fails, its failure's key
// and rate kept), then each step checks out a commit, builds it with
// buildKernel into the same O= dir (incremental, ccache-warm), and repeats
// the run as often as that rate requires (src/core/bisect.ts). Everything is
// logged to OUT/bisect.json after every run: `--resume OUT` continues.
//
// The commits are checked out in a git worktree of the given repository
// (OUT/tree unless --worktree), not in the repository's own tree: a
// bisection takes an hour, and the user's checkout (their branch, their
// uncommitted edits, their editor's build) stays theirs meanwhile. One
// worktree at one path for every step, so make's timestamps and the
// objects' paths stay comparable and a step rebuilds only what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BisectOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import {
  BISECT_SCHEMA,
  classifyRun,
  estimatedSteps,
  nextStep,
  rateForSteps,
  runsNeeded,
  runsToStart,
  stepConfidence,
  stepVerdict,
  verdictsOf,
  type BisectLog,
  type RunRecord,
  type Step,
} from '../core/bisect.js';
import { failureKey, type FailureKey, type RunOutcome } from '../core/repeat.js';
import { formatElapsed } from '../core/kbuild/build-progress.js';
import { writeFresh } from '../system/safe-write.js';
import { BuildFailed, buildKernel, optionsFromFlags } from './build.js';
import type { Host } from './host.js';
import {
  confidenceOf,
  fileHost,
  jobsOf,
  runFlagsOf,
  runLine,
  runOnce,
  runPool,
  stopSignal,
} from './repeat.js';

const git = (dir: string, ...args: string[]): string => {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0)
    throw new Error(
      `git ${args.join(' ')} in ${dir}: ${(r.stderr || r.error?.message || '').trim()}`,
    );
  return r.stdout.trim();
};

function commitOf(repo: string, rev: string, flag: string): string {
  try {
    return git(repo, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`);
  } catch {
    throw new UsageError(`${flag} ${rev}: not a commit in ${repo}`);
  }
}

/** The first-parent line good..bad, oldest first (the bad commit last). */
function commitsBetween(repo: string, good: string, bad: string): string[] {
  const r = spawnSync('git', ['-C', repo, 'merge-base', '--is-ancestor', good, bad]);
  if (r.status !== 0)
    throw new UsageError(
      `--good ${good.slice(0, 12)} is not an ancestor of --bad ${bad.slice(0, 12)}`,
    );
  const list = git(
    repo,
    'rev-list',
    '--reverse',
    '--first-parent',
    '--ancestry-path',
    `${good}..${bad}`,
  );
  return list ? list.split('\n') : [];
}

/** The worktree the steps are built in: made once, reused on resume. */
function worktree(repo: string, dir: string, rev: string): string {
  if (existsSync(dir)) {
    let common: string;
    try {
      common = realpathSync(resolve(dir, git(dir, 'rev-parse', '--git-common-dir')));
    } catch {
      throw new UsageError(`--worktree ${dir}: exists and is not a git worktree`);
    }
    const ours = realpathSync(resolve(repo, git(repo, 'rev-parse', '--git-common-dir')));
    if (common !== ours)
      throw new UsageError(`--worktree ${dir}: a worktree of another repository (${common})`);
    return dir;
  }
  git(repo, 'worktree', 'add', '--quiet', '--detach', '--force', dir, rev);
  return dir;
}

const short = (c: string) => c.slice(0, 12);
const secs = (s: number) => formatElapsed(s * 1000);

export interface Kernel {
  bzImage: string;
  modules?: string;
}

/**
 * Where the commits become kernels and the kernels runs: git + buildKernel
 * + runCommand (realLab), or a stand-in when the bisection's logic itself is
 * tested.
 */
export interface Lab {
  /** Checks the commit out and builds it: the kernel, or no kernel (a skip) and why. */
  build(commit: string): Promise<{ kernel?: Kernel; build: NonNullable<Step['build']> }>;
  run(kernel: Kernel, dir: string, k: number): Promise<RunOutcome>;
  subject(commit: string): string;
}

/** A bisection under way: its log (saved after every run) and how to go on. */
export interface BisectRun {
  host: Host;
  out: string;
  log: BisectLog;
  lab: Lab;
  jobs: number;
  badRuns: number;
  badFailures: number;
  maxRuns: number;
  /** The failure to chase, when the user named it. */
  fingerprint?: string;
  stopped: () => boolean;
}
type Ctx = BisectRun;

const save = (c: Ctx) =>
  writeFresh(join(c.out, 'bisect.json'), JSON.stringify(c.log, null, 2) + '\n');

/** The real lab: one worktree checked out per step, one O= dir, each run a runCommand. */
export function realLab(flags: BisectOptions, tree: string, out: string): Lab {
  // --source is the repository here, not a decode tree; --jobs is runs at once, not make -j.
  const runFlags = { ...runFlagsOf(flags), source: undefined, vmlinux: undefined };
  return {
    async build(commit) {
      git(tree, 'checkout', '--quiet', '--detach', '--force', commit);
      const opts = optionsFromFlags({
        ...flags,
        source: tree,
        'default-source': '6.12',
        out: join(out, 'build'),
        jobs: undefined,
      });
      const t0 = Date.now();
      try {
        const b = await buildKernel(
          opts,
          fileHost(join(out, 'logs', `build-${short(commit)}.log`)),
        );
        const seconds = (Date.now() - t0) / 1000;
        const ccacheHitRate = b.ccache?.hitRate ?? null;
        if (b.exitCode !== 0)
          return {
            build: {
              seconds,
              ok: false,
              ccacheHitRate,
              error: 'the config did not stick (--strict-config)',
            },
          };
        return {
          kernel: { bzImage: b.bzImage, modules: b.modulesDir },
          build: { seconds, ok: true, ccacheHitRate },
        };
      } catch (err) {
        if (!(err instanceof BuildFailed)) throw err;
        const seconds = (Date.now() - t0) / 1000;
        return { build: { seconds, ok: false, error: `${err.message}; see ${err.log}` } };
      }
    },
    run: (kernel, dir, k) =>
      runOnce({ ...runFlags, kernel: kernel.bzImage, modules: kernel.modules }, dir, k),
    subject: (commit) => git(tree, 'log', '-1', '--format=%s', commit),
  };
}

/** Builds the step's commit; undefined (and the step skipped) when it does not build. */
async function buildStep(c: Ctx, step: Step): Promise<Kernel | undefined> {
  const { kernel, build } = await c.lab.build(step.commit);
  step.build = build;
  c.log.buildSeconds += build.seconds;
  if (kernel)
    c.host.info(
      `built ${short(step.commit)} in ${secs(build.seconds)}${typeof build.ccacheHitRate === 'number' ? ` (ccache ${(build.ccacheHitRate * 100).toFixed(0)} % hits)` : ''}`,
    );
  else
    c.host.warn(
      `${short(step.commit)} does not build: ${build.error ?? 'build failed'} (skipped, as git bisect skip)`,
    );
  return kernel;
}

/** Runs at one step until `decide` has its answer (or `next` says no more). */
async function runStep(
  c: Ctx,
  step: Step,
  kernel: Kernel,
  o: {
    next: (inFlight: number) => boolean;
    classify: (r: RunOutcome) => RunRecord;
    progress: (r: RunOutcome) => string;
  },
): Promise<void> {
  const dir = join(c.out, 'steps', short(step.commit));
  let last = Math.max(0, ...c.log.steps.flatMap((s) => s.runs.map((r) => r.run)));
  await runPool({
    jobs: c.jobs,
    next: (inFlight) => (o.next(inFlight) ? ++last : undefined),
    run: (k) => c.lab.run(kernel, dir, k),
    done: (r) => {
      // A run we stopped (SIGINT/SIGTERM) says nothing about the commit: --resume runs it again.
      if (r.cancelled) return;
      step.runs.push(o.classify(r));
      c.log.runSeconds += r.seconds;
      save(c);
      c.host.info(o.progress(r));
    },
    stopped: c.stopped,
  });
}

const record = (r: RunOutcome, kind: RunRecord['kind'], key?: FailureKey): RunRecord => ({
  run: r.run,
  kind,
  ...(key ? { key } : {}),
  seconds: r.seconds,
  ...(r.aborted ? { aborted: true } : {}),
  console: r.console,
});

/** The bad commit: runs until its failure shows (and at least --bad-runs runs), its key and rate kept. */
async function measureBad(c: Ctx): Promise<boolean> {
  const log = c.log;
  let step = log.steps[0];
  if (!step) {
    step = { commit: log.bad, subject: c.lab.subject(log.bad), runs: [] };
    log.steps.push(step);
  }
  const minRuns = c.badRuns;
  const maxRuns = c.maxRuns;
  const wanted = c.fingerprint;
  // Until the target is known every failure is recorded as a candidate; the
  // first failing run (by number) names the target unless --fingerprint does.
  const targetKey = () =>
    wanted ??
    [...step.runs].sort((a, b) => a.run - b.run).find((r) => r.kind === 'matching')?.key?.key;
  const matches = (r: RunRecord) => r.key !== undefined && r.key.key === targetKey();
  const done = (inFlight: number) => {
    const started = step.runs.length + inFlight;
    return (
      started >= maxRuns ||
      (step.runs.filter(matches).length >= c.badFailures && started >= minRuns)
    );
  };
  const t0 = Date.now();
  if (!done(0)) {
    c.host.info(
      `measuring the bad commit ${short(log.bad)}: at least ${minRuns} runs and until it fails ${c.badFailures === 1 ? 'once' : `${c.badFailures} times`} (at most ${maxRuns})`,
    );
    const kernel = await buildStep(c, step);
    if (!kernel) throw new UsageError(`--bad ${short(log.bad)} does not build: nothing to measure`);
    await runStep(c, step, kernel, {
      next: (inFlight) => !done(inFlight),
      classify: (r) => {
        const f = wanted ? r.findings.find((x) => x.fingerprint === wanted) : undefined;
        const k = f ? { key: f.fingerprint, label: f.title } : failureKey(r);
        return record(r, k ? 'matching' : 'clean', k);
      },
      progress: (r) =>
        `bad ${short(log.bad)}: ${runLine(r, `${Math.max(minRuns, step.runs.length)}+`)}`,
    });
  }
  step.wallSeconds = (step.wallSeconds ?? 0) + (Date.now() - t0) / 1000;
  save(c);
  if (c.stopped()) return false;
  const first = step.runs.find(matches);
  if (!first?.key) {
    c.host.warn(
      `no failure${wanted ? ` with fingerprint ${wanted}` : ''} in ${step.runs.length} run(s) at ${short(log.bad)}: nothing to bisect`,
    );
    return false;
  }
  // Runs that failed otherwise at the bad commit are not its failure: they are not counted as ours.
  for (const r of step.runs) r.kind = matches(r) ? 'matching' : r.aborted ? 'other' : 'clean';
  const failures = step.runs.filter((r) => r.kind === 'matching').length;
  const counted = step.runs.filter((r) => r.kind !== 'other').length;
  const rate = rateForSteps(failures, counted);
  const steps = estimatedSteps(log.commits.length - 1);
  const perStep = runsNeeded(rate, stepConfidence(log.confidence, steps));
  step.verdict = 'bad';
  log.target = { key: first.key, runs: counted, failures, rate, runsPerStep: perStep };
  save(c);
  c.host.info(
    `target: ${first.key.label} [${first.key.key}], ${failures}/${counted} runs at ${short(log.bad)} (${((failures / counted) * 100).toFixed(0)} %; sized for ${(rate * 100).toFixed(1)} %): ${perStep} clean run(s) make a step good (${steps} step(s), ${(log.confidence * 100).toFixed(0)} % for the whole bisection)`,
  );
  return true;
}

async function bisectSteps(c: Ctx): Promise<void> {
  const log = c.log;
  const target = log.target!;
  for (;;) {
    if (c.stopped()) return;
    const verdicts = verdictsOf(log);
    const pending = log.steps.find((s) => !s.verdict);
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
      step.verdict = 'skip';
      step.reason = step.build?.error ?? 'build failed';
      step.wallSeconds = (step.wallSeconds ?? 0) + (Date.now() - t0) / 1000;
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
        const fails = s.runs.filter((x) => x.kind === 'matching').length;
        const other = s.runs.filter((x) => x.kind === 'other').length;
        return `step ${stepNo}/~${Math.max(stepNo, total)}, run ${s.runs.length}/${needed} at ${short(s.commit)}, ${fails} failure(s) so far${other ? `, ${other} other` : ''} — ${runLine(r, String(needed)).replace(/^run \S+ /, '')}`;
      },
    });
    s.wallSeconds = (s.wallSeconds ?? 0) + (Date.now() - t0) / 1000;
    if (c.stopped()) return save(c);
    s.verdict = stepVerdict(s.runs, needed);
    if (s.verdict === 'skip') s.reason = 'other failures cut its runs short';
    save(c);
    c.host.info(`step ${stepNo}: ${short(s.commit)} is ${s.verdict} (${s.subject})`);
  }
}

function report(c: Ctx): string[] {
  const log = c.log;
  const lines = [
    '',
    `bisect ${short(log.good)}..${short(log.bad)} (${log.commits.length} commit(s)):`,
  ];
  for (const [i, s] of log.steps.entries()) {
    const n = (k: RunRecord['kind']) => s.runs.filter((r) => r.kind === k).length;
    const keys = new Map<string, number>();
    for (const r of s.runs) if (r.key) keys.set(r.key.key, (keys.get(r.key.key) ?? 0) + 1);
    const fps = [...keys].map(([k, v]) => `${k}×${v}`).join(' ');
    lines.push(
      `  ${i === 0 ? 'bad ' : `${String(i).padStart(3)} `} ${short(s.commit)} ${(s.verdict ?? '?').padEnd(4)} ${s.runs.length} run(s): ${n('matching')} failing as the target, ${n('clean')} clean, ${n('other')} other${fps ? ` [${fps}]` : ''}${s.build ? `; build ${secs(s.build.seconds)}${s.build.ok ? '' : ' FAILED'}` : ''}  ${s.subject}`,
    );
  }
  if (log.firstBad) lines.push(`first bad commit: ${log.firstBad} ${c.lab.subject(log.firstBad)}`);
  else if (log.ambiguous)
    lines.push(
      `only skipped commits left: the first bad commit is one of ${log.ambiguous.map(short).join(' ')}`,
    );
  const total = (Date.now() - Date.parse(log.startedAt)) / 1000;
  lines.push(
    `time: ${secs(total)} since the start (builds ${secs(log.buildSeconds)}, runs ${secs(log.runSeconds)} of VM time over ${c.jobs} job(s))`,
  );
  return lines;
}

export async function bisectCommand(flags: BisectOptions, host: Host): Promise<number> {
  const resumeDir = flags.resume;
  let out: string;
  let log: BisectLog;
  let repo: string;
  if (resumeDir) {
    out = resolve(resumeDir);
    const file = join(out, 'bisect.json');
    if (!existsSync(file)) throw new UsageError(`--resume ${out}: no bisect.json there`);
    // The options the bisection started with, as bisectFlags typed them then.
    const saved = JSON.parse(readFileSync(file, 'utf8')) as BisectLog & { flags?: BisectOptions };
    if (saved.schema !== BISECT_SCHEMA)
      throw new UsageError(`--resume ${file}: not a ${BISECT_SCHEMA} log`);
    // What the bisection was started with; only --jobs may change (another host, a busier one).
    flags = { ...flags, ...saved.flags, ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}) };
    log = saved;
    repo = resolve(String(flags.source));
  } else {
    for (const f of ['source', 'good', 'bad'] as const)
      if (flags[f] === undefined) throw new UsageError(`--${f} is required (or --resume OUT)`);
    repo = resolve(String(flags.source));
    if (!existsSync(repo)) throw new UsageError(`--source ${repo}: no such directory`);
    try {
      git(repo, 'rev-parse', '--git-dir');
    } catch {
      throw new UsageError(`--source ${repo}: not a git repository`);
    }
    out = resolve(flags.out);
    const good = commitOf(repo, String(flags.good), '--good');
    const bad = commitOf(repo, String(flags.bad), '--bad');
    const commits = commitsBetween(repo, good, bad);
    if (commits.length === 0) throw new UsageError('--good and --bad are the same commit');
    if (existsSync(join(out, 'bisect.json')))
      throw new UsageError(
        `--out ${out} holds a bisection already: --resume ${out}, or another --out`,
      );
    log = {
      schema: BISECT_SCHEMA,
      good,
      bad,
      commits,
      confidence: confidenceOf(flags),
      steps: [],
      startedAt: new Date().toISOString(),
      buildSeconds: 0,
      runSeconds: 0,
    };
  }
  confidenceOf(flags);
  mkdirSync(join(out, 'logs'), { recursive: true });
  const treeDir = resolve(String(flags.worktree ?? join(out, 'tree')));
  if (!existsSync(treeDir))
    host.info(`git worktree add ${treeDir} (once: every step is checked out there)`);
  const tree = worktree(repo, treeDir, log.bad);
  const signal = stopSignal(host);
  const c: Ctx = {
    host,
    out,
    log,
    lab: realLab(flags, tree, out),
    jobs: jobsOf(flags),
    badRuns: Number(flags['bad-runs'] ?? 10),
    badFailures: Number(flags['bad-failures'] ?? 3),
    maxRuns: Number(flags['max-runs'] ?? 100),
    ...(flags.fingerprint ? { fingerprint: String(flags.fingerprint) } : {}),
    stopped: signal.stopped,
  };
  (log as BisectLog & { flags?: BisectOptions }).flags = { ...flags, resume: undefined };
  save(c);
  host.info(
    `bisect ${short(log.good)}..${short(log.bad)}: ${log.commits.length} commit(s), ~${estimatedSteps(log.commits.length - 1)} step(s), worktree ${tree}, log ${join(out, 'bisect.json')}`,
  );
  let code: number;
  try {
    code = await bisect(c);
  } finally {
    signal.dispose();
  }
  if (code === 130) host.warn(`interrupted: kernel-ci bisect --resume ${out} continues`);
  host.setOutput('first-bad', log.firstBad ?? '');
  return code;
}

/**
 * The bisection from wherever its log is: the bad commit measured, then
 * the steps, then the report. 0 found, 1 not found, 130 stopped.
 */
export async function bisect(c: BisectRun): Promise<number> {
  mkdirSync(c.out, { recursive: true });
  if (!c.log.target && !(await measureBad(c))) return c.stopped() ? 130 : 1;
  await bisectSteps(c);
  for (const l of report(c)) c.host.info(l);
  if (c.stopped()) return 130;
  return c.log.firstBad ? 0 : 1;
}
