// Repeating one run to measure an intermittent failure: what a run's failure
// is (its key, for grouping and for "the same failure"), the stop rules of
// `kernel-ci repeat --until-*`, and the failure rate's confidence interval.
// Pure: the pipeline (src/pipeline/repeat.ts) runs the VMs.
import { isFailing } from './assemble.js';
import { leaves, type RunResults, type Verdict } from './results.js';

/** What one run of a repeat leaves behind, enough to group and to judge it. */
export interface RunOutcome {
  /** 1-based run number (OUT/run-K). */
  run: number;
  exitCode: number;
  verdict: Verdict;
  /** The run was cut short (crash, timeout, boot failure): it did not test everything. */
  aborted: boolean;
  /** Stopped by a signal to us: says nothing about the kernel, counted nowhere. */
  cancelled: boolean;
  findings: { fingerprint: string; title: string; kind: string; fatal: boolean }[];
  /** Failing leaves by id ("suite / test / subtest"), as the history names them. */
  failedTests: string[];
  seconds: number;
  /** Path of the run's console.log. */
  console: string;
}

/** A failure's identity across runs: a crash's fingerprint, else the first failing test. */
export interface FailureKey {
  key: string;
  label: string;
}

export function outcomeOf(
  run: number,
  results: RunResults,
  exitCode: number,
  console: string,
): RunOutcome {
  const failedTests: string[] = [];
  for (const suite of results.suites)
    for (const { path, test } of leaves(suite.tests, suite.name))
      if (isFailing(test.status)) failedTests.push(path);
  return {
    run,
    exitCode,
    verdict: results.verdict,
    aborted: results.abort !== undefined,
    cancelled: results.abort?.kind === 'cancelled',
    findings: results.findings.map((f) => ({
      fingerprint: f.fingerprint,
      title: f.title,
      kind: f.kind,
      fatal: f.fatal,
    })),
    failedTests,
    seconds: results.durationMs / 1000,
    console,
  };
}

export const failed = (o: RunOutcome): boolean => o.verdict !== 'success';

/**
 * The crash decides (a fatal one first: it is what ended the run), then the
 * first failing test, then the verdict itself (nothing ran, the run aborted
 * without a finding). undefined for a run that passed.
 */
export function failureKey(o: RunOutcome): FailureKey | undefined {
  if (!failed(o)) return undefined;
  const f = o.findings.find((x) => x.fatal) ?? o.findings[0];
  if (f) return { key: f.fingerprint, label: f.title };
  const t = o.failedTests[0];
  if (t !== undefined) return { key: `test:${t}`, label: `${t} failed` };
  return {
    key: `verdict:${o.verdict}`,
    label: `verdict ${o.verdict} without a finding or a failed test`,
  };
}

/** What `--until-*` asks for; empty = any failure. */
export interface StopRule {
  fingerprint?: string;
  title?: RegExp;
  test?: string;
}

const testMatches = (id: string, want: string) => id === want || id.startsWith(`${want} / `);

/** Does this run show the failure the rule names (all given parts must hold)? */
export function matchesRule(o: RunOutcome, rule: StopRule): boolean {
  if (!failed(o)) return false;
  if (rule.fingerprint !== undefined && !o.findings.some((f) => f.fingerprint === rule.fingerprint))
    return false;
  if (rule.title !== undefined && !o.findings.some((f) => rule.title!.test(f.title))) return false;
  if (rule.test !== undefined && !o.failedTests.some((t) => testMatches(t, rule.test!)))
    return false;
  return true;
}

export interface FailureGroup extends FailureKey {
  runs: number[];
}

/**
 * Failing runs grouped by what they showed, the most frequent first: each
 * finding's fingerprint (a run that stalled, then panicked, counts in both
 * groups: the panic's rate is not hidden by the stall that came first);
 * a failing run without a finding by its failure key.
 */
export function groupFailures(outcomes: readonly RunOutcome[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const add = (k: FailureKey, run: number) => {
    const g = groups.get(k.key) ?? { ...k, runs: [] };
    if (!g.runs.includes(run)) g.runs.push(run);
    groups.set(k.key, g);
  };
  for (const o of [...outcomes].sort((a, b) => a.run - b.run)) {
    if (!failed(o)) continue;
    if (o.findings.length > 0)
      for (const f of o.findings) add({ key: f.fingerprint, label: f.title }, o.run);
    else add(failureKey(o)!, o.run);
  }
  return [...groups.values()].sort(
    (a, b) => b.runs.length - a.runs.length || a.runs[0]! - b.runs[0]!,
  );
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative
 * error < 1.2e-9): z such that P(Z ≤ z) = p.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface Interval {
  rate: number;
  low: number;
  high: number;
  confidence: number;
}

/**
 * Wilson score interval of k failures in n runs, two-sided at `confidence`.
 * Unlike k/n ± z·SE it stays inside [0, 1] and does not collapse to a point
 * at 0 or n failures, which is where a short repeat usually is.
 */
export function wilsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`wilsonInterval: need 0 ≤ k ≤ n, n ≥ 1 (k=${k}, n=${n})`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 (or n) the bound is exactly 0 (or 1); rounding must not move it.
  return {
    rate: p,
    low: k === 0 ? 0 : Math.max(0, centre - half),
    high: k === n ? 1 : Math.min(1, centre + half),
    confidence,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** "6/20 runs failed: 30.0 % (95 % CI 14.5 %–51.9 %)". */
export function describeRate(k: number, n: number, confidence = 0.95): string {
  const i = wilsonInterval(k, n, confidence);
  return `${k}/${n} run(s) failed: ${pct(i.rate)} (${Math.round(confidence * 1000) / 10} % CI ${pct(i.low)}–${pct(i.high)})`;
}
