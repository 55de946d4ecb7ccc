// The first screen of a report that has a history: new failures first, then
// flaky and known ones, each with its last runs in one glance, then fixed.
// Markdown for the job summary and the PR comment, plain text for the
// terminal and the e-mail: one set of words.
import { escapeMarkdownInline, plainText } from '../escape.js';
import { flakeRate, sparkline, type Classified, type FailOn } from '../history.js';

export interface HistoryReport {
  /** The branch the history is from, when known. */
  branch?: string;
  /** Runs of that branch looked at. */
  runs: number;
  failOn: FailOn;
  classified: Classified[];
  /** Why the history was ignored (corrupt, foreign version), when it was. */
  problem?: string;
}

/** Outcomes shown: the newest ones. */
const SHOWN_RUNS = 20;

export const CLASS_LABEL = {
  new: '🆕 **new**',
  flaky: '🔁 flaky',
  known: '📌 known',
  fixed: '✅ fixed',
} as const;

export function classLabel(c: Classified, style: 'markdown' | 'text' = 'markdown'): string {
  const base = style === 'markdown' ? CLASS_LABEL[c.kind] : c.kind.toUpperCase();
  return c.kind === 'flaky' ? `${base} ${flakeRate(c)} %` : base;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 new failure fails this check (fail-on: new); 1 flaky, 1 known are reported". */
export function historyHeadline(h: HistoryReport): string {
  const n = (k: Classified['kind']) => h.classified.filter((c) => c.kind === k).length;
  const failing = n('new') + n('flaky') + n('known');
  if (failing === 0 && n('fixed') === 0) return `no failure, nothing fixed since the last run`;
  const parts: string[] = [];
  if (n('new') > 0)
    parts.push(
      h.failOn === 'new'
        ? `${plural(n('new'), 'new failure')} ${n('new') === 1 ? 'fails' : 'fail'} this check`
        : plural(n('new'), 'new failure'),
    );
  else parts.push('no new failure');
  const others = [
    n('flaky') ? `${n('flaky')} flaky` : '',
    n('known') ? `${plural(n('known'), 'known failure')}` : '',
  ].filter(Boolean);
  if (others.length > 0)
    parts.push(
      `${others.join(' and ')} ${h.failOn === 'new' ? 'reported, not failing (fail-on: new)' : 'failing too (fail-on: any)'}`,
    );
  if (n('fixed') > 0) parts.push(`${n('fixed')} fixed`);
  return parts.join('; ');
}

function where(h: HistoryReport): string {
  return `${h.branch ? ` ${h.branch}` : ' the base branch'} (${plural(h.runs, 'run')})`;
}

export function historyMarkdown(h: HistoryReport, maxRows = 100): string {
  const md = (s: string, max = 300) => escapeMarkdownInline(s, max);
  const out = [`### Compared with${md(where(h))}`, ''];
  if (h.problem)
    out.push(
      `> [!WARNING]\n> The history was ignored: ${md(h.problem)}. Every failure counts as new.`,
      '',
    );
  out.push(`> ${md(historyHeadline(h))}`);
  if (h.classified.length === 0) return out.join('\n');
  out.push(
    '',
    '| | subtest | last runs → this one | history |',
    '|---|---|---|---|',
    ...h.classified
      .slice(0, maxRows)
      .map(
        (c) =>
          `| ${classLabel(c)} | ${md(c.id)} | ${sparkline(c.outcomes.slice(-SHOWN_RUNS - 1))} | ${md(c.note)} |`,
      ),
  );
  if (h.classified.length > maxRows)
    out.push('', `… and ${h.classified.length - maxRows} more, in the problem list below.`);
  return out.join('\n');
}

export function historyText(h: HistoryReport, maxRows = 50): string[] {
  const out = [`Compared with${where(h)}: ${historyHeadline(h)}`];
  if (h.problem) out.push(`  (history ignored: ${plainText(h.problem)})`);
  for (const c of h.classified.slice(0, maxRows))
    out.push(
      `  ${classLabel(c, 'text').padEnd(10)} ${plainText(c.id)}  [${sparkline(c.outcomes.slice(-SHOWN_RUNS - 1), 'text')}] ${c.note}`,
    );
  if (h.classified.length > maxRows) out.push(`  … and ${h.classified.length - maxRows} more`);
  return out;
}
