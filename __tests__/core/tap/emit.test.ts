import { Parser } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { leaves, type TestResult } from '../../../src/core/results.js';
import { parseTap, type TapNode } from '../../../src/core/tap/index.js';
import { toSubtests } from '../../../src/core/assemble.js';
import { toTap } from '../../../src/core/tap/emit.js';
import { captures, runOf } from '../../helpers/tap-fixtures.js';

function tapParser(text: string): Promise<{ ok: boolean; count: number; failures: number }> {
  return new Promise((resolve) => {
    const p = new Parser((r) => resolve({ ok: r.ok, count: r.count, failures: r.failures.length }));
    p.end(text);
  });
}

const flat = (ts: TestResult[]): string[] =>
  [...leaves(ts)].map(({ path, test }) => `${path} ${test.status}`);

describe.each(captures())('TAP re-emit of $file', (c) => {
  const run = runOf(c);
  const tap = toTap(run);

  it('parses back to the same leaves', () => {
    const suites: TapNode[] = parseTap(tap);
    expect(suites).toHaveLength(run.suites.length);
    const again = suites.map((s) => toSubtests(s.children));
    const want = run.suites.map((s) => flat(s.tests));
    const got = again.map(flat);
    // Statuses without a TAP directive come back as pass/fail.
    const norm = (l: string[]): string[] =>
      l.map((x) =>
        x
          .replace(/ (flaky)$/, ' pass')
          .replace(/ (timeout|crashed)$/, ' fail')
          .replace(/ not-run$/, ' skip'),
      );
    expect(got.map(norm)).toEqual(want.map(norm));
  });

  it('is valid TAP 14 for tap-parser, failing exactly when tests failed', async () => {
    const r = await tapParser(tap);
    expect(r.count).toBe(run.suites.length);
    const failed = run.counts.fail + run.counts.timeout + run.counts.crashed > 0;
    expect(r.ok).toBe(!failed);
  });
});
