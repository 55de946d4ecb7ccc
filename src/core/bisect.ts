// Bisecting an intermittent failure: how many runs a step needs, what a
// step's runs say (bad / good / skip), which commit to test next, and the
// log (bisect.json) that lets an interrupted bisection resume. Pure: the
// pipeline (src/pipeline/bisect.ts) checks out, builds and boots.
//
// The statistics: a step is bad as soon as one run shows the bad commit's
// failure (same key: crash fingerprint, else failing test), since the good
// side never shows it. A step is good only after enough clean runs that a
// commit failing at rate p would have shown it: (1-p)^n ≤ α. The miss
// probability α is the bisection's whole budget (1 - confidence) shared by
// its steps, so that the answer, not each step, has the asked confidence.
import { failureKey, wilsonInterval, type FailureKey, type RunOutcome } from './repeat.js';

export const BISECT_SCHEMA = 'kernel-ci-bisect/v1';

export type StepVerdict = 'good' | 'bad' | 'skip';

/** One run at a step, as bisect.json keeps it. */
export interface RunRecord {
  run: number;
  /** matching: the target failure; clean: completed without it; other: cut short by something else. */
  kind: 'matching' | 'clean' | 'other';
  key?: FailureKey;
  seconds: number;
  /** Cut short (crash, timeout, boot failure). */
  aborted?: boolean;
  console: string;
}

export interface Step {
  commit: string;
  subject: string;
  build?: { seconds: number; ok: boolean; error?: string; ccacheHitRate?: number | null };
  runs: RunRecord[];
  verdict?: StepVerdict;
  /** Wall time of the step (build and runs), summed over resumes. */
  wallSeconds?: number;
  /** Why, when skipped. */
  reason?: string;
}

export interface BisectLog {
  schema: typeof BISECT_SCHEMA;
  good: string;
  bad: string;
  /** good (exclusive) .. bad (inclusive), oldest first, full hashes. */
  commits: string[];
  confidence: number;
  /** The measurement at the bad commit: its runs, the failure chased, the rate used. */
  target?: {
    key: FailureKey;
    runs: number;
    failures: number;
    /** The failure rate the step sizes are computed for (a lower bound, see rateForSteps). */
    rate: number;
    runsPerStep: number;
  };
  /** The bad commit's runs and build (its measurement) are step 0. */
  steps: Step[];
  firstBad?: string;
  /** Commits that cannot be told apart because of skips (git bisect's "only skipped commits left"). */
  ambiguous?: string[];
  startedAt: string;
  buildSeconds: number;
  runSeconds: number;
}

/** Runs with no failure that make a failure at rate p unlikely: smallest n with (1-p)^n ≤ 1-confidence. */
export function runsNeeded(p: number, confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!(p > 0)) return Infinity;
  if (p >= 1) return 1;
  // The epsilon keeps an exact power ((1/2)^1 = 0.5 at confidence 0.5) from rounding up a run.
  return Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(1 - p) - 1e-9));
}

/** Steps a bisection of `candidates` untested commits takes at most (no skips). */
export function estimatedSteps(candidates: number): number {
  return candidates <= 0 ? 0 : Math.ceil(Math.log2(candidates + 1));
}

/** Each step's confidence so that all `steps` good verdicts hold together at `confidence` (union bound). */
export function stepConfidence(confidence: number, steps: number): number {
  return 1 - (1 - confidence) / Math.max(1, steps);
}

/**
 * The failure rate the steps are sized for: the lower end of the one-sided
 * ~84 % Wilson bound (z = 1) of what the bad commit showed. The point
 * estimate of a dozen runs is often twice the real rate (3 failures in the
 * first 5 runs of a 30 % failure happen 16 % of the time), and steps sized
 * for twice the rate miss it at a good-looking step far more often than
 * the confidence says.
 */
export function rateForSteps(failures: number, runs: number): number {
  if (failures <= 0) return 0;
  return wilsonInterval(failures, runs, 0.6827).low;
}

/** What a step's runs say so far; undefined = run more. */
export function stepVerdict(runs: readonly RunRecord[], needed: number): StepVerdict | undefined {
  const count = (k: RunRecord['kind']) => runs.filter((r) => r.kind === k).length;
  if (count('matching') > 0) return 'bad';
  if (count('clean') >= needed) return 'good';
  // Runs cut short by another crash cannot show ours: as many of them as the
  // clean runs needed, and the commit cannot be judged.
  if (count('other') >= needed) return 'skip';
  return undefined;
}

/** Runs still to start at a step with `inFlight` running (each could be the clean one still needed). */
export function runsToStart(runs: readonly RunRecord[], needed: number, inFlight: number): number {
  if (stepVerdict(runs, needed) !== undefined) return 0;
  const clean = runs.filter((r) => r.kind === 'clean').length;
  return Math.max(0, needed - clean - inFlight);
}

export interface NextStep {
  /** The commit to test next. */
  next?: string;
  firstBad?: string;
  ambiguous?: string[];
  /** Steps still to take, at most (for "step 4/~9"). */
  remaining: number;
}

/**
 * The next commit: the untested one nearest the middle between the last
 * good and the first bad, over the first-parent line good..bad. Skipped
 * commits are stepped around; if only skipped ones are left, the answer is
 * that range (as git bisect says it).
 */
export function nextStep(
  commits: readonly string[],
  verdicts: ReadonlyMap<string, StepVerdict>,
): NextStep {
  const n = commits.length;
  let hi = n - 1;
  for (let i = 0; i < n; i++)
    if (verdicts.get(commits[i]!) === 'bad') {
      hi = i;
      break;
    }
  let lo = -1;
  for (let i = hi - 1; i >= 0; i--)
    if (verdicts.get(commits[i]!) === 'good') {
      lo = i;
      break;
    }
  const open: number[] = [];
  for (let i = lo + 1; i < hi; i++) if (!verdicts.has(commits[i]!)) open.push(i);
  if (open.length === 0) {
    const between = commits.slice(lo + 1, hi);
    if (between.length === 0) return { firstBad: commits[hi]!, remaining: 0 };
    return { ambiguous: [...between, commits[hi]!], remaining: 0 };
  }
  const mid = (lo + hi) / 2;
  const pick = open.reduce((best, i) => (Math.abs(i - mid) < Math.abs(best - mid) ? i : best));
  return { next: commits[pick]!, remaining: estimatedSteps(open.length) };
}

export function verdictsOf(log: BisectLog): Map<string, StepVerdict> {
  const m = new Map<string, StepVerdict>();
  for (const s of log.steps) if (s.verdict) m.set(s.commit, s.verdict);
  return m;
}

/** Does the run show this failure anywhere (not only as its first one)? */
export function showsFailure(o: RunOutcome, target: FailureKey): boolean {
  if (target.key.startsWith('test:')) return o.failedTests.includes(target.key.slice(5));
  if (target.key.startsWith('verdict:')) return failureKey(o)?.key === target.key;
  return o.findings.some((f) => f.fingerprint === target.key);
}

/** A run's place in a bisection: the target failure, a clean run, or something else. */
export function classifyRun(o: RunOutcome, target: FailureKey): RunRecord['kind'] {
  if (showsFailure(o, target)) return 'matching';
  // A run that failed otherwise but went to its end still had every chance to show ours.
  if (!o.aborted) return 'clean';
  return 'other';
}
