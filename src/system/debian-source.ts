// The embedded default kernel tree: Debian's linux-source-<ver> package,
// downloaded once into ~/.cache/kernel-ci/debs and unpacked once into
// ~/.cache/kernel-ci/src/linux-source-<ver>. The unpack goes to a temp dir
// renamed into place, so an interrupted one never looks finished.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SOURCE_VERSIONS = ['6.12', '6.1'] as const;
export type SourceVersion = (typeof SOURCE_VERSIONS)[number];

export const cacheRoot = () =>
  process.env.KERNEL_CI_CACHE ?? join(homedir(), '.cache', 'kernel-ci');

// Where Debian keeps each series when the machine's apt does not know it
// (e.g. an Ubuntu runner): 6.12 is bookworm-security's linux-6.12 source
// package, 6.1 is bookworm's own linux.
const POOLS: Record<string, string[]> = {
  '6.12': ['https://deb.debian.org/debian-security/pool/updates/main/l/linux-6.12/'],
  '6.1': [
    'https://deb.debian.org/debian-security/pool/updates/main/l/linux/',
    'https://deb.debian.org/debian/pool/main/l/linux/',
  ],
};

export interface DebianSource {
  dir: string;
  /** How it was obtained this time: reused, unpacked from a cached .deb, downloaded. */
  how: 'reused' | 'unpacked' | 'downloaded';
}

const isTree = (dir: string) =>
  existsSync(join(dir, 'Makefile')) && existsSync(join(dir, 'Kconfig'));

export function findDeb(debs: string, ver: string): string | undefined {
  if (!existsSync(debs)) return undefined;
  const re = new RegExp(`^linux-source-${ver.replace('.', '\\.')}_.*_all\\.deb$`);
  return readdirSync(debs)
    .filter((f) => re.test(f))
    .sort(compareDebVersions)
    .at(-1);
}

export async function debianSource(
  ver: SourceVersion,
  log: (m: string) => void = () => undefined,
  root = cacheRoot(),
): Promise<DebianSource> {
  const dir = join(root, 'src', `linux-source-${ver}`);
  if (isTree(dir)) return { dir, how: 'reused' };
  const debs = join(root, 'debs');
  mkdirSync(debs, { recursive: true });
  let deb = findDeb(debs, ver);
  let how: DebianSource['how'] = 'unpacked';
  if (!deb) {
    how = 'downloaded';
    log(`downloading Debian's linux-source-${ver} into ${debs}`);
    if (!aptDownload(`linux-source-${ver}`, debs)) await poolDownload(ver, debs, log);
    deb = findDeb(debs, ver);
    if (!deb) throw new Error(`linux-source-${ver}: download produced no package in ${debs}`);
  }
  log(`unpacking ${deb} into ${dir} (once)`);
  mkdirSync(join(root, 'src'), { recursive: true });
  const tmp = mkdtempSync(join(root, 'src', `.unpack-${ver}-`));
  try {
    // The package holds one tarball: usr/src/linux-source-<ver>.tar.xz.
    execFileSync(
      'sh',
      [
        '-c',
        'dpkg-deb --fsys-tarfile "$1" | tar -xO "./usr/src/linux-source-$2.tar.xz" | tar -xJ -C "$3"',
        'sh',
        join(debs, deb),
        ver,
        tmp,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const top = join(tmp, `linux-source-${ver}`);
    if (!isTree(top)) throw new Error(`${deb} did not contain linux-source-${ver}/`);
    writeFileSync(join(top, '.kernel-ci-from'), `${deb}\n`);
    try {
      renameSync(top, dir);
    } catch (err) {
      // Another process unpacked it at the same time: theirs is as good.
      if (!isTree(dir)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, how };
}

function aptDownload(pkg: string, cwd: string): boolean {
  const tryIt = () => {
    try {
      execFileSync('apt-get', ['download', pkg], { cwd, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (tryIt()) return true;
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  } catch {
    // not root or no apt: the pool fallback may still work
  }
  return tryIt();
}

/** Newest linux-source-<ver>_*.deb listed in Debian's pools, fetched over HTTPS. */
async function poolDownload(ver: string, debs: string, log: (m: string) => void) {
  const re = new RegExp(`href="(linux-source-${ver.replace('.', '\\.')}_[^"]+_all\\.deb)"`, 'g');
  for (const pool of POOLS[ver] ?? []) {
    let html: string;
    try {
      const res = await fetch(pool);
      if (!res.ok) continue;
      html = await res.text();
    } catch {
      continue;
    }
    const names = [...html.matchAll(re)].map((m) => decodeURIComponent(m[1]!));
    const newest = names.sort(compareDebVersions).at(-1);
    if (!newest) continue;
    log(`apt has no linux-source-${ver}: fetching ${pool}${newest}`);
    const res = await fetch(pool + encodeURIComponent(newest));
    if (!res.ok) continue;
    writeFileSync(join(debs, newest), Buffer.from(await res.arrayBuffer()));
    return;
  }
  throw new Error(
    `linux-source-${ver} is neither in apt's lists nor reachable in Debian's pools; pass --source DIR`,
  );
}

// dpkg's order of characters in the non-digit parts of a version: "~"
// before everything, even the end of the string; letters before the other
// characters (lib/dpkg/version.c, order()).
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/\d/.test(b[j]!) ? b[j] : undefined;
      const d = order(ac) - order(bc);
      if (d !== 0) return Math.sign(d);
      if (ac !== undefined) i++;
      if (bc !== undefined) j++;
    }
    let an = '';
    let bn = '';
    while (i < a.length && /\d/.test(a[i]!)) an += a[i++];
    while (j < b.length && /\d/.test(b[j]!)) bn += b[j++];
    an = an.replace(/^0+/, '');
    bn = bn.replace(/^0+/, '');
    if (an.length !== bn.length) return an.length < bn.length ? -1 : 1;
    if (an !== bn) return an < bn ? -1 : 1;
  }
  return 0;
}

/** Debian versions ([epoch:]upstream[-revision]) compared with dpkg's rules. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const e = /^(\d+):/.exec(v);
    const rest = e ? v.slice(e[0].length) : v;
    const dash = rest.lastIndexOf('-');
    return {
      epoch: e ? Number(e[1]) : 0,
      upstream: dash < 0 ? rest : rest.slice(0, dash),
      revision: dash < 0 ? '' : rest.slice(dash + 1),
    };
  };
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

/**
 * Order of package files (NAME_VERSION_ARCH.deb): by name (its ABI number
 * compared as a number, linux-image-6.1.0-9 < -50), then by version with
 * dpkg's rules (6.12.57-1~deb12u1 < 6.12.57-1 < 6.12.117-1). Anything else
 * is compared as a version.
 */
export function compareDebVersions(a: string, b: string): number {
  const file = /^([^_/]+)_([^_/]+)_([^_/]+)\.deb$/;
  const x = file.exec(a);
  const y = file.exec(b);
  if (!x || !y) return compareVersions(a, b);
  return (
    verrevcmp(x[1]!, y[1]!) ||
    compareVersions(x[2]!, y[2]!) ||
    (x[3]! < y[3]! ? -1 : x[3]! > y[3]! ? 1 : 0)
  );
}
