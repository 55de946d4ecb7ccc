// Debian's prebuilt kernel (linux-image-amd64's current 6.1 flavour), for
// `kernel-ci all --prebuilt`: downloaded once with apt into the cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { cacheRoot, compareDebVersions } from './debian-source.js';

const IMAGE = /^linux-image-6\.1\.\d+-\d+-amd64(-unsigned)?_.*_amd64\.deb$/;

export function debianKernelPackage(log: (m: string) => void, root = cacheRoot()): string {
  const dir = join(root, 'debs');
  mkdirSync(dir, { recursive: true });
  const cached = () =>
    readdirSync(dir)
      .filter((f) => IMAGE.test(f))
      .sort(compareDebVersions)
      .at(-1);
  let deb = cached();
  if (!deb) {
    const depends = () =>
      execFileSync('apt-cache', ['depends', 'linux-image-amd64'], { encoding: 'utf8' })
        .split('\n')
        .map((l) => /Depends: (linux-image-6\.1\S*)/.exec(l)?.[1])
        .find(Boolean);
    let pkg: string | undefined;
    try {
      pkg = depends();
      if (!pkg) {
        execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
        pkg = depends();
      }
    } catch {
      pkg = undefined;
    }
    if (!pkg || !existsSync('/usr/bin/apt-get'))
      throw new UsageError(
        "--prebuilt needs Debian's apt and its linux-image-amd64 package (use --kernel FILE elsewhere)",
      );
    log(`downloading ${pkg}`);
    execFileSync('apt-get', ['download', pkg], { cwd: dir, stdio: 'ignore' });
    deb = cached();
  }
  if (!deb) throw new UsageError(`no Debian 6.1 kernel package in ${dir} after apt-get download`);
  return join(dir, deb);
}
