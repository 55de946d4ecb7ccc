// Part (2) of bench:crash, run by bench/crash.ts in a plain node process
// (bundled, no tsx loader) so that its RSS is the detector's, not the
// TypeScript loader's.
// (2) Detector throughput and peak RSS over a console of real log lines
//     (the captures under __tests__/fixtures/console, repeated and streamed,
//     never held in memory), next to a plain line-split pass over the same
//     bytes as the baseline (goal >= 200 MB/s, RSS < 100 MB); then, as the
//     worst case, syzkaller's corpus (every report different).
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { LineSplitter } from '../src/core/console-lines.js';
import { CrashDetector } from '../src/core/crash/detector.js';

const FIXTURES =
  process.env.KCI_FIXTURES ?? join(import.meta.dirname, '..', '__tests__', 'fixtures', 'console');
const SYZKALLER =
  process.env.KCI_SYZKALLER ??
  join(import.meta.dirname, '..', '__tests__', 'fixtures', 'syzkaller', 'linux-report');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
};
const MB = 1 << 20;

/** One unit of real console bytes; the stream repeats it up to the size asked. */
function unit(): Buffer {
  const parts = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => readFileSync(join(FIXTURES, f)));
  return Buffer.concat(
    parts.map((p) => (p.at(-1) === 10 ? p : Buffer.concat([p, Buffer.from('\n')]))),
  );
}

/**
 * syzkaller's corpus (even half): logs of many kernels where nearly every
 * line is part of a report and no two reports are the same (titles are
 * computed for each, nothing comes from the memos). Headers and the
 * expected-report sections are left out.
 */
function corpusUnit(): Buffer {
  const logs = readdirSync(SYZKALLER)
    .filter((f) => /^\d+$/.test(f))
    .map((f) => {
      const t = readFileSync(join(SYZKALLER, f), 'utf8');
      const log = t.slice(t.indexOf('\n\n') + 2);
      const rep = log.indexOf('\n\nREPORT:\n');
      return rep < 0 ? log : log.slice(0, rep + 1);
    });
  return Buffer.from(logs.map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join(''));
}

/** MB/s over the process's CPU time: what the detector costs, whatever else the host runs. */
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

function* chunks(u: Buffer, total: number, size = 64 * 1024): Generator<Buffer> {
  let sent = 0;
  let at = 0;
  while (sent < total) {
    const n = Math.min(size, u.length - at, total - sent);
    yield u.subarray(at, at + n);
    sent += n;
    at = (at + n) % u.length;
  }
}

let peakRss = 0;
/** Peak RSS sampled during the current pass (reset by each pass). */
let passRss = 0;
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  passRss = Math.max(passRss, rss);
};
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const loadLine = () =>
  `${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${availableParallelism()} CPU(s)`;

/** Baseline: the console line splitter alone over the bytes. */
function splitPass(total: number, u: Buffer) {
  passRss = 0;
  const split = new LineSplitter();
  let n = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for (const c of chunks(u, total)) {
    bytes += c.length;
    n += split.push(c).length;
    if ((bytes & (16 * MB - 1)) < c.length) sampleRss();
  }
  n += split.end().length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  sampleRss();
  return { s, mbps: bytes / MB / s, lines: n, rss: passRss };
}

/**
 * The detector alone: the unit's lines, split once, pushed again and again
 * with growing line numbers until `total` bytes went through.
 */
function detectorPass(total: number, u: Buffer, only?: (line: string, n: number) => boolean) {
  const split = new LineSplitter();
  const lines = [...split.push(u), ...split.end()].filter((l, i) => !only || only(l, i + 1));
  const sizes = lines.map((l) => Buffer.byteLength(l) + 1);
  passRss = 0;
  const d = new CrashDetector({ stopOn: 'never' });
  let n = 0;
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  while (bytes < total) {
    for (let i = 0; i < lines.length; i++) {
      d.push(lines[i]!, ++n);
      bytes += sizes[i]!;
    }
    if ((n & 0xffff) < lines.length) sampleRss();
  }
  d.finish();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuMbps = bytes / MB / cpuSeconds(process.cpuUsage(c0));
  sampleRss();
  return { s, mbps: bytes / MB / s, cpuMbps, lines: n, findings: d.findings(), rss: passRss };
}

/** What `kernel-ci analyze` does: split + detector, end to end. */
function bothPass(total: number, u: Buffer) {
  passRss = 0;
  const split = new LineSplitter();
  const d = new CrashDetector({ stopOn: 'never' });
  let n = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for (const c of chunks(u, total)) {
    bytes += c.length;
    for (const l of split.push(c)) d.push(l, ++n);
    if ((bytes & (16 * MB - 1)) < c.length) sampleRss();
  }
  for (const l of split.end()) d.push(l, ++n);
  d.finish();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  sampleRss();
  return { s, mbps: bytes / MB / s, lines: n, rss: passRss };
}

