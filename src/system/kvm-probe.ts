// Picks the accelerator before the real boot. KVM only when /dev/kvm is
// usable AND a probe guest runs on the same machine and CPU model as the real
// boot will (-cpu host): the probe boots SeaBIOS (no kernel) and waits for
// its first words on the debug console. This is only a first filter: some
// hosts run the firmware and still hang every Linux guest, so the real boot
// is watched too (run.ts: no kernel output in seconds under KVM → TCG).
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Accel, AccelChoice } from './accel.js';
import { accelArgs, machineArgs, QEMU_BINARY } from './qemu-args.js';
import { spawnGuarded } from './vm.js';

const exec = promisify(execFile);

export const PROBE_TIMEOUT_MS = 5000;

export type AccelMode = 'auto' | Accel;

export interface ProbeResult {
  ok: boolean;
  ms: number;
  detail: string;
}

/** Boots a firmware-only guest and waits for SeaBIOS to print on port 0x402. */
export function probeGuest(
  accel: Accel,
  qemu = QEMU_BINARY,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    // Guarded like the real VM: a probe QEMU never outlives us, even on SIGKILL.
    const child = spawnGuarded([
      qemu,
      ...machineArgs(),
      ...accelArgs(accel),
      '-m',
      '64M',
      '-chardev',
      'stdio,id=dbg,signal=off',
      '-device',
      'isa-debugcon,iobase=0x402,chardev=dbg',
    ]);
    let out = '';
    let err = '';
    let settled = false;
    const finish = (ok: boolean, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ ok, ms: Date.now() - t0, detail });
    };
    const timer = setTimeout(
      () => finish(false, `a ${accel} probe guest printed nothing in ${timeoutMs / 1000} s (hung)`),
      timeoutMs,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes('SeaBIOS'))
        finish(true, `a ${accel} probe guest ran SeaBIOS in ${Date.now() - t0} ms`);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => finish(false, `cannot start ${qemu}: ${e.message}`));
    child.on('close', (code) => {
      const first = err.trim().split('\n')[0] ?? '';
      // Through setpriv, a QEMU that cannot be executed is exit 126/127.
      if (code === 126 || code === 127) finish(false, `cannot start ${qemu}: ${first}`);
      else finish(false, `the ${accel} probe guest exited (${code}): ${first}`);
    });
  });
}

export function kvmAccessible(dev: string): boolean {
  try {
    accessSync(dev, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** GitHub's runners ship /dev/kvm root-only; the documented fix is a udev rule. */
export async function grantKvmAccess(): Promise<string> {
  const rule = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"';
  const script = `echo '${rule}' > /etc/udev/rules.d/99-kvm4all.rules && udevadm control --reload-rules && udevadm trigger --name-match=kvm`;
  try {
    await exec('sudo', ['-n', 'sh', '-c', script], { timeout: 10_000 });
    return 'added the udev rule MODE=0666 for /dev/kvm via sudo';
  } catch (e) {
    return `could not add the udev rule via sudo (${(e as Error).message.split('\n')[0]})`;
  }
}

export interface ChooseAccelOptions {
  dev?: string;
  qemu?: string;
  probe?: (accel: Accel) => Promise<ProbeResult>;
}

export async function chooseAccel(
  mode: AccelMode,
  o: ChooseAccelOptions = {},
): Promise<AccelChoice> {
  if (mode === 'tcg') return { accel: 'tcg', reason: 'requested with --accel tcg' };
  // KERNEL_CI_KVM_DEVICE: where KVM lives, for hosts (and tests playing
  // one) that put it elsewhere.
  const dev = o.dev ?? process.env.KERNEL_CI_KVM_DEVICE ?? '/dev/kvm';
  const probe = o.probe ?? ((a: Accel) => probeGuest(a, o.qemu));
  const fallback = (why: string): AccelChoice => ({ accel: 'tcg', reason: `${why}; using TCG` });
  if (!existsSync(dev)) return fallback(`${dev} does not exist`);
  let note = '';
  if (!kvmAccessible(dev)) {
    note = await grantKvmAccess();
    // udev applies the mode asynchronously.
    for (let i = 0; i < 10 && !kvmAccessible(dev); i++)
      await new Promise((r) => setTimeout(r, 100));
    if (!kvmAccessible(dev)) return fallback(`${dev} is not accessible and ${note}`);
    note = ` (${note})`;
  }
  const p = await probe('kvm');
  if (!p.ok) return fallback(`${dev} is accessible but ${p.detail}`);
  return { accel: 'kvm', reason: `${dev} is accessible and ${p.detail}${note}` };
}
