// Plays the host that README's main command once failed on: /dev/kvm exists
// and is accessible, QEMU starts under KVM and SeaBIOS prints, but a Linux
// guest hangs before its first word (no nested virtualisation). A
// `qemu-system-x86_64` wrapper first on PATH hangs whenever a kernel is booted
// under `-accel kvm`, and runs firmware-only guests (the probe) for real;
// KERNEL_CI_KVM_DEVICE points at an accessible device file, so hosts without
// /dev/kvm play it too.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRAPPER = `#!/bin/sh
real=/usr/bin/qemu-system-x86_64
kvm=0; kernel=0
for a; do
  [ "$a" = kvm ] && kvm=1
  [ "$a" = -kernel ] && kernel=1
done
# What such a host does: the guest's CPU never gets to the kernel.
[ $kvm = 1 ] && [ $kernel = 1 ] && exec sleep 3600
if [ $kvm = 1 ]; then
  # Firmware runs on such a host; here it runs under TCG in KVM's place.
  n=$#
  for a; do
    case "$a" in kvm) a=tcg ;; host) a=max ;; esac
    set -- "$@" "$a"
  done
  shift $n
fi
exec "$real" "$@"
`;

export interface HangingKvmHost {
  /** Environment for a child process (PATH first, the device). */
  env: NodeJS.ProcessEnv;
  dir: string;
}

export function hangingKvmHost(): HangingKvmHost {
  const dir = mkdtempSync(join(tmpdir(), 'kci-hanging-kvm-'));
  const qemu = join(dir, 'qemu-system-x86_64');
  writeFileSync(qemu, WRAPPER);
  chmodSync(qemu, 0o755);
  const dev = join(dir, 'kvm');
  writeFileSync(dev, '');
  return {
    dir,
    env: { PATH: `${dir}:${process.env.PATH ?? ''}`, KERNEL_CI_KVM_DEVICE: dev },
  };
}
