// Looks at a job summary the way a person does: markdown -> HTML (marked, GFM)
// with the mermaid blocks drawn by the mermaid package, in headless Chromium,
// offline. Used by `npm run screenshots` and by a test that fails when a
// mermaid block does not parse.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';

const root = resolve(import.meta.dirname, '..');
const mermaidJs = join(root, 'node_modules/mermaid/dist/mermaid.min.js');

export function findChromium(): string | undefined {
  for (const c of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

// Close to github.com's markdown body: enough to judge layout and density.
const CSS = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: #1f2328; background: #fff; margin: 0; }
.box { max-width: 1012px; margin: 16px auto; border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px 32px; }
h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; font-size: 1.5em; }
h3 { font-size: 1.25em; } h4 { font-size: 1em; }
table { border-collapse: collapse; display: block; overflow: auto; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }
pre { background: #f6f8fa; padding: 16px; overflow: auto; font-size: 85%; border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.mermaid { background: #fff; text-align: center; }
details { margin: 8px 0; } summary { cursor: pointer; }
`;

export function summaryPage(markdown: string, title: string, open = false): string {
  let body = marked.parse(markdown, { async: false, gfm: true });
  // GitHub draws ```mermaid blocks; marked leaves them as code.
  body = body.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_m, src: string) => `<pre class="mermaid">${src}</pre>`,
  );
  // open: expanded, to look at the traces a reader would open (the console
  // tail repeats them: it stays closed). GitHub shows them collapsed.
  if (open) body = body.replace(/<details>(?!<summary>Last console lines)/g, '<details open>');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>${CSS}</style>
<script src="${pathToFileURL(mermaidJs).href}"></script>
</head><body><div class="box">${body}</div>
<script>
// Where the parts a maintainer reads first end, in page pixels: the
// screenshot test checks they are all on the first screen.
function layout() {
  const bottom = (el) => el ? Math.round(el.getBoundingClientRect().bottom + window.scrollY) : null;
  const after = (re, sel) => {
    const h = [...document.querySelectorAll('h3')].find((e) => re.test(e.textContent));
    let n = h && h.nextElementSibling;
    while (n && !n.matches(sel)) n = n.nextElementSibling;
    return n;
  };
  document.body.setAttribute('data-layout', JSON.stringify({
    verdict: bottom(document.querySelector('h2')),
    broke: bottom(after(/^What broke/, 'table')),
    frames: bottom(document.querySelector('pre code.language-text')),
    reproduce: bottom(after(/^Reproduce/, 'pre')),
  }));
}
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
mermaid.run({ querySelector: 'pre.mermaid' }).then(
  () => { document.body.setAttribute('data-mermaid', 'ok'); layout(); },
  (e) => { document.body.setAttribute('data-mermaid', 'error: ' + (e && e.message || e)); layout(); },
);
</script></body></html>`;
}

function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    // Lets mermaid finish drawing before the shot.
    '--virtual-time-budget=10000',
    '--allow-file-access-from-files',
  ];
}

function withProfile<T>(fn: (profile: string) => T): T {
  const profile = mkdtempSync(join(tmpdir(), 'kci-chromium-'));
  try {
    return fn(profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export function screenshot(
  chromium: string,
  html: string,
  png: string,
  size = { width: 1200, height: 2400 },
): void {
  const page = join(mkdtempSync(join(tmpdir(), 'kci-page-')), 'summary.html');
  writeFileSync(page, html);
  withProfile((profile) =>
    execFileSync(
      chromium,
      [
        ...chromiumArgs(profile),
        `--screenshot=${resolve(png)}`,
        `--window-size=${size.width},${size.height}`,
        pathToFileURL(page).href,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    ),
  );
  if (!existsSync(png)) throw new Error(`chromium wrote no screenshot to ${png}`);
}

/** The DOM after scripts ran: tells whether mermaid drew every block. */
export function renderedDom(chromium: string, html: string): string {
  const page = join(mkdtempSync(join(tmpdir(), 'kci-page-')), 'summary.html');
  writeFileSync(page, html);
  return withProfile((profile) =>
    execFileSync(
      chromium,
      [...chromiumArgs(profile), '--window-size=1200,800', '--dump-dom', pathToFileURL(page).href],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 120_000,
        maxBuffer: 64 << 20,
      },
    ),
  );
}
