// The packetdrill pool (src/core/plan/packetdrill.ts) measured two ways.
//
// On a real kernel (the issue-21 proof; docs/packetdrill.md):
//   node --import tsx bench/packetdrill-pool.ts --kernel BZIMAGE \
//     --packetdrill-bin PD --dir packetdrill/gtests/net/mptcp [--runs 5] [--tolerance F]
// boots the kernel under TCG with `kernel-ci run` (dist/cli.js), 2 CPUs,
// `runs` times with the default pool of 2 and `runs` times serially
// (--packetdrill-jobs 1), alternating which goes first. Per run: the
// packetdrill tests' own wall time (boot excluded), the variants run, the
// failures and among them the timing ones (packetdrill's "timing error" /
// "but happened at"). Then the pool/serial wall-time ratio (wanted ≤ 0.6)
// and the timing failures of each mode (the pool's wanted ≤ serial's).
//
// Without --kernel: the pool script alone, run by sh here, each run in its
// own network namespace (needs root), with a stand-in packetdrill that
// sleeps and records how many runs are alive, against busy loops:
//   node --import tsx bench/packetdrill-pool.ts [--runs 24 --sleep 0.3 --hogs 4]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { poolScript, type PoolRun } from '../src/core/plan/packetdrill.js';
import type { RunResults, TestResult } from '../src/core/results.js';

const opt = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string, def: number): number => Number(opt(name) ?? def);

// ---- on a real kernel -------------------------------------------------------

interface Measure {
  jobs: number;
  run: number;
  wallMs: number;
  variants: number;
  failed: string[];
  timing: string[];
  verdict: string;
}

const TIMING = /timing error|but happened at/i;

