// Takes the kernel and its modules out of a Debian linux-image-*.deb, once:
// the package is unpacked with dpkg-deb into a cache dir named after it, so a
// second run starts at once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../core/errors.js';

const exec = promisify(execFile);

export interface DebianKernel {
  kernel: string;
  /** lib/modules/<release> inside the unpacked package. */
  modulesDir: string;
  release: string;
  /** Where the package was unpacked. */
  root: string;
}

export function kernelCacheRoot(): string {
  return process.env.KERNEL_CI_CACHE ?? join(homedir(), '.cache', 'kernel-ci');
}

export function isDebPath(path: string): boolean {
  return path.endsWith('.deb');
}

function assertDeb(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--kernel ${path}: ${code === 'ENOENT' ? 'no such file' : 'not readable'}`,
    );
  }
  const magic = Buffer.alloc(8);
  readSync(fd, magic, 0, 8, 0);
  closeSync(fd);
  if (magic.toString('latin1') !== '!<arch>\n')
    throw new UsageError(`--kernel ${path}: not a Debian package (no ar header)`);
}

function locate(root: string, deb: string): DebianKernel {
  const boot = join(root, 'boot');
  const image = existsSync(boot)
    ? readdirSync(boot).find((f) => f.startsWith('vmlinuz-'))
    : undefined;
  if (!image)
    throw new UsageError(
      `--kernel ${deb}: no boot/vmlinuz-* in the package (not a linux-image package?)`,
    );
  const release = image.slice('vmlinuz-'.length);
  const modulesDir = join(root, 'lib', 'modules', release);
  if (!existsSync(modulesDir))
    throw new UsageError(`--kernel ${deb}: no lib/modules/${release} in the package`);
  return { kernel: join(boot, image), modulesDir, release, root };
}

function findDepmod(): string {
  return ['/usr/sbin/depmod', '/sbin/depmod'].find((p) => existsSync(p)) ?? 'depmod';
}

export async function extractDebianKernel(
  deb: string,
  cacheRoot = kernelCacheRoot(),
): Promise<DebianKernel> {
  assertDeb(deb);
  const root = join(cacheRoot, 'debian', basename(deb, '.deb'));
  if (existsSync(join(root, '.complete'))) return locate(root, deb);
  mkdirSync(join(cacheRoot, 'debian'), { recursive: true });
  // Unpack beside the final dir and rename, so a run killed mid-way never
  // leaves a half-unpacked kernel that looks complete.
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await exec('dpkg-deb', ['-x', deb, tmp]);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(
      `--kernel ${deb}: dpkg-deb -x failed: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const found = locate(tmp, deb);
  // modules.dep is made by depmod at install time, not shipped in the package.
  if (!existsSync(join(found.modulesDir, 'modules.dep'))) {
    try {
      await exec(findDepmod(), ['-b', tmp, found.release]);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw new UsageError(
        `--kernel ${deb}: depmod failed: ${(err as Error).message.split('\n')[0]}`,
      );
    }
  }
  mkdirSync(join(tmp, '.complete'));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return {
    ...found,
    kernel: found.kernel.replace(tmp, root),
    modulesDir: found.modulesDir.replace(tmp, root),
    root,
  };
}

/**
 * A lib/modules/<release> dir with its modules.dep. An unpacked linux-image
 * package has none (depmod writes it at install): depmod then runs on a copy
 * in the cache (hard links where the file system allows, so no module is
 * copied), never in the user's dir. The copy is keyed by the dir and its
 * mtime, and made beside its final place and renamed, like the packages.
 */
export async function modulesWithDep(
  dir: string,
  release: string,
  cacheRoot = kernelCacheRoot(),
): Promise<string> {
  if (existsSync(join(dir, 'modules.dep'))) return dir;
  const key = createHash('sha256')
    .update(`${resolve(dir)}\0${statSync(dir).mtimeMs}\0${release}`)
    .digest('hex')
    .slice(0, 16);
  const root = join(cacheRoot, 'depmod', key);
  const target = join(root, 'lib', 'modules', release);
  if (existsSync(join(root, '.complete'))) return target;
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'lib', 'modules'), { recursive: true });
  const staged = join(tmp, 'lib', 'modules', release);
  try {
    try {
      await exec('cp', ['-al', dir, staged]);
    } catch {
      rmSync(staged, { recursive: true, force: true });
      await exec('cp', ['-a', dir, staged]);
    }
    await exec(findDepmod(), ['-b', tmp, release]);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UsageError(
      `--modules ${dir}: no modules.dep, and depmod on a copy failed: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  mkdirSync(join(tmp, '.complete'));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return target;
}
