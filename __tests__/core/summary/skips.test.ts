// The skips block of the job summary and the terminal, on the real 6.12 run
// (fixtures/skips) judged by skip-reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../../src/core/results.js';
import { withSkipCauses } from '../../../src/core/skip-reason.js';
import { renderSummary } from '../../../src/core/summary/markdown.js';
import { skipsHeadline, skipsMarkdown, skipsText } from '../../../src/core/summary/skips.js';
import { renderTerminal } from '../../../src/core/summary/terminal.js';

const base = join(import.meta.dirname, '../../fixtures/skips/selftests-6.12-on-6.12');
const raw = JSON.parse(readFileSync(join(base, 'results.json'), 'utf8')) as RunResults;
const judged = (kernel: string): RunResults => ({
  ...withSkipCauses(raw, () => ({ kernel, selftests: '6.12.117' }), {
    output: (t) => (t.outputPath ? readFileSync(join(base, t.outputPath), 'utf8') : undefined),
  }),
  selftests: [
    { dir: '/cache/ci-all/build/selftests/net/mptcp', version: '6.12.117', from: 'build.json' },
  ],
});

describe('skips in the summary', () => {
  it('counts each cause in the line a reader sees without opening anything', () => {
    expect(skipsHeadline(judged('6.12.117'))).toBe(
      '3 skips: 3 accidental, 0 kernel lacks the feature (kernel 6.12.117, selftests 6.12.117)',
    );
    const md = renderSummary(judged('6.12.117'));
    expect(md).toContain(
      '<details><summary><b>Skips</b>: 3 skips: 3 accidental, 0 kernel lacks the feature (kernel 6.12.117, selftests 6.12.117)</summary>',
    );
    // test text enters markdown escaped
    expect(md).toContain(
      '| accidental | net/mptcp/diag\\.sh/diag\\: \\.\\.\\.\\.chk last\\_data\\_sent | Feature probably not supported |',
    );
  });

  it('the terminal lists the accidental ones', () => {
    const text = renderTerminal(judged('6.12.117'));
    expect(text).toContain('Skips  3 skips: 3 accidental');
    expect(text).toMatch(
      /^ {2}ACCIDENTAL net\/mptcp\/diag\.sh\/diag: \.\.\.\.chk last_ack_recv {2}\(Feature probably not supported\)$/m,
    );
    const old = skipsText({ ...judged('6.1.0-56-amd64') }, (s) => s);
    expect(old[1]).toContain('0 accidental, 3 kernel lacks the feature');
    expect(old.filter((l) => l.includes('ACCIDENTAL'))).toEqual([]);
  });

  it('says nothing for a run whose skips carry no cause', () => {
    expect(skipsMarkdown(raw)).toEqual([]);
    expect(renderSummary(raw)).not.toContain('<b>Skips</b>');
    expect(renderTerminal(raw)).not.toContain('Skips  ');
  });
});
