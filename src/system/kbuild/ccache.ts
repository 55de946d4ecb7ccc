// ccache for one build. The hit rate comes from a stats log private to this
// build (CCACHE_STATSLOG), not from `ccache -z`/`-s`: the cache dir is shared
// with other builds running at the same time, whose counters would mix in.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';

export const defaultCcacheDir = () =>
  join(process.env.KERNEL_CI_CACHE ?? join(homedir(), '.cache', 'kernel-ci'), 'ccache');

export function checkSize(size: string): string {
  if (!/^\d+(\.\d+)?\s*(k|M|G|T|Ki|Mi|Gi|Ti)?B?$/i.test(size.trim()))
    throw new UsageError(`--ccache-max-size: expected a size such as 500M or 2G, got '${size}'`);
  return size.trim();
}

export interface CcacheSetup {
  dir: string;
  statsLog: string;
  env: NodeJS.ProcessEnv;
}

export function ccacheEnv(dir: string, maxSize: string, statsLog: string): CcacheSetup {
  mkdirSync(dir, { recursive: true });
  rmSync(statsLog, { force: true });
  return {
    dir,
    statsLog,
    env: {
      CCACHE_DIR: dir,
      CCACHE_MAXSIZE: maxSize,
      CCACHE_STATSLOG: statsLog,
      // Kernel objects built with -g would otherwise hash the O= dir path:
      // a fresh checkout elsewhere must still hit.
      CCACHE_NOHASHDIR: '1',
      // Kbuild regenerates headers with new mtimes on every fresh O= dir.
      CCACHE_SLOPPINESS: 'time_macros,include_file_mtime,include_file_ctime',
    },
  };
}

export interface CcacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); undefined when nothing was cacheable. */
  hitRate?: number;
}

/**
 * Counts of a CCACHE_STATSLOG file (`# <input file>` then one counter a
 * line). Kbuild's compiler probes (`-x c /dev/null`, stdin) are left out:
 * there are hundreds and they would make any build look warm.
 */
export function parseStatsLog(text: string): CcacheStats {
  let hits = 0;
  let misses = 0;
  let probe = false;
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (line.startsWith('#')) {
      const file = line.slice(1).trim();
      probe = file === '' || file === '-' || file === '/dev/null';
    } else if (probe) continue;
    else if (l === 'direct_cache_hit' || l === 'preprocessed_cache_hit') hits++;
    else if (l === 'cache_miss') misses++;
  }
  const total = hits + misses;
  return { hits, misses, ...(total ? { hitRate: hits / total } : {}) };
}

export function readStats(setup: CcacheSetup): CcacheStats {
  return existsSync(setup.statsLog)
    ? parseStatsLog(readFileSync(setup.statsLog, 'utf8'))
    : { hits: 0, misses: 0 };
}

/** Enforces the size bound now (before the dir is saved to the Actions cache). */
export function trim(setup: CcacheSetup): void {
  try {
    execFileSync('ccache', ['--cleanup'], {
      env: { ...process.env, ...setup.env },
      stdio: 'ignore',
    });
  } catch {
    // an untrimmed cache is still a cache
  }
}

// Object counts of earlier builds, by config hash: the progress estimate.
// Kept in the ccache dir so it travels with the Actions cache.
const countsFile = (dir: string) => join(dir, 'kernel-ci-objects.json');

export function previousObjectCount(dir: string, configHash: string): number | undefined {
  try {
    const all = JSON.parse(readFileSync(countsFile(dir), 'utf8')) as Record<string, number>;
    return typeof all[configHash] === 'number' ? all[configHash] : undefined;
  } catch {
    return undefined;
  }
}

export function recordObjectCount(dir: string, configHash: string, count: number): void {
  let all: Record<string, number> = {};
  try {
    all = JSON.parse(readFileSync(countsFile(dir), 'utf8')) as Record<string, number>;
  } catch {
    // first one
  }
  delete all[configHash];
  all[configHash] = count;
  const recent = Object.fromEntries(Object.entries(all).slice(-20));
  writeFileSync(countsFile(dir), JSON.stringify(recent));
}
