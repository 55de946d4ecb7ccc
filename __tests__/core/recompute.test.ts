import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recomputeVerdict } from '../../src/core/recompute.js';
import type { RunResults } from '../../src/core/results.js';
import { mergeReport } from '../../src/core/shard.js';
import { repoRoot } from '../helpers/dist.js';

// A real run written by an older kernel-ci: its file says "failure" over two failing tests.
const stale = JSON.parse(
  readFileSync(join(repoRoot, '__tests__/fixtures/results/unstable/results.json'), 'utf8'),
) as RunResults;

describe('recomputeVerdict', () => {
  it("takes the verdict from the tests, not from the file's word", () => {
    expect(stale.verdict).toBe('failure');
    const r = recomputeVerdict(stale);
    expect(r.verdict).toBe('unstable');
    expect(r.counts.fail).toBe(2);
    expect(r.conclusion).toMatch(/^mptcp-demo: Unstable: 2 failed subtest\(s\)/);
  });

  it('gives the same verdict alone and merged with another run', () => {
    const one = recomputeVerdict(stale);
    const alone = mergeReport([{ results: one }]);
    const other = recomputeVerdict({ ...stale, name: 'other' });
    const merged = mergeReport([{ results: one }, { results: other }]);
    expect(alone.verdict).toBe('unstable');
    expect(merged.verdict).toBe('unstable');
  });

  it('keeps a merge that lacked results at least a failure', () => {
    const ok = { ...stale, suites: [] as RunResults['suites'] };
    const r = recomputeVerdict({
      ...ok,
      suites: stale.suites.map((s) => ({
        ...s,
        tests: s.tests.map((t) => ({ ...t, status: 'pass' as const, subtests: [] })),
      })),
      merge: {
        runs: [],
        missing: [{ kind: 'shard', name: 'x', shard: { index: 2, total: 3 }, reason: 'gone' }],
      },
    });
    expect(r.verdict).toBe('failure');
    expect(r.conclusion).toContain('1 missing result(s): x shard 2/3');
  });
});
