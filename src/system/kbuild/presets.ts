// Named sets of options. `vm` is ours (what the VM runner relies on, enough
// to boot from tinyconfig to the host's userspace over 9p); the others are
// the kernel tree's own fragments, read from the tree being built.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { parseConfig, type ConfigRequest } from '../../core/kbuild/kconfig-check.js';

// Grouped by why the guest needs them; everything built in so the runner
// never has to ship modules just to boot.
const VM = `
# 64-bit SMP guest, paravirt clock, ACPI for a clean poweroff
CONFIG_64BIT=y
CONFIG_SMP=y
CONFIG_HYPERVISOR_GUEST=y
CONFIG_PARAVIRT=y
CONFIG_KVM_GUEST=y
CONFIG_ACPI=y
CONFIG_HIGH_RES_TIMERS=y
CONFIG_NO_HZ_IDLE=y
# consoles: 8250 serial (ttyS0) and virtio (hvc0), early printk, sysrq
CONFIG_PRINTK=y
# timestamps mark kernel lines for the crash detector; ORC for exact traces
CONFIG_PRINTK_TIME=y
CONFIG_UNWINDER_ORC=y
CONFIG_BUG=y
CONFIG_EARLY_PRINTK=y
CONFIG_TTY=y
CONFIG_UNIX98_PTYS=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_VIRTIO_CONSOLE=y
CONFIG_MAGIC_SYSRQ=y
CONFIG_MAGIC_SYSRQ_SERIAL=y
CONFIG_KALLSYMS=y
# a task stuck in D state for 120 s is reported (INFO: task ... blocked for
# more than 120 seconds) and the crash detector stops the run: a deadlock ends
# in minutes with its stack, not at the job's timeout with nothing
CONFIG_DEBUG_KERNEL=y
CONFIG_DETECT_HUNG_TASK=y
# virtio over PCI, virtio-net, entropy
CONFIG_PCI=y
CONFIG_PCI_MSI=y
CONFIG_VIRTIO_MENU=y
CONFIG_VIRTIO_PCI=y
CONFIG_NETDEVICES=y
CONFIG_NET_CORE=y
CONFIG_VIRTIO_NET=y
CONFIG_HW_RANDOM=y
CONFIG_HW_RANDOM_VIRTIO=y
# the host's root over 9p, with overlayfs/tmpfs for writable places
CONFIG_NET=y
CONFIG_NET_9P=y
CONFIG_NET_9P_VIRTIO=y
CONFIG_NETWORK_FILESYSTEMS=y
CONFIG_9P_FS=y
CONFIG_9P_FS_POSIX_ACL=y
CONFIG_OVERLAY_FS=y
CONFIG_SHMEM=y
CONFIG_TMPFS=y
CONFIG_TMPFS_POSIX_ACL=y
CONFIG_DEVTMPFS=y
CONFIG_DEVTMPFS_MOUNT=y
CONFIG_PROC_FS=y
CONFIG_PROC_SYSCTL=y
CONFIG_SYSFS=y
CONFIG_BLK_DEV_INITRD=y
# what a Debian userspace (bash, iproute2, nft, ss) expects of the kernel
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_MULTIUSER=y
CONFIG_SYSVIPC=y
CONFIG_POSIX_TIMERS=y
CONFIG_FUTEX=y
CONFIG_EPOLL=y
CONFIG_SIGNALFD=y
CONFIG_TIMERFD=y
CONFIG_EVENTFD=y
CONFIG_AIO=y
CONFIG_FILE_LOCKING=y
CONFIG_FHANDLE=y
CONFIG_ADVISE_SYSCALLS=y
CONFIG_MEMBARRIER=y
CONFIG_SYSFS_SYSCALL=y
CONFIG_INOTIFY_USER=y
CONFIG_NAMESPACES=y
CONFIG_UTS_NS=y
CONFIG_IPC_NS=y
CONFIG_PID_NS=y
CONFIG_NET_NS=y
CONFIG_UNIX=y
CONFIG_PACKET=y
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_NETLINK_DIAG=y
`;

const KUNIT = `
CONFIG_KUNIT=y
CONFIG_KUNIT_DEBUGFS=y
CONFIG_DEBUG_FS=y
`;

const LKDTM = `
CONFIG_DEBUG_FS=y
CONFIG_RUNTIME_TESTING_MENU=y
CONFIG_LKDTM=y
`;

// What the MPTCP packetdrill scripts (multipath-tcp/packetdrill, gtests/net/
// mptcp) need of the kernel; the MPTCP CI adds TUN, CRYPTO_USER_API_HASH and
// CRYPTO_SHA1 to a defconfig, a tinyconfig base needs the rest spelled out.
const PACKETDRILL = `
# the scripts open IPPROTO_MPTCP sockets, in the ipv4, ipv4-mapped-v6 and ipv6 variants
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_MPTCP=y
CONFIG_MPTCP_IPV6=y
# packetdrill injects and sniffs the peer's packets through a tun device
CONFIG_TUN=y
# it computes MPTCP keys, tokens and HMACs through AF_ALG: sha256 and
# hmac(sha256), sha1 and hmac(sha1) for the MPTCP v0 fallback scripts
CONFIG_CRYPTO=y
CONFIG_CRYPTO_USER_API_HASH=y
CONFIG_CRYPTO_HMAC=y
CONFIG_CRYPTO_SHA1=y
CONFIG_CRYPTO_SHA256=y
# common/defaults.sh: tcp_syncookies=1 and a pfifo qdisc on tun0 (tc)
CONFIG_SYN_COOKIES=y
CONFIG_NET_SCHED=y
# every run in its own network namespace
CONFIG_NET_NS=y
`;

