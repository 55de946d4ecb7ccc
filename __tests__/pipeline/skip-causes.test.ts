// The run hook's step on a real capture (fixtures/skips/selftests-6.12-on-6.1):
// the plan's kselftest dir is the 6.12 build's selftests (its real
// build.json), the outputs are read from the run's out dir, and the result
// carries both versions and a cause on every skip.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan/plan.js';
import type { RunResults } from '../../src/core/results.js';
import { skipCounts, skippedLeaves } from '../../src/core/skip-reason.js';
import { skipsHeadline } from '../../src/core/summary/skips.js';
import { recordSelftestsAndSkips } from '../../src/pipeline/skip-causes.js';

const FIX = join(import.meta.dirname, '../fixtures/skips');
const outDir = join(FIX, 'selftests-6.12-on-6.1');
const run = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;

function buildOut(): string {
  const out = mkdtempSync(join(tmpdir(), 'kci-skipcauses-'));
  const b = JSON.parse(readFileSync(join(FIX, 'build.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(out, 'build.json'),
    JSON.stringify({ ...b, selftestsDir: join(out, 'selftests') }),
  );
  mkdirSync(join(out, 'selftests/net/mptcp'), { recursive: true });
  return join(out, 'selftests/net/mptcp');
}

const plan = (cwd: string, kind: 'kselftest' | 'command' = 'kselftest'): Plan =>
  ({
    tests: ['diag.sh', 'mptcp_sockopt.sh', 'userspace_pm.sh'].map((name, i) => ({
      id: i + 1,
      suite: 'net/mptcp',
      kind,
      name,
      cwd,
      command: `./${name}`,
      timeoutSec: 0,
    })),
  }) as unknown as Plan;

describe('selftests versions and skip causes in a run', () => {
  it('records the kernel and the selftests tree, and classifies every skip from the outputs', () => {
    const dir = buildOut();
    const r = recordSelftestsAndSkips(run, { plan: plan(dir), outDir });
    expect(r.vm?.kernelRelease).toBe('6.1.0-56-amd64');
    expect(r.selftests).toEqual([{ dir, version: '6.12.117', from: 'build.json' }]);
    const skips = skippedLeaves(r);
    expect(skips.length).toBe(15);
    expect(skipCounts(skips)).toEqual({ 'kernel-feature': 15, accidental: 0, unclassified: 0 });
    expect(skipsHeadline(r)).toBe(
      '15 skips: 0 accidental, 15 kernel lacks the feature (kernel 6.1.0-56-amd64, selftests 6.12.117)',
    );
  });

  it('a plan without kselftests leaves the results as they were', () => {
    expect(recordSelftestsAndSkips(run, { plan: plan(buildOut(), 'command'), outDir })).toBe(run);
  });
});
