import { describe, expect, it } from 'vitest';
import type { Plan, PlanTest } from '../../src/core/plan/plan.js';
import { leaves, type RunResults } from '../../src/core/results.js';
import {
  assignShards,
  mergeReport,
  mergeResults,
  missingShards,
  parseExpect,
  parseShard,
  shardGroup,
  splitPlan,
  worstVerdict,
} from '../../src/core/shard.js';
import { finding, results, suite, test } from '../helpers/results-builder.js';

const planTest = (id: number, suiteName: string, name: string): PlanTest => ({
  id,
  suite: suiteName,
  kind: 'kselftest',
  name,
  cwd: '/tmp',
  command: `./${name}`,
  timeoutSec: 45,
});

// The MPTCP selftests of linux 6.12 (tools/testing/selftests/net/mptcp/Makefile TEST_PROGS).
const mptcp = [
  'mptcp_connect.sh',
  'mptcp_connect_mmap.sh',
  'mptcp_connect_sendfile.sh',
  'mptcp_connect_checksum.sh',
  'pm_netlink.sh',
  'mptcp_join.sh',
  'diag.sh',
  'simult_flows.sh',
  'mptcp_sockopt.sh',
  'userspace_pm.sh',
];
const plan: Plan = {
  tests: [
    ...mptcp.map((n, i) => planTest(i + 1, 'net/mptcp', n)),
    planTest(11, 'kunit', 'mptcp-token'),
    planTest(12, 'kunit', 'mptcp-crypto'),
  ],
};

/** What a run of these plan tests produces: deterministic per test, so shards can be compared. */
function runOf(p: Plan, shard?: { index: number; total: number }): RunResults {
  const bySuite = new Map<string, ReturnType<typeof test>[]>();
  for (const t of p.tests) {
    const n = mptcp.indexOf(t.name);
    const status = t.name === 'diag.sh' ? 'fail' : t.name === 'userspace_pm.sh' ? 'skip' : 'pass';
    const tr = test(t.name, status, (n + 2) * 1000, {
      subtests: [test(`${t.name} case 1`, 'pass', null), test(`${t.name} case 2`, status, null)],
    });
    bySuite.set(t.suite, [...(bySuite.get(t.suite) ?? []), tr]);
  }
  const findings = p.tests.some((t) => t.name === 'mptcp_join.sh')
    ? [finding('WARNING: at net/mptcp/protocol.c:123', { fatal: false, kind: 'warning' })]
    : [];
  if (p.tests.some((t) => t.name === 'pm_netlink.sh'))
    findings.push(
      finding('WARNING: at net/mptcp/protocol.c:123', { fatal: false, kind: 'warning' }),
    );
  return results(
    [...bySuite].map(([name, tests]) =>
      suite(name, tests, name === 'kunit' ? 'kunit' : 'kselftest'),
    ),
    { findings, ...(shard ? { shard } : {}) },
  );
}

const resultSet = (r: RunResults) =>
  r.suites
    .flatMap((s) => [...leaves(s.tests, s.name)].map(({ path, test: t }) => `${path}=${t.status}`))
    .sort();

