// `kernel-ci analyze` end to end: the real CLI entry on real console captures.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import { resultsProblem } from '../../src/core/results-check.js';
import { repoRoot } from '../helpers/dist.js';
import { FIXTURES } from '../core/crash/samples.js';
import { CORPUS, parseCorpusFile } from '../core/crash/syzkaller.js';

const analyze = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), 'analyze', ...args],
    { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
  );
const tmp = () => mkdtempSync(join(tmpdir(), 'kci-analyze-'));
const results = (dir: string): RunResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));

describe('kernel-ci analyze', () => {
  it('a log without any printk timestamp (a report as syzkaller saved it) is read as kernel lines', () => {
    const out = tmp();
    const log = join(out, 'console.log');
    writeFileSync(log, parseCorpusFile('52', readFileSync(join(CORPUS, '52'), 'utf8')).log);
    const r = analyze(log, '--out', out);
    expect(results(out).findings.map((f) => f.title)).toEqual(['memory leak in inet6_create']);
    expect(r.status).toBe(2); // any finding makes the run critical
  });

  it('a panic: exit 2, verdict critical, the finding with title, fingerprint and lines', () => {
    const out = tmp();
    const r = analyze(join(FIXTURES, 'panic-sysrq-6.1.log'), '--out', out);
    expect(r.stderr).toContain('kernel panic: sysrq triggered crash');
    expect(r.status).toBe(2);
    const res = results(out);
    expect(resultsProblem(res)).toBeUndefined();
    expect(res.verdict).toBe('critical');
    expect(res.abort).toEqual({ kind: 'crash', message: 'kernel panic: sysrq triggered crash' });
    expect(res.findings).toHaveLength(1);
    const [f] = res.findings;
    expect(f).toMatchObject({
      kind: 'panic',
      fatal: true,
      count: 1,
      lines: { first: 19, last: 59 },
    });
    expect(f!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(f!.report.split('\n')[0]).toContain('Kernel panic - not syncing: sysrq triggered crash');
  });

  it('a WARNING only: not fatal (no abort), but critical like any finding (core/verdict rules)', () => {
    const out = tmp();
    const r = analyze(join(FIXTURES, 'warning-6.1.log'), '--out', out);
    expect(r.status).toBe(2);
    const res = results(out);
    expect(resultsProblem(res)).toBeUndefined();
    expect(res.verdict).toBe('critical');
    expect(res.abort).toBeUndefined();
    expect(res.findings.map((f) => [f.title, f.fatal])).toEqual([['WARNING in kci_warn', false]]);
    expect(res.conclusion).toMatch(/^warning-6\.1\.log: Critical: 1 /);
  });

  it('user space shouting WARNING/BUG/FAIL: no finding, only its own TAP failures', () => {
    const out = tmp();
    const r = analyze(join(FIXTURES, 'userspace-noise-6.1.log'), '--out', out);
    const res = results(out);
    expect(resultsProblem(res)).toBeUndefined();
    expect(res.findings).toEqual([]);
    // The log's TAP says 3 results failed (one planned and never printed): failures, not a crash.
    expect(r.status).toBe(1);
    expect(res.counts).toMatchObject({ total: 6, pass: 2, fail: 3, skip: 1 });
  });

  it('several logs glued (a console of many boots): every report, repeats counted', () => {
    const dir = tmp();
    const log = join(dir, 'console.log');
    const names = [
      'hung-task-6.1.log',
      'warning-6.1.log',
      'panic-sysrq-6.1.log',
      'warning-6.1.log',
    ];
    writeFileSync(log, names.map((n) => readFileSync(join(FIXTURES, n), 'utf8')).join('\n'));
    const r = analyze(log, '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    const res = results(join(dir, 'out'));
    expect(res.findings.map((f) => [f.title, f.count])).toEqual([
      ['INFO: task hung in kci_hang_thread', 2],
      ['WARNING in kci_warn', 2],
      ['kernel panic: sysrq triggered crash', 1],
    ]);
  });

  it('bad input is one line and exit 64', () => {
    const missing = analyze('/nonexistent/console.log', '--out', tmp());
    expect(missing.status).toBe(64);
    expect(missing.stderr.trim().split('\n')).toEqual([
      'kernel-ci: analyze: /nonexistent/console.log: no such file',
    ]);
    const half = analyze(join(FIXTURES, 'warning-6.1.log'), '--vmlinux', '/x');
    expect(half.status).toBe(64);
    expect(half.stderr).toContain('--vmlinux and --source go together');
    const notTree = analyze(
      join(FIXTURES, 'warning-6.1.log'),
      '--vmlinux',
      join(FIXTURES, 'warning-6.1.log'),
      '--source',
      tmp(),
    );
    expect(notTree.status).toBe(64);
    expect(notTree.stderr).toContain('not a kernel tree');
    expect(analyze('--out', tmp()).status).toBe(64);
  });
  it("reads the log's TAP: a failed result is a failure, exit 1 (issue 17)", () => {
    const dir = tmp();
    const tap = join(dir, 't.tap');
    writeFileSync(tap, 'TAP version 13\n1..2\nnot ok 1 - broken\nok 2 - fine\n');
    const r = analyze(tap, '--out', join(dir, 'o'));
    expect(r.status).toBe(1);
    const res = results(join(dir, 'o'));
    expect(resultsProblem(res)).toBeUndefined();
    expect(res.suites.map((s) => s.tests.map((t) => [t.name, t.status]))).toEqual([
      [
        ['broken', 'fail'],
        ['fine', 'pass'],
      ],
    ]);
    expect(res.counts).toMatchObject({ total: 2, pass: 1, fail: 1 });
  });

  it("a console with kselftest's runner output: its suite and tests, as run would assemble them", () => {
    const out = tmp();
    const r = analyze(
      join(repoRoot, '__tests__/fixtures/tap/console-6.1-tcg-kselftest.log'),
      '--out',
      out,
    );
    const res = results(out);
    expect(resultsProblem(res)).toBeUndefined();
    expect(res.suites.map((s) => [s.name, s.kind])).toEqual([['net/mptcp', 'kselftest']]);
    expect(res.suites[0]!.tests.map((t) => [t.name, t.status])).toEqual([
      ['mptcp_sockopt.sh', 'skip'],
      ['diag.sh', 'fail'],
      ['mptcp_sockopt.sh', 'fail'],
      ['#2', 'fail'],
    ]);
    expect(r.status).toBe(1);
  });

  it('never writes through a symlink planted as OUT/results.json (issue 17)', () => {
    const dir = tmp();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const out = join(dir, 'out');
    const tap = join(dir, 't.tap');
    writeFileSync(tap, 'TAP version 13\n1..1\nok 1 - fine\n');
    analyze(tap, '--out', out); // makes the dir
    const planted = join(out, 'results.json');
    rmSync(planted);
    symlinkSync(victim, planted);
    expect(analyze(tap, '--out', out).status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(planted).isSymbolicLink()).toBe(false);
    expect(results(out).verdict).toBe('success');
  });

  it('--out naming a file is one line, exit 64 (issue 17)', () => {
    const dir = tmp();
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const r = analyze(join(FIXTURES, 'warning-6.1.log'), '--out', file);
    expect(r.status).toBe(64);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kernel-ci: --out ${file}: exists and is not a directory`,
    ]);
  });
});
