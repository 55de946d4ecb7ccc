// A fresh bundle of the action entries for tests, built once per test run
// into a temp dir (the committed dist/ is checked separately).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

let built: string | undefined;

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export function freshDist(): string {
  if (!built) {
    built = join(mkdtempSync(join(tmpdir(), 'kci-dist-')), 'dist');
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), built, freshMetafile()], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  return built;
}

/** esbuild's metafile of freshDist()'s build (beside it, not in it). */
export function freshMetafile(): string {
  return built ? join(dirname(built), 'meta.json') : join(tmpdir(), 'kci-unbuilt-meta.json');
}
