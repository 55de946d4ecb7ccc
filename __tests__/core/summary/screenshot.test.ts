// The summary as a person sees it: markdown -> HTML -> headless Chromium with
// mermaid drawing the pictures, on the real crash run. Needs Debian's
// chromium (npm run setup-host -- --with-chromium); CI machines may lack it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSummary } from '../../../src/core/summary/index.js';
import type { RunResults } from '../../../src/core/results.js';
import { repoRoot } from '../../helpers/dist.js';
import {
  findChromium,
  renderedDom,
  screenshot,
  summaryPage,
} from '../../../scripts/summary-page.js';

const chromium = findChromium();
const crash = JSON.parse(
  readFileSync(join(repoRoot, '__tests__/fixtures/results/crash/results.json'), 'utf8'),
) as RunResults;

describe('summary in a browser', () => {
  it.skipIf(!chromium)(
    'mermaid draws every picture; the page screenshots (needs chromium)',
    () => {
      const md = renderSummary(crash);
      const pictures = (md.match(/^```mermaid$/gm) ?? []).length;
      const dom = renderedDom(chromium!, summaryPage(md, 'crash'));
      expect(dom).toContain('data-mermaid="ok"');
      // Each picture an SVG; mermaid writes "Syntax error" into the page when one does not parse.
      expect(dom.match(/<svg[^>]+id="mermaid-/g) ?? []).toHaveLength(pictures);
      expect(dom).not.toMatch(/Syntax error/i);
      const png = join(mkdtempSync(join(tmpdir(), 'kci-shot-')), 'crash.png');
      screenshot(chromium!, summaryPage(md, 'crash'), png);
      const head = readFileSync(png).subarray(0, 24);
      expect(head.subarray(1, 4).toString()).toBe('PNG');
      expect(head.readUInt32BE(16)).toBe(1200);
      expect(statSync(png).size).toBeGreaterThan(20_000);
    },
    300_000,
  );
});
