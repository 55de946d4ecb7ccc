// Annotations for a run, within what GitHub shows: at most 10 errors and 10
// warnings per step. Crashes come first (at the decoded file:line, so they
// land on the pull request's diff), then failing subtests (at their selftest
// script), then warnings for flaky and unexpectedly passing subtests.
import type { RunResults } from './results.js';
import { flakeRate, type Classified, type FailOn } from './history.js';
import { findingTrace, problems } from './summary/facts.js';

/** A file:line message for GitHub's annotations (the terminal prints it). */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

export const GITHUB_MAX_ERRORS = 10;
export const GITHUB_MAX_WARNINGS = 10;

export interface ChosenAnnotations {
  annotations: Annotation[];
  /** Not annotated because of the limits; the summary says so. */
  leftOut: { errors: number; warnings: number };
}

const MESSAGE_LINES = 25;

const firstLines = (s: string, n: number) => {
  const lines = s.replace(/\n+$/, '').split('\n');
  return lines.length > n
    ? `${lines.slice(0, n).join('\n')}\n… ${lines.length - n} more lines`
    : lines.join('\n');
};

/** A failure's name against the history: "new failure", "known failure", "flaky 40 %". */
export function judgedTitle(c: Classified): string {
  return c.kind === 'flaky' ? `flaky ${flakeRate(c)} %` : `${c.kind} failure`;
}

/**
 * With a history, failing subtests are titled by what it says of them; with
 * fail-on new, known and flaky ones are warnings (they do not fail the
 * check), new ones stay errors.
 */
export function chooseAnnotations(
  results: RunResults,
  limits = { errors: GITHUB_MAX_ERRORS, warnings: GITHUB_MAX_WARNINGS },
  history?: { failOn: FailOn; classified: readonly Classified[] },
): ChosenAnnotations {
  const judged = new Map(history?.classified.map((c) => [c.id, c]));
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  for (const f of results.findings) {
    // The title already names the finding: the message starts with where and how often.
    const head = [
      f.test ? `during ${f.test}` : 'outside any test',
      f.count > 1 ? `seen ${f.count} times` : '',
    ].filter(Boolean);
    errors.push({
      level: 'error',
      title: `Kernel ${f.kind}${f.fatal ? ' (fatal)' : ''}: ${f.title}`.slice(0, 200),
      message: `${head.join(' — ')}\n${firstLines(findingTrace(f).text, MESSAGE_LINES)}`,
      ...(f.location ? { file: f.location.file, line: f.location.line } : {}),
    });
  }
  for (const p of problems(results)) {
    const t = p.test;
    const why = t.reason ?? t.directive ?? (t.exitCode != null ? `exit code ${t.exitCode}` : '');
    // The title names the status and the test; the message says why.
    const message = [why || t.status];
    if (t.excerpt) message.push(firstLines(t.excerpt, MESSAGE_LINES));
    const c = judged.get(p.path);
    const excused = c !== undefined && c.kind !== 'new' && history?.failOn === 'new';
    const a: Annotation = {
      level: t.status === 'flaky' || t.status === 'xpass' || excused ? 'warning' : 'error',
      title: `${c && c.kind !== 'fixed' ? judgedTitle(c) : t.status}: ${p.path}`.slice(0, 200),
      message: message.join('\n'),
      ...(p.file ? { file: p.file } : {}),
    };
    (a.level === 'error' ? errors : warnings).push(a);
  }
  return {
    annotations: [...errors.slice(0, limits.errors), ...warnings.slice(0, limits.warnings)],
    leftOut: {
      errors: Math.max(0, errors.length - limits.errors),
      warnings: Math.max(0, warnings.length - limits.warnings),
    },
  };
}
