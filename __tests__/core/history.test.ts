import { describe, expect, it } from 'vitest';
import {
  classify,
  emptyHistory,
  exitCodeWithHistory,
  flakeRate,
  leafOutcomes,
  mergeRun,
  parseHistory,
  serializeHistory,
  sparkline,
  HISTORY_SCHEMA,
  type History,
} from '../../src/core/history.js';
import type { RunResults, Status } from '../../src/core/results.js';
import { results, suite, test } from '../helpers/results-builder.js';

const limits = { maxRuns: 20, maxBytes: 1 << 20 };

/** A run of three plain commands with the given statuses. */
const run = (old: Status, alt: Status, fresh: Status, extra: Partial<RunResults> = {}) =>
  results(
    [
      suite(
        'commands',
        [test('old', old), test('alternating', alt), test('fresh', fresh)],
        'command',
      ),
    ],
    extra,
  );

function threeMainRuns(): History {
  let h = emptyHistory('main');
  const outcomes: [Status, Status, Status][] = [
    ['fail', 'pass', 'pass'],
    ['fail', 'fail', 'pass'],
    ['fail', 'pass', 'pass'],
  ];
  outcomes.forEach(([a, b, c], i) => {
    h = mergeRun(h, { id: String(i + 1), at: `2026-11-2${i}T00:00:00Z` }, run(a, b, c), limits);
  });
  return h;
}

