import { describe, expect, it } from 'vitest';
import {
  assembleKunit,
  assembleTapSuites,
  assembleTest,
  exitStatus,
  notRunTest,
} from '../../src/core/assemble.js';
import type { PlanTest } from '../../src/core/plan/plan.js';
import { mergeAttempts, shouldRetry } from '../../src/core/retries.js';
import { captures, readCapture } from '../helpers/tap-fixtures.js';

const plan = (name: string, extra: Partial<PlanTest> = {}): PlanTest => ({
  id: 1,
  suite: 'net/mptcp',
  kind: 'kselftest',
  name,
  cwd: '/srv',
  command: `./${name}`,
  timeoutSec: 90,
  file: `tools/testing/selftests/net/mptcp/${name}`,
  ...extra,
});

const end = (exit: number, timedOut = false) => ({ exit, ms: 1234, timedOut });

describe('exit codes, kselftest semantics', () => {
  it.each([
    [0, 'pass'],
    [4, 'skip'],
    [2, 'xfail'],
    [3, 'xpass'],
    [124, 'timeout'],
    [1, 'fail'],
    [139, 'fail'],
  ])('exit %i → %s', (exit, status) => {
    expect(exitStatus(end(exit)).status).toBe(status);
  });

  it('skip-is-fail, timeouts and missing end markers', () => {
    expect(exitStatus(end(4), { skipIsFail: true })).toEqual({
      status: 'fail',
      reason: 'skipped (exit=4) and skips count as failures',
    });
    expect(exitStatus(end(137, true), { timeoutSec: 90 })).toEqual({
      status: 'timeout',
      reason: 'timed out after 90 s',
    });
    expect(exitStatus(null).status).toBe('fail');
    expect(exitStatus(null, { interrupted: 'crash' }).status).toBe('crashed');
    expect(exitStatus(null, { interrupted: 'timeout' }).status).toBe('timeout');
  });
});

describe('assembleTest', () => {
  const out = [
    'some output [ ok ]',
    '',
    'TAP version 13',
    '1..3',
    'ok 1 - mptcp_sockopt: SOL_MPTCP getsockopt # time=120ms',
    'not ok 2 - mptcp_sockopt: TCP_INQ cmsg/ioctl -t tcp # time=30ms',
    'ok 3 - mptcp_sockopt: transparent ipv4 # SKIP time=1ms',
  ].join('\n');

  it('takes subtests from the TAP and keeps the failure visible', () => {
    const t = assembleTest(plan('mptcp_sockopt.sh'), end(1), out, { outputPath: 'tests/1.log' });
    expect(t).toMatchObject({
      name: 'mptcp_sockopt.sh',
      status: 'fail',
      reason: 'exit=1',
      exitCode: 1,
      durationMs: 1234,
      outputPath: 'tests/1.log',
      file: 'tools/testing/selftests/net/mptcp/mptcp_sockopt.sh',
    });
    expect(t.subtests.map((s) => [s.name, s.status, s.durationMs])).toEqual([
      ['mptcp_sockopt: SOL_MPTCP getsockopt', 'pass', 120],
      ['mptcp_sockopt: TCP_INQ cmsg/ioctl -t tcp', 'fail', 30],
      ['mptcp_sockopt: transparent ipv4', 'skip', 1],
    ]);
    expect(t.excerpt).toContain('transparent ipv4');
  });

  it('exit 0 with a failed subtest is a failure (the TAP is more precise)', () => {
    const t = assembleTest(plan('mptcp_sockopt.sh'), end(0), out);
    expect(t.status).toBe('fail');
    expect(t.reason).toBe('1 subtest(s) failed');
  });

  it('a failing exit with only passing subtests adds an "(exit status)" leaf', () => {
    const passing = out.replace('not ok 2', 'ok 2');
    const t = assembleTest(plan('mptcp_sockopt.sh'), end(1), passing);
    expect(t.subtests.at(-1)).toMatchObject({
      name: '(exit status)',
      status: 'fail',
      reason: 'exit=1',
      exitCode: 1,
    });
  });

  it('planned subtests that never printed are failed leaves with the reason', () => {
    const cut = out.split('\n').slice(0, 5).join('\n');
    const t = assembleTest(plan('mptcp_sockopt.sh'), null, cut, { interrupted: 'crash' });
    expect(t.status).toBe('crashed');
    expect(t.subtests.map((s) => [s.name, s.status, s.reason])).toEqual([
      ['mptcp_sockopt: SOL_MPTCP getsockopt', 'pass', undefined],
      ['#2', 'fail', 'planned 1..3 but no result line for #2'],
      ['#3', 'fail', 'planned 1..3 but no result line for #3'],
    ]);
  });

  it('unwraps a kselftest runner line for the same script', () => {
    const wrapped = `TAP version 13\n1..1\n# selftests: net/mptcp: mptcp_sockopt.sh\n${out.replace(/^/gm, '# ')}\nnot ok 1 selftests: net/mptcp: mptcp_sockopt.sh # exit=1`;
    const t = assembleTest(plan('mptcp_sockopt.sh'), end(1), wrapped);
    expect(t.subtests.map((s) => s.name)).toEqual([
      'mptcp_sockopt: SOL_MPTCP getsockopt',
      'mptcp_sockopt: TCP_INQ cmsg/ioctl -t tcp',
      'mptcp_sockopt: transparent ipv4',
    ]);
  });

  it('notRunTest', () => {
    expect(notRunTest(plan('diag.sh'), 'the VM stopped')).toMatchObject({
      status: 'not-run',
      reason: 'the VM stopped',
    });
  });
});

