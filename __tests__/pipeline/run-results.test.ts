// Replays real consoles captured from `kernel-ci run` on Debian's 6.1 kernel
// under TCG (see __tests__/fixtures/vm/) through the marker collector, and
// pins how assembleOutcome (the one way an outcome becomes a result) reads
// exit codes, retries and tests cut short.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, PlanTest } from '../../src/core/plan/plan.js';
import { LineSplitter } from '../../src/core/console-lines.js';
import {
  assembleOutcome,
  groupSuites,
  MarkerCollector,
  type AttemptEnd,
  type CutShort,
  type TestOutcome,
} from '../../src/pipeline/run-results.js';
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
    const rs = c.outcomes().map((o) => assembleOutcome(o, '/out', undefined));
    expect(rs.map((r) => [r.name, r.status, r.exitCode])).toEqual([
      ['uname', 'pass', 0],
      ['mods', 'pass', 0],
      ['three', 'fail', 3],
    ]);
    expect(rs[0]!.outputPath).toBe('tests/1-uname.log');
    expect(rs[2]!.reason).toBe('exit code 3');
  });

  it("markers garbled by a printk on the console are recovered from the guest's copy on the share", () => {
    const text = fixture('commands-6.1.console.log');
    const p = plan(['uname', 'mods', 'three']);
    // What the guest appends to .kci/markers.log: the same marker lines.
    const copy = text
      .split('\n')
      .filter((l) => l.startsWith('@@KCI@@'))
      .join('\n');
    // A printk from another CPU lands in the middle of two marker lines.
    const printk = text.split('\n').find((l) => /^\[\s*\d+\.\d+\] /.test(l))!;
    const garbled = text
      .replace(/(@@KCI@@ \w+ end id=2 att)(empt=1)/, `$1${printk}\n$2`)
      .replace(/(@@KCI@@ \w+ do)(ne)/, `$1${printk}\n$2`);
    expect(garbled).not.toBe(text);
    const c = replay(garbled, p);
    expect(c.done).toBe(false);
    expect(c.outcomes()[1]!.unfinished).toBe(true);
    expect(c.recover(copy)).toBe(2);
    expect(c.done).toBe(true);
    const want = replay(text, p)
      .outcomes()
      .map((o) => assembleOutcome(o, '/out', undefined));
    const got = c.outcomes().map((o) => assembleOutcome(o, '/out', undefined));
    expect(got).toEqual(want);
    // Nothing to recover when the console had it all.
    expect(replay(text, p).recover(copy)).toBe(0);
  });

  it('a kernel panic during a test: it is crashed, the next not-run, the run critical', () => {
    const p = plan(['ok', 'crash', 'after']);
    const c = replay(fixture('crash-sysrq-6.1.console.log'), p);
    expect(c.done).toBe(false);
    expect(c.current?.name).toBe('crash');
    const cut = { running: 'crashed' as const, reason: 'the guest stopped while this test ran' };
    const results = new Map<number, TestResult>();
    for (const o of c.outcomes()) results.set(o.test.id, assembleOutcome(o, '/out', cut));
    const suites = groupSuites(p, results);
    expect(suites[0]!.tests.map((t) => t.status)).toEqual(['pass', 'crashed', 'not-run']);
    expect(suites[0]!.tests.map((t) => t.reason)).toEqual([
      undefined,
      cut.reason,
      `not run: ${cut.reason}`,
    ]);
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
    const [flaky, bad] = c.outcomes().map((o) => assembleOutcome(o, '/out', undefined));
    expect(flaky!.status).toBe('flaky');
    expect(flaky!.reason).toBe('attempt 1 fail (exit=1), attempt 2 pass');
    expect(flaky!.attempts!.map((a) => [a.status, a.outputPath])).toEqual([
      ['fail', 'tests/1-flaky.log'],
      ['pass', 'tests/1-flaky.try2.log'],
    ]);
    expect(bad!.status).toBe('fail');
    expect(bad!.attempts!.map((a) => a.exitCode)).toEqual([2, 2]);
    expect(bad!.reason).toBe('exit code 2; failed all 2 attempts');
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

// Synthetic outcomes, their outputs written where the guest puts them.
describe('assembleOutcome: exit codes, retries, tests cut short', () => {
  const out = mkdtempSync(join(tmpdir(), 'kci-outcome-'));
  mkdirSync(join(out, 'tests'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  let lastId = 0;

  function planTest(kind: PlanTest['kind'], extra: Partial<PlanTest> = {}): PlanTest {
    const id = ++lastId;
    return {
      id,
      suite: kind === 'kselftest' ? 'net/mptcp' : kind,
      kind,
      name: `t${id}.sh`,
      cwd: '/',
      command: 'true',
      timeoutSec: 30,
      ...extra,
    };
  }

  const outputFile = (base: string, attempt: number) =>
    attempt <= 1 ? `${base}.log` : `${base}.try${attempt}.log`;

  /** Finished attempts as [exit, output, timedOut]; `running`: output of the attempt the VM cut short. */
  function outcome(t: PlanTest, ends: [number, string, boolean?][], running?: string): TestOutcome {
    const base = join(out, 'tests', `${t.id}-${t.name}`);
    const attempts = ends.map(([exit, text, timedOut], i): AttemptEnd => {
      const output = outputFile(base, i + 1);
      writeFileSync(output, text);
      return { attempt: i + 1, exit, ms: 100 * (i + 1), timedOut: !!timedOut, output };
    });
    if (running) writeFileSync(outputFile(base, attempts.length + 1), running);
    return {
      test: t,
      started: true,
      attempts,
      unfinished: running !== undefined,
      outputBase: base,
    };
  }

  const single = (
    kind: PlanTest['kind'],
    exit: number,
    opts: { extra?: Partial<PlanTest>; text?: string; timedOut?: boolean } = {},
  ) =>
    assembleOutcome(
      outcome(planTest(kind, opts.extra), [[exit, opts.text ?? '', opts.timedOut]]),
      out,
      undefined,
    );

  const tap = (...lines: string[]) => ['TAP version 13', `1..${lines.length}`, ...lines].join('\n');

  it.each([
    [0, 'pass', undefined],
    [4, 'skip', 'exit=4'],
    [2, 'xfail', 'exit=2'],
    [3, 'xpass', 'exit=3'],
    [124, 'timeout', 'timed out after 30 s'],
    [1, 'fail', 'exit=1'],
    [139, 'fail', 'exit=139'],
  ])('kselftest exit %i → %s', (exit, status, reason) => {
    const r = single('kselftest', exit);
    expect([r.status, r.reason, r.exitCode]).toEqual([status, reason, exit]);
  });

  it.each([
    [0, 'pass', undefined],
    [4, 'skip', 'exit=4'],
    [2, 'fail', 'exit code 2'],
    [3, 'fail', 'exit code 3'],
    [124, 'timeout', 'timed out after 30 s'],
    [1, 'fail', 'exit=1'],
  ])('plain command exit %i → %s (only 0 passes, 4 skips)', (exit, status, reason) => {
    const r = single('command', exit);
    expect([r.status, r.reason, r.exitCode]).toEqual([status, reason, exit]);
  });

  it("test_progs' own exit codes say what they mean: 2 ran no test, 3 could not set up", () => {
    // Real output: `test_progs -v -t no_such_test` in the VM (fixtures/bpf/README.md).
    const text = readFileSync(
      join(repoRoot, '__tests__/fixtures/bpf/test_progs-v-nomatch-6.1.log'),
      'utf8',
    );
    const r = single('bpf', 2, { text });
    expect([r.status, r.reason, r.subtests]).toEqual([
      'fail',
      'test_progs ran no test: its selection matched none (exit 2)',
      [],
    ]);
    expect(single('bpf', 3).reason).toBe('test_progs could not set itself up (exit 3)');
    expect(single('bpf', 1).reason).toBe('exit=1');
  });

  it('other kinds than kselftest (packetdrill) keep plain exit semantics', () => {
    expect(single('packetdrill', 2).status).toBe('fail');
    expect(single('packetdrill', 4).status).toBe('skip');
  });

  it('skipIsFail: exit 4 is a failure, for kselftests and commands', () => {
    for (const kind of ['kselftest', 'command'] as const) {
      const r = single(kind, 4, { extra: { skipIsFail: true } });
      expect([r.status, r.reason]).toEqual([
        'fail',
        'skipped (exit=4) and skips count as failures',
      ]);
    }
  });

  it('killed at its timeout (whatever the exit code) → timeout, kept visible as a leaf', () => {
    const r = single('command', 137, { timedOut: true, text: tap('ok 1 a') });
    expect([r.status, r.reason, r.exitCode]).toEqual(['timeout', 'timed out after 30 s', 137]);
    expect(r.subtests.map((s) => [s.name, s.status])).toEqual([
      ['a', 'pass'],
      ['(exit status)', 'timeout'],
    ]);
    expect(single('kselftest', 124, { timedOut: true }).status).toBe('timeout');
  });

  it('the result carries the plan test and where its output is', () => {
    const t = planTest('kselftest', { file: 'tools/testing/selftests/net/mptcp/diag.sh' });
    const r = assembleOutcome(outcome(t, [[1, 'some output\nlast words\n']]), out, undefined);
    expect(r).toMatchObject({
      name: t.name,
      file: t.file,
      durationMs: 100,
      exitCode: 1,
      outputPath: `tests/${t.id}-${t.name}.log`,
      excerpt: 'some output\nlast words',
    });
    expect(r.attempts).toBeUndefined();
  });

  it('subtests come from the TAP in the output; a failed one fails a test that exited 0', () => {
    const r = single('kselftest', 0, { text: tap('ok 1 a', 'not ok 2 b') });
    expect(r.status).toBe('fail');
    expect(r.subtests.map((s) => [s.name, s.status])).toEqual([
      ['a', 'pass'],
      ['b', 'fail'],
    ]);
  });

  it('a command exiting 2 or 3 with passing subtests fails through an "(exit status)" leaf', () => {
    const r = single('command', 3, { text: tap('ok 1 a') });
    expect([r.status, r.reason]).toEqual(['fail', 'exit code 3']);
    expect(r.subtests.map((s) => [s.name, s.status, s.reason])).toEqual([
      ['a', 'pass', undefined],
      ['(exit status)', 'fail', 'exit code 3'],
    ]);
    // A kselftest's exit 2 is an expected failure: nothing is added.
    const k = single('kselftest', 2, { text: tap('ok 1 a') });
    expect(k.subtests.map((s) => s.name)).toEqual(['a']);
  });

  describe('retries', () => {
    it('fail then pass → flaky, every attempt kept; the subtest that failed is flaky', () => {
      const t = planTest('kselftest', { retries: 2 });
      const r = assembleOutcome(
        outcome(t, [
          [1, tap('ok 1 a', 'not ok 2 b')],
          [0, tap('ok 1 a', 'ok 2 b')],
        ]),
        out,
        undefined,
      );
      expect([r.status, r.reason]).toEqual(['flaky', 'attempt 1 fail (exit=1), attempt 2 pass']);
      expect(r.exitCode).toBe(0);
      expect(r.outputPath).toBe(`tests/${t.id}-${t.name}.try2.log`);
      expect(r.attempts).toEqual([
        { status: 'fail', exitCode: 1, durationMs: 100, outputPath: `tests/${t.id}-${t.name}.log` },
        {
          status: 'pass',
          exitCode: 0,
          durationMs: 200,
          outputPath: `tests/${t.id}-${t.name}.try2.log`,
        },
      ]);
      expect(r.subtests.map((s) => [s.name, s.status])).toEqual([
        ['a', 'pass'],
        ['b', 'flaky'],
      ]);
    });

    it('a timeout then a pass is flaky too', () => {
      const t = planTest('command', { retries: 1 });
      const r = assembleOutcome(
        outcome(t, [
          [124, '', true],
          [0, ''],
        ]),
        out,
        undefined,
      );
      expect(r.status).toBe('flaky');
      expect(r.attempts!.map((a) => a.status)).toEqual(['timeout', 'pass']);
    });

    it('failing every attempt → fail, with the history', () => {
      const t = planTest('command', { retries: 2 });
      const r = assembleOutcome(
        outcome(t, [
          [1, ''],
          [1, ''],
          [1, ''],
        ]),
        out,
        undefined,
      );
      expect([r.status, r.reason]).toEqual(['fail', 'exit=1; failed all 3 attempts']);
      expect(r.attempts!.map((a) => [a.status, a.exitCode])).toEqual([
        ['fail', 1],
        ['fail', 1],
        ['fail', 1],
      ]);
    });
  });

  describe('the VM ended first', () => {
    const crash: CutShort = { running: 'crashed', reason: 'kernel panic: sysrq triggered crash' };
    const timeout: CutShort = { running: 'timeout', reason: 'the run hit its 600 s timeout' };

    it('a test never started → not-run, saying why', () => {
      const t = planTest('kselftest');
      const o: TestOutcome = { ...outcome(t, []), started: false };
      expect(assembleOutcome(o, out, crash)).toEqual({
        name: t.name,
        status: 'not-run',
        durationMs: null,
        reason: `not run: ${crash.reason}`,
        subtests: [],
      });
      expect(assembleOutcome(o, out, undefined)).toMatchObject({
        status: 'not-run',
        reason: 'not run: the plan did not reach it',
      });
    });

    it('the running test → crashed, with what it printed so far (TAP included)', () => {
      const t = planTest('kselftest');
      const r = assembleOutcome(outcome(t, [], 'TAP version 13\n1..2\nok 1 a\n'), out, crash);
      expect(r).toMatchObject({
        status: 'crashed',
        reason: crash.reason,
        durationMs: null,
        exitCode: null,
        outputPath: `tests/${t.id}-${t.name}.log`,
      });
      expect(r.excerpt).toContain('ok 1 a');
      // The subtest it never reached is a failure; nothing hides the crash.
      expect(r.subtests.map((s) => s.status)).toEqual(['pass', 'fail']);
      expect(r.attempts).toBeUndefined();
    });

    it('the running test → timeout when the run hit its global timeout', () => {
      const r = assembleOutcome(outcome(planTest('command'), [], 'still going\n'), out, timeout);
      expect([r.status, r.reason]).toEqual(['timeout', timeout.reason]);
    });

    it('no output yet: no outputPath; no cut known: crashed all the same', () => {
      const r = assembleOutcome(outcome(planTest('command'), [], ''), out, undefined);
      expect(r.status).toBe('crashed');
      expect(r.outputPath).toBeUndefined();
    });

    it('cut short during a retry → crashed, the earlier attempts kept', () => {
      const t = planTest('kselftest', { retries: 1 });
      const r = assembleOutcome(outcome(t, [[1, '']], 'retrying\n'), out, crash);
      expect(r.status).toBe('crashed');
      expect(r.attempts!.map((a) => [a.status, a.outputPath])).toEqual([
        ['fail', `tests/${t.id}-${t.name}.log`],
        ['crashed', `tests/${t.id}-${t.name}.try2.log`],
      ]);
    });
  });
});
