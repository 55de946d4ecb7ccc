// Real kernels for tests, cached outside the clone so repeated runs stay warm.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const cacheRoot = process.env.KERNEL_CI_CACHE ?? join(homedir(), '.cache', 'kernel-ci');

/** Debian's prebuilt 6.1 kernel package (9p only as modules): downloaded once with apt. */
export function debianKernelDeb(): string {
  const dir = join(cacheRoot, 'debs');
  mkdirSync(dir, { recursive: true });
  const find = () =>
    readdirSync(dir).find((f) => /^linux-image-6\.1\.\d+-\d+-amd64(-unsigned)?_.*\.deb$/.test(f));
  let deb = find();
  if (!deb) {
    // The newest 6.1 flavour the mirror has; -unsigned carries the same image.
    const pkg = execFileSync(
      'sh',
      [
        '-c',
        "apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \\(linux-image-6\\.1[^ ]*\\)/\\1/p' | head -1",
      ],
      { encoding: 'utf8' },
    ).trim();
    if (!pkg) execFileSync('apt-get', ['update', '-qq']);
    const name =
      pkg ||
      execFileSync(
        'sh',
        [
          '-c',
          "apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \\(linux-image-6\\.1[^ ]*\\)/\\1/p' | head -1",
        ],
        { encoding: 'utf8' },
      ).trim();
    execFileSync('apt-get', ['download', name], { cwd: dir, stdio: 'ignore' });
    deb = find();
  }
  if (!deb) throw new Error(`no Debian 6.1 kernel package in ${dir}`);
  return join(dir, deb);
}

export function hasQemu(): boolean {
  return existsSync('/usr/bin/qemu-system-x86_64');
}

// --- the CI kernel, built by our own build pipeline ------------------------

export interface BuiltKernel {
  bzImage: string;
  vmlinux: string;
  config: string;
  modulesDir?: string;
  selftestsDir: string;
  source: string;
  /** The whole build result (build.json). */
  buildJson: string;
}

/**
 * What the CI kernel is: tinyconfig + what the VM runner needs + the MPTCP
 * selftests' config + KUnit + LKDTM. The selftest config assumes a
 * defconfig base; these are the parents it takes for granted there (the
 * build reports each of them by name without this list).
 */
export const ciKernelOptions = {
  defaultSource: '6.12' as const,
  base: 'tinyconfig',
  presets: ['vm', 'kselftest:net/mptcp', 'kunit', 'lkdtm'],
  enable: [
    'NET_SCHED',
    'IP_NF_IPTABLES',
    'IP6_NF_IPTABLES',
    'NF_TABLES_IPV4',
    'NF_TABLES_IPV6',
    // file:line in decoded traces, at the smallest debug-info cost
    'DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT',
    'DEBUG_INFO_REDUCED',
  ],
};

/**
 * Builds the CI kernel ONCE into ~/.cache/kernel-ci/ci-build-6.12 with
 * `buildKernel` (the product's pipeline: Debian's linux-source-6.12, ccache
 * in ~/.cache/kernel-ci/ccache) and reuses it while the inputs (options,
 * presets code) stay the same. Cold: ~8-10 min on 2 cores.
 */
export async function builtKernel(
  log: (m: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<BuiltKernel> {
  const { buildKernel } = await import('../../src/pipeline/build.js');
  const { createHash } = await import('node:crypto');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const out = join(cacheRoot, 'ci-build-6.12');
  const presetsCode = readFileSync(
    resolve(import.meta.dirname, '../../src/system/kbuild/presets.ts'),
    'utf8',
  );
  const inputs = createHash('sha256')
    .update(JSON.stringify(ciKernelOptions))
    .update(presetsCode)
    .digest('hex')
    .slice(0, 16);
  const stamp = join(out, 'inputs.sha');
  const jsonPath = join(out, 'build.json');
  const read = (): BuiltKernel => {
    const r = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
      bzImage: string;
      vmlinux: string;
      config: string;
      modulesDir?: string;
      selftestsDir: string;
      source: string;
    };
    return { ...r, buildJson: jsonPath };
  };
  if (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === inputs &&
    existsSync(jsonPath) &&
    existsSync(read().bzImage)
  )
    return read();
  const silent = { group: <T>(_t: string, fn: () => Promise<T>) => fn() };
  const r = await buildKernel(
    { ...ciKernelOptions, out },
    {
      kind: 'terminal',
      info: log,
      warn: log,
      untrusted: (lines) => lines.forEach((l) => log(`  | ${l}`)),
      group: silent.group,
      annotate: (a) => log(`${a.level}: ${a.title ?? ''}: ${a.message}`),
      setOutput: () => undefined,
      summary: async () => undefined,
      uploadArtifact: async () => undefined,
      restoreCache: async () => undefined,
      saveCache: async () => undefined,
    },
  );
  if (r.exitCode !== 0 || !r.selftestsDir) throw new Error(`CI kernel build failed: ${r.log}`);
  writeFileSync(stamp, `${inputs}\n`);
  return read();
}
