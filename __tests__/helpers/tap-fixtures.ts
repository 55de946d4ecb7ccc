// Real captures in __tests__/fixtures/tap/, described by captures.json, turned
// into RunResults the way the run pipeline does: one plan test per script
// capture (end marker from the real run), whole logs through assembleTapSuites.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleKunit, assembleTapSuites, assembleTest } from '../../src/core/assemble.js';
import type { PlanTest } from '../../src/core/plan/plan.js';
import { SCHEMA_ID, type RunResults, type Suite } from '../../src/core/results.js';
import { finalizeRun } from '../../src/core/verdict.js';

export const TAP_FIXTURES = join(import.meta.dirname, '../fixtures/tap');

export interface Capture {
  file: string;
  /** What produced it, e.g. "6.12 MPTCP selftests on Debian's 6.1.176 kernel". */
  what: string;
  /** script: one test's own output (end marker known); log: a whole runner log; console: a serial console. */
  type: 'script' | 'log' | 'console';
  suite?: string;
  test?: string;
  exit?: number;
  ms?: number;
  timedOut?: boolean;
}

export const captures = (): Capture[] =>
  JSON.parse(readFileSync(join(TAP_FIXTURES, 'captures.json'), 'utf8')) as Capture[];

export const readCapture = (c: Capture | string): string =>
  readFileSync(join(TAP_FIXTURES, typeof c === 'string' ? c : c.file), 'utf8');

export function planTest(c: Capture, id = 1): PlanTest {
  return {
    id,
    suite: c.suite ?? 'net/mptcp',
    kind: 'kselftest',
    name: c.test ?? c.file,
    cwd: '/',
    command: `./${c.test}`,
    timeoutSec: 0,
  };
}

export function suitesOf(c: Capture): Suite[] {
  const text = readCapture(c);
  if (c.type === 'script') {
    const t = assembleTest(
      planTest(c),
      { exit: c.exit ?? 0, ms: c.ms ?? 0, timedOut: c.timedOut ?? false },
      text,
      { outputPath: `tests/${c.file}` },
    );
    return [
      { name: c.suite ?? 'net/mptcp', kind: 'kselftest', durationMs: t.durationMs, tests: [t] },
    ];
  }
  if (c.type === 'console')
    return [...assembleKunit(text), ...assembleTapSuites(text).filter((s) => s.kind !== 'kunit')];
  return assembleTapSuites(text);
}

export function runOf(c: Capture): RunResults {
  return finalizeRun({
    schema: SCHEMA_ID,
    name: c.suite ?? c.file,
    startedAt: '2026-11-27T02:00:00.000Z',
    durationMs: c.ms ?? 0,
    suites: suitesOf(c),
    findings: [],
  });
}
