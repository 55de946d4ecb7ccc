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
