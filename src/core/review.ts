// What a report posts on a pull request, pure: the comment (found again by
// a hidden marker, so each run edits it instead of adding one) and the check
// run whose annotations name every failing subtest — GitHub takes 50 per
// request, the Actions log only 10 errors per step.
import { problems } from './summary/facts.js';
import { renderSummary } from './summary/markdown.js';
import { judgedTitle } from './annotations.js';
import type { HistoryReport } from './summary/history.js';
import { exitCodeWithHistory } from './history.js';
import type { RunResults } from './results.js';

/** GitHub's limit on a check run request's annotations. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limit on a comment body (characters; bytes are at least as many). */
export const COMMENT_MAX = 65_536;
const TEXT_MAX = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunPlan {
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export function commentMarker(id: string): string {
  // Inside an HTML comment: no "--" may end it early.
  return `<!-- kernel-ci-report: ${id.replace(/-->|--/g, '')} -->`;
}

export function commentBody(
  marker: string,
  results: RunResults,
  opts: { history?: HistoryReport; parts?: RunResults[]; runUrl?: string } = {},
): string {
  const foot = opts.runUrl ? `\n<sub>[The run](${opts.runUrl}) · kernel-ci</sub>\n` : '';
  const room = COMMENT_MAX - marker.length - foot.length - 16;
  const md = renderSummary(results, {
    maxBytes: room,
    ...(opts.history ? { history: opts.history } : {}),
    ...(opts.parts ? { parts: opts.parts } : {}),
  });
  return `${marker}\n${md}${foot}`;
}

/** Every failing, crashed, timed-out or flaky subtest as a check-run annotation. */
export function checkRunPlan(
  name: string,
  results: RunResults,
  history?: HistoryReport,
): CheckRunPlan {
  const judged = new Map(history?.classified.map((c) => [c.id, c]));
  const annotations: CheckAnnotation[] = [];
  for (const p of problems(results)) {
    const c = judged.get(p.path);
    const t = p.test;
    const excused = c !== undefined && c.kind !== 'new' && history?.failOn === 'new';
    const soft = t.status === 'flaky' || t.status === 'xpass' || excused;
    const why =
      t.reason ?? t.directive ?? (t.exitCode != null ? `exit code ${t.exitCode}` : t.status);
    annotations.push({
      // A check annotation needs a path; a test with no known source file is
      // put on the repository's .github (shown in the check, not in a diff).
      path: p.file ?? '.github',
      start_line: 1,
      end_line: 1,
      annotation_level: soft ? 'warning' : 'failure',
      title: `${c && c.kind !== 'fixed' ? judgedTitle(c) : t.status}: ${p.path}`.slice(0, 255),
      message: [why, c ? c.note : '', t.excerpt ?? ''].filter(Boolean).join('\n').slice(0, 4000),
    });
  }
  const code = history
    ? exitCodeWithHistory(results.verdict, history.failOn, history.classified)
    : results.verdict === 'success'
      ? 0
      : 1;
  return {
    name,
    conclusion: code === 0 ? 'success' : 'failure',
    title: results.conclusion.slice(0, 255),
    summary: renderSummary(results, {
      maxBytes: TEXT_MAX - 1024,
      ...(history ? { history } : {}),
    }),
    annotations,
  };
}

/** Annotations in GitHub's batches. */
export function batches<T>(items: readonly T[], size = CHECK_ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
