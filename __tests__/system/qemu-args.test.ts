import { describe, expect, it } from 'vitest';
import {
  accelArgs,
  defaultMemoryMiB,
  kernelCmdline,
  qemuArgs,
  share9pArgs,
} from '../../src/system/qemu-args.js';
import { scaleTimeout, TCG_TIMEOUT_FACTOR } from '../../src/system/accel.js';

const base = {
  qemu: 'qemu-system-x86_64',
  kernel: '/k/bzImage',
  accel: 'tcg' as const,
  cpus: 2,
  memoryMiB: 2048,
  init: '/out/.kci/init.sh',
  shareDir: '/out',
  monitorSocket: '/tmp/m',
};

describe('QEMU command line', () => {
  it('TCG: -cpu max, no reboot, serial on stdio, ro root and rw share, monitor', () => {
    const a = qemuArgs({
      ...base,
      extraArgs: ['-object', 'rng-random,id=rng0,filename=/dev/urandom'],
    });
    const s = a.join(' ');
    expect(s).toContain('-accel tcg,thread=multi -cpu max');
    expect(a).toContain('-no-reboot');
    expect(s).toContain('-smp 2 -m 2048M');
    expect(s).toContain('-serial chardev:console');
    expect(s).toMatch(/path=\/,security_model=none,multidevs=remap,readonly=on/);
    expect(s).toMatch(
      /path=\/out,security_model=none,multidevs=remap -device virtio-9p-pci,fsdev=out,mount_tag=kci_out/,
    );
    expect(s).toContain('-monitor unix:/tmp/m,server=on,wait=off');
    expect(a.slice(-2)).toEqual(['-object', 'rng-random,id=rng0,filename=/dev/urandom']);
    expect(a).not.toContain('-initrd');
  });

  it('KVM: -cpu host', () => {
    expect(accelArgs('kvm')).toEqual(['-accel', 'kvm', '-cpu', 'host']);
  });

  it('cmdline: panic=-1, 9p root, init= without initramfs, kci.init= with one, extra last', () => {
    const plain = kernelCmdline({ init: '/o/init.sh', extraCmdline: ' quiet ' });
    expect(plain).toMatch(/^console=ttyS0,115200 panic=-1 /);
    expect(plain).toContain('root=kci_root rootfstype=9p rootflags=trans=virtio');
    expect(plain).toContain(' ro init=/o/init.sh quiet');
    const withInitrd = kernelCmdline({ init: '/o/init.sh', initrd: '/o/i.cpio' });
    expect(withInitrd).toContain('kci.init=/o/init.sh');
    expect(withInitrd).not.toContain(' init=');
    expect(qemuArgs({ ...base, initrd: '/o/i.cpio' }).join(' ')).toContain('-initrd /o/i.cpio');
  });

  it('memory scales with CPUs; TCG scales timeouts, 0 stays none', () => {
    expect(defaultMemoryMiB(1)).toBe(1536);
    expect(defaultMemoryMiB(4)).toBe(3072);
    expect(scaleTimeout(45, 'tcg')).toBe(45 * TCG_TIMEOUT_FACTOR);
    expect(scaleTimeout(45, 'kvm')).toBe(45);
    expect(scaleTimeout(0, 'tcg')).toBe(0);
    expect(share9pArgs('x', '/p', 't', true)[1]).toContain('readonly=on');
  });
});
