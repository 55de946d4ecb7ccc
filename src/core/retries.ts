// Retries: a failed test is rerun in the same VM, up to `retries` times.
// A pass is never retried; a crash is not retried either (the VM is gone).
// Fail then pass = flaky, with every attempt kept; fail then skip stays a failure.
import type { Attempt, TestResult } from './results.js';
import { addStatusLeaf, EXIT_STATUS_LEAF, isFailing } from './assemble.js';

/** Should the runner start another attempt after `attempts` tries ending with `last`? */
export function shouldRetry(last: TestResult, attempts: number, retries: number): boolean {
  return (last.status === 'fail' || last.status === 'timeout') && attempts <= retries;
}

function toAttempt(t: TestResult): Attempt {
  const a: Attempt = { status: t.status, durationMs: t.durationMs };
  if (t.exitCode !== undefined) a.exitCode = t.exitCode;
  if (t.outputPath) a.outputPath = t.outputPath;
  return a;
}

const path = (prefix: string, name: string): string => (prefix ? `${prefix}\u0000${name}` : name);

function failedPaths(tests: TestResult[], prefix: string, out: Set<string>): Set<string> {
  for (const t of tests) {
    const p = path(prefix, t.name);
    if (isFailing(t.status)) out.add(p);
    failedPaths(t.subtests, p, out);
  }
  return out;
}

// Subtests that failed in an earlier attempt and pass in the last one are flaky too.
function markFlaky(tests: TestResult[], failedBefore: Set<string>, prefix: string): void {
  for (const t of tests) {
    const p = path(prefix, t.name);
    markFlaky(t.subtests, failedBefore, p);
    if (
      t.subtests.length === 0 &&
      failedBefore.has(p) &&
      (t.status === 'pass' || t.status === 'flaky')
    ) {
      t.status = 'flaky';
      t.reason = 'failed in an earlier attempt, passed on retry';
    }
  }
}

/** Attempts of one test, in order → one result: the last attempt's, plus history. */
export function mergeAttempts(attempts: TestResult[]): TestResult {
  if (attempts.length === 0) throw new Error('mergeAttempts: no attempt');
  const last = attempts[attempts.length - 1]!;
  if (attempts.length === 1) return last;
  const merged: TestResult = structuredClone(last);
  merged.attempts = attempts.map(toAttempt);
  const earlier = attempts.slice(0, -1);
  const failures = earlier.filter((a) => isFailing(a.status));
  if (last.status === 'skip' && failures.length > 0) {
    // A retry that skipped proves nothing: the failure stands.
    const first = failures[0]!;
    merged.status = 'fail';
    merged.reason = `attempt 1 ${first.status}${first.reason ? ` (${first.reason})` : ''}, attempt ${attempts.length} skip: no pass to call it flaky`;
    addStatusLeaf(merged, EXIT_STATUS_LEAF, 'fail', merged.reason);
  } else if (!isFailing(last.status) && failures.length > 0) {
    const failed = new Set<string>();
    for (const a of failures) failedPaths(a.subtests, '', failed);
    markFlaky(merged.subtests, failed, '');
    const first = failures[0]!;
    merged.status = 'flaky';
    merged.reason = `attempt 1 ${first.status}${first.reason ? ` (${first.reason})` : ''}, attempt ${attempts.length} ${last.status}`;
    // A whole-test failure with no failing subtest now passes: nothing else records it.
    addStatusLeaf(merged, EXIT_STATUS_LEAF, 'flaky', merged.reason);
  } else if (isFailing(last.status)) {
    merged.reason = `${last.reason ? `${last.reason}; ` : ''}failed all ${attempts.length} attempts`;
  }
  return merged;
}
