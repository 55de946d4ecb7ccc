// Runs `kernel-ci` as a user does, in a child process: from the sources
// (through tsx) or from a fresh bundle (what `node dist/cli.js` runs).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freshDist, repoRoot } from './dist.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; bundled?: boolean } = {},
): Promise<CliRun> {
  const t0 = Date.now();
  const entry = opts.bundled
    ? [join(freshDist(), 'cli.js')]
    : ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })),
  );
}
