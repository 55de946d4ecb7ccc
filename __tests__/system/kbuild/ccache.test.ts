import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSize,
  parseStatsLog,
  previousObjectCount,
  recordObjectCount,
} from '../../../src/system/kbuild/ccache.js';

describe('ccache stats of one build', () => {
  it('counts real sources only, not Kbuild’s /dev/null compiler probes (real stats log)', () => {
    const log = readFileSync(
      join(import.meta.dirname, '..', '..', 'fixtures', 'build', 'ccache-stats.log'),
      'utf8',
    );
    // The probes hit (they never change); the first 11 kernel sources missed.
    expect(log.match(/^direct_cache_hit$/gm)?.length).toBe(6);
    expect(parseStatsLog(log)).toEqual({ hits: 0, misses: 11, hitRate: 0 });
  });

  it('computes the rate over hits and misses, none when nothing was cacheable', () => {
    const log = [
      '# /src/a.c',
      'direct_cache_hit',
      'local_storage_hit',
      '# /src/b.c',
      'preprocessed_cache_hit',
      '# /src/c.c',
      'cache_miss',
      'direct_cache_miss',
      '# /src/d.S',
      'direct_cache_hit',
    ].join('\n');
    expect(parseStatsLog(log)).toEqual({ hits: 3, misses: 1, hitRate: 0.75 });
    expect(parseStatsLog('')).toEqual({ hits: 0, misses: 0 });
  });

  it('remembers object counts per config for the progress estimate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-ccache-'));
    expect(previousObjectCount(dir, 'abc')).toBeUndefined();
    recordObjectCount(dir, 'abc', 1234);
    recordObjectCount(dir, 'def', 99);
    expect(previousObjectCount(dir, 'abc')).toBe(1234);
    expect(previousObjectCount(dir, 'def')).toBe(99);
  });

  it('accepts ccache size syntax only', () => {
    expect(checkSize('2G')).toBe('2G');
    expect(checkSize('500M')).toBe('500M');
    expect(() => checkSize('lots')).toThrow(/expected a size such as 500M or 2G/);
  });
});
