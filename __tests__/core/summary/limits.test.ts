// The summary stays under GitHub's 1 MiB step-summary limit for any results
// (issue 17): every part is bounded, and what was left out is said once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults, TestResult } from '../../../src/core/results.js';
import { renderSummary, renderTerminal } from '../../../src/core/summary/index.js';
import { finalizeRun } from '../../../src/core/verdict.js';
import { repoRoot } from '../../helpers/dist.js';

const MIB = 1024 * 1024;
const base = (): RunResults =>
  JSON.parse(
    readFileSync(join(repoRoot, '__tests__/fixtures/results/success/results.json'), 'utf8'),
  );
const test = (name: string, status: TestResult['status'] = 'fail'): TestResult => ({
  name,
  status,
  durationMs: 5,
  reason: 'exit=1',
  excerpt: 'last line',
  subtests: [],
});
const run = (tests: TestResult[], over: Partial<RunResults> = {}): RunResults =>
  finalizeRun({
    ...base(),
    suites: [{ name: 's', kind: 'kselftest', durationMs: 1, tests }],
    findings: [],
    ...over,
  });
const bytes = (s: string) => Buffer.byteLength(s);
const trimNotes = (s: string) => s.match(/Summary trimmed/g)?.length ?? 0;

describe('summary size', () => {
  it.each([
    ['two 600 KB test names', () => run([test('a'.repeat(600_000)), test('b'.repeat(600_000))])],
    ['a 10 MB test name', () => run([test('c'.repeat(10_000_000))])],
    [
      '200,000 results',
      () => run(Array.from({ length: 200_000 }, (_, i) => test(`t${i}`, i % 3 ? 'pass' : 'fail'))),
    ],
    [
      'a 3 MB suite name, 2 MB run name, 2,000 suites',
      () =>
        finalizeRun({
          ...base(),
          name: 'N'.repeat(2_000_000),
          suites: Array.from({ length: 2000 }, (_, i) => ({
            name: `${i}${'S'.repeat(i === 0 ? 3_000_000 : 10)}`,
            kind: 'command' as const,
            durationMs: 1,
            tests: [test(`x${i}`)],
          })),
          findings: [],
        }),
    ],
    [
      'a 5 MB abort message, console tail and environment',
      () =>
        run([test('x')], {
          abort: { kind: 'crash', message: 'm\n'.repeat(2_500_000) },
          consoleTail: Array.from({ length: 1000 }, () => 'l'.repeat(5000)),
          environment: Object.fromEntries(
            Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'.repeat(1000)]),
          ),
        }),
    ],
  ])('%s: under 1 MiB, the trimming said at most once', (_what, make) => {
    const r = make();
    const md = renderSummary(r);
    expect(bytes(md)).toBeLessThan(MIB);
    expect(trimNotes(md)).toBeLessThanOrEqual(1);
    // The terminal twin is bounded too: it goes to the job log.
    expect(bytes(renderTerminal(r))).toBeLessThan(MIB);
  });

  it('the last-resort cut keeps the note and closes what it cut open', () => {
    const r = run(Array.from({ length: 50 }, (_, i) => test(`t${i}`)));
    const md = renderSummary(r, { maxBytes: 9000 });
    expect(bytes(md)).toBeLessThanOrEqual(9000);
    expect(trimNotes(md)).toBe(1);
    expect(md.match(/<pre>/g)?.length ?? 0).toBe(md.match(/<\/pre>/g)?.length ?? 0);
  });
});

describe('terminal text', () => {
  it('no line starts with a workflow command, whatever the names hold (issue 17)', () => {
    const evil = 'x\n::error::boom\n  ::add-mask::secret\r::warning::y\n##[error]legacy';
    const r = run([test(evil)], {
      name: evil,
      abort: { kind: 'crash', message: evil },
      consoleTail: [evil],
      environment: { [evil]: evil },
    });
    const text = renderTerminal(r);
    for (const line of text.split(/\r?\n|\r/)) expect(line).not.toMatch(/^\s*(::|##\[)/);
  });
});
