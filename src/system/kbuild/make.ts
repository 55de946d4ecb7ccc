// Runs make with every output line going to the raw log, and through the
// caller's line handler (progress, compiler diagnostics). The child and its
// own children die with us: make is started in its own process group.
import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { LineSplitter } from '../../core/console-lines.js';

export interface MakeRun {
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Appended to (the whole build shares one log). */
  log: WriteStream;
  onLine?: (line: string) => void;
}

export interface MakeResult {
  code: number;
  /** The last lines, to say why it failed without opening the log. */
  tail: string[];
}

const live = new Set<number>();
let hooked = false;
function killAllOnExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const pid of live) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
}

export function openLog(path: string): WriteStream {
  return createWriteStream(path, { flags: 'a' });
}

export async function runLogged(cmd: string, run: MakeRun): Promise<MakeResult> {
  killAllOnExit();
  run.log.write(`$ ${cmd} ${run.args.join(' ')}\n`);
  const child = spawn(cmd, run.args, {
    cwd: run.cwd,
    env: run.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid) live.add(child.pid);
  const tail: string[] = [];
  const handle = (lines: string[]) => {
    for (const l of lines) {
      run.log.write(`${l}\n`);
      tail.push(l);
      if (tail.length > 30) tail.shift();
      run.onLine?.(l);
    }
  };
  // Separate splitters: stdout and stderr interleave at line granularity.
  const out = new LineSplitter();
  const err = new LineSplitter();
  child.stdout.on('data', (b: Buffer) => handle(out.push(b)));
  child.stderr.on('data', (b: Buffer) => handle(err.push(b)));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  if (child.pid) live.delete(child.pid);
  handle(out.end());
  handle(err.end());
  return { code, tail };
}
