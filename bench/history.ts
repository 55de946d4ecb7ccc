// bench:history — memory across runs at the size the issue asks: a branch
// history of 200 runs × 5000 subtests. Measures what a report does with it
// (read the file, classify this run's failures, merge this run, write the
// file) and the file's size raw, gzip'd and zstd'd (the Actions cache
// compresses with zstd). Goals: merge + classify under 1 s, the file under
// 5 MB compressed. The subtests are mostly passing, 20 always failing, 50
// flaky at 10 %, durations jittering around their own mean as real ones do.
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import {
  classify,
  emptyHistory,
  mergeRun,
  parseHistory,
  serializeHistory,
  type History,
} from '../src/core/history.js';
import { SCHEMA_ID, type RunResults, type Status, type TestResult } from '../src/core/results.js';
import { finalizeRun } from '../src/core/verdict.js';

const RUNS = Number(process.env.KCI_BENCH_RUNS ?? 200);
const SUBTESTS = Number(process.env.KCI_BENCH_SUBTESTS ?? 5000);
const REPEAT = 5;
const GOAL_MS = 1000;
const GOAL_BYTES = 5 * 1000 * 1000;

// A deterministic generator: the same history on every machine.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const SCRIPTS = 50;
const mean = Array.from({ length: SUBTESTS }, () => 50 + Math.floor(rand() * 5000));

function run(n: number): RunResults {
  const per = Math.ceil(SUBTESTS / SCRIPTS);
  const tests: TestResult[] = [];
  for (let s = 0; s < SCRIPTS; s++) {
    const subtests: TestResult[] = [];
    for (let k = 0; k < per && s * per + k < SUBTESTS; k++) {
      const i = s * per + k;
      const status: Status =
        i < 20
          ? 'fail'
          : i < 70
            ? rand() < 0.1
              ? 'fail'
              : 'pass'
            : i % 97 === 0
              ? 'skip'
              : 'pass';
      subtests.push({
        name: `${String(k).padStart(3, '0')} subflow ${k % 8} addr 10.0.${s}.${k} signal`,
        status,
        durationMs: Math.round(mean[i]! * (0.9 + rand() * 0.2)),
        subtests: [],
      });
    }
    tests.push({
      name: `mptcp_script_${s}.sh`,
      status: subtests.some((t) => t.status === 'fail') ? 'fail' : 'pass',
      durationMs: 60_000,
      subtests,
    });
  }
  const base = {
    name: 'net/mptcp',
    suites: [{ name: 'net/mptcp', kind: 'kselftest' as const, durationMs: 600_000, tests }],
    findings: [],
  };
  return {
    schema: SCHEMA_ID,
    startedAt: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
    durationMs: 600_000,
    ...base,
    ...finalizeRun(base),
    vm: {
      accel: 'kvm',
      accelReason: '',
      bootSeconds: 3,
      cpus: 2,
      memoryMiB: 2048,
      kernelRelease: '6.12.0',
    },
  };
}

