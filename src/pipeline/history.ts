// The history step of `kernel-ci report`: restore the branch's history
// (Actions cache; the file itself on a terminal), judge this report's
// failures against it, then record this run and save a new cache entry.
//
// In Actions the file travels through @actions/cache (host.restoreCache /
// saveCache): runs on the default branch save an entry keyed by branch and
// run; a pull request restores the newest entry of its base branch (GitHub
// lets a pull request read its base branch's caches), so no token is needed
// and forks work. Cache entries are immutable, hence one key per run.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ReportOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';

/** The report options the history step reads. */
export type HistoryFlags = Partial<
  Pick<
    ReportOptions,
    | 'history'
    | 'history-runs'
    | 'history-max-bytes'
    | 'history-save'
    | 'history-run'
    | 'history-branch'
    | 'fail-on'
    | 'github-event'
  >
>;
import {
  classify,
  DEFAULT_HISTORY_BYTES,
  DEFAULT_HISTORY_RUNS,
  emptyHistory,
  mergeRun,
  parseHistory,
  serializeHistory,
  type FailOn,
  type History,
  type HistoryRun,
} from '../core/history.js';
import type { RunResults } from '../core/results.js';
import type { HistoryReport } from '../core/summary/history.js';
import { writeFresh } from '../system/safe-write.js';
import { ciContext, isPullRequest, type CiContext } from './ci-context.js';
import type { Host } from './host.js';

const KEY_PREFIX = 'kernel-ci-history-v1';

/** Cache keys: one entry per run of a branch; restore takes the branch's newest. */
export function historyCacheKeys(
  branch: string,
  runId: string,
  attempt = '1',
): { key: string; restoreKeys: string[] } {
  // Keys may not hold commas (@actions/cache); 512 characters at most.
  const b = branch.replace(/,/g, '_').slice(0, 300);
  return { key: `${KEY_PREFIX}-${b}-${runId}-${attempt}`, restoreKeys: [`${KEY_PREFIX}-${b}-`] };
}

export interface HistoryStep {
  report: HistoryReport;
  failOn: FailOn;
  /** Records this run and saves the history, when this run is one to remember. */
  record(): Promise<void>;
}

/** fail-on auto: `new` for pull requests (known failures do not block a change), else `any`. */
export function resolveFailOn(flag: unknown, ctx: CiContext): FailOn {
  if (flag === 'new' || flag === 'any') return flag;
  return isPullRequest(ctx) ? 'new' : 'any';
}

function shouldSave(mode: unknown, host: Host, ctx: CiContext): boolean {
  if (mode === 'always') return true;
  if (mode === 'never' || isPullRequest(ctx)) return false;
  // A local history file is the maintainer's own: always kept up to date.
  if (host.kind === 'terminal') return true;
  return !ctx.defaultBranch || ctx.branch === ctx.defaultBranch;
}

function runMeta(
  flags: HistoryFlags,
  merged: RunResults,
  parts: RunResults[],
  ctx: CiContext,
): HistoryRun {
  const kernels = [
    ...new Set(parts.map((p) => p.vm?.kernelRelease).filter((k): k is string => !!k)),
  ];
  const starts = parts.map((p) => p.startedAt).sort();
  return {
    id: flags['history-run'] ?? ctx.runId ?? merged.startedAt,
    at: starts[0] ?? merged.startedAt,
    ...(ctx.sha ? { commit: ctx.sha } : {}),
    ...(kernels.length > 0 ? { kernel: kernels.join(',') } : {}),
  };
}

export async function historyStep(
  flags: HistoryFlags,
  merged: RunResults,
  parts: RunResults[],
  host: Host,
  env: Record<string, string | undefined> = process.env,
): Promise<HistoryStep | undefined> {
  const file = flags.history;
  if (!file) return undefined;
  const path = resolve(file);
  if (!existsSync(dirname(path)))
    throw new UsageError(`--history ${file}: no such directory ${dirname(path)}`);
  const ctx = ciContext(env, flags['github-event']);
  const branch = flags['history-branch'] ?? ctx.baseBranch ?? ctx.branch ?? 'local';
  const run = runMeta(flags, merged, parts, ctx);
  const keys = historyCacheKeys(branch, run.id, ctx.runAttempt);
  const restored = await host.restoreCache([file], keys.key, keys.restoreKeys);
  if (restored) host.info(`history: restored ${restored}`);
  let history: History = emptyHistory(branch);
  let problem: string | undefined;
  // Another version's file is left as it is (a newer kernel-ci may own it);
  // a corrupt one is replaced by this run's.
  let foreign = false;
  if (existsSync(path)) {
    let parsed: ReturnType<typeof parseHistory>;
    try {
      parsed = parseHistory(readFileSync(path, 'utf8'));
    } catch (err) {
      parsed = { problem: `cannot read it (${(err as NodeJS.ErrnoException).code ?? err})` };
      foreign = true;
    }
    if ('problem' in parsed) {
      problem = parsed.problem;
      foreign ||= parsed.problem.startsWith('written as ');
      host.warn(`history ${file} ignored: ${problem}`);
    } else history = parsed.history;
  } else host.info(`history: none yet for ${branch}`);
  const limits = {
    maxRuns: flags['history-runs'] ?? DEFAULT_HISTORY_RUNS,
    maxBytes: flags['history-max-bytes'] ?? DEFAULT_HISTORY_BYTES,
  };
  const classified = classify(merged, history, { exclude: run.id, window: limits.maxRuns });
  const remembered = history.runs.filter((r) => r.id !== run.id).length;
  const report: HistoryReport = {
    branch: history.branch ?? branch,
    runs: Math.min(remembered, limits.maxRuns),
    failOn: resolveFailOn(flags['fail-on'], ctx),
    classified,
    ...(problem ? { problem } : {}),
  };
  const save = shouldSave(flags['history-save'], host, ctx) && !foreign;
  return {
    report,
    failOn: report.failOn,
    async record() {
      if (!save) return;
      const next = mergeRun(history, run, merged, limits);
      try {
        writeFresh(path, serializeHistory(next));
      } catch (err) {
        // The report is made; only its memory is lost.
        host.warn(`history ${file} not written: ${(err as Error).message}`);
        return;
      }
      host.info(
        `history: ${next.runs.length} run(s) of ${branch}, ${Object.keys(next.tests).length} tests in ${file}`,
      );
      await host.saveCache([file], keys.key);
    },
  };
}