/** The output lines of each TAP result in a pool's output (they precede it, as "# " lines). */
function failuresIn(text: string): { failed: string[]; timing: string[] } {
  const failed: string[] = [];
  const timing: string[] = [];
  let block: string[] = [];
  for (const line of text.split('\n')) {
    const r = /^(not )?ok \d+ (.*?)(?: # .*)?$/.exec(line);
    if (!r) {
      block.push(line);
      continue;
    }
    if (r[1]) {
      failed.push(r[2]!);
      if (block.some((l) => TIMING.test(l))) timing.push(r[2]!);
    }
    block = [];
  }
  return { failed, timing };
}

async function kernelRun(o: {
  cli: string;
  kernel: string;
  bin: string;
  dir: string;
  jobs: number;
  tolerance?: string;
  out: string;
  run: number;
}): Promise<Measure> {
  const args = [
    o.cli,
    'run',
    '--kernel',
    o.kernel,
    '--accel',
    'tcg',
    '--cpus',
    '2',
    '--quiet',
    '--packetdrill',
    o.dir,
    '--packetdrill-bin',
    o.bin,
    '--packetdrill-jobs',
    String(o.jobs),
    ...(o.tolerance ? ['--packetdrill-tolerance', o.tolerance] : []),
    '--out',
    o.out,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((res) => child.on('close', res));
  const r = JSON.parse(readFileSync(path.join(o.out, 'results.json'), 'utf8')) as RunResults;
  const tests: TestResult[] = r.suites
    .filter((s) => s.name === 'packetdrill')
    .flatMap((s) => s.tests);
  const m: Measure = {
    jobs: o.jobs,
    run: o.run,
    wallMs: tests.reduce((n, t) => n + (t.durationMs ?? 0), 0),
    variants: tests.reduce((n, t) => n + t.subtests.length, 0),
    failed: [],
    timing: [],
    verdict: r.verdict,
  };
  for (const t of tests) {
    if (!t.outputPath) continue;
    const f = failuresIn(readFileSync(path.join(o.out, t.outputPath), 'utf8'));
    m.failed.push(...f.failed.map((n) => `${t.name}/${n}`));
    m.timing.push(...f.timing.map((n) => `${t.name}/${n}`));
  }
  return m;
}

async function onKernel(kernel: string): Promise<void> {
  const bin = opt('packetdrill-bin');
  const dir = opt('dir');
  if (!bin || !dir) {
    console.error('--kernel needs --packetdrill-bin PATH and --dir DIR (gtests/net/mptcp)');
    process.exit(64);
  }
  const runs = num('runs', 5);
  const cli = path.resolve(opt('cli') ?? 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli}: build it first (npm run build)`);
  const root = opt('out') ?? mkdtempSync(path.join(tmpdir(), 'kci-bench-pd-kernel-'));
  mkdirSync(root, { recursive: true });
  console.log(
    `${runs} runs x (pool of 2, serial) of ${dir} on ${kernel} under TCG, 2 guest CPUs, ${availableParallelism()} host CPUs, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; out ${root}`,
  );
  const all: Measure[] = [];
  for (let i = 1; i <= runs; i++) {
    for (const jobs of i % 2 ? [2, 1] : [1, 2]) {
      const m = await kernelRun({
        cli,
        kernel,
        bin: path.resolve(bin),
        dir: path.resolve(dir),
        jobs,
        tolerance: opt('tolerance'),
        out: path.join(root, `run-${i}-jobs${jobs}`),
        run: i,
      });
      all.push(m);
      console.log(
        `run ${i} jobs=${jobs}: ${(m.wallMs / 1000).toFixed(1)} s, ${m.variants} variants, ${m.failed.length} failed (${m.timing.length} timing), verdict ${m.verdict}${m.timing.length ? `; timing: ${m.timing.join(', ')}` : ''}`,
      );
    }
    // so far, for a bench stopped early
    const pool = all.filter((m) => m.jobs === 2).reduce((n, m) => n + m.wallMs, 0);
    const serial = all.filter((m) => m.jobs === 1).reduce((n, m) => n + m.wallMs, 0);
    console.log(`after ${i} run(s): pool/serial ${(pool / serial).toFixed(2)}`);
    writeFileSync(path.join(root, 'bench.json'), JSON.stringify({ runs: all }, null, 2));
  }
  const of = (jobs: number) => all.filter((m) => m.jobs === jobs);
  const mean = (ms: Measure[]) => ms.reduce((n, m) => n + m.wallMs, 0) / ms.length;
  const sum = (ms: Measure[], k: 'failed' | 'timing') => ms.reduce((n, m) => n + m[k].length, 0);
  const [pool, serial] = [of(2), of(1)];
  const ratio = mean(pool) / mean(serial);
  const variants = new Set(all.map((m) => m.variants));
  console.log(
    `\npool of 2: mean ${(mean(pool) / 1000).toFixed(1)} s, ${sum(pool, 'failed')} failures, ${sum(pool, 'timing')} timing failures over ${pool.length} runs`,
  );
  console.log(
    `serial:    mean ${(mean(serial) / 1000).toFixed(1)} s, ${sum(serial, 'failed')} failures, ${sum(serial, 'timing')} timing failures over ${serial.length} runs`,
  );
  console.log(`variants per run: ${[...variants].join(', ')}`);
  const okRatio = ratio <= 0.6;
  const okTiming = sum(pool, 'timing') <= sum(serial, 'timing');
  console.log(
    `wall-time ratio pool/serial: ${ratio.toFixed(2)} (${okRatio ? 'ok' : 'FAIL'}: ≤ 0.6)`,
  );
  console.log(
    `timing failures pool vs serial: ${sum(pool, 'timing')} vs ${sum(serial, 'timing')} (${okTiming ? 'ok' : 'FAIL'}: pool ≤ serial)`,
  );
  writeFileSync(path.join(root, 'bench.json'), JSON.stringify({ ratio, runs: all }, null, 2));
  if (!okRatio || !okTiming) process.exitCode = 1;
}

// ---- the pool script alone, stand-in packetdrill ---------------------------

async function standIn(): Promise<void> {
  const runsN = num('runs', 24);
  const sleep = num('sleep', 0.3);
  const hogsN = num('hogs', 4);
  const root = mkdtempSync(path.join(tmpdir(), 'kci-bench-pd-'));
  const bin = path.join(root, 'packetdrill');
  writeFileSync(
    bin,
    `#!/bin/sh
: >"$STATE/alive.$$"
ls "$STATE" | grep -c '^alive' >>"$STATE/counts"
sleep ${sleep}
rm -f "$STATE/alive.$$"
`,
    { mode: 0o755 },
  );
  const runs: PoolRun[] = Array.from({ length: runsN }, (_, i) => ({
    name: `t${i}.pkt (ipv4)`,
    dir: root,
    args: [`t${i}.pkt`],
  }));

  async function once(jobs: number): Promise<{ ms: number; max: number }> {
    const state = path.join(root, `state-${jobs}-${Date.now()}`);
    mkdirSync(state);
    const t0 = process.hrtime.bigint();
    const child = spawn('sh', ['-c', poolScript({ bin, jobs, timeoutSec: 60, runs })], {
      env: { ...process.env, STATE: state },
      stdio: 'ignore',
    });
    const code = await new Promise((res) => child.on('close', res));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (code !== 0) throw new Error(`pool exited ${String(code)}`);
    const counts = readFileSync(path.join(state, 'counts'), 'utf8').trim().split('\n').map(Number);
    return { ms, max: Math.max(...counts) };
  }

  const cpus = availableParallelism();
  console.log(
    `${runsN} runs of ${sleep}s, ${hogsN} busy loops, ${cpus} CPUs, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  const hogs = Array.from({ length: hogsN }, () =>
    spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }),
  );
  try {
    for (const jobs of [1, 2, 4]) {
      const eff = Math.min(jobs, cpus);
      const { ms, max } = await once(jobs);
      const ideal = (runsN * sleep * 1000) / eff;
      console.log(
        `jobs=${jobs} (effective ${eff}): ${(ms / 1000).toFixed(1)} s (ideal ${(ideal / 1000).toFixed(1)} s, overhead ${((ms - ideal) / (runsN / eff)).toFixed(0)} ms per run-slot), max alive ${max}`,
      );
    }
  } finally {
    for (const h of hogs) h.kill('SIGKILL');
    spawnSync('rm', ['-rf', root]);
  }
}

const kernel = opt('kernel');
await (kernel ? onKernel(kernel) : standIn());
