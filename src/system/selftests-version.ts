// Which kernel tree a kselftest directory comes from. An installed target
// carries no version of its own: our build writes build.json beside its
// selftests/ (its `release`), a kernel bundle kernel-ci-bundle.json at its
// root, and an in-tree target sits under the tree's top Makefile (VERSION,
// PATCHLEVEL, SUBLEVEL, EXTRAVERSION).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { SelftestsTree } from '../core/results.js';

/** "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =" → "6.12.117"; null when not a kernel Makefile. */
export function makefileVersion(text: string): string | null {
  const get = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\S*)\\s*$`, 'm').exec(text)?.[1];
  const [v, p, s, e] = ['VERSION', 'PATCHLEVEL', 'SUBLEVEL', 'EXTRAVERSION'].map(get);
  if (!v || !/^\d+$/.test(v) || p === undefined || !/^\d+$/.test(p)) return null;
  return `${v}.${p}${s ? `.${s}` : ''}${e ?? ''}`;
}

const isFile = (f: string): boolean => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
};

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** build.json (a build's out dir) or kernel-ci-bundle.json (an unpacked bundle): the release, if `dir` is its selftests. */
function fromManifest(file: string, dir: string): string | null {
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as {
      schema?: unknown;
      release?: unknown;
      selftestsDir?: unknown;
      files?: { selftests?: unknown };
    };
    if (typeof b.release !== 'string') return null;
    let sel: string;
    if (b.schema === 'kernel-ci/build@1')
      sel =
        typeof b.selftestsDir === 'string'
          ? resolve(b.selftestsDir)
          : join(dirname(file), 'selftests');
    else if (b.schema === 'kernel-ci/bundle@1' && typeof b.files?.selftests === 'string')
      sel = resolve(dirname(file), b.files.selftests);
    else return null;
    // Through real paths: the dir is often reached through a link (a
    // workspace's out dir linked to a cache, /home on another mount).
    const rel = relative(real(sel), real(dir));
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)) ? b.release : null;
  } catch {
    return null;
  }
}

/** The nearest tree above `dir` that says its version; `{ dir }` alone when none does. */
export function selftestsTree(dir: string): SelftestsTree {
  const abs = resolve(dir);
  for (let d = abs; ; d = dirname(d)) {
    for (const [name, from] of [
      ['build.json', 'build.json'],
      ['kernel-ci-bundle.json', 'bundle'],
    ] as const) {
      const f = join(d, name);
      const v = isFile(f) ? fromManifest(f, abs) : null;
      if (v) return { dir: abs, version: v, from };
    }
    const mk = join(d, 'Makefile');
    if (existsSync(join(d, 'Kbuild')) && isFile(mk)) {
      const v = makefileVersion(readFileSync(mk, 'utf8').slice(0, 4096));
      if (v) return { dir: abs, version: v, from: 'Makefile' };
    }
    if (dirname(d) === d) return { dir: abs };
  }
}
