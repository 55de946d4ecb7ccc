// `--shard I/N [--shard-durations RESULTS.json]` applied to a built plan: the
// run keeps only its share, balanced by a previous run's durations when given.
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { Plan } from '../core/plan/plan.js';
import { resultsProblem } from '../core/results-check.js';
import type { RunResults } from '../core/results.js';
import { parseShard, splitPlan, type ShardSpec } from '../core/shard.js';

function previousRun(path: string): RunResults {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      `--shard-durations: ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code ? `cannot read (${e.code})` : `not valid JSON (${e.message})`}`,
    );
  }
  const problem = resultsProblem(json);
  if (problem)
    throw new UsageError(`--shard-durations: ${path}: not a kernel-ci results file: ${problem}`);
  return json as RunResults;
}

export function shardFromFlags<P extends Plan>(
  plan: P,
  flags: { shard?: string; 'shard-durations'?: string },
): { plan: P; shard?: ShardSpec } {
  const raw = flags.shard;
  const durations = flags['shard-durations'];
  if (!raw) {
    if (durations) throw new UsageError('--shard-durations needs --shard I/N');
    return { plan };
  }
  const shard = parseShard(raw);
  const previous = durations ? previousRun(durations) : undefined;
  return { plan: splitPlan(plan, shard, previous), shard };
}
