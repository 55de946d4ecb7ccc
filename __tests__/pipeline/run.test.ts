// `kernel-ci run` end to end on Debian's prebuilt 6.1 kernel (9p only as
// modules, so this goes through the initramfs) under TCG: real QEMU, real
// kernel, the host's root over 9p.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import { extractDebianKernel } from '../../src/system/debian-kernel.js';
import { TCG_TIMEOUT_FACTOR } from '../../src/system/accel.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';
import { repoRoot } from '../helpers/dist.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<CliRun> {
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), 'run', ...args],
    {
      cwd: repoRoot,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    opts.onStderr?.(stderr, (s) => child.kill(s));
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })),
  );
}

const readResults = (out: string): RunResults =>
  JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'kci-run-'));
function qemusFor(out: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'qemu-system'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(out));
  } catch {
    return [];
  }
}

describe('kernel-ci run: bad input fails at once with exit 64', () => {
  it('a random file as kernel', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bzImage'), randomBytes(200_000));
    const r = await cli([
      '--kernel',
      join(dir, 'bzImage'),
      '--out',
      join(dir, 'out'),
      '--command',
      'x=true',
    ]);
    expect(r.code).toBe(64);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kernel-ci: --kernel ${join(dir, 'bzImage')}: not a bzImage (no x86 boot header "HdrS" at 0x202)`,
    ]);
    expect(r.ms).toBeLessThan(10_000);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('no kernel, no QEMU, a non-numeric cpus', async () => {
    const dir = tmp();
    expect((await cli(['--out', dir])).stderr).toMatch(/--kernel is required/);
    const noQemu = await cli(['--kernel', '/dev/null'], {
      env: { ...process.env, PATH: '/nonexistent' },
    });
    expect(noQemu.code).toBe(64);
    expect(noQemu.stderr).toMatch(/qemu-system-x86_64 not found on PATH/);
    const cpus = await cli(['--kernel', '/dev/null', '--cpus', 'two']);
    expect(cpus.code).toBe(64);
    expect(cpus.stderr).toMatch(/--cpus: expected a number, got 'two'/);
  });
});

describe.skipIf(!hasQemu())("kernel-ci run: Debian's 6.1 kernel under TCG", () => {
  let deb: string;
  beforeAll(async () => {
    deb = debianKernelDeb();
    await extractDebianKernel(deb);
  });

  it('--accel kvm where there is no KVM device: exit 64 with the reason', async () => {
    const { kernel } = await extractDebianKernel(deb);
    const r = await cli(
      ['--kernel', kernel, '--out', tmp(), '--accel', 'kvm', '--command', 'x=true'],
      // A host without KVM, wherever this runs.
      { env: { ...process.env, KERNEL_CI_KVM_DEVICE: '/nonexistent/kvm' } },
    );
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toBe(
      'kernel-ci: --accel kvm: KVM is not usable: /nonexistent/kvm does not exist',
    );
  });

  it('one boot runs a real plan: pass, pass, fail with exit 3, timeout; results.json + console.log', async () => {
    const out = tmp();
    const r = await cli([
      '--kernel',
      deb,
      '--out',
      out,
      '--accel',
      'auto',
      '--test-timeout',
      '2',
      '--command',
      'uname=uname -r',
      '--command',
      'mptcp=cat /proc/sys/net/mptcp/enabled && modprobe -n -v mptcp_diag',
      '--command',
      'three=echo about to fail; exit 3',
      '--command',
      'slow=sleep 120',
    ]);
    expect(r.code, r.stderr.slice(-3000)).toBe(1);
    const res = readResults(out);
    const tests = res.suites[0]!.tests;
    expect(tests.map((t) => [t.name, t.status, t.exitCode])).toEqual([
      ['uname', 'pass', 0],
      ['mptcp', 'pass', 0],
      ['three', 'fail', 3],
      ['slow', 'timeout', 124],
    ]);
    const release = res.vm!.kernelRelease!;
    expect(release).toMatch(/^6\.1\.\d+-\d+-amd64$/);
    // uname ran in the guest; the modules of the guest's kernel are where modprobe looks.
    expect(readFileSync(join(out, tests[0]!.outputPath!), 'utf8').trim()).toBe(release);
    const mptcp = readFileSync(join(out, tests[1]!.outputPath!), 'utf8');
    expect(mptcp).toMatch(/^1\n/);
    expect(mptcp).toContain(`insmod /lib/modules/${release}/kernel/net/mptcp/mptcp_diag.ko`);
    expect(tests[2]!.excerpt).toBe('about to fail');
    const factor = res.vm!.accel === 'tcg' ? TCG_TIMEOUT_FACTOR : 1;
    expect(tests[3]!.durationMs).toBeGreaterThanOrEqual(2 * factor * 1000 - 500);
    expect(res.verdict).toBe('unstable');
    expect(res.counts).toMatchObject({ total: 4, pass: 2, fail: 1, timeout: 1 });
    // --accel auto on this machine: KVM where it runs this guest, else TCG
    // with why (no device, or a device whose guests hang), decided quickly.
    expect(res.vm!.accelReason).toMatch(/\/dev\/kvm|kvm → tcg/);
    const accelLine = /accel: (kvm|tcg) \(.*\) \[([\d.]+) s\]/.exec(r.stderr);
    expect(Number(accelLine?.[2])).toBeLessThan(10);
    if (res.vm!.accel === 'kvm') expect(r.stderr).not.toContain('under TCG');
    expect(res.vm!.bootSeconds).toBeGreaterThan(0);
    const console = readFileSync(join(out, 'console.log'), 'utf8');
    expect(console).toContain('Linux version 6.1.');
    expect(console).toMatch(/@@KCI@@ \w+ end id=4 attempt=1 exit=124 ms=\d+ timeout=1/);
    expect(console).toContain('about to fail');
    // The guest's copy of its markers, through the share: the same lines as the console's.
    const markers = (t: string) => t.split(/\r?\n/).filter((l) => l.startsWith('@@KCI@@'));
    expect(markers(readFileSync(join(out, '.kci/markers.log'), 'utf8'))).toEqual(markers(console));
    expect(qemusFor(out)).toEqual([]);
  });

  it('--modules from an unpacked linux-image (no modules.dep: depmod runs on a copy): modprobe works in the guest', async () => {
    const { kernel, modulesDir } = await extractDebianKernel(deb);
    const copy = join(tmp(), 'modules');
    execFileSync('cp', ['-al', modulesDir!, copy]);
    for (const f of readdirSync(copy)) if (f.startsWith('modules.')) rmSync(join(copy, f));
    const out = tmp();
    const r = await cli([
      '--kernel',
      kernel,
      '--modules',
      copy,
      '--out',
      out,
      '--accel',
      'tcg',
      '--command',
      'mptcp=modprobe -n -v mptcp_diag',
      '--quiet',
    ]);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    // The user's dir is left as it was.
    expect(existsSync(join(copy, 'modules.dep'))).toBe(false);
    // --quiet: the console is kept in console.log, not streamed.
    expect(r.stderr).not.toContain('Linux version');
    expect(readFileSync(join(out, 'console.log'), 'utf8')).toContain('Linux version');
  });

  it('the kernel without its modules cannot mount root: boot failure, exit 2, last console lines', async () => {
    const { kernel } = await extractDebianKernel(deb);
    const out = tmp();
    const r = await cli([
      '--kernel',
      kernel,
      '--out',
      out,
      '--boot-timeout',
      '90',
      '--boot-retries',
      '1',
      '--command',
      'never=true',
    ]);
    expect(r.code, r.stderr.slice(-3000)).toBe(2);
    const res = readResults(out);
    expect(res.verdict).toBe('critical');
    expect(res.abort?.kind).toBe('boot-failure');
    expect(res.abort?.message).toMatch(/^boot failure after 2 attempt\(s\)/);
    expect(res.vm!.boots).toBe(2);
    expect(res.consoleTail!.join('\n')).toMatch(/Unable to mount root fs/);
    expect(res.suites[0]!.tests[0]!.status).toBe('not-run');
    // Each attempt ended when the kernel panicked, long before the boot timeout.
    expect(r.ms).toBeLessThan(2 * 90_000);
    expect(readFileSync(join(out, 'console.log'), 'utf8')).toContain(
      '==== kernel-ci: boot attempt 2 ====',
    );
  });

  it('SIGTERM mid-run: the CLI exits, no QEMU remains, console.log and results are kept', async () => {
    const out = tmp();
    let sentAt = 0;
    const r = await cli(
      [
        '--kernel',
        deb,
        '--out',
        out,
        '--command',
        'long=echo started; sleep 600',
        '--command',
        'next=true',
        // The console on stderr (it is not by default) is how the test sees the test start.
        '--console',
      ],
      {
        onStderr: (text, kill) => {
          if (!sentAt && /started/.test(text) && /start id=1 name=long/.test(text)) {
            sentAt = Date.now();
            kill('SIGTERM');
          }
        },
      },
    );
    expect(sentAt).toBeGreaterThan(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(qemusFor(out)).toEqual([]);
    const res = readResults(out);
    expect(res.abort).toEqual({ kind: 'cancelled', message: 'cancelled by SIGTERM' });
    expect(res.suites[0]!.tests.map((t) => t.status)).toEqual(['crashed', 'not-run']);
    expect(readFileSync(join(out, 'console.log'), 'utf8')).toMatch(/start id=1 name=long\nstarted/);
  });
});
