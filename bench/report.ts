// bench:report — how long reporting takes and how big the summary gets:
// the three captured runs, and a synthetic large merge (3 shards of 50
// scripts × 60 subtests, 5% failing, 20 findings) that exercises the byte budget.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chooseAnnotations } from '../src/core/annotations.js';
import { SCHEMA_ID, type RunResults, type TestResult } from '../src/core/results.js';
import { mergeResults } from '../src/core/shard.js';
import { renderSummary, renderTerminal } from '../src/core/summary/index.js';
import { finalizeRun } from '../src/core/verdict.js';

const root = resolve(import.meta.dirname, '..');
const time = <T>(fn: () => T, n = 5): { ms: number; value: T } => {
  let value = fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) value = fn();
  return { ms: (performance.now() - t0) / n, value };
};

function shard(index: number): RunResults {
  const tests: TestResult[] = [];
  for (let s = 0; s < 50; s++) {
    const subtests: TestResult[] = [];
    for (let k = 0; k < 60; k++)
      subtests.push({
        name: `subtest ${k}: MPTCP join with ${k} subflows, address ${s}.${k}`,
        status: (s * 60 + k + index) % 20 === 0 ? 'fail' : 'pass',
        durationMs: 200 + k,
        subtests: [],
      });
    tests.push({
      name: `script_${index}_${s}.sh`,
      status: subtests.some((t) => t.status === 'fail') ? 'fail' : 'pass',
      durationMs: 12_000,
      excerpt: '# '.concat('x'.repeat(100), '\n').repeat(40),
      subtests,
    });
  }
  const suites = [{ name: 'net/mptcp', kind: 'kselftest' as const, durationMs: 600_000, tests }];
  const findings = Array.from({ length: 20 }, (_, i) => ({
    kind: 'warning' as const,
    title: `WARNING: at net/mptcp/protocol.c:${100 + i} mptcp_f${i}`,
    fatal: false,
    fingerprint: `fp${i}`,
    count: 1,
    lines: { first: i * 100, last: i * 100 + 60 },
    report: 'frame+0x1/0x2\n'.repeat(60),
  }));
  const base = { name: 'net/mptcp', suites, findings };
  const fin = finalizeRun(base);
  return {
    schema: SCHEMA_ID,
    startedAt: new Date(0).toISOString(),
    durationMs: 600_000,
    ...base,
    ...fin,
    shard: { index, total: 3 },
  };
}

console.log('run                 subtests  summary bytes  render ms  annotations  terminal ms');
for (const n of ['success', 'unstable', 'crash']) {
  const r = JSON.parse(
    readFileSync(join(root, '__tests__/fixtures/results', n, 'results.json'), 'utf8'),
  ) as RunResults;
  const md = time(() => renderSummary(r, { annotationsLeftOut: chooseAnnotations(r).leftOut }));
  const tt = time(() => renderTerminal(r));
  console.log(
    `${n.padEnd(20)}${String(r.counts.total).padStart(8)}  ${String(Buffer.byteLength(md.value)).padStart(13)}  ${md.ms.toFixed(2).padStart(9)}  ${String(chooseAnnotations(r).annotations.length).padStart(11)}  ${tt.ms.toFixed(2).padStart(11)}`,
  );
}
const parts = [1, 2, 3].map(shard);
const merged = time(() => mergeResults(parts));
const big = merged.value;
const chosen = chooseAnnotations(big);
const md = time(() => renderSummary(big, { annotationsLeftOut: chosen.leftOut, parts }), 3);
const tt = time(() => renderTerminal(big, { parts }), 3);
console.log(
  `${'3 shards merged'.padEnd(20)}${String(big.counts.total).padStart(8)}  ${String(Buffer.byteLength(md.value)).padStart(13)}  ${md.ms.toFixed(2).padStart(9)}  ${String(chosen.annotations.length).padStart(11)}  ${tt.ms.toFixed(2).padStart(11)}`,
);
console.log(
  `merge: ${merged.ms.toFixed(2)} ms; annotations left out: ${chosen.leftOut.errors} errors, ${chosen.leftOut.warnings} warnings`,
);
const trimmed = /not shown: ([^\n]*)\./.exec(md.value);
console.log(`trimmed: ${trimmed ? trimmed[1] : 'nothing'}`);
