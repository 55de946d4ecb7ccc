// Shards: one plan split over N jobs, and any number of results merged back
// into one. Splitting is deterministic (every job computes the same split on
// its own); with a previous results.json it balances by measured durations,
// greedy longest-first, else it deals tests out in turn.
import { UsageError } from './errors.js';
import { fullName, type Plan, type PlanTest } from './plan/plan.js';
import { finalizeRun } from './verdict.js';
import {
  SCHEMA_ID,
  type Finding,
  type MergedRun,
  type MissingResult,
  type RunResults,
  type Suite,
  type TestResult,
  type Verdict,
} from './results.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

/**
 * GitHub runs at most 256 jobs of a matrix: more shards cannot be a real
 * split, and a results file saying so must not make a report list millions
 * of missing shards. The schema has the same maximum.
 */
export const MAX_SHARDS = 256;

export function parseShard(raw: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shard: expected I/N such as 1/3, got '${raw}'`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard: I must be between 1 and N (N >= 1), got '${raw}'`);
  if (total > MAX_SHARDS)
    throw new UsageError(
      `--shard: at most ${MAX_SHARDS} shards (a matrix's job limit), got '${raw}'`,
    );
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

/** How a run is named in a merge: "name" or "name shard I/N". */
export function runLabel(r: Pick<RunResults, 'name' | 'shard'>): string {
  return r.shard ? `${r.name} shard ${r.shard.index}/${r.shard.total}` : r.name;
}

// A merged run's tests say where they ran; a run merged again keeps its own labels.
const labelled = (tests: TestResult[], label: string | undefined): TestResult[] =>
  label === undefined ? [...tests] : tests.map((t) => (t.run ? t : { ...t, run: label }));

function mergeSuites(runs: readonly RunResults[], label: boolean): Suite[] {
  const byName = new Map<string, Suite>();
  for (const r of runs)
    for (const s of r.suites) {
      const seen = byName.get(s.name);
      const tests = labelled(s.tests, label ? runLabel(r) : undefined);
      if (!seen) {
        byName.set(s.name, { ...s, tests });
        continue;
      }
      seen.tests.push(...tests);
      seen.durationMs =
        seen.durationMs === null && s.durationMs === null
          ? null
          : (seen.durationMs ?? 0) + (s.durationMs ?? 0);
    }
  return [...byName.values()];
}

function mergeFindings(runs: readonly RunResults[], label: boolean): Finding[] {
  const byPrint = new Map<string, Finding>();
  for (const r of runs)
    for (const f of r.findings) {
      const from = label ? (f.runs ?? [runLabel(r)]) : (f.runs ?? []);
      const seen = byPrint.get(f.fingerprint);
      if (seen) {
        seen.count += f.count;
        seen.runs = [...new Set([...(seen.runs ?? []), ...from])];
      } else byPrint.set(f.fingerprint, { ...f, ...(from.length > 0 ? { runs: from } : {}) });
    }
  return [...byPrint.values()];
}

/**
 * Several results (shards of one plan, or matrix jobs) as one: suites merged
 * by name, findings with the same fingerprint one finding seen more often,
 * then counts, verdict and conclusion computed over the whole as for a single
 * run (verdict.ts), so a merge reads exactly like an unsharded run. Each
 * top-level test says which run it came from (`run`), each finding which
 * runs saw it (`runs`).
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
    suites: mergeSuites(runs, true),
    findings: mergeFindings(runs, true),
    ...(aborted?.abort ? { abort: aborted.abort } : {}),
  };
  const merged: RunResults = finalizeRun(base);
  // A run aborted or crashed on its own account stays critical in the merge.
  merged.verdict = worstVerdict([merged.verdict, ...runs.map((r) => r.verdict)]);
  if (first.vm) merged.vm = first.vm;
  if (aborted?.consoleTail) merged.consoleTail = aborted.consoleTail;
  if (first.environment) merged.environment = first.environment;
  // every run's selftests trees, once each (matrix jobs may pair different ones)
  const trees = new Map(
    runs.flatMap((r) => r.selftests ?? []).map((t) => [`${t.dir} ${t.version}`, t]),
  );
  if (trees.size > 0) merged.selftests = [...trees.values()];
  if (first.build) merged.build = first.build;
  const repro = [...new Set(runs.map((r) => r.reproduce?.replace(/\s+--shard[= ]\S+/, '')))];
  if (repro.length === 1 && repro[0]) merged.reproduce = repro[0];
  return merged;
}

/**
 * The run a shard belongs to. Shards of one run share its name; a matrix that
 * names each job after its shard ("mptcp-debug-2" for shard 2) still forms
 * one run, "mptcp-debug", so a shard that never reported is found.
 */
export function shardGroup(r: Pick<RunResults, 'name' | 'shard'>): string {
  if (!r.shard) return r.name;
  const m = new RegExp(
    // Not after a dot: "mptcp-6.1" is a version, not shard 1 of "mptcp-6".
    `^(.+?)[-_ ]+${r.shard.index}(?:(?:[-_. ]*(?:of|/)[-_. ]*)${r.shard.total})?$`,
  ).exec(r.name);
  return m ? m[1]! : r.name;
}

