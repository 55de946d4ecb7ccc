// Which kernel tree a kselftest directory comes from. An installed target
// carries no version of its own: our build writes build.json beside its
// selftests/ (its `release`), and an in-tree target sits under the tree's
// top Makefile (VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION).
import { existsSync, readFileSync, statSync } from 'node:fs';
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

function fromBuildJson(file: string, dir: string): string | null {
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as {
      schema?: unknown;
      release?: unknown;
      selftestsDir?: unknown;
    };
    if (b.schema !== 'kernel-ci/build@1' || typeof b.release !== 'string') return null;
    // only when this dir is the build's selftests (or inside them)
    const sel =
      typeof b.selftestsDir === 'string'
        ? resolve(b.selftestsDir)
        : join(dirname(file), 'selftests');
    const rel = relative(sel, dir);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)) ? b.release : null;
  } catch {
    return null;
  }
}

/** The nearest tree above `dir` that says its version; `{ dir }` alone when none does. */
export function selftestsTree(dir: string): SelftestsTree {
  const abs = resolve(dir);
  for (let d = abs; ; d = dirname(d)) {
    const bj = join(d, 'build.json');
    if (isFile(bj)) {
      const v = fromBuildJson(bj, abs);
      if (v) return { dir: abs, version: v, from: 'build.json' };
    }
    const mk = join(d, 'Makefile');
    if (existsSync(join(d, 'Kbuild')) && isFile(mk)) {
      const v = makefileVersion(readFileSync(mk, 'utf8').slice(0, 4096));
      if (v) return { dir: abs, version: v, from: 'Makefile' };
    }
    if (dirname(d) === d) return { dir: abs };
  }
}
