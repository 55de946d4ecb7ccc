// `kernel-ci repeat`: the same kernel and selection run N times (or until a
// given failure shows), each run a plain `runCommand` into OUT/run-K, up to
// --jobs at once; then the failure rate with its confidence interval, the
// failures grouped by fingerprint, and the first failing run's console.
// bisect.ts drives the same pool at every step.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { RepeatOptions, RunOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import {
  describeRate,
  failed,
  groupFailures,
  matchesRule,
  outcomeOf,
  wilsonInterval,
  type RunOutcome,
  type StopRule,
} from '../core/repeat.js';
import type { RunResults } from '../core/results.js';
import type { Host } from './host.js';
import { writeFresh } from '../system/safe-write.js';
import { pathError } from './report.js';
import { runCommand } from './run.js';

/**
 * A Host for one of many runs: its lines go to a log file, never to the
 * terminal (parallel runs would interleave), and it publishes nothing (a
 * summary or an artifact per run would bury the one that matters). It says
 * 'actions' so that publishRun hands the run's summary to summary() (kept in
 * the log) instead of printing it on our stdout; its artifacts and outputs
 * are dropped all the same.
 */
export function fileHost(file: string): Host {
  const put = (s: string) => appendFileSync(file, s.endsWith('\n') ? s : `${s}\n`);
  return {
    kind: 'actions',
    info: put,
    warn: (m) => put(`warning: ${m}`),
    untrusted: (lines) => put(lines.map((l) => `  | ${l}`).join('\n')),
    group: async (title, fn) => {
      put(`== ${title}`);
      return fn();
    },
    annotate: (a) => put(`${a.level}: ${a.title ? `${a.title}: ` : ''}${a.message}`),
    setOutput: () => undefined,
    summary: async (md) => put(md),
    uploadArtifact: async () => undefined,
    restoreCache: async () => undefined,
    saveCache: async () => undefined,
  };
}

/** The run flags of a repeat/bisect command: what each run gets. */
type KernelFlags = 'kernel' | 'modules' | 'vmlinux' | 'source';

/** bisect names the kernel of each step itself: the kernel flags may be absent. */
export type RepeatedRun = Omit<RunOptions, 'repeat' | KernelFlags> &
  Partial<Pick<RunOptions, KernelFlags>>;

export function runFlagsOf(flags: RepeatedRun): RunOptions {
  // The spread keeps which flags the user set; each run is one run, not a repeat.
  const none = { kernel: undefined, modules: undefined, vmlinux: undefined, source: undefined };
  return { ...none, ...flags, repeat: undefined };
}