describe('history', () => {
  it('keeps one outcome column per run, tests by path without shard or job', () => {
    const h = threeMainRuns();
    expect(h.runs.map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(h.tests['commands / old']!.o).toBe('fff');
    expect(h.tests['commands / alternating']!.o).toBe('pfp');
    expect(h.tests['commands / fresh']!.d).toEqual([1000, 1000, 1000]);
  });

  it('merging the same run twice changes nothing', () => {
    const h = threeMainRuns();
    const again = mergeRun(h, { id: '3', at: 'x' }, run('fail', 'pass', 'pass'), limits);
    expect(serializeHistory(again)).toBe(serializeHistory(h));
  });

  it("a run's later shard fills only the cells it lacked", () => {
    let h = emptyHistory();
    const shard1 = results([suite('s', [test('a', 'pass')])], { shard: { index: 1, total: 2 } });
    const shard2 = results([suite('s', [test('b', 'fail')])], { shard: { index: 2, total: 2 } });
    h = mergeRun(h, { id: '7', at: 'x' }, shard1, limits);
    h = mergeRun(h, { id: '7', at: 'x' }, shard2, limits);
    h = mergeRun(h, { id: '7', at: 'x' }, shard2, limits);
    expect(h.runs).toHaveLength(1);
    expect(h.tests).toEqual({ 's / a': { o: 'p', d: [1000] }, 's / b': { o: 'f', d: [1000] } });
  });

  it('the same id from two jobs of one run keeps the worse outcome', () => {
    const r = results([suite('s', [test('a', 'pass')]), suite('s', [test('a', 'timeout')])]);
    expect(leafOutcomes(r).get('s / a')!.status).toBe('timeout');
  });

  it('is bounded by runs and by bytes, oldest first; forgotten tests go', () => {
    let h = emptyHistory();
    for (let i = 0; i < 30; i++)
      h = mergeRun(
        h,
        { id: `r${i}`, at: 'x' },
        results([suite('s', [test(`only-in-${i}`, 'pass'), test('always', 'pass')])]),
        { maxRuns: 5, maxBytes: 1 << 20 },
      );
    expect(h.runs.map((r) => r.id)).toEqual(['r25', 'r26', 'r27', 'r28', 'r29']);
    expect(Object.keys(h.tests)).not.toContain('s / only-in-24');
    expect(h.tests['s / always']!.o).toBe('ppppp');
    const small = mergeRun(h, { id: 'r30', at: 'x' }, run('pass', 'pass', 'pass'), {
      maxRuns: 20,
      maxBytes: 600,
    });
    expect(Buffer.byteLength(serializeHistory(small))).toBeLessThanOrEqual(600);
    expect(small.runs.at(-1)!.id).toBe('r30');
    expect(small.runs.length).toBeLessThan(6);
  });

  it('classifies: old failure known, alternating flaky 50 %, freshly broken new', () => {
    const pr = run('fail', 'fail', 'fail');
    const c = classify(pr, threeMainRuns());
    expect(c.map((x) => [x.id, x.kind])).toEqual([
      ['commands / fresh', 'new'],
      ['commands / alternating', 'flaky'],
      ['commands / old', 'known'],
    ]);
    const flaky = c.find((x) => x.kind === 'flaky')!;
    expect(flakeRate(flaky)).toBe(50);
    expect(flaky.note).toBe('failed 2 of the last 4 runs (3 on main + this one)');
    expect(flaky.outcomes).toBe('pfpf');
    expect(sparkline(flaky.outcomes, 'text')).toBe('.F.F');
    expect(c[0]!.note).toBe('passed the last 3 runs on main');
  });

  it('a test failing since the last two runs is known; one passing again is fixed', () => {
    let h = emptyHistory('main');
    for (const [i, s] of (['pass', 'pass', 'fail', 'fail'] as Status[]).entries())
      h = mergeRun(h, { id: String(i), at: 'x' }, results([suite('s', [test('a', s)])]), limits);
    expect(classify(results([suite('s', [test('a', 'fail')])]), h)[0]).toMatchObject({
      kind: 'known',
      note: 'failing on main for the last 2 runs',
    });
    expect(classify(results([suite('s', [test('a', 'pass')])]), h)[0]!.kind).toBe('fixed');
    expect(classify(results([suite('s', [test('a', 'skip')])]), h)).toEqual([]);
    // A test the history never saw is new when it fails.
    expect(classify(results([suite('s', [test('b', 'fail')])]), h)[0]).toMatchObject({
      kind: 'new',
      note: 'not in the last 4 runs on main',
    });
  });

  it('leaves out the run being judged, and looks at the newest runs only', () => {
    const h = threeMainRuns();
    const c = classify(run('fail', 'pass', 'pass'), h, { exclude: '3', window: 1 });
    // Only run 2 is looked at: alternating failed there, passes now.
    expect(c.map((x) => [x.id, x.kind, x.outcomes])).toEqual([
      ['commands / old', 'known', 'ff'],
      ['commands / alternating', 'fixed', 'fp'],
    ]);
  });

  it('fail-on new passes an unstable run whose failures are all known or flaky', () => {
    const h = threeMainRuns();
    const noNew = classify(run('fail', 'fail', 'pass'), h);
    expect(exitCodeWithHistory('unstable', 'new', noNew)).toBe(0);
    expect(exitCodeWithHistory('unstable', 'any', noNew)).toBe(1);
    const withNew = classify(run('fail', 'fail', 'fail'), h);
    expect(exitCodeWithHistory('unstable', 'new', withNew)).toBe(1);
    expect(exitCodeWithHistory('critical', 'new', noNew)).toBe(2);
    expect(exitCodeWithHistory('failure', 'new', noNew)).toBe(1);
  });

  it('a corrupt or foreign-version file is a reason, never a throw', () => {
    expect(parseHistory('{not json')).toMatchObject({
      problem: expect.stringMatching(/^not valid JSON/),
    });
    expect(parseHistory('[]')).toEqual({ problem: 'not a kernel-ci history (not an object)' });
    expect(parseHistory('{"schema":"kernel-ci-history/v9","runs":[],"tests":{}}')).toEqual({
      problem: `written as kernel-ci-history/v9; this kernel-ci reads ${HISTORY_SCHEMA}`,
    });
    const h = threeMainRuns();
    const bad = { ...h, tests: { ...h.tests, x: { o: 'pp', d: [1, 2] } } };
    expect(parseHistory(JSON.stringify(bad))).toEqual({
      problem: "test 'x': outcomes do not match the 3 runs",
    });
    expect(parseHistory(serializeHistory(h))).toEqual({ history: h });
  });
});
