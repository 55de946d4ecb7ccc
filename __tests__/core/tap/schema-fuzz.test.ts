// Fuzz (bounded, seeded) over console and TAP input, end to end into
// results.json (issue 17): whatever a guest prints, `analyze` and a run's
// per-test assembly produce a file the schema accepts and the renderers
// handle. Logs are spliced from real captures (kselftest runs, KTAP, kernel
// crashes), generated TAP nested past the depth limit, and garbage.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { assembleTest } from '../../../src/core/assemble.js';
import { toJUnit } from '../../../src/core/junit.js';
import type { PlanTest } from '../../../src/core/plan/plan.js';
import { SCHEMA_ID, type RunResults } from '../../../src/core/results.js';
import { resultsProblem } from '../../../src/core/results-check.js';
import { renderSummary, renderTerminal } from '../../../src/core/summary/index.js';
import { finalizeRun } from '../../../src/core/verdict.js';
import { analyzeFile } from '../../../src/pipeline/analyze.js';
import { repoRoot } from '../../helpers/dist.js';
import { resultsSchema, rng } from '../../helpers/schema-gen.js';

const ITERATIONS = 40;
const validate = new Ajv({ strict: true, allErrors: true }).compile(resultsSchema);

const dir = (d: string) => join(repoRoot, '__tests__/fixtures', d);
const SOURCES = [
  ...readdirSync(dir('tap'))
    .filter((f) => /\.(txt|log|tap|ktap)$/.test(f))
    .map((f) => join(dir('tap'), f)),
  ...readdirSync(dir('console'))
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(dir('console'), f)),
].map((f) => readFileSync(f, 'utf8').split('\n'));

const NAMES = [
  'ok',
  'x\n::error::y',
  '<b>',
  '# SKIP',
  'a'.repeat(3000),
  '\u001b[31m',
  'selftests: net: x',
  '',
];
const DIRECTIVES = [
  '',
  ' # SKIP no',
  ' # TODO later',
  ' # XFAIL',
  ' # TIMEOUT',
  ' # exit=4',
  ' # IGNORE Flaky',
  ' # time=12ms',
];

function generatedTap(r: () => number, depth: number): string[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const p = '# '.repeat(depth);
  const n = 1 + Math.floor(r() * 3);
  const lines = [
    `${p}${r() < 0.3 ? 'KTAP version 1' : 'TAP version 13'}`,
    `${p}1..${n + (r() < 0.2 ? 1 : 0)}`,
  ];
  for (let i = 1; i <= n; i++) {
    if (r() < 0.5 && depth < 40) lines.push(...generatedTap(r, depth + 1));
    lines.push(`${p}${r() < 0.4 ? 'not ok' : 'ok'} ${i} ${pick(NAMES)}${pick(DIRECTIVES)}`);
  }
  return lines;
}

function consoleLog(r: () => number): string {
  const out: string[] = [];
  for (let k = 1 + Math.floor(r() * 6); k > 0; k--) {
    const roll = r();
    if (roll < 0.45) {
      const src = SOURCES[Math.floor(r() * SOURCES.length)]!;
      const start = Math.floor(r() * src.length);
      out.push(...src.slice(start, start + Math.floor(r() * 400)));
    } else if (roll < 0.8) {
      // Deep nesting now and then: past the 32-level limit the writer flattens.
      out.push(...generatedTap(r, r() < 0.2 ? 25 : 0));
    } else {
      for (let i = Math.floor(r() * 20); i > 0; i--) {
        let s = r() < 0.3 ? `[${(r() * 100).toFixed(6)}] ` : '';
        for (let c = Math.floor(r() * 80); c > 0; c--)
          s += String.fromCharCode(Math.floor(r() * 0x3000));
        out.push(s);
      }
    }
  }
  return out.join(r() < 0.2 ? '\r\n' : '\n');
}

function expectValid(r: RunResults, what: string): void {
  const doc = JSON.parse(JSON.stringify(r)) as RunResults;
  expect(validate(doc), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  expect(resultsProblem(doc), what).toBeUndefined();
  renderSummary(doc);
  renderTerminal(doc);
  toJUnit([doc]);
}

describe('fuzz: console and TAP input → results.json the schema accepts', () => {
  it(`analyze's pipeline (${ITERATIONS} logs)`, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kci-schema-fuzz-'));
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const file = join(tmp, `${seed}.log`);
      writeFileSync(file, consoleLog(rng(seed)));
      const { findings, suites } = await analyzeFile(file);
      const run = finalizeRun({
        schema: SCHEMA_ID as typeof SCHEMA_ID,
        name: `fuzz ${seed}`,
        startedAt: new Date(0).toISOString(),
        durationMs: 0,
        suites,
        findings,
      });
      expectValid(run, `seed ${seed} (analyze)`);
    }
  });

  it(`a run's per-test assembly (${ITERATIONS} outputs, any end)`, () => {
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const r = rng(seed + 1000);
      const plan = {
        id: 1,
        suite: 'net/mptcp',
        name: r() < 0.5 ? 'mptcp_join.sh' : 'x\n::warning::y',
        kind: 'kselftest',
        cmd: 'true',
        timeoutSec: 45,
      } as unknown as PlanTest;
      const end =
        r() < 0.2
          ? null
          : { exit: Math.floor(r() * 130), ms: Math.floor(r() * 1e6), timedOut: r() < 0.1 };
      const test = assembleTest(plan, end, consoleLog(r), {
        interrupted: end ? undefined : r() < 0.5 ? 'crash' : 'timeout',
      });
      const run = finalizeRun({
        schema: SCHEMA_ID as typeof SCHEMA_ID,
        name: `fuzz ${seed}`,
        startedAt: new Date(0).toISOString(),
        durationMs: 0,
        suites: [{ name: plan.suite, kind: 'kselftest', durationMs: null, tests: [test] }],
        findings: [],
      });
      expectValid(run, `seed ${seed} (assembleTest)`);
    }
  });
});
