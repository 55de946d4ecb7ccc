// The detector on real console logs of many kernels (4.x to 6.x, x86, arm,
// arm64, with and without printk caller ids): syzkaller's corpus, even half
// (the odd half is an unseen check, never read here). What a maintainer
// testing stable kernels needs: the reports found, nothing found where
// there is none, and the title syzbot and fix commits use for the same bug.
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/core/crash/detector.js';
import { CORPUS, firstReport, NOT_KERNEL, readCorpus } from './syzkaller.js';

// KCI_SYZKALLER_CORPUS: another directory of corpus files in the same
// format (e.g. a checkout's pkg/report/testdata/linux/report) to measure on.
const dir = process.env.KCI_SYZKALLER_CORPUS ?? CORPUS;
const corpus = readCorpus(dir);

function measure() {
  const withReport = corpus.filter((c) => c.title !== '' && !NOT_KERNEL.test(c.title));
  const without = corpus.filter((c) => c.title === '');
  const missed: string[] = [];
  const falsePositives: string[] = [];
  const otherTitle: string[] = [];
  let found = 0;
  let sameTitle = 0;
  for (const c of corpus) {
    const f = firstReport(analyzeLog(c.log), c.log);
    if (c.title === '') {
      if (f) falsePositives.push(`${c.name}: ${f.title}`);
      continue;
    }
    if (NOT_KERNEL.test(c.title)) continue;
    if (!f) {
      missed.push(`${c.name}: ${c.title}`);
      continue;
    }
    found++;
    if (f.title === c.title || c.alts.includes(f.title)) sameTitle++;
    else otherTitle.push(`${c.name}: "${f.title}", syzkaller "${c.title}"`);
  }
  return { withReport, without, found, sameTitle, missed, falsePositives, otherTitle };
}

describe(`syzkaller's corpus${dir === CORPUS ? ', even half' : ` in ${dir}`} (${corpus.length} real console logs)`, () => {
  const m = measure();
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  const notKernel = corpus.filter((c) => NOT_KERNEL.test(c.title)).length;
  console.log(
    [
      `syzkaller corpus (${dir === CORPUS ? 'even half' : dir}): ${corpus.length} logs, ${m.withReport.length} with a kernel report, ${m.without.length} without, ${notKernel} of syzkaller's own programs (not counted)`,
      `  recall: ${m.found}/${m.withReport.length} = ${pct(m.found, m.withReport.length)}`,
      `  false positives: ${m.falsePositives.length}/${m.without.length}`,
      `  title = syzkaller's or one of its ALT: ${m.sameTitle}/${m.withReport.length} = ${pct(m.sameTitle, m.withReport.length)}`,
      ...m.missed.map((s) => `  missed ${s}`),
      ...m.falsePositives.map((s) => `  false positive ${s}`),
      ...m.otherTitle.map((s) => `  other title ${s}`),
    ].join('\n'),
  );

  it('recall: a report found in at least 99 % of the logs that have one', () => {
    expect(m.found / m.withReport.length, m.missed.join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('no report found in the logs without one', () => {
    expect(m.falsePositives).toEqual([]);
  });

  it("titles: syzkaller's title or one of its alternatives for at least 90 % of the reports", () => {
    expect(m.sameTitle / m.withReport.length, m.otherTitle.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});
