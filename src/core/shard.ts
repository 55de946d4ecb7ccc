// Shards: one plan split over N jobs, and any number of results merged back
// into one. Splitting is deterministic (every job computes the same split on
// its own); with a previous results.json it balances by measured durations,
// greedy longest-first, else it deals tests out in turn.
import { UsageError } from '../cli/args.js';
import { fullName, type Plan, type PlanTest } from './plan.js';
import { finalizeRun } from './verdict.js';
import { SCHEMA_ID, type Finding, type RunResults, type Suite, type Verdict } from './results.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

export function parseShard(raw: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shard: expected I/N such as 1/3, got '${raw}'`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard: I must be between 1 and N (N >= 1), got '${raw}'`);
  return { index, total };
}

/** Durations (ms) of top-level tests by "suite/name", from a previous run. */
export function previousDurations(previous: RunResults): Map<string, number> {
  const d = new Map<string, number>();
  for (const s of previous.suites)
    for (const t of s.tests)
      if (t.durationMs !== null && t.durationMs >= 0) d.set(`${s.name}/${t.name}`, t.durationMs);
  return d;
}

/** Which shard (0-based) each plan test goes to. */
export function assignShards(
  tests: readonly PlanTest[],
  total: number,
  durations?: Map<string, number>,
): number[] {
  const assignment = new Array<number>(tests.length);
  if (!durations || durations.size === 0) {
    tests.forEach((_t, i) => (assignment[i] = i % total));
    return assignment;
  }
  // Tests the previous run did not have count as a typical known test.
  const known = [...durations.values()].sort((a, b) => a - b);
  const typical = known[Math.floor(known.length / 2)] ?? 0;
  const cost = tests.map((t) => durations.get(fullName(t)) ?? typical);
  const order = tests.map((_t, i) => i).sort((a, b) => cost[b]! - cost[a]! || a - b);
  const load = new Array<number>(total).fill(0);
  const size = new Array<number>(total).fill(0);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < total; s++)
      if (load[s]! < load[best]! || (load[s] === load[best] && size[s]! < size[best]!)) best = s;
    assignment[i] = best;
    load[best]! += cost[i]!;
    size[best]! += 1;
  }
  return assignment;
}

/** The I-th shard of a plan: its tests in plan order, renumbered from 1 (ids are positions). */
export function splitPlan<P extends Plan>(plan: P, shard: ShardSpec, previous?: RunResults): P {
  const assignment = assignShards(
    plan.tests,
    shard.total,
    previous ? previousDurations(previous) : undefined,
  );
  const tests = plan.tests
    .filter((_t, i) => assignment[i] === shard.index - 1)
    .map((t, i) => ({ ...t, id: i + 1 }));
  return { ...plan, tests };
}

// "failure" means nothing was tested (verdict.ts): less alarming than failing tests.
const VERDICT_RANK: Record<Verdict, number> = { success: 0, failure: 1, unstable: 2, critical: 3 };

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((w, v) => (VERDICT_RANK[v] > VERDICT_RANK[w] ? v : w), 'success');
}

function mergeSuites(runs: readonly RunResults[]): Suite[] {
  const byName = new Map<string, Suite>();
  for (const r of runs)
    for (const s of r.suites) {
      const seen = byName.get(s.name);
      if (!seen) {
        byName.set(s.name, { ...s, tests: [...s.tests] });
        continue;
      }
      seen.tests.push(...s.tests);
      seen.durationMs =
        seen.durationMs === null && s.durationMs === null
          ? null
          : (seen.durationMs ?? 0) + (s.durationMs ?? 0);
    }
  return [...byName.values()];
}

function mergeFindings(runs: readonly RunResults[]): Finding[] {
  const byPrint = new Map<string, Finding>();
  for (const r of runs)
    for (const f of r.findings) {
      const seen = byPrint.get(f.fingerprint);
      if (seen) seen.count += f.count;
      else byPrint.set(f.fingerprint, { ...f });
    }
  return [...byPrint.values()];
}

/**
 * Several results (shards of one plan, or matrix jobs) as one: suites merged
 * by name, findings with the same fingerprint one finding seen more often,
 * then counts, verdict and conclusion computed over the whole as for a single
 * run (verdict.ts), so a merge reads exactly like an unsharded run.
 */
export function mergeResults(runs: readonly RunResults[]): RunResults {
  if (runs.length === 0) throw new UsageError('nothing to merge: no results given');
  if (runs.length === 1) return runs[0]!;
  const first = runs[0]!;
  const names = [...new Set(runs.map((r) => r.name))];
  const aborted = runs.find((r) => r.abort);
  const base = {
    schema: SCHEMA_ID as typeof SCHEMA_ID,
    name: names.length === 1 ? names[0]! : names.join(' + '),
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    // Shards run side by side: the merged run took as long as the slowest.
    durationMs: Math.max(...runs.map((r) => r.durationMs)),
    suites: mergeSuites(runs),
    findings: mergeFindings(runs),
    ...(aborted?.abort ? { abort: aborted.abort } : {}),
  };
  const merged: RunResults = finalizeRun(base);
  // A run aborted or crashed on its own account stays critical in the merge.
  merged.verdict = worstVerdict([merged.verdict, ...runs.map((r) => r.verdict)]);
  if (first.vm) merged.vm = first.vm;
  if (aborted?.consoleTail) merged.consoleTail = aborted.consoleTail;
  if (first.environment) merged.environment = first.environment;
  if (first.build) merged.build = first.build;
  const repro = [...new Set(runs.map((r) => r.reproduce?.replace(/\s+--shard[= ]\S+/, '')))];
  if (repro.length === 1 && repro[0]) merged.reproduce = repro[0];
  return merged;
}
