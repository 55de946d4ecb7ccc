// Real kernels for tests, cached outside the clone so repeated runs stay warm.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { EMBEDDED_BUILD } from '../../src/pipeline/all.js';
import { debianKernelPackage } from '../../src/system/debian-kernel-package.js';

export const cacheRoot = process.env.KERNEL_CI_CACHE ?? join(homedir(), '.cache', 'kernel-ci');

/** Debian's prebuilt 6.1 kernel package (9p only as modules): the product's own download, cached. */
export function debianKernelDeb(): string {
  return debianKernelPackage(() => undefined, cacheRoot);
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
 * Tests that build and boot the CI kernel (a cold build is ~7 minutes on 2
 * cores) run unless KCI_CI_KERNEL_TESTS=0, for a quick local loop.
 */
export const ciKernelTests = process.env.KCI_CI_KERNEL_TESTS !== '0';
export const ciKernelSkipReason =
  'CI-kernel tests are off (KCI_CI_KERNEL_TESTS=0): they build linux-6.12 tinyconfig+vm+mptcp first';

/** The CI kernel is the embedded default of `kernel-ci all` (src/pipeline/all.ts). */
export const ciKernelOptions = EMBEDDED_BUILD;

/**
 * Builds the CI kernel ONCE into ~/.cache/kernel-ci/ci-all/build with
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
  // The layout `kernel-ci all --out <cache>/ci-all` uses: its end-to-end test
  // then finds this build up to date.
  const out = join(cacheRoot, 'ci-all', 'build');
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
  const fresh = () =>
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === inputs &&
    existsSync(jsonPath) &&
    existsSync(read().bzImage) &&
    existsSync(read().selftestsDir);
  if (fresh()) return read();
  // vitest runs test files in parallel and several call this: one builds,
  // the others wait for it (a lock dir holding the builder's pid).
  const { mkdirSync, rmSync } = await import('node:fs');
  const lock = `${out}.lock`;
  // On a fresh machine nothing exists yet: without the parent, mkdir(lock)
  // fails with ENOENT forever and every caller waits for a builder that never was.
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
        process.kill(owner, 0);
      } catch {
        // The builder died (or has not written its pid yet: give it a moment).
        if (owner) rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 3000));
      if (fresh()) return read();
    }
  }
  try {
    if (fresh()) return read();
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
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
