// The line `kernel-ci run` prints as each test ends: where the plan is and,
// from the tests done so far, about how long the rest will take, as a
// maintainer watching a long run asks ("[3/12] net/mptcp/diag.sh: exit 0 in
// 25.0 s (≈ 4 min left)").
interface Ended {
  exit: number | null;
  timedOut?: boolean;
  ms: number;
  attempt: number;
}

// Per plan: the time its ended tests took, retries included.
const spent = new WeakMap<object, number>();

/** "≈ 4 min left" from the mean of the tests ended so far; '' when none is left. */
export function timeLeft(spentMs: number, ended: number, left: number): string {
  if (left <= 0 || ended <= 0) return '';
  const ms = (spentMs / ended) * left;
  return ms < 60_000 ? '≈ under a minute left' : `≈ ${Math.round(ms / 60_000)} min left`;
}

export function progressLine(
  plan: { tests: readonly unknown[] },
  test: unknown,
  name: string,
  a: Ended,
): string {
  const ms = (spent.get(plan) ?? 0) + a.ms;
  spent.set(plan, ms);
  const i = plan.tests.indexOf(test) + 1;
  const n = plan.tests.length;
  const eta = timeLeft(ms, i, n - i);
  return `[${i}/${n}] ${name}: exit ${a.exit}${a.timedOut ? ' (timeout)' : ''} in ${(a.ms / 1000).toFixed(1)} s${a.attempt > 1 ? ` [attempt ${a.attempt}]` : ''}${eta ? ` (${eta})` : ''}`;
}