describe('retries', () => {
  const failing = 'TAP version 13\n1..2\nok 1 - diag: a # time=1ms\nnot ok 2 - diag: b # time=2ms';
  const passing = 'TAP version 13\n1..2\nok 1 - diag: a # time=1ms\nok 2 - diag: b # time=2ms';

  it('never retries a pass or a crash', () => {
    const p = assembleTest(plan('diag.sh'), end(0), passing);
    const f = assembleTest(plan('diag.sh'), end(1), failing);
    expect(shouldRetry(p, 1, 3)).toBe(false);
    expect(shouldRetry(f, 1, 3)).toBe(true);
    expect(shouldRetry(f, 4, 3)).toBe(false);
    expect(shouldRetry({ ...f, status: 'crashed' }, 1, 3)).toBe(false);
  });

  it('fail then pass = flaky, both attempts kept, the subtest that failed is flaky', () => {
    const a1 = assembleTest(plan('diag.sh'), end(1), failing, {
      outputPath: 'tests/1-diag.sh.1.log',
    });
    const a2 = assembleTest(plan('diag.sh'), end(0), passing, {
      outputPath: 'tests/1-diag.sh.2.log',
    });
    const m = mergeAttempts([a1, a2]);
    expect(m.status).toBe('flaky');
    expect(m.reason).toBe('attempt 1 fail (exit=1), attempt 2 pass');
    expect(m.attempts).toEqual([
      { status: 'fail', exitCode: 1, durationMs: 1234, outputPath: 'tests/1-diag.sh.1.log' },
      { status: 'pass', exitCode: 0, durationMs: 1234, outputPath: 'tests/1-diag.sh.2.log' },
    ]);
    expect(m.subtests.map((s) => s.status)).toEqual(['pass', 'flaky']);
  });

  it('a whole-test failure that passes on retry leaves a flaky "(exit status)" leaf', () => {
    const a1 = assembleTest(plan('diag.sh'), end(1), passing);
    const m = mergeAttempts([a1, assembleTest(plan('diag.sh'), end(0), passing)]);
    expect(m.subtests.map((s) => [s.name, s.status])).toEqual([
      ['diag: a', 'pass'],
      ['diag: b', 'pass'],
      ['(exit status)', 'flaky'],
    ]);
  });

  it('fail then skip stays a failure: the skipped retry proves nothing', () => {
    const a1 = assembleTest(plan('diag.sh'), end(1), failing);
    const a2 = assembleTest(plan('diag.sh'), end(4), '');
    const m = mergeAttempts([a1, a2]);
    expect(m.status).toBe('fail');
    expect(m.reason).toBe('attempt 1 fail (exit=1), attempt 2 skip: no pass to call it flaky');
    expect(m.attempts?.map((a) => a.status)).toEqual(['fail', 'skip']);
    const withSubtests = mergeAttempts([
      a1,
      { ...a2, subtests: [{ name: 'diag: a', status: 'skip', durationMs: 1, subtests: [] }] },
    ]);
    expect(withSubtests.subtests.map((s) => [s.name, s.status])).toEqual([
      ['diag: a', 'skip'],
      ['(exit status)', 'fail'],
    ]);
  });

  it('failing every attempt stays a failure, with the history', () => {
    const a = assembleTest(plan('diag.sh'), end(1), failing);
    const m = mergeAttempts([a, a, a]);
    expect(m.status).toBe('fail');
    expect(m.reason).toBe('exit=1; failed all 3 attempts');
    expect(m.attempts).toHaveLength(3);
  });
});

describe('KUnit from the console', () => {
  it('reads only KTAP documents, one Suite per KUnit suite', () => {
    const log = [
      '[    1.0] KTAP version 1',
      '[    1.0] 1..1',
      '[    1.0]     KTAP version 1',
      '[    1.0]     # Subtest: mptcp-crypto',
      '[    1.0]     1..1',
      '[    1.0]     ok 1 mptcp_crypto_test_basic',
      '[    1.0] ok 1 mptcp-crypto',
      'TAP version 13',
      '1..1',
      'ok 1 selftests: net/mptcp: diag.sh',
    ];
    expect(assembleKunit(log)).toEqual([
      {
        name: 'mptcp-crypto',
        kind: 'kunit',
        durationMs: null,
        tests: [
          { name: 'mptcp_crypto_test_basic', status: 'pass', durationMs: null, subtests: [] },
        ],
      },
    ]);
    expect(assembleTapSuites(log).map((s) => [s.name, s.kind, s.tests.map((t) => t.name)])).toEqual(
      [
        ['mptcp-crypto', 'kunit', ['mptcp_crypto_test_basic']],
        ['net/mptcp', 'kselftest', ['diag.sh']],
      ],
    );
  });
});

describe('real captures', () => {
  it('has them', () => {
    expect(captures().length).toBeGreaterThan(0);
    expect(readCapture(captures()[0]!).length).toBeGreaterThan(0);
  });
});
