// The QEMU command line, composed from small named builders (virtme-ng
// style) so each concern reads on its own and tests can check each piece.
import { cpus as hostCpus } from 'node:os';
import type { Accel } from './accel.js';

export const QEMU_BINARY = 'qemu-system-x86_64';
export const ROOT_TAG = 'kci_root';
export const SHARE_TAG = 'kci_out';
/** 9p mount options of the read-only root: cache=loose because it never changes under us. */
export const ROOT_9P_OPTIONS = 'trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro';

export interface VmConfig {
  qemu: string;
  kernel: string;
  initrd?: string;
  accel: Accel;
  cpus: number;
  memoryMiB: number;
  /** Host path of the guest init (the guest sees the host's / so the path is the same). */
  init: string;
  /** Read-write share for results, mounted at the same path in the guest. */
  shareDir: string;
  /** HMP monitor socket: quit and SysRq keys. */
  monitorSocket: string;
  extraCmdline?: string;
  extraArgs?: string[];
}

export const defaultCpus = (): number => Math.max(1, hostCpus().length);
/** 1 GiB for the kernel and tools, plus 512 MiB per CPU for parallel tests. */
export const defaultMemoryMiB = (cpus: number): number => 1024 + 512 * cpus;

export const accelArgs = (accel: Accel): string[] =>
  accel === 'kvm'
    ? ['-accel', 'kvm', '-cpu', 'host']
    : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];

export const machineArgs = (): string[] => [
  '-machine',
  'pc',
  '-nodefaults',
  '-no-user-config',
  '-display',
  'none',
  // A guest that panics (panic=-1) or powers off makes QEMU exit.
  '-no-reboot',
];

export const sizeArgs = (cpus: number, memoryMiB: number): string[] => [
  '-smp',
  String(cpus),
  '-m',
  `${memoryMiB}M`,
];

/** ttyS0 on QEMU's stdout, read by the host line by line. */
export const serialConsoleArgs = (): string[] => [
  '-chardev',
  'stdio,id=console,signal=off',
  '-serial',
  'chardev:console',
];

export const monitorArgs = (socket: string): string[] => [
  '-monitor',
  `unix:${socket},server=on,wait=off`,
];

export const share9pArgs = (id: string, path: string, tag: string, readonly: boolean): string[] => [
  '-fsdev',
  `local,id=${id},path=${path},security_model=none,multidevs=remap${readonly ? ',readonly=on' : ''}`,
  '-device',
  `virtio-9p-pci,fsdev=${id},mount_tag=${tag}`,
];

/** Kernel command line: console, panic → exit, 9p root, our init. */
export function kernelCmdline(c: Pick<VmConfig, 'init' | 'initrd' | 'extraCmdline'>): string {
  const parts = [
    'console=ttyS0,115200',
    'panic=-1',
    'sysrq_always_enabled=1',
    // The crash detector keys on printk timestamps; hangs become panics where
    // the kernel allows, so they stop the VM at once; kmemleak prints its
    // reports on the console; no_timer_check avoids a false "IO-APIC + timer
    // doesn't work" boot panic on a loaded TCG host.
    'printk.time=1',
    'softlockup_panic=1',
    'hung_task_panic=1',
    'kmemleak.verbose=1',
    'no_timer_check',
    `root=${ROOT_TAG}`,
    'rootfstype=9p',
    `rootflags=${ROOT_9P_OPTIONS.replace(/,ro$/, '')}`,
    'ro',
    // With an initramfs its /init reads kci.init; without one the kernel runs init= itself.
    c.initrd ? `kci.init=${c.init}` : `init=${c.init}`,
  ];
  if (c.extraCmdline?.trim()) parts.push(c.extraCmdline.trim());
  return parts.join(' ');
}

export function kernelArgs(c: VmConfig): string[] {
  return [
    '-kernel',
    c.kernel,
    ...(c.initrd ? ['-initrd', c.initrd] : []),
    '-append',
    kernelCmdline(c),
  ];
}

export function qemuArgs(c: VmConfig): string[] {
  return [
    ...machineArgs(),
    ...accelArgs(c.accel),
    ...sizeArgs(c.cpus, c.memoryMiB),
    ...serialConsoleArgs(),
    ...monitorArgs(c.monitorSocket),
    ...share9pArgs('root', '/', ROOT_TAG, true),
    ...share9pArgs('out', c.shareDir, SHARE_TAG, false),
    ...kernelArgs(c),
    ...(c.extraArgs ?? []),
  ];
}
