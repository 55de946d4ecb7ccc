// Our JUnit read back the way the popular reporters read it: dorny/test-reporter
// parses with xml2js (parseStringPromise, attributes under `$`), takes each
// <testcase>'s time in seconds and names it by classname and name, as
// EnricoMi/publish-unit-test-result-action does. The input is a real run of
// the CI kernel's MPTCP selftests (fixtures/results/mptcp, README there).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import { toJUnit } from '../../src/core/junit.js';
import type { RunResults } from '../../src/core/results.js';
import { finalizeRun } from '../../src/core/verdict.js';
import { repoRoot } from '../helpers/dist.js';

const real = JSON.parse(
  readFileSync(join(repoRoot, '__tests__/fixtures/results/mptcp/results.json'), 'utf8'),
) as RunResults;

interface XCase {
  $: { classname: string; name: string; time?: string };
}
interface XSuite {
  $: { name: string; time: string };
  testcase?: XCase[];
  properties?: { property: { $: { name: string; value: string } }[] }[];
}

async function read(xml: string): Promise<XSuite[]> {
  const doc = (await parseStringPromise(xml)) as { testsuites: { testsuite: XSuite[] } };
  return doc.testsuites.testsuite;
}

/** The real run's scripts split over `total` shards in a given order: what balanced shards do. */
function sharding(order: number[], name = real.name): RunResults[] {
  const suite = real.suites[0]!;
  return order.map((i, n) =>
    finalizeRun({
      ...real,
      name,
      shard: { index: n + 1, total: order.length },
      suites: [{ ...suite, tests: [suite.tests[i]!] }],
      findings: [],
    }),
  );
}

describe('JUnit of a real MPTCP run, read by xml2js as dorny/test-reporter does', () => {
  it("each script's subtests sum to within 10 % of the script's wall time", async () => {
    const suites = await read(toJUnit([real]));
    const cases = suites.flatMap((s) => s.testcase ?? []);
    for (const script of real.suites[0]!.tests) {
      expect(script.subtests.length).toBeGreaterThan(10);
      const mine = cases.filter((c) => c.$.classname === `net/mptcp/${script.name}`);
      expect(mine).toHaveLength(script.subtests.length);
      const sum = mine.reduce((a, c) => a + Number(c.$.time) * 1000, 0);
      expect(Math.abs(sum - script.durationMs!) / script.durationMs!).toBeLessThan(0.1);
    }
    // The suite's time is the run's scripts' time.
    const total = real.suites[0]!.tests.reduce((a, t) => a + t.durationMs!, 0);
    expect(Number(suites[0]!.$.time) * 1000).toBeCloseTo(total, -1);
  });

  it('a test has the same id whichever shard ran it; the config is a property', async () => {
    const ids = async (runs: RunResults[]) =>
      (await read(toJUnit(runs)))
        .flatMap((s) => s.testcase ?? [])
        .map((c) => `${c.$.classname}::${c.$.name}`)
        .sort();
    const a = await ids(sharding([0, 1]));
    const b = await ids(sharding([1, 0]));
    expect(a.length).toBe(real.counts.total);
    expect(b).toEqual(a);
    expect(a.some((id) => /shard|\b[12]\/2\b/.test(id))).toBe(false);
    // Two configs: a testsuite each, named and with a "run" property; the cases keep their ids.
    const two = await read(
      toJUnit([...sharding([0, 1], 'mptcp-normal'), ...sharding([1, 0], 'mptcp-debug')]),
    );
    expect(two.map((s) => s.$.name).sort()).toEqual([
      'mptcp-debug: net/mptcp',
      'mptcp-normal: net/mptcp',
    ]);
    expect(two.map((s) => s.properties?.[0]?.property[0]?.$)).toContainEqual({
      name: 'run',
      value: 'mptcp-debug',
    });
    for (const s of two)
      expect((s.testcase ?? []).map((c) => `${c.$.classname}::${c.$.name}`).sort()).toEqual(a);
  });

  it('the real six shards of pr-checks (two configs): a testsuite per config, the same ids in both, times summing to each diag.sh', async () => {
    const base = join(repoRoot, '__tests__/fixtures/results/pr-checks');
    const runs = readdirSync(base)
      .sort()
      .map((d) => JSON.parse(readFileSync(join(base, d, 'results.json'), 'utf8')) as RunResults);
    const suites = await read(toJUnit(runs));
    expect(suites.map((s) => s.$.name).sort()).toEqual([
      'mptcp-6.1: commands',
      'mptcp-6.1: net/mptcp',
      'mptcp-normal: commands',
      'mptcp-normal: net/mptcp',
    ]);
    const ids = (name: string) =>
      suites
        .find((s) => s.$.name === name)!
        .testcase!.map((c) => `${c.$.classname}::${c.$.name}`)
        .sort();
    expect(ids('mptcp-6.1: net/mptcp')).toEqual(ids('mptcp-normal: net/mptcp'));
    expect(ids('mptcp-6.1: net/mptcp')).toHaveLength(29);
    for (const config of ['mptcp-6.1', 'mptcp-normal']) {
      const diag = runs.find((r) => r.name === config && r.shard?.index === 1)!.suites[0]!
        .tests[0]!;
      const cases = suites.find((s) => s.$.name === `${config}: net/mptcp`)!.testcase!;
      const sum = cases.reduce((a, c) => a + Number(c.$.time ?? 0) * 1000, 0);
      expect(Math.abs(sum - diag.durationMs!) / diag.durationMs!).toBeLessThan(0.1);
    }
  });
});
