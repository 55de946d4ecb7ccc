// node --import tsx bench/packetdrill-pool.ts [-- --runs 24 --sleep 0.3 --hogs 4]
// The packetdrill pool script run for real by sh (as in the guest), each run
// in its own network namespace (needs root), with a stand-in packetdrill that
// sleeps and records how many runs are alive. For jobs = 1, 2 and 4 (capped
// at this machine's CPUs), with `hogs` busy loops competing for the CPUs:
// wall time vs the ideal (runs × sleep / jobs), the per-run overhead of the
// pool + netns, and the largest number of runs ever alive at once.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { poolScript, type PoolRun } from '../src/core/packetdrill.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const runsN = arg('runs', 24);
const sleep = arg('sleep', 0.3);
const hogsN = arg('hogs', 4);

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
