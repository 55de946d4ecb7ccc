// Picks the accelerator before the real boot. KVM only when /dev/kvm is
// usable AND a probe guest runs on the same machine and CPU model as the real
// boot will (-cpu host): the probe boots SeaBIOS (no kernel) and waits for
// its first words on the debug console. This is only a first filter: some
// hosts run the firmware and still hang every Linux guest, so the real boot
// is watched too (run.ts: no kernel output in seconds under KVM → TCG).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
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
  /** Where this host remembers that its KVM hung a Linux guest (see kvmHangMemo). */
  memo?: string;
}

/** How long a KVM that hung a Linux guest is not tried again on the same host. */
export const KVM_HANG_MEMO_MS = 24 * 3600_000;

/**
 * The file that remembers a KVM that hung a Linux guest, keyed by what would
 * change the answer: the device, the QEMU binary, the host kernel and CPU
 * flags. A host where KVM cannot run Linux loses the first-output deadline
 * once a day, not on every boot.
 */
export function kvmHangMemo(dev: string, qemu: string, cacheRoot: string): string {
  let flags = '';
  try {
    flags = /^flags\s*:.*$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[0] ?? '';
  } catch {
    /* no cpuinfo: the key is the rest */
  }
  let exe = qemu;
  try {
    exe = realpathSync(qemu);
  } catch {
    /* keep the name */
  }
  const key = createHash('sha256')
    .update([dev, exe, release(), flags].join('\0'))
    .digest('hex')
    .slice(0, 16);
  return join(cacheRoot, 'kvm-hangs', key);
}

export function rememberKvmHang(memo: string, reason: string): void {
  try {
    mkdirSync(dirname(memo), { recursive: true });
    writeFileSync(memo, `${reason}\n`);
  } catch {
    /* a cache we cannot write only costs the deadline next time */
  }
}

function recentKvmHang(memo: string | undefined): string | undefined {
  if (!memo) return undefined;
  try {
    const st = lstatSync(memo);
    const age = Date.now() - st.mtimeMs;
    if (!st.isFile() || age > KVM_HANG_MEMO_MS) return undefined;
    const mins = Math.max(1, Math.round(age / 60_000));
    return `KVM hung a Linux guest on this host ${mins < 120 ? `${mins} min` : `${Math.round(mins / 60)} h`} ago (${memo}: delete it to try KVM again)`;
  } catch {
    return undefined;
  }
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
  const hung = recentKvmHang(o.memo);
  if (hung) return fallback(`${dev} is accessible but ${hung}`);
  const p = await probe('kvm');
  if (!p.ok) return fallback(`${dev} is accessible but ${p.detail}`);
  return { accel: 'kvm', reason: `${dev} is accessible and ${p.detail}${note}` };
}
