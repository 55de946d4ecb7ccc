// Replays real consoles captured from `kernel-ci run` on Debian's 6.1 kernel
// under TCG (see __tests__/fixtures/vm/) through the marker collector.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan, PlanTest } from '../../src/core/plan.js';
import { LineSplitter } from '../../src/core/console-lines.js';
import { groupSuites, MarkerCollector, resultFromExit } from '../../src/pipeline/run-results.js';
import type { TestResult } from '../../src/core/results.js';
import { computeCounts, computeVerdict, exitCodeFor } from '../../src/core/verdict.js';
import { repoRoot } from '../helpers/dist.js';

const fixture = (name: string) =>
  readFileSync(join(repoRoot, '__tests__/fixtures/vm', name), 'utf8');

function plan(names: string[], retries = 0): Plan {
  return {
    tests: names.map((name, i): PlanTest => ({
      id: i + 1,
      suite: 'commands',
      kind: 'command',
      name,
      cwd: '/',
      command: 'true',
      timeoutSec: 8,
      retries,
    })),
  };
}

function replay(text: string, p: Plan) {
  const nonce = /@@KCI@@ (\w+) ready/.exec(text)![1]!;
  const c = new MarkerCollector(p, nonce, (t) => `/out/tests/${t.id}-${t.name}`);
  // Fed in odd-sized chunks, as a pipe delivers them.
  const split = new LineSplitter();
  let n = 0;
  for (let i = 0; i < text.length; i += 997)
    for (const l of split.push(text.slice(i, i + 997))) c.onLine(l, ++n);
  for (const l of split.end()) c.onLine(l, ++n);
  return c;
}

describe('markers → results (real 6.1 consoles)', () => {
  it('a finished plan: pass, pass, fail with exit 3', () => {
    const p = plan(['uname', 'mods', 'three']);
    const c = replay(fixture('commands-6.1.console.log'), p);
    expect(c.ready).toBe(true);
    expect(c.done).toBe(true);
    const rs = c.outcomes().map((o) => resultFromExit(o, '/out', undefined));
    expect(rs.map((r) => [r.name, r.status, r.exitCode])).toEqual([
      ['uname', 'pass', 0],
      ['mods', 'pass', 0],
      ['three', 'fail', 3],
    ]);
    expect(rs[0]!.outputPath).toBe('tests/1-uname.log');
    expect(rs[2]!.reason).toBe('exit code 3');
  });

  it('a kernel panic during a test: it is crashed, the next not-run, the run critical', () => {
    const p = plan(['ok', 'crash', 'after']);
    const c = replay(fixture('crash-sysrq-6.1.console.log'), p);
    expect(c.done).toBe(false);
    expect(c.current?.name).toBe('crash');
    const cut = { running: 'crashed' as const, reason: 'the guest stopped while this test ran' };
    const results = new Map<number, TestResult>();
    for (const o of c.outcomes()) results.set(o.test.id, resultFromExit(o, '/out', cut));
    const suites = groupSuites(p, results);
    expect(suites[0]!.tests.map((t) => t.status)).toEqual(['pass', 'crashed', 'not-run']);
    expect(computeCounts(suites)).toMatchObject({ total: 3, pass: 1, crashed: 1, 'not-run': 1 });
    const verdict = computeVerdict({ suites, findings: [] });
    expect(verdict).toBe('critical');
    expect(exitCodeFor(verdict)).toBe(2);
    const lines = c.outcomes()[1]!.lines!;
    expect(fixture('crash-sysrq-6.1.console.log').split('\n')[lines.first - 1]).toContain(
      'start id=2 name=crash',
    );
  });

  it('retries: pass on the second try is flaky, failing twice is fail with both attempts', () => {
    const p = plan(['flaky', 'bad'], 1);
    const c = replay(fixture('retries-6.1.console.log'), p);
    const [flaky, bad] = c.outcomes().map((o) => resultFromExit(o, '/out', undefined));
    expect(flaky!.status).toBe('flaky');
    expect(flaky!.attempts!.map((a) => [a.status, a.outputPath])).toEqual([
      ['fail', 'tests/1-flaky.log'],
      ['pass', 'tests/1-flaky.try2.log'],
    ]);
    expect(bad!.status).toBe('fail');
    expect(bad!.attempts!.map((a) => a.exitCode)).toEqual([2, 2]);
    const suites = groupSuites(
      p,
      new Map([
        [1, flaky!],
        [2, bad!],
      ]),
    );
    expect(computeCounts(suites)).toMatchObject({ flaky: 1, fail: 1 });
    expect(computeVerdict({ suites, findings: [] })).toBe('unstable');
  });

  it('markers with another nonce are ignored (test output cannot forge results)', () => {
    const p = plan(['uname', 'mods', 'three']);
    const text = fixture('commands-6.1.console.log').replace(
      /@@KCI@@ \w+ end id=3 .*/,
      '@@KCI@@ deadbeef end id=3 attempt=1 exit=0 ms=1 timeout=0',
    );
    const c = replay(text, p);
    expect(c.outcomes()[2]!.attempts).toEqual([]);
  });
});
