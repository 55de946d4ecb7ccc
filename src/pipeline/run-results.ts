// From console markers to results: which test ran, how each attempt ended,
// and what the tests that did not finish become when the VM stops early.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseMarker } from '../core/markers.js';
import { fullName, type Plan, type PlanTest } from '../core/plan.js';
import type { Status, Suite, TestResult } from '../core/results.js';
import { attemptOutput } from '../system/guest-init.js';
import type { ConsoleListener } from '../system/vm.js';

export interface AttemptEnd {
  attempt: number;
  exit: number;
  ms: number;
  timedOut: boolean;
  /** Host path of this attempt's output file. */
  output: string;
}

export interface TestOutcome {
  test: PlanTest;
  started: boolean;
  /** In order; the last one is the verdict unless the test was cut short. */
  attempts: AttemptEnd[];
  /** Started, and the VM ended before its last attempt did. */
  unfinished: boolean;
  /** Output path without extension (see attemptOutput). */
  outputBase: string;
  /** Console lines this test's run spans (1-based, console.log). */
  lines?: { first: number; last: number };
}

export interface MarkerEvents {
  onReady?(uptime: number): void;
  onStart?(t: PlanTest): void;
  onEnd?(t: PlanTest, a: AttemptEnd): void;
  onDone?(): void;
}

/** Follows the markers of one run; reset on every boot attempt. */
export class MarkerCollector implements ConsoleListener {
  ready = false;
  done = false;
  current: PlanTest | undefined;
  private byId: Map<number, PlanTest>;
  private started = new Map<number, number>();
  private ended = new Map<number, number>();
  private ends = new Map<number, AttemptEnd[]>();

  constructor(
    private readonly plan: Plan,
    private readonly nonce: string,
    private readonly outputBase: (t: PlanTest) => string,
    private readonly events: MarkerEvents = {},
  ) {
    this.byId = new Map(plan.tests.map((t) => [t.id, t]));
  }

  onBoot(): void {
    this.ready = this.done = false;
    this.current = undefined;
    this.started.clear();
    this.ended.clear();
    this.ends.clear();
  }

  onLine(line: string, lineNo: number): void {
    const m = parseMarker(line, this.nonce);
    if (!m) return;
    if (m.type === 'ready') {
      this.ready = true;
      this.events.onReady?.(m.uptime);
    } else if (m.type === 'start') {
      const t = this.byId.get(m.id);
      if (!t) return;
      this.current = t;
      this.started.set(t.id, lineNo);
      this.events.onStart?.(t);
    } else if (m.type === 'end') {
      const t = this.byId.get(m.id);
      if (!t) return;
      const a: AttemptEnd = {
        attempt: m.attempt,
        exit: m.exit,
        ms: m.ms,
        timedOut: m.timedOut,
        output: attemptOutput(this.outputBase(t), m.attempt),
      };
      const list = this.ends.get(t.id) ?? [];
      list.push(a);
      this.ends.set(t.id, list);
      this.ended.set(t.id, lineNo);
      if (isFinal(t, a)) this.current = undefined;
      this.events.onEnd?.(t, a);
    } else {
      this.done = true;
      this.current = undefined;
      this.events.onDone?.();
    }
  }

  outcomes(): TestOutcome[] {
    return this.plan.tests.map((test) => {
      const attempts = this.ends.get(test.id) ?? [];
      const started = this.started.has(test.id);
      const last = attempts.at(-1);
      const first = this.started.get(test.id);
      return {
        test,
        started,
        attempts,
        outputBase: this.outputBase(test),
        unfinished: started && (!last || !isFinal(test, last)),
        lines: first === undefined ? undefined : { first, last: this.ended.get(test.id) ?? first },
      };
    });
  }
}

/** The guest's own rule (guest-init.ts): stop retrying on pass, on kselftest skip, or out of tries. */
export function isFinal(t: PlanTest, a: AttemptEnd): boolean {
  if (a.exit === 0) return true;
  if (a.exit === 4 && t.kind === 'kselftest' && !t.skipIsFail) return true;
  return a.attempt > (t.retries ?? 0);
}

export function attemptStatus(t: PlanTest, a: AttemptEnd): Status {
  if (a.timedOut) return 'timeout';
  if (a.exit === 0) return 'pass';
  if (a.exit === 4 && t.kind === 'kselftest' && !t.skipIsFail) return 'skip';
  return 'fail';
}

function excerpt(path: string, lines = 15): string | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8').trimEnd();
  if (!text) return undefined;
  return text.split('\n').slice(-lines).join('\n');
}

/** What the VM end means for a test that was running or never started. */
export interface CutShort {
  /** Status of the test that was running. */
  running: Status;
  reason: string;
}

/** Default result of one test: its exit code decides. TAP-aware assembly replaces this. */
export function resultFromExit(
  o: TestOutcome,
  outDir: string,
  cut: CutShort | undefined,
): TestResult {
  const t = o.test;
  const rel = (p: string) => relative(outDir, p);
  const attempts = o.attempts.map((a) => ({
    status: attemptStatus(t, a),
    exitCode: a.exit,
    durationMs: a.ms,
    outputPath: rel(a.output),
  }));
  const last = o.attempts.at(-1);
  const base: TestResult = { name: t.name, status: 'not-run', durationMs: null, subtests: [] };
  if (t.file) base.file = t.file;
  if (!o.started) return { ...base, reason: cut ? `not run: ${cut.reason}` : 'not run' };
  if (o.unfinished) {
    const file = attemptOutput(o.outputBase, o.attempts.length + 1);
    return {
      ...base,
      status: cut?.running ?? 'crashed',
      reason: cut?.reason ?? 'the VM stopped while this test ran',
      outputPath: existsSync(file) ? rel(file) : undefined,
      excerpt: excerpt(file),
      attempts: attempts.length ? attempts : undefined,
    };
  }
  const a = last!;
  let status = attemptStatus(t, a);
  if (status === 'pass' && o.attempts.length > 1) status = 'flaky';
  const r: TestResult = {
    ...base,
    status,
    durationMs: a.ms,
    exitCode: a.exit,
    outputPath: rel(a.output),
    subtests: [],
  };
  if (status === 'timeout') r.reason = `killed after its ${t.timeoutSec} s timeout`;
  else if (status === 'fail') r.reason = `exit code ${a.exit}`;
  else if (status === 'flaky') r.reason = `passed on attempt ${a.attempt} of ${o.attempts.length}`;
  if (status !== 'pass') r.excerpt = excerpt(a.output);
  if (attempts.length > 1) r.attempts = attempts;
  return r;
}

export function groupSuites(plan: Plan, results: Map<number, TestResult>): Suite[] {
  const suites: Suite[] = [];
  for (const t of plan.tests) {
    let s = suites.find((x) => x.name === t.suite);
    if (!s) suites.push((s = { name: t.suite, kind: t.kind, durationMs: 0, tests: [] }));
    const r = results.get(t.id)!;
    s.tests.push(r);
    if (r.durationMs !== null) s.durationMs = (s.durationMs ?? 0) + r.durationMs;
  }
  return suites;
}

export { fullName };
