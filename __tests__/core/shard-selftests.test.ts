// A merged report keeps the selftests trees its runs recorded (the real 6.12
// run of fixtures/skips as two shards, one of them given the 6.1 pairing).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/results.js';
import { mergeResults } from '../../src/core/shard.js';

const run = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../fixtures/skips/selftests-6.12-on-6.12/results.json'),
    'utf8',
  ),
) as RunResults;
const tree = {
  dir: '/cache/ci-all/build/selftests/net/mptcp',
  version: '6.12.117',
  from: 'build.json' as const,
};

describe('merged selftests trees', () => {
  it('each tree once, in run order; none recorded, none merged', () => {
    const a = { ...run, shard: { index: 1, total: 2 }, selftests: [tree] };
    const b = {
      ...run,
      shard: { index: 2, total: 2 },
      selftests: [tree, { dir: '/old/selftests', version: '6.1.128' }],
    };
    expect(mergeResults([a, b]).selftests).toEqual([
      tree,
      { dir: '/old/selftests', version: '6.1.128' },
    ]);
    expect(mergeResults([run, run]).selftests).toBeUndefined();
  });
});
