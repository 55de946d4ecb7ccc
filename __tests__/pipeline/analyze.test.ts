// `kernel-ci analyze` end to end: the real CLI entry on real console captures.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('user space shouting WARNING/BUG/FAIL: exit 0, no finding', () => {
    const out = tmp();
    const r = analyze(join(FIXTURES, 'userspace-noise-6.1.log'), '--out', out);
    expect(r.status).toBe(0);
    const res = results(out);
    expect(resultsProblem(res)).toBeUndefined();
    expect(res).toMatchObject({ verdict: 'success', findings: [] });
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
});
