import { describe, expect, it } from 'vitest';
import { progressLine, timeLeft } from '../../src/pipeline/progress.js';

describe('run progress', () => {
  it('says where the plan is and about how long the rest takes, from the tests done', () => {
    const plan = { tests: ['a', 'b', 'c', 'd'] };
    const end = (ms: number) => ({ exit: 0, ms, attempt: 1 });
    expect(progressLine(plan, 'a', 'net/mptcp/a.sh', end(60_000))).toBe(
      '[1/4] net/mptcp/a.sh: exit 0 in 60.0 s (≈ 3 min left)',
    );
    expect(progressLine(plan, 'b', 'net/mptcp/b.sh', end(180_000))).toBe(
      '[2/4] net/mptcp/b.sh: exit 0 in 180.0 s (≈ 4 min left)',
    );
    expect(progressLine(plan, 'd', 'd', { exit: 1, ms: 1000, attempt: 2, timedOut: true })).toBe(
      '[4/4] d: exit 1 (timeout) in 1.0 s [attempt 2]',
    );
  });

  it('under a minute, and nothing when nothing is left', () => {
    expect(timeLeft(10_000, 2, 3)).toBe('≈ under a minute left');
    expect(timeLeft(10_000, 2, 0)).toBe('');
  });
});
