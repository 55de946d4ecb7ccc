// The skips split by cause (src/core/skip-reason.ts): "kernel lacks the
// feature" is what newer selftests on an older kernel are expected to say;
// "accidental" (a missing config option or tool) is for the maintainer to
// fix. Both renderers take their block from here; a run without skips, or
// whose skips carry no cause, shows nothing.
import { escapeHtml, escapeMarkdownInline } from '../escape.js';
import type { RunResults } from '../results.js';
import { skipCounts, skippedLeaves, type ClassifiedSkip } from '../skip-reason.js';

const MAX_ROWS = 50;
const LABEL = { 'kernel-feature': 'kernel lacks the feature', accidental: 'accidental' } as const;

function classified(r: RunResults): ClassifiedSkip[] | undefined {
  const skips = skippedLeaves(r);
  return skips.some((s) => s.cause) ? skips : undefined;
}

/** One line: "3 skips: 0 kernel lacks the feature, 3 accidental (kernel 6.12.117, selftests 6.12.117)". */
export function skipsHeadline(r: RunResults): string | undefined {
  const skips = classified(r);
  if (!skips) return undefined;
  const c = skipCounts(skips);
  const trees = (r.selftests ?? []).map((t) => t.version ?? 'unknown').join(', ');
  return [
    `${skips.length} skip${skips.length === 1 ? '' : 's'}: ${c.accidental} accidental, ${c['kernel-feature']} kernel lacks the feature`,
    c.unclassified > 0 ? `, ${c.unclassified} unclassified` : '',
    ` (kernel ${r.vm?.kernelRelease ?? 'unknown'}, selftests ${trees || 'unknown'})`,
  ].join('');
}

const byCause = (skips: ClassifiedSkip[]): ClassifiedSkip[] =>
  // accidental first: they are the ones to act on
  [...skips].sort(
    (a, b) => Number(a.cause?.cause !== 'accidental') - Number(b.cause?.cause !== 'accidental'),
  );

/** A collapsed block for the job summary, its counts in the always-visible line. */
export function skipsMarkdown(r: RunResults): string[] {
  const head = skipsHeadline(r);
  const skips = classified(r);
  if (!head || !skips) return [];
  const md = (s: string, max: number) => escapeMarkdownInline(s, max);
  const rows = byCause(skips)
    .slice(0, MAX_ROWS)
    .map(
      (s) =>
        `| ${s.cause ? LABEL[s.cause.cause] : 'unclassified'} | ${md(s.path, 200)} | ${md(s.cause?.said ?? '', 200)} | ${md(s.cause ? `${s.cause.because} (${s.cause.basis})` : '', 300)} |`,
    );
  if (skips.length > MAX_ROWS)
    rows.push(`| | … ${skips.length - MAX_ROWS} more in results.json | | |`);
  return [
    [
      `<details><summary><b>Skips</b>: ${escapeHtml(head)}</summary>`,
      '',
      '| cause | test | the test said | why |',
      '|---|---|---|---|',
      ...rows,
      '',
      '</details>',
    ].join('\n'),
  ];
}

/** The terminal's lines, accidental ones listed. */
export function skipsText(
  r: RunResults,
  t: (s: string, max?: number) => string,
  bold: (s: string) => string = (s) => s,
): string[] {
  const head = skipsHeadline(r);
  const skips = classified(r);
  if (!head || !skips) return [];
  const out = ['', `${bold('Skips')}  ${t(head, 2000)}`];
  const accidental = skips.filter((s) => s.cause?.cause === 'accidental');
  for (const s of accidental.slice(0, 20))
    out.push(`  ACCIDENTAL ${t(s.path)}${s.cause?.said ? `  (${t(s.cause.said, 200)})` : ''}`);
  if (accidental.length > 20) out.push(`  … and ${accidental.length - 20} more (see results.json)`);
  return out;
}
