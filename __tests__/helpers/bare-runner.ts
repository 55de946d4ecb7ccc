// A runner image without the packages an action needs, made from this
// machine in a second: a private mount namespace, an overlay of / with a
// tmpfs on top, the packages purged inside it (the real host keeps them).
// What the action installs there comes from the real Debian/Ubuntu mirror
// and vanishes with the namespace. Directories the test reads back (the
// runner's file-command dir, the results) are bound through.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why a bare runner cannot be made here, or undefined when it can. */
export function bareRunnerUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (mount namespaces, overlayfs)';
  try {
    execFileSync(
      'unshare',
      ['-m', 'sh', '-c', 'mount -t tmpfs t /mnt && grep -qw overlay /proc/filesystems'],
      { stdio: 'ignore' },
    );
    return undefined;
  } catch {
    return 'no mount namespace or overlayfs here';
  }
}

/**
 * The command prefix that runs what follows in a bare runner without
 * `purge` (Debian package names), with `binds` shared with the real host.
 */
export function bareRunner(purge: string[], binds: string[]): string[] {
  const base = mkdtempSync(join(tmpdir(), 'kci-bare-'));
  const m = `${base}/root`;
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    'set -e',
    `mkdir -p ${q(m)} ${q(base)}/layer`,
    `mount -t tmpfs layer ${q(base)}/layer`,
    `mkdir -p ${q(base)}/layer/u ${q(base)}/layer/w`,
    `mount -t overlay overlay -o lowerdir=/,upperdir=${q(base)}/layer/u,workdir=${q(base)}/layer/w ${q(m)}`,
    ...['/proc', '/dev', '/sys'].map((d) => `mount --rbind ${d} ${q(m + d)}`),
    ...binds.map((d) => `mkdir -p ${q(m + d)} && mount --bind ${q(d)} ${q(m + d)}`),
    `chroot ${q(m)} dpkg --purge --force-depends ${purge.map(q).join(' ')} >/dev/null 2>&1`,
    `exec chroot ${q(m)} "$@"`,
  ].join('\n');
  return ['unshare', '-m', '--', 'sh', '-c', script, 'bare-runner'];
}