/** One run into OUT/run-K with its own log; the outcome read back from its results.json. */
export async function runOnce(run: RunOptions, outDir: string, k: number): Promise<RunOutcome> {
  const out = join(outDir, `run-${k}`);
  const logs = join(outDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const options: RunOptions = { ...run, out, quiet: true };
  const log = join(logs, `run-${k}.log`);
  writeFileSync(log, '');
  const code = await runCommand(options, fileHost(log));
  // Written by runCommand with writeFresh (a rename over whatever the guest left).
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
  return outcomeOf(k, results, code, join(out, 'console.log'));
}

export interface PoolOptions {
  jobs: number;
  /** The next run number to start now, or undefined (none now; asked again when one ends). */
  next(inFlight: number): number | undefined;
  run(k: number): Promise<RunOutcome>;
  done(o: RunOutcome): void;
  /** Set when a signal asks to stop starting runs. */
  stopped?(): boolean;
}

/** Keeps up to `jobs` runs going while `next` gives run numbers; resolves when all have ended. */
export async function runPool(o: PoolOptions): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: unknown;
  for (;;) {
    while (failure === undefined && running.size < o.jobs && !o.stopped?.()) {
      const k = o.next(running.size);
      if (k === undefined) break;
      const p: Promise<void> = o
        .run(k)
        .then(
          (r) => o.done(r),
          (err: unknown) => {
            failure ??= err;
          },
        )
        .finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (failure !== undefined) throw failure;
}

/** --until-* flags → the stop rule (a bad regex is the user's error). */
export function stopRuleOf(
  flags: Partial<Pick<RepeatOptions, 'until-fingerprint' | 'until-title' | 'until-test'>>,
): StopRule | undefined {
  const rule: StopRule = {};
  const fp = flags['until-fingerprint'];
  const title = flags['until-title'];
  const test = flags['until-test'];
  if (fp !== undefined) {
    if (!/^[0-9a-f]{16}$/.test(fp))
      throw new UsageError(`--until-fingerprint: expected 16 hex digits, got '${fp}'`);
    rule.fingerprint = fp;
  }
  if (title !== undefined) {
    try {
      rule.title = new RegExp(title);
    } catch (err) {
      throw new UsageError(`--until-title: not a regular expression: ${(err as Error).message}`);
    }
  }
  if (test !== undefined) rule.test = test;
  return fp === undefined && title === undefined && test === undefined ? undefined : rule;
}

export function confidenceOf(flags: { confidence?: string }): number {
  const raw = flags.confidence ?? '0.95';
  const c = Number(raw);
  if (!/^\s*0?\.\d+\s*$/.test(raw) || !(c > 0 && c < 1))
    throw new UsageError(
      `--confidence: expected a number between 0 and 1 (e.g. 0.95), got '${raw}'`,
    );
  return c;
}

export const jobsOf = (flags: { jobs?: number }): number => flags.jobs ?? availableParallelism();

/** Stops starting runs on SIGINT/SIGTERM (the runs in flight stop themselves: runCommand listens too). */
export function stopSignal(host: Host): { stopped: () => boolean; dispose: () => void } {
  let reason: string | undefined;
  const on = (sig: NodeJS.Signals) => {
    if (reason === undefined) host.warn(`${sig}: no more runs are started`);
    reason = sig;
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    stopped: () => reason !== undefined,
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

const secs = (s: number) => `${s.toFixed(1)} s`;

/** One line per finished run: its number, verdict, failure and time. */
export function runLine(o: RunOutcome, total: string): string {
  const why = o.findings.find((f) => f.fatal) ?? o.findings[0];
  const what = !failed(o)
    ? 'pass'
    : why
      ? `${o.verdict}: ${why.title} [${why.fingerprint}]`
      : `${o.verdict}: ${o.failedTests.slice(0, 3).join(', ') || 'no test result'}`;
  return `run ${o.run}/${total}: ${what} (${secs(o.seconds)})`;
}

export async function repeatCommand(flags: RepeatOptions, host: Host): Promise<number> {
  const times = flags.times;
  const rule = stopRuleOf(flags);
  const confidence = confidenceOf(flags);
  const jobs = jobsOf(flags);
  const outDir = resolve(flags.out);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw pathError('--out', outDir, err);
  }
  const run = runFlagsOf(flags);
  const total = rule ? `≤${times}` : String(times);
  host.info(
    `repeat: ${rule ? `until ${describeRule(rule)}, at most ` : ''}${times} run(s), ${jobs} at a time, into ${outDir}/run-K`,
  );
  const outcomes: RunOutcome[] = [];
  let started = 0;
  let matched: RunOutcome | undefined;
  const t0 = Date.now();
  const signal = stopSignal(host);
  try {
    await runPool({
      jobs,
      next: () => (matched || started >= times ? undefined : ++started),
      run: (k) => runOnce(run, outDir, k),
      done: (o) => {
        if (o.cancelled) return host.info(`run ${o.run}/${total}: cancelled (not counted)`);
        outcomes.push(o);
        host.info(runLine(o, total));
        if (rule && matchesRule(o, rule) && (!matched || o.run < matched.run)) matched = o;
      },
      stopped: signal.stopped,
    });
  } finally {
    signal.dispose();
  }
  if (outcomes.length === 0) return 2;
  outcomes.sort((a, b) => a.run - b.run);
  const report = repeatReport(outcomes, confidence, rule, (Date.now() - t0) / 1000);
  for (const l of report.lines) host.info(l);
  writeFresh(
    join(outDir, 'repeat.json'),
    JSON.stringify(
      {
        schema: 'kernel-ci-repeat/v1',
        runs: outcomes.length,
        failures: report.failures,
        interval: wilsonInterval(report.failures, outcomes.length, confidence),
        groups: groupFailures(outcomes),
        firstFailure: report.firstFailure
          ? { run: report.firstFailure.run, console: report.firstFailure.console }
          : null,
        outcomes,
      },
      null,
      2,
    ) + '\n',
  );
  host.setOutput('failures', String(report.failures));
  host.setOutput('runs', String(outcomes.length));
  host.setOutput('failure-rate', report.rate.toFixed(4));
  host.setOutput('first-failure-console', report.firstFailure?.console ?? '');
  await host.summary(report.lines.map((l) => `    ${l}`).join('\n') + '\n');
  // A flaky kernel is a failing one: any failed run fails the command.
  return report.failures > 0 ? 1 : 0;
}

function describeRule(r: StopRule): string {
  const parts: string[] = [];
  if (r.fingerprint) parts.push(`fingerprint ${r.fingerprint}`);
  if (r.title) parts.push(`a title matching /${r.title.source}/`);
  if (r.test) parts.push(`test '${r.test}' failing`);
  return parts.join(' and ');
}

export interface RepeatReport {
  lines: string[];
  failures: number;
  rate: number;
  firstFailure?: RunOutcome;
}

export function repeatReport(
  outcomes: readonly RunOutcome[],
  confidence: number,
  rule: StopRule | undefined,
  seconds: number,
): RepeatReport {
  const n = outcomes.length;
  const bad = outcomes.filter(failed);
  const first = bad[0];
  const lines = ['', `${describeRate(bad.length, n, confidence)} in ${secs(seconds)}`];
  if (rule) {
    const m = outcomes.filter((o) => matchesRule(o, rule));
    lines.push(
      m.length
        ? `${describeRule(rule)}: first in run ${m[0]!.run}; ${describeRate(m.length, n, confidence)} (the runs stopped there: the rate leans high)`
        : `${describeRule(rule)}: not seen in ${n} run(s)`,
    );
  }
  for (const g of groupFailures(outcomes)) {
    const i = wilsonInterval(g.runs.length, n, confidence);
    lines.push(
      `  ${String(g.runs.length).padStart(3)}× ${g.key.padEnd(16)} ${g.label} (${(i.rate * 100).toFixed(1)} %; runs ${g.runs.join(', ')})`,
    );
  }
  if (first) lines.push(`first failing run: ${first.run}, console ${first.console}`);
  return { lines, failures: bad.length, rate: bad.length / n, firstFailure: first };
}
