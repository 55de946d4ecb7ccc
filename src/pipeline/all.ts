// `kernel-ci all` and the root action: build → boot → test → report, one
// command. With no --source/--kernel it uses the embedded default: Debian's
// linux-source-6.12, a small kernel (tinyconfig + vm + the MPTCP selftests'
// config) and a short MPTCP selection.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { allFlags, type AllOptions, type RunOptions } from '../cli/specs.js';
import { debianSource } from '../system/debian-source.js';
import { debianKernelPackage } from '../system/debian-kernel-package.js';
import { buildKernel, optionsFromFlags, type BuildResult } from './build.js';
import type { Host } from './host.js';
import { prebuiltSelftests } from './prebuilt-selftests.js';
import { reproduceLine } from './reproduce.js';
import { runCommand } from './run.js';
import { integratedRunHooks } from './run-hooks.js';

/** What `--selection` means when no --only is given. */
export const SELECTIONS: Record<string, string[] | null> = {
  // ~2 minutes under TCG: the netlink path manager and the diag interface.
  short: ['net/mptcp/diag.sh', 'net/mptcp/pm_netlink.sh'],
  mptcp: [],
  none: null,
};

/**
 * The embedded default kernel: tinyconfig + what the VM runner needs + the
 * MPTCP selftests' config + KUnit + LKDTM, with reduced debug info so crash
 * traces decode to file:line. The selftests' config assumes a defconfig
 * base; `enable` adds the parents it takes for granted there. Used when no
 * preset or fragment is given; the test suite's CI kernel is this same build.
 */
export const EMBEDDED_BUILD = {
  defaultSource: '6.12' as const,
  base: 'tinyconfig',
  presets: ['vm', 'kselftest:net/mptcp', 'kunit', 'lkdtm'],
  enable: [
    'NET_SCHED',
    'IP_NF_IPTABLES',
    'IP6_NF_IPTABLES',
    'NF_TABLES_IPV4',
    'NF_TABLES_IPV6',
    'DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT',
    'DEBUG_INFO_REDUCED',
  ],
};

interface AllKernel {
  kernel: string;
  modules?: string;
  vmlinux?: string;
  decodeSource?: string;
  build?: BuildResult;
  /** The selftests that go with this kernel, when the user named none. */
  selftests?: string;
}

/** --kernel as given, Debian's prebuilt 6.1 (--prebuilt), or a build (the embedded default without presets). */
async function kernelFor(
  flags: AllOptions,
  out: string,
  wantSelftests: boolean,
  host: Host,
): Promise<AllKernel | { exitCode: number }> {
  if (flags.kernel) return { kernel: flags.kernel, modules: flags.modules, vmlinux: flags.vmlinux };
  if (flags.prebuilt) {
    host.info("kernel: Debian's prebuilt linux-image (6.1) — no build");
    const kernel = debianKernelPackage((m) => host.info(m));
    if (!wantSelftests) return { kernel };
    // The selftests of the kernel's own version, as the MPTCP CI pairs them.
    const src = await debianSource('6.1', (m) => host.info(m));
    const dir = join(out, 'selftests-6.1');
    return { kernel, selftests: await prebuiltSelftests(src.dir, ['net/mptcp'], dir, host) };
  }
  const opts = optionsFromFlags({ ...flags, out: join(out, 'build') });
  if ((opts.presets ?? []).length === 0 && (opts.fragments ?? []).length === 0) {
    opts.presets = EMBEDDED_BUILD.presets;
    if (opts.base === EMBEDDED_BUILD.base)
      opts.enable = [...EMBEDDED_BUILD.enable, ...(opts.enable ?? [])];
  }
  const build = await buildKernel(opts, host);
  if (build.exitCode !== 0) return { exitCode: build.exitCode };
  return {
    kernel: build.bzImage,
    modules: build.modulesDir,
    vmlinux: build.vmlinux,
    decodeSource: build.source,
    build,
    selftests: wantSelftests ? build.selftestsDir : undefined,
  };
}

export async function allCommand(flags: AllOptions, host: Host): Promise<number> {
  const out = resolve(flags.out);
  const kernelFlag = flags.kernel;
  const prebuilt = flags.prebuilt;
  if (kernelFlag && prebuilt) throw new UsageError('--kernel and --prebuilt: choose one');
  if ((kernelFlag || prebuilt) && flags.source)
    throw new UsageError('--source builds a kernel: drop --kernel/--prebuilt, or --source');
  const selection = SELECTIONS[flags.selection];
  if (selection === undefined) throw new UsageError(`--selection: unknown '${flags.selection}'`);

  const kselftest = flags.kselftest.map((d) => resolve(d));
  const k = await kernelFor(flags, out, selection !== null && kselftest.length === 0, host);
  if ('exitCode' in k) return k.exitCode;
  const { kernel, modules, vmlinux, decodeSource, build } = k;
  if (k.selftests) kselftest.push(k.selftests);
  if (!existsSync(kernel)) throw new UsageError(`--kernel ${kernel}: no such file`);

  const only = flags.only;
  // The spread keeps which flags the user set (a plan file yields to those only).
  const run: RunOptions = {
    ...flags,
    kernel,
    modules,
    out: join(out, 'run'),
    // The whole job runs its kernel once; kernel-ci repeat is for chasing a flake.
    repeat: undefined,
    kselftest,
    // The selection picks MPTCP selftests; test_progs runs asked for stay.
    only:
      only.length > 0 || selection === null
        ? only
        : [...selection, ...(flags.bpf.length > 0 ? ['bpf/*'] : [])],
    'bpf-dir': flags['bpf-dir'] ?? build?.bpfDir,
    vmlinux,
    source: decodeSource,
  };
  const hooks = integratedRunHooks(run, {
    reproduce: reproduceLine('all', flags, allFlags),
    config: build?.config,
  });
  return runCommand(run, host, hooks, {
    build: build && {
      seconds: build.seconds,
      ccacheHitRate: build.ccache?.hitRate ?? null,
      configHash: build.configHash,
      warnings: build.diagnostics.warnings,
      configMismatches: build.mismatches.map((m) => ({
        option: `CONFIG_${m.name}`,
        wanted: m.value,
        got: m.actual,
        ...(m.reason ? { reason: m.reason } : {}),
      })),
    },
    config: build?.config,
  });
}
