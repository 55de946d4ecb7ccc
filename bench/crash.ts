// npm run bench:crash [-- --gb N] [-- --runs N] [-- --kernel BUILD_DIR|BZIMAGE]
//   [-- --only panic|hung] [-- --skip-vm] [-- --skip-throughput]
// (1) Stop latency: time from the report's last console line to QEMU gone,
//     for a panic and for a hung task (LKDTM on a kernel we build), p50,
//     p95 and max over 20 runs (goal p95 <= 100 ms): bench/crash-vm.ts,
//     through the run pipeline.
// (2) Detector throughput and peak RSS over 1 GB of real console lines:
//     bench/crash-throughput.ts, bundled and run in a plain node process.
// Exit 1 when a goal is missed or something could not be measured (said why).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { stopLatency } from './crash-vm.js';

const argv = process.argv.slice(2);
const take = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  argv.splice(i, 2);
  return v;
};
const runs = Number(take('runs') ?? 20);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a positive integer');
const kernel = take('kernel');
const only = take('only');
const skipVm = argv.includes('--skip-vm');
const skipThroughput = argv.includes('--skip-throughput');
const throughputArgs = argv.filter((a) => a !== '--skip-vm' && a !== '--skip-throughput');

/** Part (2) in its own node process; false when it failed or missed a goal. */
function throughput(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'kci-bench-crash-'));
  try {
    const bundle = join(dir, 'throughput.mjs');
    buildSync({
      entryPoints: [join(import.meta.dirname, 'crash-throughput.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bundle,
      logLevel: 'warning',
    });
    const fixtures = join(import.meta.dirname, '..', '__tests__', 'fixtures');
    const r = spawnSync(process.execPath, [bundle, ...throughputArgs], {
      stdio: 'inherit',
      env: {
        ...process.env,
        KCI_FIXTURES: join(fixtures, 'console'),
        KCI_SYZKALLER: join(fixtures, 'syzkaller', 'linux-report'),
      },
    });
    return r.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!skipThroughput && !throughput()) process.exitCode = 1;
if (!skipVm) {
  console.log(
    `(1) stop latency: last line of the report -> QEMU gone, p50/p95/max of ${runs} runs`,
  );
  if (!(await stopLatency(console.log, { runs, kernel, only }))) process.exitCode = 1;
}
