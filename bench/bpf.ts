// bench:bpf — issue 21's proof, repeatable: a 6.12 kernel built with
// --preset bpf (and test_progs for it) runs `test_progs -t mptcp` in the VM,
// and every subtest is in results.json, passed or skipped with its reason.
//
//   npm run bench:bpf [-- --out DIR] [--accel tcg] [--capture]
//
// DIR defaults to ~/.cache/kernel-ci/h4-bpf. The build is the product's own
// (kernel-ci build, nice 15): a cold one is a BTF kernel of the BPF CI's
// config plus ~700 BPF programs (hours on a loaded 2-core host); a second run
// finds the kernel built and test_progs stamped (make skipped) and times
// that too. --capture copies test_progs' output into
// __tests__/fixtures/bpf/ (the parser's fixture).
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunResults, TestResult } from '../src/core/results.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dir = opt('out') ?? join(homedir(), '.cache/kernel-ci/h4-bpf');
const accel = opt('accel') ?? 'auto';
const cli = ['--import', 'tsx', join(import.meta.dirname, '../src/entries/cli.ts')];

function kernelCi(args: string[], nice = false): { code: number; seconds: number } {
  const started = Date.now();
  const cmd = nice ? 'nice' : process.execPath;
  const full = nice ? ['-n', '15', process.execPath, ...cli, ...args] : [...cli, ...args];
  process.stderr.write(`$ kernel-ci ${args.join(' ')}\n`);
  const r = spawnSync(cmd, full, { stdio: 'inherit' });
  return { code: r.status ?? 2, seconds: (Date.now() - started) / 1000 };
}

const build = () =>
  kernelCi(
    [
      'build',
      ...['--base', 'tinyconfig', '--preset', 'vm', '--preset', 'bpf'],
      ...['--out', dir, '--no-bundle'],
    ],
    true,
  );

const first = build();
if (first.code !== 0) process.exit(first.code);
const warm = build();
if (warm.code !== 0) process.exit(warm.code);
const buildJson = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as {
  phases: Record<string, number>;
  bpfDir?: string;
};

const runDir = join(dir, 'run');
const run = kernelCi([
  'run',
  ...['--kernel', join(dir, 'obj/arch/x86/boot/bzImage')],
  ...['--out', runDir, '--accel', accel],
  ...['--bpf', 'test_progs -t mptcp', '--bpf-dir', join(dir, 'bpf')],
]);

const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
const suite = results.suites.find((s) => s.kind === 'bpf');
const rows: string[] = [];
let bad = 0;
const walk = (t: TestResult, path: string) => {
  const name = `${path}/${t.name}`;
  if (t.subtests.length === 0) {
    const ok = t.status === 'pass' || (t.status === 'skip' && !!t.reason);
    if (!ok) bad++;
    rows.push(
      `${ok ? ' ' : '!'} ${t.status.padEnd(5)} ${name}${t.reason ? `  (${t.reason})` : ''}`,
    );
  }
  for (const c of t.subtests) walk(c, name);
};
for (const t of suite?.tests ?? []) walk(t, 'bpf');

console.log(`build: first ${first.seconds.toFixed(0)} s, warm ${warm.seconds.toFixed(0)} s`);
console.log(`warm phases: ${JSON.stringify(buildJson.phases)}`);
console.log(
  `run: exit ${run.code} in ${run.seconds.toFixed(0)} s, ${results.vm?.accel ?? '?'}, verdict ${results.verdict}`,
);
console.log(rows.join('\n') || '(no bpf results)');

if (argv.includes('--capture')) {
  const log = readdirSync(join(runDir, 'tests')).find((f) => /-bpf-/.test(f) && f.endsWith('.log'));
  if (log) {
    const to = join(import.meta.dirname, '../__tests__/fixtures/bpf/test_progs-t-mptcp-6.12.log');
    copyFileSync(join(runDir, 'tests', log), to);
    console.log(`captured ${log} → ${to}`);
  }
}
// The proof: some subtests, each passed or skipped with its reason.
process.exit(rows.length > 0 && bad === 0 ? 0 : 1);
