import { describe, expect, it } from 'vitest';
import type { Finding, RunResults, Suite, TestResult } from '../../src/core/results.js';
import {
  computeConclusion,
  computeCounts,
  computeVerdict,
  exitCodeFor,
  finalizeRun,
} from '../../src/core/verdict.js';

const t = (
  name: string,
  status: TestResult['status'],
  subtests: TestResult[] = [],
): TestResult => ({
  name,
  status,
  durationMs: null,
  subtests,
});

const suite = (
  tests: TestResult[],
  name = 'net/mptcp',
  kind: Suite['kind'] = 'kselftest',
): Suite => ({
  name,
  kind,
  durationMs: null,
  tests,
});

const finding = (kind: Finding['kind'], count = 1): Finding => ({
  kind,
  title: `${kind} in foo`,
  fatal: kind === 'panic',
  fingerprint: kind,
  count,
  lines: { first: 1, last: 2 },
  report: '',
});

type In = Pick<RunResults, 'name' | 'suites' | 'findings' | 'abort'>;
const run = (suites: Suite[], extra: Partial<In> = {}): In => ({
  name: 'net/mptcp',
  suites,
  findings: [],
  ...extra,
});

describe('counts', () => {
  it('counts leaves only', () => {
    const c = computeCounts([
      suite([
        t('mptcp_join.sh', 'fail', [t('a', 'pass'), t('b', 'fail'), t('c', 'skip')]),
        t('diag.sh', 'pass'),
      ]),
      suite([t('case', 'pass', [t('p1', 'pass'), t('p2', 'xfail')])], 'mptcp-token', 'kunit'),
    ]);
    expect(c).toMatchObject({ total: 6, pass: 3, fail: 1, skip: 1, xfail: 1, flaky: 0 });
  });
});

describe('verdict and conclusion (MPTCP CI wording)', () => {
  it('success', () => {
    const r = run([suite([t('diag.sh', 'pass'), t('x', 'skip'), t('y', 'xfail')])]);
    expect(computeVerdict(r)).toBe('success');
    expect(computeConclusion(r)).toBe('net/mptcp: Success! ✅');
  });

  it('success names flaky and xpass leaves', () => {
    const r = run([
      suite([
        t('mptcp_join.sh', 'flaky', [t('mptcp_join: fastclose test', 'flaky'), t('b', 'pass')]),
      ]),
    ]);
    expect(computeVerdict(r)).toBe('success');
    expect(computeConclusion(r)).toBe(
      'net/mptcp: Success! ✅ (1 flaky/xpass subtest(s): mptcp_join: fastclose test)',
    );
  });

  it('unstable: failed subtests, named as the MPTCP CI does', () => {
    const r = run([
      suite([
        t('mptcp_join.sh', 'fail', [
          t('mptcp_join: fastclose test', 'fail'),
          t('mptcp_join: ok', 'pass'),
        ]),
        t('diag.sh', 'fail', [t('(exit status)', 'fail')]),
        t('simult_flows.sh', 'timeout'),
      ]),
      suite([t('mptcp_token_test', 'fail', [t('param 2', 'fail')])], 'mptcp-token', 'kunit'),
    ]);
    expect(computeVerdict(r)).toBe('unstable');
    expect(exitCodeFor('unstable')).toBe(1);
    expect(computeConclusion(r)).toBe(
      'net/mptcp: Unstable: 4 failed subtest(s): mptcp_join: fastclose test, diag.sh, simult_flows.sh, mptcp-token.mptcp_token_test.param 2 🔴',
    );
  });

  it('failure: nothing was tested', () => {
    expect(computeConclusion(run([suite([t('a', 'skip'), t('b', 'not-run')])]))).toBe(
      'net/mptcp: Failure: no test ran (1 skipped, 1 not run) ❌',
    );
    expect(computeVerdict(run([]))).toBe('failure');
    expect(computeConclusion(run([]))).toBe('net/mptcp: Failure: no test result ❌');
  });

  it('critical: findings, aborts and crashed tests, whatever the tests say', () => {
    const r = run([suite([t('diag.sh', 'pass'), t('mptcp_join.sh', 'crashed')])], {
      findings: [finding('warning', 2), finding('kmemleak')],
      abort: { kind: 'timeout', message: 'global timeout 3600 s' },
    });
    expect(computeVerdict(r)).toBe('critical');
    expect(exitCodeFor('critical')).toBe(2);
    expect(computeConclusion(r)).toBe(
      'net/mptcp: Critical: 2 Call Trace(s) - Critical: 1 KMemLeak(s) - Critical: 1 crashed test(s): mptcp_join.sh - Critical: Global Timeout ❌',
    );
    expect(computeVerdict(run([suite([t('a', 'pass')])], { findings: [finding('kasan')] }))).toBe(
      'critical',
    );
  });

  it('lists at most 10 failures', () => {
    const many = Array.from({ length: 12 }, (_, i) => t(`s${i}`, 'fail'));
    expect(computeConclusion(run([suite(many)]))).toMatch(
      /: Unstable: 12 failed subtest\(s\): s0, .*s9, \.\.\. 🔴$/,
    );
  });

  it('finalizeRun fills counts, verdict and conclusion', () => {
    const r = finalizeRun(run([suite([t('a', 'pass')])]));
    expect(r).toMatchObject({
      verdict: 'success',
      counts: { total: 1, pass: 1 },
      conclusion: 'net/mptcp: Success! ✅',
    });
    expect(exitCodeFor(r.verdict)).toBe(0);
  });
});