describe('shards', () => {
  it('parses I/N and rejects anything else in one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/3/4', ''])
      expect(() => parseShard(bad)).toThrow(/^--shard: /);
  });

  it("caps shards at a matrix's 256 jobs, as the schema does: a report never lists millions missing", () => {
    expect(parseShard('256/256')).toEqual({ index: 256, total: 256 });
    expect(() => parseShard('19/226043428')).toThrow(/^--shard: at most 256 shards/);
    expect(() => parseExpect('run=100000')).toThrow(/^--expect: /);
  });

  it('splits every test into exactly one shard, in plan order, renumbered', () => {
    const shards = [1, 2, 3].map((i) => splitPlan(plan, { index: i, total: 3 }));
    const names = shards.flatMap((s) => s.tests.map((t) => `${t.suite}/${t.name}`));
    expect(names.sort()).toEqual(plan.tests.map((t) => `${t.suite}/${t.name}`).sort());
    for (const s of shards) {
      expect(s.tests.map((t) => t.id)).toEqual(s.tests.map((_t, i) => i + 1));
      const order = s.tests.map((t) => plan.tests.findIndex((p) => p.name === t.name));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // Deterministic: computed again, the same.
    expect(splitPlan(plan, { index: 2, total: 3 })).toEqual(shards[1]);
  });

  it('balances by previous durations, longest first', () => {
    const previous = results([
      suite(
        'net/mptcp',
        mptcp.map((n) => test(n, 'pass', n === 'mptcp_join.sh' ? 600_000 : 30_000)),
      ),
    ]);
    const a = assignShards(
      plan.tests,
      2,
      new Map(mptcp.map((n) => [`net/mptcp/${n}`, n === 'mptcp_join.sh' ? 600_000 : 30_000])),
    );
    // The long test alone on one shard, everything else on the other.
    const joinShard = a[mptcp.indexOf('mptcp_join.sh')];
    expect(a.filter((s) => s === joinShard)).toHaveLength(1);
    const s1 = splitPlan(plan, { index: 1, total: 2 }, previous);
    const s2 = splitPlan(plan, { index: 2, total: 2 }, previous);
    expect(s1.tests.length + s2.tests.length).toBe(plan.tests.length);
    expect(
      [s1, s2].find((s) => s.tests.some((t) => t.name === 'mptcp_join.sh'))!.tests,
    ).toHaveLength(1);
  });

  it('3 shards of one plan merged == the unsharded run', () => {
    const whole = runOf(plan);
    const parts = [1, 2, 3].map((i) =>
      runOf(splitPlan(plan, { index: i, total: 3 }), { index: i, total: 3 }),
    );
    const merged = mergeResults(parts);
    expect(resultSet(merged)).toEqual(resultSet(whole));
    expect(merged.counts).toEqual(whole.counts);
    expect(merged.verdict).toBe(whole.verdict);
    expect(merged.suites.map((s) => s.name).sort()).toEqual(whole.suites.map((s) => s.name).sort());
    // The same warning seen in two shards is one finding seen twice.
    expect(merged.findings).toHaveLength(1);
    expect(merged.findings[0]!.count).toBe(2);
    expect(merged.shard).toBeUndefined();
  });

  it('names the shards a run lacks, grouping job-named shards into their run', () => {
    const r = (name: string, index: number, total = 3) => ({ name, shard: { index, total } });
    expect(shardGroup(r('mptcp-debug-2', 2))).toBe('mptcp-debug');
    expect(shardGroup(r('mptcp-debug-2-of-3', 2))).toBe('mptcp-debug');
    // Only a suffix that repeats the shard index is the job's: "ipv6" stays.
    expect(shardGroup(r('net-ipv6', 1))).toBe('net-ipv6');
    expect(shardGroup({ name: 'x-1' })).toBe('x-1');
    // A version is no shard suffix: shard 1 of "mptcp-6.1" is not shard 1 of "mptcp-6"
    // (the real six-shard merge in fixtures/results/pr-checks named two shards missing).
    expect(shardGroup(r('mptcp-6.1', 1))).toBe('mptcp-6.1');
    expect(shardGroup(r('stable-6.1', 1, 1))).toBe('stable-6.1');
    expect(
      missingShards([r('a', 1), r('a', 3), r('b-1', 1, 2), r('b-2', 2, 2), { name: 'c' }]),
    ).toEqual([
      {
        kind: 'shard',
        name: 'a',
        shard: { index: 2, total: 3 },
        reason: 'no results for shard 2 of 3 (2 of 3 shards reported)',
      },
    ]);
  });

  it('a lone shard with its siblings missing: labelled, failure, counts its own', () => {
    const part = runOf(splitPlan(plan, { index: 1, total: 3 }), { index: 1, total: 3 });
    const m = mergeReport([{ results: part, source: 'r1.json' }]);
    expect(m.counts).toEqual(part.counts);
    expect(m.merge!.missing.map((x) => x.shard!.index)).toEqual([2, 3]);
    expect(m.merge!.runs).toEqual([
      {
        label: 'net/mptcp shard 1/3',
        name: 'net/mptcp',
        shard: { index: 1, total: 3 },
        verdict: part.verdict,
        counts: part.counts,
        source: 'r1.json',
      },
    ]);
    expect(m.suites.flatMap((s) => s.tests.map((t) => t.run))).toEqual(
      part.suites.flatMap((s) => s.tests.map(() => 'net/mptcp shard 1/3')),
    );
    expect(m.verdict).not.toBe('success');
    // Complete and alone: the run as it is.
    expect(mergeReport([{ results: runOf(plan) }])).toEqual(runOf(plan));
  });

  it('takes the worst verdict', () => {
    expect(worstVerdict(['success', 'critical', 'unstable'])).toBe('critical');
    expect(worstVerdict([])).toBe('success');
  });
});

describe('shardFromFlags', () => {
  it('keeps the whole plan without --shard, splits with it, checks the durations file', async () => {
    const { shardFromFlags } = await import('../../src/pipeline/shard-plan.js');
    expect(shardFromFlags(plan, {})).toEqual({ plan });
    const { plan: p, shard } = shardFromFlags(plan, { shard: '3/3' });
    expect(shard).toEqual({ index: 3, total: 3 });
    expect(p.tests).toHaveLength(4);
    expect(() =>
      shardFromFlags(plan, { shard: '1/2', 'shard-durations': '/nonexistent.json' }),
    ).toThrow('--shard-durations: /nonexistent.json: no such file');
    expect(() => shardFromFlags(plan, { 'shard-durations': 'x.json' })).toThrow(
      '--shard-durations needs --shard I/N',
    );
  });
});
