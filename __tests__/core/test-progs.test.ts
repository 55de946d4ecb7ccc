// test_progs' own result lines read into the result tree, on real output
// captured in the VM (fixtures/bpf/README.md says how).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleTest } from '../../src/core/assemble.js';
import type { PlanTest } from '../../src/core/plan/plan.js';
import type { TestResult } from '../../src/core/results.js';
import { parseTestProgs } from '../../src/core/test-progs.js';

const fixture = (f: string) => readFileSync(join(__dirname, '../fixtures/bpf', f), 'utf8');

/** name status (reason), indented by depth: the tree at a glance. */
const tree = (ts: TestResult[], depth = 0): string[] =>
  ts.flatMap((t) => [
    `${'  '.repeat(depth)}${t.name} ${t.status}${t.reason ? ` (${t.reason})` : ''}`,
    ...tree(t.subtests, depth + 1),
  ]);

describe('parseTestProgs on a --preset bpf 6.12 kernel (the whole test_progs, bench:bpf)', () => {
  it('-t mptcp: both subtests of 6.12 pass, bpf_testmod loaded and unloaded around them', () => {
    const text = fixture('test_progs-t-mptcp-6.12.log');
    expect(text).toContain('Successfully loaded bpf_testmod.ko.');
    const r = parseTestProgs(text);
    expect(tree(r.tests)).toEqual(['mptcp pass', '  base pass', '  mptcpify pass']);
    expect(r.summary).toEqual({ passed: 1, subtestsPassed: 2, skipped: 0, failed: 0 });
  });
});

describe('parseTestProgs on real output (6.12 test_progs, Debian 6.1 kernel)', () => {
  it('-v, -t mptcp: base passes, mptcpify fails with its first :FAIL: line', () => {
    const r = parseTestProgs(fixture('test_progs-v-mptcp-6.1.log'));
    expect(tree(r.tests)).toEqual([
      'mptcp fail',
      '  base pass',
      '  mptcpify fail (run_mptcpify:FAIL:skel_open_load unexpected error: -3)',
    ]);
    expect(r.summary).toEqual({ passed: 0, subtestsPassed: 1, skipped: 0, failed: 1 });
  });

  it('-v, three tests: a test-level skip, skipped subtests, a failed subtest fails its test', () => {
    const r = parseTestProgs(fixture('test_progs-v-3tests-6.1.log'));
    expect(tree(r.tests)).toEqual([
      // Its log is test_progs' own start (no bpf_testmod.ko): the reason it skipped.
      "btf_module skip (Can't find bpf_testmod.ko kernel module: -2)",
      'mptcp fail',
      '  base pass',
      '  mptcpify fail (run_mptcpify:FAIL:skel_open_load unexpected error: -3)',
      // test_progs says OK (the framework test resets its own counts): a failed subtest fails it here.
      'prog_tests_framework fail (a subtest failed)',
      '  test_good_subtest pass',
      // Nothing printed but passing checks: no reason rather than a wrong one.
      '  test_skip_subtest skip',
      '  test_skip_subtest skip',
      '  test_fail_subtest fail',
    ]);
    expect(r.summary).toEqual({ passed: 2, subtestsPassed: 1, skipped: 1, failed: 1 });
  });

  it('without -v: the same tree, the failures\' recap after "All error logs:" not counted twice', () => {
    const quiet = parseTestProgs(fixture('test_progs-3tests-6.1.log'));
    const verbose = parseTestProgs(fixture('test_progs-v-3tests-6.1.log'));
    // Only the skip reason differs: without -v nothing but failures' logs is printed.
    const strip = (ts: TestResult[]) => tree(ts).map((l) => l.replace(/ \(Can't find.*\)$/, ''));
    expect(strip(quiet.tests)).toEqual(strip(verbose.tests));
    expect(quiet.tests.map((t) => t.name)).toEqual(['btf_module', 'mptcp', 'prog_tests_framework']);
    expect(quiet.summary).toEqual(verbose.summary);
  });

  it('a test a deny list removed is a skip saying so (the guest lists the selection with and without the lists)', () => {
    // DENYLIST.x86_64 beside test_progs named btf_module: test_progs itself printed nothing for it.
    const r = parseTestProgs(fixture('test_progs-v-denylisted-6.1.log'));
    expect(tree(r.tests).filter((l) => !l.startsWith(' '))).toEqual([
      'mptcp fail',
      'prog_tests_framework fail (a subtest failed)',
      'btf_module skip (denylisted (DENYLIST, DENYLIST.x86_64))',
    ]);
    expect(r.summary).toEqual({ passed: 1, subtestsPassed: 1, skipped: 0, failed: 1 });
  });

  it('a run cut short: the test whose line never came is failed, saying so', () => {
    const text = fixture('test_progs-v-mptcp-6.1.log');
    const cut = text.slice(0, text.indexOf('#1/2'));
    const r = parseTestProgs(cut);
    expect(r.summary).toBeUndefined();
    expect(tree(r.tests)).toEqual([
      'mptcp fail (test_progs ended before its result line (it died or was killed))',
      '  base pass',
    ]);
  });

  it('no result line at all: no tests', () => {
    expect(parseTestProgs('').tests).toEqual([]);
    expect(
      parseTestProgs('WARNING! Selftests relying on bpf_testmod.ko will be skipped.\n'),
    ).toEqual({
      tests: [],
    });
  });
});

describe('a bpf plan test assembled from its end marker and output', () => {
  const plan: PlanTest = {
    id: 1,
    suite: 'bpf',
    kind: 'bpf',
    name: 'test_progs -t mptcp',
    cwd: '/b',
    command: './test_progs -t mptcp',
    timeoutSec: 0,
  };

  it('exit 1 with the failing subtest as the leaf that says why', () => {
    const t = assembleTest(
      plan,
      { exit: 1, ms: 10180, timedOut: false },
      fixture('test_progs-v-mptcp-6.1.log'),
    );
    expect(t.status).toBe('fail');
    expect(tree([t])[0]).toBe('test_progs -t mptcp fail (exit=1)');
    expect(tree(t.subtests)).toEqual([
      'mptcp fail',
      '  base pass',
      '  mptcpify fail (run_mptcpify:FAIL:skel_open_load unexpected error: -3)',
    ]);
  });

  it('exit 0 but a subtest line says FAIL: the lines win', () => {
    const t = assembleTest(
      plan,
      { exit: 0, ms: 1, timedOut: false },
      fixture('test_progs-v-mptcp-6.1.log'),
    );
    expect(t.status).toBe('fail');
  });
});
