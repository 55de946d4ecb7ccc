// KUnit modules in a real guest: our example suite (pass/fail/skip) built
// as a module against the 6.12 capture kernel (CONFIG_KUNIT=y,
// CONFIG_KUNIT_DEBUGFS=y), loaded by the plan's kunit test with insmod, its
// debugfs KTAP in the test's output. Needs that kernel build: set
// KCI_CAPTURE_BUILD or have ~/.cache/kernel-ci/capture/build-6.12.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/results.js';
import { repoRoot } from '../helpers/dist.js';
import { hasQemu } from '../helpers/kernels.js';

const build =
  process.env.KCI_CAPTURE_BUILD ?? join(homedir(), '.cache/kernel-ci/capture/build-6.12');
const bzImage = join(build, 'arch/x86/boot/bzImage');
const why = !hasQemu()
  ? 'no QEMU'
  : !existsSync(join(build, 'Module.symvers')) || !existsSync(bzImage)
    ? `no finished KUnit kernel build at ${build} (set KCI_CAPTURE_BUILD)`
    : '';

const tap = (text: string): Promise<FinalResults> =>
  new Promise((res) => {
    const p = new Parser(res);
    p.end(text);
  });

describe('KUnit module in a TCG guest (6.12 with KUnit)', () => {
  if (why) {
    it.skip(`skipped: ${why}`, () => {});
    return;
  }
  it('loads the module and reports its suite as KTAP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-kunitvm-'));
    const src = new URL('../fixtures/plan/kunit-module/', import.meta.url).pathname;
    for (const f of ['Kbuild', 'kci_kunit_example.c']) copyFileSync(join(src, f), join(dir, f));
    execFileSync('make', ['-s', '-C', build, `M=${dir}`, 'modules'], { stdio: 'inherit' });
    const ko = join(dir, 'kci_kunit_example.ko');
    const out = join(dir, 'out');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src/entries/cli.ts'),
        'run',
        '--kernel',
        bzImage,
        '--accel',
        'tcg',
        '--out',
        out,
        '--kunit',
        '--kunit-module',
        ko,
        '--command',
        'builtin-results=cat /sys/kernel/debug/kunit/mptcp-crypto/results',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await new Promise((res) => child.on('close', res));
    const res: RunResults = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const kunit = res.suites.find((s) => s.name === 'kunit')!;
    const t = kunit.tests.find((x) => x.name === 'kci_kunit_example')!;
    expect(t).toMatchObject({ status: 'fail', exitCode: 1 });
    const text = readFileSync(join(out, t.outputPath!), 'utf8');
    expect(text).toMatch(
      /^KTAP version 1\n1\.\.1\n {4}KTAP version 1\n {4}# Subtest: kci-example\n/,
    );
    expect(text).toMatch(/^ {4}ok 1 kci_pass$/m);
    expect(text).toMatch(/^ {4}not ok 2 kci_fail$/m);
    expect(text).toMatch(/^ {4}ok 3 kci_skip # SKIP not today$/m);
    expect(text).toMatch(/^not ok 1 kci-example$/m);
    expect(text).not.toContain('mptcp-crypto');
    expect(await tap(text)).toMatchObject({ count: 1, fail: 1 });
  });
});
