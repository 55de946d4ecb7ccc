// Findings from a real console (a WARNING captured on Debian 6.1) attributed
// to the test that was running: that test fails, its neighbours do not.
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../src/core/crash/detector.js';
import { attachFindings, KERNEL_FINDING_LEAF } from '../../src/core/finding-tests.js';
import type { Suite, TestResult } from '../../src/core/results.js';
import { finalizeRun } from '../../src/core/verdict.js';
import { SCHEMA_ID } from '../../src/core/results.js';
import { readFixture } from './crash/samples.js';

const test = (name: string, extra: Partial<TestResult> = {}): TestResult => ({
  name,
  status: 'pass',
  durationMs: 10,
  subtests: [],
  ...extra,
});

const warning = analyzeLog(readFixture('warning-6.1.log'))[0]!;

function suites(): Suite[] {
  return [
    {
      name: 'commands',
      kind: 'command',
      durationMs: 30,
      tests: [
        test('before'),
        test('warn'),
        test('tap', {
          subtests: [test('a'), test('b', { status: 'skip' })],
        }),
      ],
    },
  ];
}

describe('findings attached to the test they appeared in', () => {
  it('a WARNING during a passing test fails it, with the title as reason; others untouched', () => {
    const s = suites();
    const out = attachFindings(s, [{ ...warning, test: 'commands/warn' }]);
    const [before, warn] = out[0]!.tests;
    expect(before).toBe(s[0]!.tests[0]);
    expect(warn!.status).toBe('fail');
    expect(warn!.reason).toBe('kernel finding during the test: WARNING in kci_warn');
    expect(warn!.findings).toEqual([warning.fingerprint]);
    // the input is not modified
    expect(s[0]!.tests[1]!.status).toBe('pass');
  });

  it('a test with passing subtests gets a failing leaf, so counts see it; idempotent', () => {
    const once = attachFindings(suites(), [{ ...warning, test: 'commands/tap' }]);
    const twice = attachFindings(once, [{ ...warning, test: 'commands/tap' }]);
    const tap = twice[0]!.tests[2]!;
    expect(tap.subtests.map((t) => [t.name, t.status])).toEqual([
      ['a', 'pass'],
      ['b', 'skip'],
      [KERNEL_FINDING_LEAF, 'fail'],
    ]);
    expect(tap.findings).toEqual([warning.fingerprint]);
  });

  it('a failed or crashed test keeps its status and reason; a finding outside tests fails none', () => {
    const s = suites();
    s[0]!.tests[1] = test('warn', { status: 'crashed', reason: 'the VM stopped' });
    const out = attachFindings(s, [{ ...warning, test: 'commands/warn' }, { ...warning }]);
    expect(out[0]!.tests.map((t) => [t.status, t.reason])).toEqual([
      ['pass', undefined],
      ['crashed', 'the VM stopped'],
      ['pass', undefined],
    ]);
  });

  it('through finalizeRun: the test counts as failed, the verdict is critical', () => {
    const run = finalizeRun({
      schema: SCHEMA_ID,
      name: 'commands',
      startedAt: '2026-11-27T06:00:00.000Z',
      durationMs: 30,
      suites: suites(),
      findings: [{ ...warning, test: 'commands/warn' }],
    });
    expect(run.counts).toMatchObject({ total: 4, pass: 2, fail: 1, skip: 1 });
    expect(run.verdict).toBe('critical');
  });
});
