import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitChunks, leafTimes, toJUnit, xmlEscape } from '../../src/core/junit.js';
import { SCHEMA_ID, type RunResults, type TestResult } from '../../src/core/results.js';
import { finalizeRun } from '../../src/core/verdict.js';
import { captures, runOf } from '../helpers/tap-fixtures.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

interface XCase {
  classname: string;
  name: string;
  time: string;
  failure?: { message: string; type: string };
  error?: unknown;
  skipped?: unknown;
  'system-out'?: string;
}
interface XSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: XCase[];
}

function parse(xml: string): { testsuites: { testsuite: XSuite[]; tests: string } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

describe.each(captures())('JUnit of $file', (c) => {
  const run = runOf(c);
  const xml = toJUnit([run]);
  const doc = parse(xml);
  const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);

  it('one testcase per leaf, with matching totals', () => {
    expect(cases).toHaveLength(run.counts.total);
    expect(Number(doc.testsuites.tests)).toBe(run.counts.total);
    expect(cases.filter((x) => x.failure)).toHaveLength(run.counts.fail + run.counts.timeout);
    expect(cases.filter((x) => x.skipped !== undefined)).toHaveLength(
      run.counts.skip + run.counts['not-run'] + run.counts.xfail,
    );
    expect(cases.filter((x) => x.error !== undefined)).toHaveLength(run.counts.crashed);
  });

  it('stable names: no TAP ids, no timestamps, unique per class', () => {
    for (const x of cases) {
      expect(x.name).not.toMatch(/^(not )?ok\b|^\d+ /);
      expect(
        run.suites.some((s) => x.classname.startsWith(s.name)) || x.classname === 'kernel',
      ).toBe(true);
    }
    const keys = cases.map((x) => `${x.classname}\n${x.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(xml).not.toMatch(/<!--|timestamp=|id=/);
    // Same results, other durations: only time attributes differ.
    const slower = structuredClone(run);
    const bump = (ts: TestResult[]): void =>
      ts.forEach((t) => {
        t.durationMs = (t.durationMs ?? 0) + 1000;
        bump(t.subtests);
      });
    slower.suites.forEach((s) => bump(s.tests));
    // (a leaf without a duration has no time attribute at all)
    expect(toJUnit([slower]).replace(/ time="[^"]*"/g, '')).toBe(xml.replace(/ time="[^"]*"/g, ''));
  });
});

const leaf = (
  name: string,
  status: TestResult['status'],
  extra: Partial<TestResult> = {},
): TestResult => ({
  name,
  status,
  durationMs: 12,
  subtests: [],
  ...extra,
});

function run(name: string, tests: TestResult[], extra: Partial<RunResults> = {}): RunResults {
  return finalizeRun({
    schema: SCHEMA_ID,
    name,
    startedAt: '2026-11-27T00:00:00Z',
    durationMs: 1,
    suites: [{ name: 'net/mptcp', kind: 'kselftest', durationMs: 5, tests }],
    findings: [],
    ...extra,
  });
}

describe('JUnit details', () => {
  it('escapes markup and shows control characters XML cannot carry', () => {
    const nasty = 'a<b>&"c\' \x1b[31mred\x1b[0m \x00nul \ud800 end';
    const xml = toJUnit([
      run('r', [
        leaf(`name ${nasty}`, 'fail', {
          reason: `why ${nasty}\nsecond line`,
          excerpt: `out ${nasty}`,
        }),
      ]),
    ]);
    const x = parse(xml).testsuites.testsuite[0]!.testcase[0]!;
    expect(x.name).toBe('name a<b>&"c\' \\x1b[31mred\\x1b[0m \\x00nul \ufffd end');
    expect(x.failure!.message).toBe('why a<b>&"c\' \\x1b[31mred\\x1b[0m \\x00nul \ufffd end');
    expect(xmlEscape(']]>')).toBe(']]&gt;');
  });

  it('maps statuses to failure/error/skipped and notes flaky and xpass', () => {
    const xml = toJUnit([
      run('r', [
        leaf('f', 'fail', { reason: 'exit=1' }),
        leaf('t', 'timeout', { reason: 'timed out after 90 s' }),
        leaf('c', 'crashed'),
        leaf('s', 'skip', { reason: 'no ss' }),
        leaf('n', 'not-run'),
        leaf('xf', 'xfail', {
          knownIssue: { pattern: 'xf', effect: 'xfail', reason: 'bug 1', link: 'https://x/1' },
        }),
        leaf('xp', 'xpass'),
        leaf('fl', 'flaky', {
          reason: 'attempt 1 fail, attempt 2 pass',
          attempts: [
            { status: 'fail', exitCode: 1, durationMs: 5, outputPath: 'tests/fl.1.log' },
            { status: 'pass', exitCode: 0, durationMs: 4, outputPath: 'tests/fl.2.log' },
          ],
        }),
        leaf('p', 'pass'),
      ]),
    ]);
    const s = parse(xml).testsuites.testsuite[0]!;
    expect([s.tests, s.failures, s.errors, s.skipped]).toEqual(['9', '2', '1', '3']);
    const by = Object.fromEntries(s.testcase.map((x) => [x.name, x]));
    expect(by.t!.failure!.type).toBe('timeout');
    expect(by.s!.skipped).toMatchObject({ message: 'skipped: no ss' });
    expect(by.xf!.skipped).toMatchObject({ message: 'expected failure' });
    expect(by.xf!['system-out']).toBe('known issue: bug 1 https://x/1');
    expect(by.fl!['system-out']).toBe(
      'flaky: attempt 1 fail, attempt 2 pass\nattempt: fail exit=1 tests/fl.1.log\nattempt: pass exit=0 tests/fl.2.log',
    );
    expect(by.p!.failure).toBeUndefined();
  });

  it('merges shards of a run, keeps matrix runs apart, reports findings and aborts', () => {
    const a = run('net/mptcp', [leaf('diag.sh', 'pass')]);
    const b = run('net/mptcp', [leaf('pm_netlink.sh', 'pass')]);
    const merged = parse(toJUnit([a, b])).testsuites.testsuite;
    expect(merged.map((s) => [s.name, s.tests])).toEqual([['net/mptcp', '2']]);
    const other = run('6.1 kernel', [leaf('diag.sh', 'fail')], {
      findings: [
        {
          kind: 'warning',
          title: 'WARNING in mptcp_subflow_create',
          fatal: false,
          fingerprint: 'f',
          count: 2,
          lines: { first: 1, last: 9 },
          report: 'WARNING: CPU: 0 PID: 1 at net/mptcp/subflow.c:1',
          test: 'net/mptcp/diag.sh',
        },
      ],
      abort: { kind: 'timeout', message: 'global timeout after 3600 s' },
    });
    const apart = parse(toJUnit([a, other])).testsuites.testsuite;
    expect(apart.map((s) => s.name)).toEqual([
      'net/mptcp: net/mptcp',
      '6.1 kernel: net/mptcp',
      '6.1 kernel: kernel',
    ]);
    const kernel = apart[2]!.testcase;
    expect(kernel.map((x) => x.name)).toEqual([
      'warning: WARNING in mptcp_subflow_create',
      'run aborted: timeout',
    ]);
    expect(apart[2]!.errors).toBe('2');
  });
});

describe('JUnit at scale (issue 17)', () => {
  it('200,000 results: streamed in pieces, no stack overflow, every case there', () => {
    const tests = Array.from({ length: 200_000 }, (_, i) =>
      leaf(`t${i}`, i % 4 === 0 ? 'fail' : 'pass', { reason: 'exit=1' }),
    );
    const r = run('big', tests);
    let cases = 0;
    let size = 0;
    for (const piece of junitChunks([r, run('other', tests.slice(0, 10))])) {
      size += piece.length;
      if (piece.startsWith('    <testcase ')) cases++;
    }
    expect(cases).toBe(200_010);
    expect(size).toBeGreaterThan(0);
    expect(toJUnit([r])).toMatch(/<testsuites[^>]* tests="200000" failures="50000"/);
  });

  it('a name of megabytes is cut in every case, not repeated whole', () => {
    const huge = 'n'.repeat(5_000_000);
    const r = run('x', [
      leaf(huge, 'fail', {
        excerpt: 'e'.repeat(3_000_000),
        subtests: Array.from({ length: 50 }, (_, i) => leaf(`s${i}`, 'fail')),
      }),
    ]);
    const xml = toJUnit([r]);
    expect(xml.length).toBeLessThan(2_000_000);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});

describe('JUnit times, skips and shard identity', () => {
  const script = (runName: string, shardIndex?: number): RunResults =>
    run(
      runName,
      [
        leaf('diag.sh', 'pass', {
          durationMs: 4000,
          subtests: [
            leaf('a', 'pass', { durationMs: null }),
            leaf('b', 'not-run', { durationMs: null, reason: 'not run: the kernel crashed' }),
          ],
        }),
      ],
      shardIndex ? { shard: { index: shardIndex, total: 3 } } : {},
    );

  it("a suite's time is its scripts' time; a subtest without its own gets its share, one that never ran none", () => {
    const xml = toJUnit([script('r')]);
    expect(xml).toMatch(/<testsuite name="net\/mptcp" [^>]*time="4\.000">/);
    expect(xml).toMatch(/<testcase classname="net\/mptcp\/diag\.sh" name="a" time="4\.000"\/>/);
    expect(xml).toMatch(/<testcase classname="net\/mptcp\/diag\.sh" name="b"><skipped/);
  });

  it('a script time not covered by its subtests is spread over them, own times kept in proportion', () => {
    const times = leafTimes(
      leaf('s.sh', 'pass', {
        durationMs: 10_000,
        subtests: [
          leaf('a', 'pass', { durationMs: 3000 }),
          leaf('b', 'pass', { durationMs: 1000 }),
          leaf('c', 'pass', { durationMs: null }),
        ],
      }),
    );
    expect([...times.values()]).toEqual([3000, 1000, 6000]);
    const all = leafTimes(
      leaf('s.sh', 'pass', {
        durationMs: 8000,
        subtests: [
          leaf('a', 'pass', { durationMs: 3000 }),
          leaf('b', 'pass', { durationMs: 1000 }),
        ],
      }),
    );
    expect([...all.values()]).toEqual([6000, 2000]);
  });

  it("the shard number is not part of a test's identity; the config names the testsuite, as a property", () => {
    const a = toJUnit([script('mptcp-debug-1', 1), script('mptcp-normal-1', 1)]);
    const b = toJUnit([script('mptcp-debug-2', 2), script('mptcp-normal-1', 1)]);
    for (const xml of [a, b]) {
      expect(xml).toContain('<testsuite name="mptcp-debug: net/mptcp"');
      expect(xml).toContain('<property name="run" value="mptcp-debug"/>');
      expect(xml).not.toMatch(/classname="mptcp-/);
    }
  });

  it("a skip reason that already says 'not run' is not said twice", () => {
    const xml = toJUnit([script('r')]);
    expect(xml).toContain('<skipped message="not run: the kernel crashed"/>');
    expect(xml).not.toContain('not run: not run');
  });
});
