// What a report sends beyond the job: the e-mail (any host) and, in
// Actions, the pull-request comment and the check run (host.review, the
// GitHub adapter's). Each is asked for by a flag; none can fail the report.
import type { ReportOptions } from '../cli/specs.js';
import type { RunResults } from '../core/results.js';
import { checkRunPlan, commentBody, commentMarker } from '../core/review.js';
import type { HistoryReport } from '../core/summary/history.js';
import { ciContext } from './ci-context.js';
import { mailReport } from './email.js';
import type { Host } from './host.js';

export async function publishExtras(
  flags: Parameters<typeof mailReport>[0] &
    Partial<Pick<ReportOptions, 'github-event' | 'pr-comment' | 'check-name'>>,
  merged: RunResults,
  parts: RunResults[],
  host: Host,
  history: HistoryReport | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const ctx = ciContext(env, flags['github-event']);
  await mailReport(
    flags,
    {
      results: merged,
      parts,
      ...(history ? { history } : {}),
      ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    },
    host,
    env,
    ctx.runId,
  );
  const comment = flags['pr-comment'] === true;
  const checkName = flags['check-name'];
  if (!comment && !checkName) return;
  if (!host.review || !ctx.repository) {
    host.warn('pr-comment and check-name post through GitHub Actions only: not posted');
    return;
  }
  const shown = merged.merge ? parts : undefined;
  // One comment per workflow: a second workflow reporting on the PR keeps its own.
  const marker = commentMarker(env.GITHUB_WORKFLOW ?? 'kernel-ci');
  await host.review(
    {
      repository: ctx.repository,
      ...(ctx.pullRequest !== undefined ? { pullRequest: ctx.pullRequest } : {}),
      ...(ctx.sha ? { sha: ctx.sha } : {}),
    },
    {
      ...(comment
        ? {
            comment: {
              marker,
              body: commentBody(marker, merged, {
                ...(history ? { history } : {}),
                ...(shown ? { parts: shown } : {}),
                ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
              }),
            },
          }
        : {}),
      ...(checkName ? { check: checkRunPlan(checkName, merged, history) } : {}),
    },
  );
}
