// Prepares a bare runner (GitHub's ubuntu-24.04 image has no QEMU, busybox
// or ccache) before an action starts: what a step needs is checked by the
// files it uses (PATH lookups and headers, no process spawned, so a runner
// that has everything pays milliseconds), and whatever is missing is
// installed with apt-get in one go. Package names are valid on Ubuntu 22.04/
// 24.04 and Debian 12. /dev/kvm is made accessible where it is root-only.
import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../core/errors.js';
import { findOnPath } from './find-on-path.js';
import { BUSYBOX_CANDIDATES } from './initramfs.js';
import { grantKvmAccess, kvmAccessible } from './kvm-probe.js';

const exec = promisify(execFile);

export type RunnerRole = 'build' | 'run';

export interface Need {
  /** What the step uses: a command on PATH, or an absolute file. */
  file: string;
  /** Any of these files will do (e.g. busybox in /bin or /usr/bin). */
  alternatives?: string[];
  pkg: string;
  roles: RunnerRole[];
}

const cmd = (file: string, pkg: string, roles: RunnerRole[], alternatives?: string[]): Need => ({
  file,
  pkg,
  roles,
  alternatives,
});
const hdr = (h: string) => ['/usr/include', '/usr/include/x86_64-linux-gnu'].map((d) => join(d, h));

/** What each role uses; checked by file so that a runner with everything spawns nothing. */
export const RUNNER_NEEDS: Need[] = [
  // Kernel build (Documentation/process/changes.rst's minimal set for x86).
  cmd('make', 'make', ['build']),
  cmd('gcc', 'gcc', ['build']),
  cmd('flex', 'flex', ['build']),
  cmd('bison', 'bison', ['build']),
  cmd('bc', 'bc', ['build']),
  cmd('perl', 'perl', ['build']),
  cmd('/usr/include/gelf.h', 'libelf-dev', ['build'], hdr('libelf.h')),
  cmd('/usr/include/openssl/opensslv.h', 'libssl-dev', ['build'], hdr('openssl/opensslv.h')),
  cmd('pahole', 'dwarves', ['build']),
  cmd('xz', 'xz-utils', ['build']),
  cmd('cpio', 'cpio', ['build']),
  cmd('rsync', 'rsync', ['build']),
  cmd('ccache', 'ccache', ['build']),
  cmd('depmod', 'kmod', ['build', 'run']),
  // The kernel bundle between jobs.
  cmd('zstd', 'zstd', ['build', 'run']),
  // The VM and its init.
  cmd('qemu-system-x86_64', 'qemu-system-x86', ['run']),
  cmd(BUSYBOX_CANDIDATES[0]!, 'busybox-static', ['run'], BUSYBOX_CANDIDATES.slice(1)),
  cmd('insmod', 'kmod', ['run']),
  // What the MPTCP selftests call in the guest (the host's root is the guest's).
  cmd('ip', 'iproute2', ['run']),
  cmd('ss', 'iproute2', ['run']),
  cmd('iptables', 'iptables', ['run']),
  cmd('nft', 'nftables', ['run']),
  cmd('ethtool', 'ethtool', ['run']),
  cmd('socat', 'socat', ['run']),
  cmd('ping', 'iputils-ping', ['run']),
  cmd('sysctl', 'procps', ['run']),
];

const found = (file: string, path: string) => findOnPath(file, path, constants.R_OK) !== undefined;

/** The packages to install for these roles: those whose files are missing. */
export function missingPackages(
  roles: RunnerRole[],
  path = process.env.PATH ?? '',
  needs: Need[] = RUNNER_NEEDS,
): { pkg: string; files: string[] }[] {
  const byPkg = new Map<string, string[]>();
  for (const n of needs) {
    if (!n.roles.some((r) => roles.includes(r))) continue;
    if ([n.file, ...(n.alternatives ?? [])].some((f) => found(f, path))) continue;
    byPkg.set(n.pkg, [...(byPkg.get(n.pkg) ?? []), n.file]);
  }
  return [...byPkg].map(([pkg, files]) => ({ pkg, files }));
}

export interface SetupReport {
  installed: string[];
  kvm?: string;
  ms: number;
}

const isRoot = () => process.getuid?.() === 0;

async function apt(args: string[], log: (m: string) => void): Promise<void> {
  const argv = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const [file, ...rest] = isRoot() ? argv : ['sudo', '-n', ...argv];
  log(`$ ${[file, ...rest].join(' ')}`);
  try {
    const r = await exec(file!, rest, { maxBuffer: 64 << 20, timeout: 15 * 60_000 });
    for (const l of r.stdout.split('\n').slice(-5)) if (l.trim()) log(l);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const why = (err.stderr ?? '').trim().split('\n').slice(-3).join(' | ') || err.message;
    throw new UsageError(
      `preparing the runner: apt-get ${args.find((a) => !a.startsWith('-'))} failed: ${why} (set setup-runner: false and install the packages yourself on self-hosted runners)`,
    );
  }
}

/**
 * Installs what the roles need and is missing, and opens /dev/kvm. Throws one
 * UsageError where that cannot be done (not Linux, no apt-get, no root/sudo).
 */
export async function prepareRunner(
  roles: RunnerRole[],
  log: (m: string) => void,
  o: { platform?: NodeJS.Platform } = {},
): Promise<SetupReport> {
  const t0 = Date.now();
  const platform = o.platform ?? process.platform;
  if (platform !== 'linux')
    throw new UsageError(
      `this runner is ${platform}: kernel-ci needs a Linux runner (ubuntu-24.04, or a Debian/Ubuntu self-hosted one) to build and boot kernels`,
    );
  const missing = missingPackages(roles);
  const installed: string[] = [];
  if (missing.length) {
    const pkgs = missing.map((m) => m.pkg);
    log(`missing: ${missing.map((m) => `${m.files.join(', ')} (${m.pkg})`).join('; ')}`);
    const hasApt = (process.env.PATH ?? '')
      .split(delimiter)
      .some((d) => existsSync(join(d, 'apt-get')));
    if (!hasApt)
      throw new UsageError(
        `preparing the runner: ${pkgs.join(' ')} missing and no apt-get here (only Debian/Ubuntu runners are set up automatically); install them, or set setup-runner: false`,
      );
    if (!isRoot() && !existsSync('/usr/bin/sudo'))
      throw new UsageError(
        `preparing the runner: ${pkgs.join(' ')} missing and neither root nor sudo to install them`,
      );
    await apt(['update', '-qq'], log);
    await apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs], log);
    installed.push(...pkgs);
    const still = missingPackages(roles);
    if (still.length)
      throw new UsageError(
        `preparing the runner: installed ${pkgs.join(' ')} but ${still.flatMap((m) => m.files).join(', ')} still not found (PATH=${process.env.PATH ?? ''})`,
      );
  }
  let kvm: string | undefined;
  if (roles.includes('run') && existsSync('/dev/kvm') && !kvmAccessible('/dev/kvm'))
    kvm = await grantKvmAccess();
  return { installed, kvm, ms: Date.now() - t0 };
}
