// `npm run screenshots [OUT_DIR]`: the job summaries of docs/screenshots
// (summary-docs.ts: real captured runs) as markdown, and as GitHub shows them
// on the first screen (1200×800, <details> collapsed), screenshotted by
// headless Chromium into OUT_DIR (default docs/screenshots).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { summaryDocs } from './summary-docs.js';
import { findChromium, screenshot, summaryPage } from './summary-page.js';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'docs/screenshots'));

const chromium = findChromium();
if (!chromium) {
  console.error('screenshots: chromium not found (npm run setup-host -- --with-chromium)');
  process.exit(64);
}
mkdirSync(out, { recursive: true });
for (const { name, markdown } of await summaryDocs()) {
  writeFileSync(join(out, `${name}.md`), markdown);
  const png = join(out, `${name}.png`);
  const t0 = Date.now();
  screenshot(chromium, summaryPage(markdown, name, false), png, { width: 1200, height: 800 });
  console.log(`${png} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