const meta = (n: number) => ({
  id: String(9_000_000_000 + n),
  at: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
  commit: (n * 2654435761).toString(16).padStart(40, '0').slice(0, 40),
  kernel: '6.12.0',
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const verdict = (ok: boolean) => (ok ? 'ok' : '!!! OVER THE GOAL !!!');

const limits = { maxRuns: RUNS, maxBytes: 1 << 30 };
process.stdout.write(
  `history: ${RUNS} runs × ${SUBTESTS} subtests on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), node ${process.version}\n`,
);

let t0 = performance.now();
const runs = Array.from({ length: RUNS + 1 }, (_, n) => run(n));
process.stdout.write(
  `  generated ${RUNS + 1} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);
t0 = performance.now();
let h: History = emptyHistory('main');
for (let n = 0; n < RUNS; n++) h = mergeRun(h, meta(n), runs[n]!, limits);
const building = performance.now() - t0;
const text = serializeHistory(h);
const tests = Object.keys(h.tests).length;
if (h.runs.length !== RUNS || tests < SUBTESTS) {
  process.stdout.write(
    `!!! CANNOT MEASURE: the history holds ${h.runs.length} runs and ${tests} tests, not ${RUNS} × ${SUBTESTS}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `  built by ${RUNS} merges in ${(building / 1000).toFixed(1)} s (${(building / RUNS).toFixed(1)} ms a merge on average)\n`,
);

// What a report does, on the full history, for run RUNS+1.
const current = runs[RUNS]!;
const steps = {
  parse: [] as number[],
  classify: [] as number[],
  merge: [] as number[],
  serialize: [] as number[],
};
let judged = 0;
for (let i = 0; i < REPEAT; i++) {
  let t = performance.now();
  const parsed = parseHistory(text);
  steps.parse.push(performance.now() - t);
  if (!('history' in parsed)) {
    process.stdout.write(`!!! CANNOT MEASURE: the history does not read back: ${parsed.problem}\n`);
    process.exit(1);
  }
  t = performance.now();
  judged = classify(current, parsed.history).length;
  steps.classify.push(performance.now() - t);
  t = performance.now();
  const next = mergeRun(parsed.history, meta(RUNS), current, limits);
  steps.merge.push(performance.now() - t);
  t = performance.now();
  serializeHistory(next);
  steps.serialize.push(performance.now() - t);
}
const m = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])) as Record<
  keyof typeof steps,
  number
>;
const core = m.classify + m.merge;
const all = m.parse + m.classify + m.merge + m.serialize;
process.stdout.write(
  [
    `  one report (median of ${REPEAT}): parse ${m.parse.toFixed(0)} ms, classify ${m.classify.toFixed(0)} ms (${judged} leaves judged), merge ${m.merge.toFixed(0)} ms, serialize ${m.serialize.toFixed(0)} ms`,
    `  merge + classify: ${core.toFixed(0)} ms = ${(core / GOAL_MS).toFixed(2)} × the 1 s goal  ${verdict(core < GOAL_MS)}`,
    `  with reading and writing the file: ${all.toFixed(0)} ms = ${(all / GOAL_MS).toFixed(2)} × the 1 s goal  ${verdict(all < GOAL_MS)}`,
  ].join('\n') + '\n',
);

const raw = Buffer.byteLength(text);
const gz = gzipSync(text, { level: 6 }).length;
process.stdout.write(
  `  file: ${mb(raw)} raw (${(raw / RUNS / SUBTESTS).toFixed(1)} bytes per outcome)\n`,
);
process.stdout.write(
  `  gzip -6: ${mb(gz)} = ${(gz / GOAL_BYTES).toFixed(2)} × the 5 MB goal  ${verdict(gz < GOAL_BYTES)}\n`,
);
// The cache compresses with the zstd program (zstdmt, level 3).
const zstd = spawnSync('zstd', ['-T0', '-3', '-q', '-c'], { input: text, maxBuffer: 1 << 30 });
if (zstd.status === 0) {
  const z = zstd.stdout.length;
  process.stdout.write(
    `  zstd (what the Actions cache uses): ${mb(z)} = ${(z / GOAL_BYTES).toFixed(2)} × the goal  ${verdict(z < GOAL_BYTES)}\n`,
  );
} else
  process.stdout.write(
    `  zstd: !!! CANNOT MEASURE: no zstd program here (${zstd.error?.message ?? `exit ${zstd.status}`}); gzip above stands for it\n`,
  );
const capped = raw > 8 * 1024 * 1024;
process.stdout.write(
  `  default --history-max-bytes (8 MiB): ${capped ? `!!! would drop the oldest runs to fit (raw ${mb(raw)})` : 'holds all of it'}\n`,
);
if (core >= GOAL_MS || gz >= GOAL_BYTES) process.exitCode = 1;
