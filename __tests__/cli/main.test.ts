import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDist, repoRoot } from '../helpers/dist.js';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(freshDist(), 'cli.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('kernel-ci CLI', () => {
  it('--help lists every subcommand', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of ['build', 'run', 'report', 'all', 'analyze'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it.each(['build', 'run', 'report', 'all', 'analyze'])('%s --help describes its options', (c) => {
    const r = cli(c, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`usage: kernel-ci ${c}`);
    expect(r.stdout).toContain('--');
    // Examples a maintainer can copy, each a command line of this subcommand.
    const examples = r.stdout.split('\nexamples:\n')[1]?.trim().split('\n') ?? [];
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(e.trim()).toMatch(new RegExp(`^kernel-ci ${c}\\b`));
  });

  it("--version prints the package's version", () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(r.stdout).toBe(`kernel-ci ${version}\n`);
  });

  it('an unknown subcommand is one line on stderr and exit 64', () => {
    const r = cli('frobnicate');
    expect(r.status).toBe(64);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it.each([
    [['run', '--frob'], "unknown option '--frob'"],
    [['run', '--cpus', 'two'], "--cpus: expected a number, got 'two'"],
    [['run', '--accel', 'hvf'], '--accel: expected one of auto, kvm, tcg'],
    [['run', '--memory'], '--memory needs a value'],
    [['report'], 'report: missing argument'],
    [['build', 'stray'], "unexpected argument 'stray'"],
  ])('bad usage %j exits 64 with one line', (args, msg) => {
    const r = cli(...args);
    expect(r.status).toBe(64);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(msg);
  });
});
