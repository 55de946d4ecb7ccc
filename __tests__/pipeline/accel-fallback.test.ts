// The host whose /dev/kvm runs firmware but hangs every Linux guest
// (helpers/hanging-kvm.ts): `kernel-ci run` must notice in seconds from the
// real boot, not from the probe, and finish under TCG.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import { extractDebianKernel } from '../../src/system/debian-kernel.js';
import { repoRoot } from '../helpers/dist.js';
import { hangingKvmHost } from '../helpers/hanging-kvm.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';

interface TimedRun {
  code: number | null;
  stderr: string;
  /** When each stderr line arrived, ms after spawn. */
  at(re: RegExp): number | undefined;
  ms: number;
}

function runTimed(args: string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const lines: { ms: number; line: string }[] = [];
  let buf = '';
  child.stderr.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const line of parts) lines.push({ ms: Date.now() - t0, line });
  });
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stderr: lines.map((l) => l.line).join('\n') + buf,
        at: (re) => lines.find((l) => re.test(l.line))?.ms,
        ms: Date.now() - t0,
      }),
    ),
  );
}

const results = (dir: string): RunResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));

describe.skipIf(!hasQemu())('a /dev/kvm that hangs Linux guests', () => {
  let deb: string;
  beforeAll(async () => {
    deb = debianKernelDeb();
    await extractDebianKernel(deb);
  });

  it('--accel auto: the probe passes, the real boot says nothing, TCG within seconds, the plan passes', async () => {
    const host = hangingKvmHost();
    const out = mkdtempSync(join(tmpdir(), 'kci-fallback-'));
    const r = await runTimed(
      [
        'run',
        '--kernel',
        deb,
        '--out',
        out,
        '--test-timeout',
        '3',
        '--command',
        'uname=uname -r',
        '--command',
        'slow=sleep 100',
      ],
      host.env,
    );
    expect(r.code, r.stderr.slice(-3000)).toBe(1);
    // The firmware probe is fooled, as on the real host.
    expect(r.stderr).toMatch(/accel: kvm \(.*ran SeaBIOS/);
    // Progress says where the plan is.
    expect(r.stderr).toMatch(/^\[1\/2\] commands\/uname: exit 0 in [\d.]+ s \(≈ [^)]+ left\)$/m);
    expect(r.stderr).toMatch(/^\[2\/2\] commands\/slow: exit 124 \(timeout\) in [\d.]+ s$/m);
    const kvmBoot = r.at(/^booting .* under KVM/);
    const tcgBoot = r.at(/^booting .* under TCG/);
    expect(kvmBoot).toBeDefined();
    expect(tcgBoot).toBeDefined();
    const lost = tcgBoot! - kvmBoot!;
    expect(lost).toBeGreaterThanOrEqual(8000);
    expect(lost).toBeLessThanOrEqual(15_000);
    const res = results(out);
    expect(res.vm!.accel).toBe('tcg');
    expect(res.vm!.accelReason).toMatch(
      /^kvm → tcg: no kernel output in 8 s under KVM \([\d.]+ s lost; before: \/.* is accessible and a kvm probe guest ran SeaBIOS/,
    );
    expect(res.vm!.boots).toBe(1);
    const tests = res.suites[0]!.tests;
    expect(tests.map((t) => [t.name, t.status])).toEqual([
      ['uname', 'pass'],
      ['slow', 'timeout'],
    ]);
    // The per-test timeout follows the accelerator used: TCG's x4.
    expect(tests[1]!.durationMs).toBeGreaterThanOrEqual(12_000 - 500);
    const console = readFileSync(join(out, 'console.log'), 'utf8');
    expect(console.split('\n')[0]).toBe(
      '==== kernel-ci: no kernel output in 8 s under KVM: booting again under TCG ====',
    );
    expect(console).toContain('Linux version 6.1.');

    // The host remembers: the next run does not try KVM again.
    const again = await runTimed(
      [
        'run',
        '--kernel',
        deb,
        '--out',
        mkdtempSync(join(tmpdir(), 'kci-fallback-')),
        '--command',
        'x=true',
      ],
      host.env,
    );
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    expect(again.stderr).toMatch(
      /accel: tcg \(.* is accessible but KVM hung a Linux guest on this host 1 min ago \(.*kvm-hangs\/\w+: delete it to try KVM again\); using TCG\)/,
    );
    expect(again.at(/under KVM/)).toBeUndefined();
  });

  it('--accel kvm: no fallback asked for, so a boot failure in seconds with the reason, exit 2', async () => {
    const host = hangingKvmHost();
    const out = mkdtempSync(join(tmpdir(), 'kci-fallback-'));
    const r = await runTimed(
      ['run', '--kernel', deb, '--out', out, '--accel', 'kvm', '--command', 'x=true'],
      host.env,
    );
    expect(r.code, r.stderr.slice(-3000)).toBe(2);
    const res = results(out);
    expect(res.verdict).toBe('critical');
    expect(res.vm!.accel).toBe('kvm');
    expect(res.abort).toEqual({
      kind: 'boot-failure',
      message: 'no kernel output within 8 s',
    });
    expect(r.ms).toBeLessThan(30_000);
  });
});
