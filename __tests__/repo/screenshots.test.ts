// docs/screenshots cannot drift from the code: their markdown is rendered
// again from the real runs it came from (scripts/summary-docs.ts) and must be
// what is committed (`npm run screenshots` rewrites both it and the PNGs).
// With Chromium, the first screen is checked as GitHub shows it (1200×800,
// <details> collapsed): the verdict, what broke with its run, the crash's top
// frames and the reproduce command all end within 800 px.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryDocs } from '../../scripts/summary-docs.js';
import { findChromium, renderedDom, summaryPage } from '../../scripts/summary-page.js';
import { repoRoot } from '../helpers/dist.js';

const chromium = findChromium();
const docs = await summaryDocs();

describe('docs/screenshots', () => {
  it.each(docs.map((d) => [d.name, d.markdown]))(
    '%s.md is the summary rendered from its real run (npm run screenshots)',
    (name, markdown) => {
      const committed = readFileSync(join(repoRoot, 'docs/screenshots', `${name}.md`), 'utf8');
      expect(committed, `docs/screenshots/${name}.md is stale: npm run screenshots`).toBe(markdown);
    },
  );

  it('the merged six shards name each failing subtest with its run and shard', () => {
    const md = docs.find((d) => d.name === 'pr-checks')!.markdown.replace(/\\/g, '');
    expect(md).toMatch(/^## 🔴 Unstable — mptcp-6\.1, mptcp-normal · 6 runs\n/);
    // No shard is missing: every config's three are there.
    expect(md).not.toContain('missing');
    expect(md).toContain('| status | subtest | run | duration | why |');
    expect(md).toContain(
      '| net/mptcp / diag.sh / diag: ....chk remote_key | mptcp-6.1 shard 1/3 |',
    );
  });

  it.skipIf(!chromium)(
    'the first screen (800 px) holds the verdict, what broke, the top frames and the reproduce command (needs chromium)',
    () => {
      for (const name of ['crash', 'pr-checks']) {
        const md = docs.find((d) => d.name === name)!.markdown;
        const dom = renderedDom(chromium!, summaryPage(md, name));
        const layout = JSON.parse(
          (/data-layout="([^"]*)"/.exec(dom)?.[1] ?? '{}').replace(/&quot;/g, '"'),
        ) as Record<string, number | null>;
        expect(layout.verdict, name).toBeGreaterThan(0);
        expect(layout.broke, name).toBeGreaterThan(0);
        expect(layout.reproduce, name).toBeGreaterThan(0);
        if (name === 'crash') expect(layout.frames, name).toBeGreaterThan(0);
        for (const [part, bottom] of Object.entries(layout))
          if (bottom !== null)
            expect(bottom, `${name}: ${part} ends at ${bottom} px`).toBeLessThanOrEqual(800);
      }
    },
    300_000,
  );
});
