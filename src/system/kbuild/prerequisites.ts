// Everything a kernel build needs from the machine, checked before minutes
// are spent: a kernel tree, and the tools/headers Kbuild calls (each missing
// one named with the Debian package that provides it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';

export interface KernelTree {
  dir: string;
  /** e.g. 6.12.117 (from the top Makefile). */
  version: string;
}

export function checkKernelTree(dir: string): KernelTree {
  const makefile = join(dir, 'Makefile');
  if (
    !existsSync(makefile) ||
    !existsSync(join(dir, 'Kconfig')) ||
    !existsSync(join(dir, 'scripts/kconfig/merge_config.sh'))
  )
    throw new UsageError(
      `${dir} is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/merge_config.sh)`,
    );
  const text = readFileSync(makefile, 'utf8').slice(0, 2000);
  const field = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\S*)`, 'm').exec(text)?.[1] ?? '';
  const version = [field('VERSION'), field('PATCHLEVEL'), field('SUBLEVEL')]
    .filter(Boolean)
    .join('.');
  if (!field('VERSION'))
    throw new UsageError(`${dir} is not a kernel source tree (its Makefile has no VERSION)`);
  return { dir, version };
}

/** Kbuild never cleans up after us if we never write into the tree. */
export function checkTreeIsClean(dir: string): void {
  if (existsSync(join(dir, '.config')) || existsSync(join(dir, 'include/config/auto.conf')))
    throw new UsageError(
      `${dir} has been configured in place (.config); run 'make mrproper' there, out-of-tree builds need a clean source`,
    );
}

const onPath = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const header = (h: string) =>
  ['/usr/include', '/usr/local/include', '/usr/include/x86_64-linux-gnu'].some((d) =>
    existsSync(join(d, h)),
  );

export interface Toolchain {
  llvm: boolean;
  ccache: boolean;
}

/** Throws one UsageError naming every missing package at once. */
export function checkToolchain(t: Toolchain): void {
  const need: [ok: boolean, what: string, pkg: string][] = [
    [onPath('make'), 'make', 'make'],
    [
      t.llvm ? onPath('clang') && onPath('ld.lld') : onPath('gcc'),
      t.llvm ? 'clang/lld' : 'gcc',
      t.llvm ? 'clang lld llvm' : 'gcc',
    ],
    [onPath('flex'), 'flex', 'flex'],
    [onPath('bison'), 'bison', 'bison'],
    [onPath('bc'), 'bc', 'bc'],
    [onPath('perl'), 'perl', 'perl'],
    [header('gelf.h') || header('libelf.h'), 'libelf headers', 'libelf-dev'],
    [header('openssl/opensslv.h'), 'OpenSSL headers', 'libssl-dev'],
    [onPath('xz'), 'xz', 'xz-utils'],
    [onPath('cpio'), 'cpio', 'cpio'],
    [onPath('rsync'), 'rsync (headers_install)', 'rsync'],
    [!t.ccache || onPath('ccache'), 'ccache', 'ccache'],
  ];
  const missing = need.filter(([ok]) => !ok);
  if (missing.length)
    throw new UsageError(
      `missing build tools: ${missing.map(([, w]) => w).join(', ')}; install them with: apt-get install ${[...new Set(missing.map(([, , p]) => p))].join(' ')}`,
    );
}

/** First line of `gcc --version` / `clang --version`: part of the cache key. */
export function compilerVersion(llvm: boolean): string {
  try {
    return execFileSync(llvm ? 'clang' : 'gcc', ['--version'], { encoding: 'utf8' })
      .split('\n')[0]!
      .trim();
  } catch {
    return 'unknown';
  }
}
