// The cache-service stand-in keeps the rules GitHub documents for the
// Actions cache, as seen through the real @actions/cache client: a pull
// request reads its own scope then its base branch's, never another
// branch's; it writes only its own; the newest of several prefix matches
// wins; an entry is immutable; the version (paths) must match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import { runtimeToken, startCacheService, type CacheService } from './cache-service.js';

const ws = mkdtempSync(join(tmpdir(), 'kci-cache-svc-'));
const file = join(ws, 'history.json');
let svc: CacheService;
const saved = { ...process.env };

beforeAll(async () => {
  svc = await startCacheService();
  Object.assign(process.env, {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: `${svc.url}/`,
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: join(ws, 'tmp'),
  });
});
afterAll(async () => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  await svc.close();
});

const as = (...grants: [string, number][]) => {
  process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken(
    grants.map(([Scope, Permission]) => ({ Scope, Permission })),
  );
};
const save = async (key: string, content: string) => {
  writeFileSync(file, content);
  return cache.saveCache([file], key);
};
const restore = async (key: string, restoreKeys: string[]) => {
  rmSync(file, { force: true });
  const hit = await cache.restoreCache([file], key, restoreKeys);
  return { hit, content: hit ? readFileSync(file, 'utf8') : undefined };
};

describe('Actions cache stand-in (through @actions/cache)', () => {
  it('keeps scopes, newest-first prefix matches, immutability and versions', async () => {
    as(['refs/heads/main', 3]);
    expect(await save('h-main-1', 'one')).toBeGreaterThan(0);
    expect(await save('h-main-2', 'two')).toBeGreaterThan(0);
    // Immutable: the same key again is refused (the client warns, returns -1).
    expect(await save('h-main-2', 'other')).toBe(-1);
    as(['refs/heads/feature', 3], ['refs/heads/main', 1]);
    expect(await save('h-feature-1', 'feature')).toBeGreaterThan(0);

    // A pull request into main: its base's newest entry.
    as(['refs/pull/7/merge', 3], ['refs/heads/main', 1]);
    expect(await restore('h-main-99', ['h-main-'])).toEqual({ hit: 'h-main-2', content: 'two' });
    // Another branch's caches are not its to read.
    expect(await restore('h-feature-1', ['h-feature-'])).toEqual({ hit: undefined });
    // What it saves lands in its own scope, found first by itself, by nobody on main.
    expect(await save('h-main-7', 'pr')).toBeGreaterThan(0);
    expect(svc.entries.find((e) => e.key === 'h-main-7')!.scope).toBe('refs/pull/7/merge');
    expect(await restore('h-main-99', ['h-main-'])).toEqual({ hit: 'h-main-7', content: 'pr' });
    as(['refs/heads/main', 3]);
    expect(await restore('h-main-99', ['h-main-'])).toEqual({ hit: 'h-main-2', content: 'two' });

    // Another path is another version: no hit.
    rmSync(file, { force: true });
    expect(await cache.restoreCache([join(ws, 'other.json')], 'h-main-2', [])).toBeUndefined();
  }, 60_000);
});
