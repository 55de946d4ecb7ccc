// `npm run screenshots [OUT_DIR] [RESULTS.json...]`: the job summary of each
// results.json (default: the captured success, unstable and crash runs) as
// GitHub would show it, screenshotted by headless Chromium into OUT_DIR
// (default screenshots/, gitignored).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { chooseAnnotations } from '../src/core/annotations.js';
import type { RunResults } from '../src/core/results.js';
import { renderSummary } from '../src/core/summary/index.js';
import { findChromium, screenshot, summaryPage } from './summary-page.js';

const root = resolve(import.meta.dirname, '..');
const [outArg, ...inputs] = process.argv.slice(2);
const out = resolve(outArg ?? join(root, 'screenshots'));
const files = inputs.length
  ? inputs
  : ['success', 'unstable', 'crash'].map((n) =>
      join(root, '__tests__/fixtures/results', n, 'results.json'),
    );

const chromium = findChromium();
if (!chromium) {
  console.error('screenshots: chromium not found (npm run setup-host -- --with-chromium)');
  process.exit(64);
}
mkdirSync(out, { recursive: true });
for (const f of files) {
  const results = JSON.parse(readFileSync(f, 'utf8')) as RunResults;
  const { leftOut } = chooseAnnotations(results);
  const md = renderSummary(results, { annotationsLeftOut: leftOut });
  const name = basename(f) === 'results.json' ? basename(dirname(f)) : basename(f, '.json');
  writeFileSync(join(out, `${name}.md`), md);
  const png = join(out, `${name}.png`);
  const t0 = Date.now();
  screenshot(chromium, summaryPage(md, name), png);
  console.log(`${png} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
