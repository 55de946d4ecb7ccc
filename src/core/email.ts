// The e-mail report, in the shape kernel maintainers read on a mailing list
// (the MPTCP CI's): plain text, one line per job with its verdict, the
// failing tests under it, the command that reproduces it, a link to the run.
// Pure: the message's words; src/pipeline/email.ts makes the RFC 5322
// message and sends it.
import { historyHeadline, type HistoryReport } from './summary/history.js';
import { reproduceCommand, VERDICT_LABEL } from './summary/facts.js';
import { plainText } from './escape.js';
import { flakeRate } from './history.js';
import { leaves, type RunResults } from './results.js';
import { isFailing } from './assemble.js';

export interface EmailInput {
  /** The report (merged when there were several jobs). */
  results: RunResults;
  /** The jobs, one line each; the report itself when absent. */
  parts?: RunResults[];
  history?: HistoryReport;
  runUrl?: string;
  /** A given subject (the patch's, answered): "Re: " is added. */
  subject?: string;
  /** Failing tests listed per job before "and N more". */
  maxFailures?: number;
}

export function emailSubject(input: EmailInput): string {
  if (input.subject) return /^re:/i.test(input.subject) ? input.subject : `Re: ${input.subject}`;
  const r = input.results;
  return `kernel-ci: ${plainText(r.name)}: ${VERDICT_LABEL[r.verdict]}`;
}

// A line of a mail: no control characters, no trailing spaces (some lists strip them).
const line = (s: string) => plainText(s).replace(/\s+$/, '');

function failures(r: RunResults): string[] {
  const out: string[] = [];
  for (const s of r.suites)
    for (const { path, test } of leaves(s.tests, s.name))
      if (isFailing(test.status)) out.push(path);
  return out;
}

export function emailBody(input: EmailInput): string {
  const { results } = input;
  const jobs = input.parts && input.parts.length > 0 ? input.parts : [results];
  const judged = new Map(input.history?.classified.map((c) => [c.id, c]));
  const max = input.maxFailures ?? 10;
  const out = [
    'Hi,',
    '',
    'Thank you for your modifications. kernel-ci tested them; here is its report:',
    '',
  ];
  for (const job of jobs) {
    const shard = job.shard ? ` (shard ${job.shard.index}/${job.shard.total})` : '';
    out.push(`- ${line(job.conclusion)}${shard}`);
    const failed = failures(job);
    for (const f of failed.slice(0, max)) {
      const c = judged.get(f);
      const judgement = !c
        ? ''
        : c.kind === 'new'
          ? ': new'
          : `: ${c.kind === 'flaky' ? `flaky ${flakeRate(c)} %` : c.kind}, ${c.note}`;
      out.push(`  - ${line(f)}${judgement}`);
    }
    if (failed.length > max) out.push(`  - ... and ${failed.length - max} more`);
  }
  for (const m of results.merge?.missing ?? [])
    out.push(`- ${line(m.name)}: missing: ${line(m.reason)} ❌`);
  if (input.runUrl) out.push(`- Task: ${input.runUrl}`);
  if (input.history)
    out.push(
      '',
      `Compared with ${line(input.history.branch ?? 'the base branch')}: ${historyHeadline(input.history)}.`,
    );
  out.push('', 'If there are some issues, you can reproduce them locally with:', '');
  const seen = new Set<string>();
  for (const job of jobs) {
    const { command } = reproduceCommand(job);
    if (seen.has(command)) continue;
    seen.add(command);
    // Several lines (clone the tree, then run): each its own shell line.
    for (const l of command.split('\n'))
      out.push(l.startsWith('#') ? `    ${line(l)}` : `    $ ${line(l)}`);
  }
  out.push(
    '',
    'Some failures may not come from your modifications: the history above',
    'says which ones were already failing or flaky.',
    '',
    'Cheers,',
    'kernel-ci',
  );
  return `${out.join('\n')}\n`;
}