export const PRESET_NAMES = [
  'vm',
  'debug',
  'kunit',
  'lkdtm',
  'bpf',
  'packetdrill',
  'kselftest:TARGET',
] as const;

export interface Preset {
  name: string;
  requests: ConfigRequest[];
  /** Set for kselftest:TARGET: the selftest target to build and install. */
  kselftest?: string;
}

/**
 * The options of one preset for this tree. `enabled` is what the other
 * requests already turn on (kunit adds MPTCP_KUNIT_TEST when MPTCP is on).
 */
export function presetRequests(
  source: string,
  name: string,
  enabled: (opt: string) => boolean = () => false,
): Preset {
  const label = `preset ${name}`;
  switch (name) {
    case 'vm':
      return { name, requests: parseConfig(VM, label) };
    case 'kunit': {
      const requests = parseConfig(KUNIT, label);
      if (enabled('MPTCP'))
        requests.push({ name: 'MPTCP_KUNIT_TEST', value: 'y', origin: `${label} (MPTCP is on)` });
      return { name, requests };
    }
    case 'lkdtm':
      return { name, requests: parseConfig(LKDTM, label) };
    case 'packetdrill':
      return { name, requests: parseConfig(PACKETDRILL, label) };
    case 'bpf':
      return { name, requests: bpfRequests(source) };
    case 'debug': {
      const rel = 'kernel/configs/debug.config';
      const file = join(source, rel);
      if (!existsSync(file))
        throw new UsageError(`preset debug: this tree has no ${rel} (added in Linux 5.19)`);
      const requests = parseConfig(readFileSync(file, 'utf8'), rel);
      // On a small base (tinyconfig) SLUB_TINY is on and silently keeps
      // KASAN and SLUB_DEBUG_ON off: a debug build without KASAN is not what
      // was asked for.
      const why = `${label} (KASAN and SLUB_DEBUG_ON need the full SLUB)`;
      requests.push(
        { name: 'SLUB_TINY', value: 'n', origin: why },
        { name: 'SLUB_DEBUG', value: 'y', origin: why },
      );
      return { name, requests };
    }
  }
  const ks = /^kselftest:(.+)$/.exec(name);
  if (ks) {
    const target = ks[1]!.replace(/\/+$/, '');
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(target) || target.split('/').includes('..'))
      throw new UsageError(`preset ${name}: bad kselftest target '${target}'`);
    const dir = join(source, 'tools/testing/selftests', target);
    if (!existsSync(dir))
      throw new UsageError(`preset ${name}: no tools/testing/selftests/${target} in ${source}`);
    const rel = `tools/testing/selftests/${target}/config`;
    const file = join(source, rel);
    // Some targets need no options: no config file is not an error.
    const requests = existsSync(file) ? parseConfig(readFileSync(file, 'utf8'), rel) : [];
    return { name, requests, kselftest: target };
  }
  throw new UsageError(`unknown preset '${name}' (presets: ${PRESET_NAMES.join(', ')})`);
}

/**
 * What the BPF CI configures (vmtest.sh: the selftests' `config` and
 * `config.<arch>`) plus what those files take for granted on a small base:
 * BTF comes from DWARF, which tinyconfig hides behind DEBUG_KERNEL.
 */
function bpfRequests(source: string): ConfigRequest[] {
  const dir = 'tools/testing/selftests/bpf';
  if (!existsSync(join(source, dir, 'config')))
    throw new UsageError(`preset bpf: this tree has no ${dir}/config`);
  const lists = ['config', 'config.x86_64']
    .map((f) => `${dir}/${f}`)
    .filter((rel) => existsSync(join(source, rel)))
    .map((rel) => parseConfig(readFileSync(join(source, rel), 'utf8'), rel));
  // `config` picks DWARF4 and config.x86_64 the toolchain's default: one
  // choice, so the last file's pick stands and the other is not asked for.
  const dwarf = /^DEBUG_INFO_DWARF/;
  const picks = lists.flat().filter((r) => dwarf.test(r.name) && r.value === 'y');
  const pick = picks[picks.length - 1];
  const requests = lists.flat().filter((r) => !dwarf.test(r.name) || r === pick);
  // The parents a defconfig has and tinyconfig does not, without which a
  // third of those files silently does not stick.
  const parents: [string, string][] = [
    ['DEBUG_KERNEL', 'BTF needs debug info, which needs DEBUG_KERNEL'],
    ['FTRACE', 'BPF_EVENTS, FUNCTION_TRACER, FPROBE need it'],
    ['KPROBE_EVENTS', 'BPF_EVENTS needs it'],
    ['DEBUG_FS', 'NETDEVSIM and fault injection need it'],
    ['RUNTIME_TESTING_MENU', 'TEST_BPF needs it'],
    ['BLOCK', 'loop, cgroup I/O and partitions need it'],
    ['BLK_DEV', 'BLK_DEV_LOOP needs it'],
    ['MSDOS_PARTITION', 'the BSD/Minix/Solaris labels need it'],
    ['FW_LOADER', 'FW_LOADER_USER_HELPER needs it'],
    ['X86_MCE', 'MEMORY_FAILURE needs it'],
  ];
  return [
    ...parents.map(([name, why]) => ({ name, value: 'y', origin: `preset bpf (${why})` })),
    ...requests,
  ];
}
