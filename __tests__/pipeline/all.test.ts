// `kernel-ci all` end to end, as a maintainer runs it: the bundled CLI, real
// QEMU under TCG, real kernels. Two runs: the embedded default (Debian's
// linux-source-6.12, built by our pipeline, short MPTCP selection) and a
// crash in the middle of a plan.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conclusionReasons } from '../../src/core/summary/facts.js';
import type { RunResults, TestResult } from '../../src/core/results.js';
import { runCli } from '../helpers/cli.js';
import { hangingKvmHost } from '../helpers/hanging-kvm.js';
import {
  builtKernel,
  cacheRoot,
  ciKernelSkipReason,
  ciKernelTests,
  debianKernelDeb,
  hasQemu,
} from '../helpers/kernels.js';

const kernelCi = (args: string[]) => runCli(args, { bundled: true });

const results = (dir: string): RunResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
const test = (r: RunResults, suite: string, name: string): TestResult | undefined =>
  r.suites.find((s) => s.name === suite)?.tests.find((t) => t.name === name);
const qemuAlive = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-af', 'qemu-system'], { encoding: 'utf8' }).includes(dir);
  } catch {
    return false;
  }
};

describe.skipIf(!hasQemu())('kernel-ci all', () => {
  if (!ciKernelTests) it.skip(ciKernelSkipReason, () => undefined);

  it('crash in the middle of a plan: exit 2, critical, earlier test kept, panic found, later tests not-run, VM gone early', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-all-crash-'));
    const timeout = 900;
    const r = await kernelCi([
      'all',
      '--kernel',
      debianKernelDeb(),
      '--selection',
      'none',
      '--out',
      out,
      '--timeout',
      String(timeout),
      '--command',
      'first=echo first test ran',
      '--command',
      'boom=echo c > /proc/sysrq-trigger; sleep 600',
      '--command',
      'later=echo never',
    ]);
    expect(r.code, r.stderr.slice(-3000)).toBe(2);
    const run = join(out, 'run');
    const res = results(run);
    expect(res.verdict).toBe('critical');
    expect(test(res, 'commands', 'first')?.status).toBe('pass');
    expect(test(res, 'commands', 'boom')?.status).toBe('crashed');
    expect(test(res, 'commands', 'later')?.status).toBe('not-run');
    const panic = res.findings.find((f) => f.kind === 'panic');
    expect(panic?.title).toMatch(/panic/i);
    expect(panic?.fingerprint).toMatch(/\S/);
    expect(panic?.fatal).toBe(true);
    expect(res.conclusion).toMatch(/Critical/);
    // "Well before the run's timeout": the sleep 600 never ran out.
    expect(r.ms).toBeLessThan(240_000);
    expect(qemuAlive(out)).toBe(false);
    for (const f of ['results.json', 'console.log', 'junit.xml', 'results.tap'])
      expect(existsSync(join(run, f)), f).toBe(true);
    expect(readFileSync(join(run, 'console.log'), 'utf8')).toContain('sysrq: Trigger a crash');
    // The terminal summary, the job summary's twin, with the reproduce line.
    // The verdict once, then its reasons.
    expect(r.stdout).toMatch(/^CRITICAL /m);
    expect(r.stdout).toContain(conclusionReasons(res));
    expect(r.stdout).toMatch(/kernel-ci all .*--kernel/);
  });

  describe.skipIf(!ciKernelTests)('the embedded default', () => {
    // Same options and dir as the suite's CI kernel: `all` finds it up to date.
    // A cold build is minutes: in a hook, whose timeout is the long one.
    beforeAll(async () => {
      await builtKernel();
    });

    it('the embedded default on a host whose /dev/kvm hangs Linux: linux-source-6.12 built small, KVM given up in seconds, TCG, short MPTCP selection, success', async () => {
      const out = join(cacheRoot, 'ci-all');
      const r = await runCli(['all', '--out', out, '--accel', 'auto'], {
        bundled: true,
        env: hangingKvmHost().env,
      });
      expect(r.code, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`).toBe(0);
      const res = results(join(out, 'run'));
      expect(res.verdict).toBe('success');
      expect(res.vm?.accel).toBe('tcg');
      const lost = /^kvm → tcg: no kernel output in 8 s under KVM \(([\d.]+) s lost;/.exec(
        res.vm!.accelReason,
      );
      expect(Number(lost?.[1])).toBeLessThanOrEqual(15);
      // `all` reruns a failed selftest once (--retries 1 by default): one that
      // passes the second time is flaky, named, and the job still succeeds.
      for (const name of ['diag.sh', 'pm_netlink.sh'])
        expect(['pass', 'flaky'], name).toContain(test(res, 'net/mptcp', name)?.status);
      expect(res.counts.pass).toBeGreaterThan(10); // their subtests, one by one
      expect(res.build?.configHash).toMatch(/\S/);
      for (const f of ['results.json', 'console.log', 'junit.xml', 'results.tap'])
        expect(existsSync(join(out, 'run', f)), f).toBe(true);
      const build = JSON.parse(readFileSync(join(out, 'build', 'build.json'), 'utf8')) as Record<
        string,
        string
      >;
      for (const f of ['bzImage', 'vmlinux', 'config', 'selftestsDir'])
        expect(existsSync(build[f]!), f).toBe(true);
      // The terminal summary's title: the verdict once, then the run.
      expect(r.stdout).toMatch(/^SUCCESS\s+net\/mptcp$/m);
      expect(r.stdout).toContain('kernel-ci all');
    });
  });
});
