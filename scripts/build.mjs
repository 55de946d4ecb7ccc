// Bundles each action entry and the CLI into one self-contained ESM file in
// dist/. Deterministic: the same sources give byte-identical output (a test
// checks that dist/ is what this produces).
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const entries = {
  cli: 'src/entries/cli.ts',
  build: 'src/entries/action-build.ts',
  run: 'src/entries/action-run.ts',
  report: 'src/entries/action-report.ts',
  all: 'src/entries/action-all.ts',
};

const outdir = process.argv[2] ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // One copy of the shared library and its dependencies for all entries:
  // dist/ stays small and a change to our code leaves vendor chunks alone.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  // `kernel-ci --version` says which release a reproduce line came from.
  define: { __KCI_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies still call require() for node builtins.
  banner: {
    js: "import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);",
  },
});
chmodSync(`${outdir}/cli.js`, 0o755);