async function main() {
  const total = Math.round(Number(arg('gb') ?? '1') * 1024 * MB);
  const u = unit();
  console.log(
    `(2) detector over ${(total / MB).toFixed(0)} MB of real console lines (unit: ${(u.length / 1024).toFixed(0)} KB of ${readdirSync(FIXTURES).length} captures, repeated)`,
  );
  // Wall-clock MB/s is what the goal reads; on a host shared with kernel
  // builds the CPU-time figures next to it say what the detector costs.
  console.log(`  load average before: ${loadLine()}`);
  const rss0 = process.memoryUsage.rss();
  const base = splitPass(total, u);
  console.log(
    `  baseline, line split only:  ${base.mbps.toFixed(0)} MB/s (${base.s.toFixed(2)} s, ${base.lines} lines)`,
  );
  const det = detectorPass(total, u);
  console.log(
    `  detector only:              ${det.mbps.toFixed(0)} MB/s (${det.s.toFixed(2)} s) = ${(det.mbps / base.mbps).toFixed(2)}x the split's speed; ${det.cpuMbps.toFixed(0)} MB/s of CPU time`,
  );
  // The usual console: boot and test output, no report. Same lines minus the reports' ranges.
  const inReport = new Set<number>();
  {
    const d = new CrashDetector({ stopOn: 'never', keepAll: true });
    const split = new LineSplitter();
    const all = [...split.push(u), ...split.end()];
    all.forEach((l, i) => d.push(l, i + 1));
    d.finish();
    for (const f of d.allReports())
      for (let n = f.lines.first; n <= f.lines.last; n++) inReport.add(n);
  }
  const quiet = detectorPass(total, u, (_l, n) => !inReport.has(n));
  console.log(
    `  detector, no-report lines:  ${quiet.mbps.toFixed(0)} MB/s (${quiet.s.toFixed(2)} s) = ${(quiet.mbps / base.mbps).toFixed(2)}x the split's speed (the usual console: boot and test output); ${quiet.cpuMbps.toFixed(0)} MB/s of CPU time`,
  );
  const both = bothPass(total, u);
  console.log(
    `  split + detector (analyze): ${both.mbps.toFixed(0)} MB/s (${both.s.toFixed(2)} s) = ${(both.mbps / base.mbps).toFixed(2)}x baseline`,
  );
  console.log(`  ${det.findings.length} distinct finding(s):`);
  for (const f of det.findings) console.log(`    ${f.title} x${f.count}`);
  const maxRss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `  RSS: ${mb(rss0)} before the passes (node alone), peak ${mb(peakRss)} sampled, ${maxRss.toFixed(0)} MB maxRSS`,
  );
  console.log(
    `    peak per pass: split ${mb(base.rss)}, detector ${mb(det.rss)}, no-report ${mb(quiet.rss)}, split + detector ${mb(both.rss)}`,
  );
  // What the JS heap reserved by the end: the young generation grows (up to
  // 2 x 16 MB semi-spaces) when objects keep surviving its collections.
  const space = new Map(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_size]));
  console.log(
    `    JS heap at the end: new space ${mb(space.get('new_space') ?? 0)}, old space ${mb(space.get('old_space') ?? 0)}, code ${mb(space.get('code_space') ?? 0)}, large objects ${mb(space.get('large_object_space') ?? 0)}`,
  );
  const met = det.mbps >= 200 && quiet.mbps >= 200 && maxRss < 100;
  console.log(
    `  goals: detector >= 200 MB/s ${det.mbps >= 200 ? 'MET' : 'MISSED'} (reports everywhere), ${quiet.mbps >= 200 ? 'MET' : 'MISSED'} (usual console); RSS < 100 MB ${maxRss < 100 ? 'MET' : 'MISSED'} (load average after: ${loadLine()})`,
  );
  if (!met) process.exitCode = 1;
  // Last, so that the goals' RSS is the usual console's.
  const cu = corpusUnit();
  const syz = detectorPass(Math.min(total, 64 * MB), cu);
  console.log(
    `  detector, syzkaller corpus: ${syz.mbps.toFixed(0)} MB/s (${syz.s.toFixed(2)} s over ${(Math.min(total, 64 * MB) / MB).toFixed(0)} MB; ${syz.cpuMbps.toFixed(0)} MB/s of CPU time) (${(cu.length / MB).toFixed(1)} MB of ${syz.findings.length} distinct reports from kernels 4.x-6.x, nearly every line in one: the worst case, no goal)`,
  );
  console.log(`    peak RSS of that pass: ${mb(syz.rss)}`);
}

await main();
