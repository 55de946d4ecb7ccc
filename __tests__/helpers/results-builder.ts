// Builds RunResults for tests of the reporting code: the shape a run writes,
// counts, verdict and conclusion from verdict.ts as a run computes them, so
// tests only state what matters to them.
import { finalizeRun } from '../../src/core/verdict.js';
import {
  SCHEMA_ID,
  type Finding,
  type RunResults,
  type Status,
  type Suite,
  type TestResult,
} from '../../src/core/results.js';

export function test(
  name: string,
  status: Status,
  durationMs: number | null = 1000,
  extra: Partial<TestResult> = {},
): TestResult {
  return { name, status, durationMs, subtests: [], ...extra };
}

export function suite(name: string, tests: TestResult[], kind: Suite['kind'] = 'kselftest'): Suite {
  const durationMs = tests.reduce((a, t) => a + (t.durationMs ?? 0), 0);
  return { name, kind, durationMs, tests };
}

export function results(
  suites: Suite[],
  extra: Partial<RunResults> & { findings?: Finding[] } = {},
): RunResults {
  const findings = extra.findings ?? [];
  const name = suites[0]?.name ?? 'run';
  const { counts, verdict, conclusion } = finalizeRun({ name, suites, findings });
  return {
    schema: SCHEMA_ID,
    verdict,
    conclusion,
    name,
    startedAt: '2026-11-27T02:00:00.000Z',
    durationMs: suites.reduce((a, s) => a + (s.durationMs ?? 0), 0),
    vm: {
      accel: 'tcg',
      accelReason: '/dev/kvm is absent',
      bootSeconds: 3.1,
      cpus: 2,
      memoryMiB: 2048,
      kernelRelease: '6.1.0-50-amd64',
    },
    counts,
    suites,
    findings,
    ...extra,
  };
}

export function finding(title: string, extra: Partial<Finding> = {}): Finding {
  return {
    kind: 'bug',
    title,
    fatal: true,
    fingerprint: title.toLowerCase().replace(/\W+/g, '-'),
    count: 1,
    lines: { first: 100, last: 140 },
    report: `${title}\nCall Trace:\n <TASK>\n dump_stack_lvl+0x44/0x5c\n </TASK>`,
    ...extra,
  };
}