/** A run the report must have (`--expect NAME[=SHARDS]`): a matrix job that never uploaded leaves no trace otherwise. */
export interface ExpectedRun {
  name: string;
  shards?: number;
}

export function parseExpect(raw: string): ExpectedRun {
  const m = /^(.+?)(?:=(\d+))?$/.exec(raw.trim());
  const shards = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m || m[1]!.trim() === '' || shards === 0 || (shards !== undefined && shards > MAX_SHARDS))
    throw new UsageError(
      `--expect: expected NAME or NAME=SHARDS (1 <= SHARDS <= ${MAX_SHARDS}), got '${raw}'`,
    );
  return { name: m[1]!.trim(), ...(shards !== undefined ? { shards } : {}) };
}

/**
 * Shards whose run is present (its other shards are) but which are not, and
 * expected runs (or their shards) that are absent.
 */
export function missingShards(
  runs: readonly Pick<RunResults, 'name' | 'shard'>[],
  expected: readonly ExpectedRun[] = [],
): MissingResult[] {
  const groups = new Map<string, { total: number; seen: Set<number> }>();
  const group = (key: string) => {
    const g = groups.get(key) ?? { total: 0, seen: new Set<number>() };
    groups.set(key, g);
    return g;
  };
  const present = new Set(runs.map((r) => shardGroup(r)));
  for (const r of runs) {
    if (!r.shard) continue;
    const g = group(shardGroup(r));
    g.total = Math.max(g.total, r.shard.total);
    g.seen.add(r.shard.index);
  }
  const missing: MissingResult[] = [];
  for (const e of expected) {
    if (e.shards !== undefined) {
      const g = group(e.name);
      g.total = Math.max(g.total, e.shards);
    } else if (!present.has(e.name))
      missing.push({ kind: 'run', name: e.name, reason: 'expected (--expect), no results' });
  }
  for (const [name, g] of groups)
    for (let index = 1; index <= g.total; index++)
      if (!g.seen.has(index))
        missing.push({
          kind: 'shard',
          name,
          shard: { index, total: g.total },
          reason: `no results for shard ${index} of ${g.total} (${g.seen.size} of ${g.total} shards reported)`,
        });
  return missing;
}

/** How a missing result is named everywhere (summary, terminal, conclusion). */
export function missingLabel(m: MissingResult): string {
  if (m.kind === 'shard' && m.shard) return `${m.name} shard ${m.shard.index}/${m.shard.total}`;
  if (m.kind === 'run') return m.name;
  return m.kind === 'unmatched' ? `${m.name} (matched nothing)` : `${m.name} (unreadable)`;
}

export interface ReportInput {
  results: RunResults;
  /** The file it was read from. */
  source?: string;
}

/**
 * What `kernel-ci report` shows: the runs merged (mergeResults), the shards
 * they say should be there and are not, and the inputs that gave nothing.
 * Anything missing makes the verdict at least "failure" (part of the plan
 * was not tested) and is named in the conclusion; worse verdicts stay.
 * With no results at all, the report is a failure naming what was looked for.
 */
export function mergeReport(
  inputs: readonly ReportInput[],
  problems: readonly MissingResult[] = [],
  now = new Date(),
  expected: readonly ExpectedRun[] = [],
): RunResults {
  const runs = inputs.map((i) => i.results);
  const missing = [...missingShards(runs, expected), ...problems];
  const only = runs.length === 1 ? runs[0]! : undefined;
  const merged: RunResults = only
    ? {
        ...only,
        suites: only.suites.map((s) => ({ ...s, tests: labelled(s.tests, runLabel(only)) })),
        findings: mergeFindings([only], true),
      }
    : runs.length > 1
      ? mergeResults(runs)
      : finalizeRun({
          schema: SCHEMA_ID as typeof SCHEMA_ID,
          name: 'report',
          startedAt: now.toISOString(),
          durationMs: 0,
          suites: [],
          findings: [],
        });
  if (only && missing.length === 0) return only;
  const mergedRuns: MergedRun[] = inputs.map(({ results: r, source }) => ({
    label: runLabel(r),
    name: r.name,
    ...(r.shard ? { shard: r.shard } : {}),
    verdict: r.verdict,
    counts: r.counts,
    ...(source !== undefined ? { source } : {}),
  }));
  const out: RunResults = { ...merged, merge: { runs: mergedRuns, missing } };
  if (missing.length === 0) return out;
  const list = missing.map(missingLabel);
  const what = `${missing.length} missing result(s): ${list.length > 10 ? `${list.slice(0, 10).join(', ')}, ...` : list.join(', ')}`;
  if (runs.length === 0) out.conclusion = `${out.name}: Failure: no results: ${what} ❌`;
  else if (out.verdict === 'success') out.conclusion = `${out.name}: Failure: ${what} ❌`;
  else out.conclusion = `${out.conclusion} - Failure: ${what}`;
  out.verdict = worstVerdict([out.verdict, 'failure']);
  return out;
}
