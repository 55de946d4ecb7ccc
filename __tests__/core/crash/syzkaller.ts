// syzkaller's corpus of real Linux console logs, even half
// (__tests__/fixtures/syzkaller/NOTES.md): each log with the title
// syzkaller gives it (empty: no report).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPrefix } from '../../../src/core/crash/detector.js';
import { PATTERNS } from '../../../src/core/crash/patterns.js';
import type { Finding } from '../../../src/core/results.js';

export const CORPUS = join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'syzkaller',
  'linux-report',
);

export interface CorpusLog {
  name: string;
  title: string;
  alts: string[];
  log: string;
}

/** The header, a blank line, the log, and maybe "REPORT:" after a blank line (pkg/report/report_test.go parseReport). */
export function parseCorpusFile(name: string, data: string): CorpusLog {
  const lines = data.replace(/\r/g, '').split('\n');
  const blank = lines.indexOf('');
  const header = lines.slice(0, blank);
  let body = lines.slice(blank + 1);
  const rep = body.findIndex((l, i) => l === 'REPORT:' && i > 0 && body[i - 1] === '');
  if (rep >= 0) body = body.slice(0, rep);
  const field = (p: string) => header.filter((l) => l.startsWith(p)).map((l) => l.slice(p.length));
  return {
    name,
    title: field('TITLE: ')[0] ?? '',
    alts: field('ALT: '),
    log: body.join('\n'),
  };
}

export function readCorpus(dir = CORPUS): CorpusLog[] {
  return readdirSync(dir)
    .filter((f) => /^\d+$/.test(f))
    .sort((a, b) => Number(a) - Number(b))
    .map((f) => parseCorpusFile(f, readFileSync(join(dir, f), 'utf8')));
}

/**
 * Reports of syzkaller's own programs (its executor, Go runtime errors),
 * which its corpus keeps next to the kernel's: not kernel reports.
 */
export const NOT_KERNEL = /^(?:SYZFAIL:|SYZFATAL:|panic:|go runtime error)/;

/** The message body of a report line. */
export const body = (line: string): string => {
  const off = scanPrefix(line);
  return line.slice(off < 0 ? 0 : off).trim();
};

/** The table entry whose start matches the report's first start line. */
export function startPattern(report: string): string | undefined {
  for (const line of report.split('\n')) {
    const b = body(line);
    const p = PATTERNS.find(
      (q) => q.start.test(b) || q.start.test(b.replace(/^\d{4}\/\d\d\/\d\d \S+ /, '')),
    );
    if (p) return p.id;
  }
  return undefined;
}

/**
 * The report syzkaller would title: the one whose start line comes first
 * in the log (a report's prelude, its "====" line, may come before another
 * report's start; with caller ids two reports may interleave).
 */
export function firstReport(findings: readonly Finding[], log: string): Finding | undefined {
  const logLines = log.split('\n');
  const startLine = (f: Finding): number => {
    const rl = f.report.split('\n');
    const i = rl.findIndex((l) => startPattern(l) !== undefined);
    if (i <= 0) return f.lines.first;
    for (let n = f.lines.first - 1; n < logLines.length; n++)
      if (logLines[n]!.endsWith(rl[i]!)) return n + 1;
    return f.lines.first;
  };
  return [...findings].sort((a, b) => startLine(a) - startLine(b))[0];
}
