import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import {
  applyKnownIssues,
  globToRegExp,
  kernelInRange,
  parseKnownIssues,
} from '../../src/core/known-issues.js';
import type { Suite, TestResult } from '../../src/core/results.js';

const leaf = (name: string, status: TestResult['status']): TestResult => ({
  name,
  status,
  durationMs: 1,
  subtests: [],
});

function suites(): Suite[] {
  return [
    {
      name: 'net/mptcp',
      kind: 'kselftest',
      durationMs: 10,
      tests: [
        {
          name: 'mptcp_join.sh',
          status: 'fail',
          durationMs: 9,
          exitCode: 1,
          reason: 'exit=1',
          subtests: [
            leaf('mptcp_join: fastclose test', 'fail'),
            leaf('mptcp_join: fullmesh test', 'pass'),
            leaf('mptcp_join: no JOIN', 'pass'),
          ],
        },
        leaf('diag.sh', 'fail'),
        leaf('pm_netlink.sh', 'pass'),
      ],
    },
  ];
}

const yaml = `# known issues of our tree
- match: "mptcp_join: fastclose*"
  effect: flaky
  reason: slow under TCG
  link: https://github.com/multipath-tcp/mptcp_net-next/issues/1
- match: [net/mptcp/diag.sh, "net/mptcp/pm_*"]
  effect: xfail
  reason: needs iproute2 6.8
  kernel: ">=6.6 <6.9"
  arch: amd64
`;

describe('parseKnownIssues', () => {
  it('reads entries with globs, kernel range and arch', () => {
    const issues = parseKnownIssues(yaml, 'ki.yml');
    expect(issues).toEqual([
      {
        patterns: ['mptcp_join: fastclose*'],
        effect: 'flaky',
        reason: 'slow under TCG',
        link: 'https://github.com/multipath-tcp/mptcp_net-next/issues/1',
        line: 2,
      },
      {
        patterns: ['net/mptcp/diag.sh', 'net/mptcp/pm_*'],
        effect: 'xfail',
        reason: 'needs iproute2 6.8',
        kernel: '>=6.6 <6.9',
        arch: ['amd64'],
        line: 6,
      },
    ]);
    expect(parseKnownIssues(`issues:\n${yaml.replace(/^/gm, '  ')}`)).toHaveLength(2);
    expect(parseKnownIssues('')).toEqual([]);
  });

  it.each([
    ['- match: x\n  effect: [oops\n', /^ki\.yml:3: invalid YAML/],
    [
      '- match: x\n  effect: maybe\n  reason: r\n',
      'ki.yml:2: "effect" must be one of xfail, flaky, skip, got "maybe"',
    ],
    ['- match: x\n  effect: skip\n', 'ki.yml:1: missing "reason"'],
    ['- effect: skip\n  reason: r\n', 'ki.yml:1: missing "match" (a name or glob)'],
    [
      '- match: a\n  effect: skip\n  reason: r\n- match: b\n  efect: skip\n',
      /^ki\.yml:5: unknown key "efect"/,
    ],
    [
      '- match: a\n  effect: skip\n  reason: r\n  kernel: "6.6 to 6.9"\n',
      'ki.yml:4: bad kernel range "6.6 to 6.9": use e.g. ">=6.6 <6.9"',
    ],
    ['match: a\n', 'ki.yml:1: expected a list of entries, or a mapping with only "issues:"'],
    ['- just a string\n', 'ki.yml:1: each entry must be a mapping with match, effect, reason'],
    ['- match: a\n  match: b\n', /^ki\.yml:2: invalid YAML: Map keys must be unique/],
  ])('a broken file is one UsageError naming the line: %j', (text, message) => {
    let err: unknown;
    try {
      parseKnownIssues(text, 'ki.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    if (typeof message === 'string') expect(msg).toBe(message);
    else expect(msg).toMatch(message);
  });
});

describe('matching', () => {
  it('kernel ranges compare on the constraint precision', () => {
    expect(kernelInRange('6.8.12-amd64', '>=6.6 <6.9')).toBe(true);
    expect(kernelInRange('6.9.1', '>=6.6 <6.9')).toBe(false);
    expect(kernelInRange('6.6', '>=6.6 <6.9')).toBe(true);
    expect(kernelInRange('6.1.176-1-amd64', '6.1')).toBe(true);
    expect(kernelInRange('6.12.57', '=6.1')).toBe(false);
    expect(kernelInRange('6.12.57', '>6.1.200')).toBe(true);
    expect(kernelInRange('garbage', '>=1')).toBe(false);
  });

  it('globs: * ? [] and literal regex characters', () => {
    expect(globToRegExp('mptcp_join: *fast*').test('mptcp_join: fastclose test')).toBe(true);
    expect(globToRegExp('net/mptcp/*.sh').test('net/mptcp/diag.sh')).toBe(true);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('[!x]bc').test('abc')).toBe(true);
    expect(globToRegExp('a.c (1)').test('abc (1)')).toBe(false);
  });
});

describe('applyKnownIssues', () => {
  it('flaky turns a failing subtest flaky, xfail turns failure to xfail and pass to xpass', () => {
    const issues = parseKnownIssues(yaml);
    const before = suites();
    const out = applyKnownIssues(before, issues, { kernelVersion: '6.8.1', arch: 'x86_64' });
    const [join, diag, pm] = out[0]!.tests;
    expect(join!.subtests[0]).toMatchObject({
      status: 'flaky',
      knownIssue: { effect: 'flaky', pattern: 'mptcp_join: fastclose*', reason: 'slow under TCG' },
    });
    expect(join!.subtests[0]!.reason).toMatch(/^known issue \(fail\): slow under TCG/);
    expect(join!.subtests[1]!.status).toBe('pass');
    // The parent failed only because of that subtest.
    expect(join!.status).toBe('flaky');
    expect(diag!.status).toBe('xfail');
    expect(pm!.status).toBe('xpass');
    expect(before[0]!.tests[1]!.status).toBe('fail');
  });

  it('skips entries outside their kernel range or arch, and ones needing an unknown version', () => {
    const issues = parseKnownIssues(yaml);
    for (const ctx of [
      { kernelVersion: '6.12.1', arch: 'x86_64' },
      { kernelVersion: '6.8', arch: 'aarch64' },
      {},
    ]) {
      const [, diag] = applyKnownIssues(suites(), issues, ctx)[0]!.tests;
      expect(diag!.status).toBe('fail');
    }
  });

  it('an effect on a test reaches all its subtests; a crash is never hidden', () => {
    const issues = parseKnownIssues(
      '- match: "net/mptcp/mptcp_join.sh"\n  effect: skip\n  reason: too slow\n',
    );
    const s = suites();
    s[0]!.tests[0]!.subtests[2]!.status = 'crashed';
    const [join] = applyKnownIssues(s, issues)[0]!.tests;
    expect(join!.subtests.map((t) => t.status)).toEqual(['skip', 'skip', 'crashed']);
  });
});
