// npm run bench:crash [-- --gb N] [-- --skip-vm]
// (1) Stop latency: time from the report's last console line to QEMU gone,
//     for a panic and for a hung task, median of 5 (goal <= 0.5 s):
//     bench/crash-vm.ts, through the run pipeline.
// (2) Detector throughput and peak RSS over 1 GB of real console lines:
//     bench/crash-throughput.ts, bundled and run in a plain node process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { stopLatency } from './crash-vm.js';

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
  const args = process.argv.slice(2).filter((a) => a !== '--skip-vm');
  const r = spawnSync(process.execPath, [bundle, ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      KCI_FIXTURES: join(import.meta.dirname, '..', '__tests__', 'fixtures', 'console'),
      KCI_SYZKALLER: join(
        import.meta.dirname,
        '..',
        '__tests__',
        'fixtures',
        'syzkaller',
        'linux-report',
      ),
    },
  });
  if (r.status !== 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!process.argv.includes('--skip-vm')) {
  console.log('(1) stop latency: last line of the report -> QEMU gone, median of 5');
  await stopLatency(console.log);
}
