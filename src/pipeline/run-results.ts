// From console markers to results: which test ran, how each attempt ended,
// and what each test becomes (assembleOutcome), including the ones that did
// not finish when the VM stopped early.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { addStatusLeaf, assembleTest, EXIT_STATUS_LEAF, notRunTest } from '../core/assemble.js';
import { parseMarker } from '../core/markers.js';
import { finalExits, fullName, type Plan, type PlanTest } from '../core/plan/plan.js';
import type { Status, Suite, TestResult } from '../core/results.js';
import { mergeAttempts } from '../core/retries.js';
import { attemptOutput } from '../system/guest-init.js';
import { readGuestFile } from '../system/safe-write.js';
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
  private startedIds = new Set<number>();
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
    this.startedIds.clear();
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
      this.startedIds.add(t.id);
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

  /**
   * After the VM ended: the guest's copy of its markers (written through the
   * share) fills in what the console lost — a marker line garbled by a
   * printk in its middle. Returns how many markers were recovered.
   */
  recover(copy: string): number {
    const f = new MarkerCollector(this.plan, this.nonce, this.outputBase);
    for (const line of copy.split('\n')) f.onLine(line, 0);
    let n = 0;
    if (f.ready && !this.ready) {
      this.ready = true;
      n++;
    }
    for (const id of f.startedIds)
      if (!this.startedIds.has(id)) {
        this.startedIds.add(id);
        n++;
      }
    for (const [id, list] of f.ends) {
      const have = this.ends.get(id) ?? [];
      if (list.length > have.length) {
        n += list.length - have.length;
        this.ends.set(id, list);
      }
    }
    if (f.done && !this.done) {
      this.done = true;
      n++;
    }
    if (n) this.current = undefined;
    return n;
  }

  outcomes(): TestOutcome[] {
    return this.plan.tests.map((test) => {
      const attempts = this.ends.get(test.id) ?? [];
      const started = this.startedIds.has(test.id);
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

/** The guest's own rule (guest-init.ts): stop retrying on a non-failing exit, or out of tries. */
export function isFinal(t: PlanTest, a: AttemptEnd): boolean {
  return finalExits(t).includes(a.exit) || a.attempt > (t.retries ?? 0);
}

/** What the VM end means for a test that was running or never started. */
export interface CutShort {
  /** Status of the test that was running. */
  running: Status;
  reason: string;
}

// Outputs are read whole for parsing; beyond this only the tail is kept.
const MAX_OUTPUT = 32 * 1024 * 1024;

// The guest wrote these in the share: read without following its links.
const readOutput = (path: string): string => readGuestFile(path, MAX_OUTPUT);

// test_progs.c's EXIT_NO_TEST and EXIT_ERR_SETUP_INFRA.
const TEST_PROGS_EXITS: Record<number, string> = {
  2: 'test_progs ran no test: its selection matched none (exit 2)',
  3: 'test_progs could not set itself up (exit 3)',
};

/**
 * Plain commands are not kselftests: only 0 passes and 4 skips (the
 * convention every kselftest helper follows); 2 and 3 are failures there.
 */
function commandExit(
  t: TestResult,
  exit: number | null | undefined,
  kind: PlanTest['kind'],
): TestResult {
  if (exit !== 2 && exit !== 3) return t;
  const r: TestResult = {
    ...t,
    status: 'fail',
    reason: (kind === 'bpf' ? TEST_PROGS_EXITS[exit] : undefined) ?? `exit code ${exit}`,
    subtests: [...t.subtests],
  };
  addStatusLeaf(r, EXIT_STATUS_LEAF, 'fail', r.reason);
  return r;
}

/**
 * The one way a test's outcome becomes its result: every attempt assembled
 * from its end marker and the TAP in its output (kselftest exit semantics,
 * plain-command ones for the other kinds), a test cut short by the VM's end
 * crashed or timed out, one never started not-run, attempts merged (fail
 * then pass = flaky).
 */
export function assembleOutcome(
  o: TestOutcome,
  outDir: string,
  cut: CutShort | undefined,
): TestResult {
  const t = o.test;
  if (!o.started)
    return notRunTest(t, cut ? `not run: ${cut.reason}` : 'not run: the plan did not reach it');
  const rel = (p: string) => relative(outDir, p);
  const tries: TestResult[] = o.attempts.map((a) => {
    const r = assembleTest(
      t,
      { exit: a.exit, ms: a.ms, timedOut: a.timedOut },
      readOutput(a.output),
      {
        outputPath: rel(a.output),
      },
    );
    return t.kind === 'kselftest' ? r : commandExit(r, a.exit, t.kind);
  });
  if (o.unfinished) {
    const file = attemptOutput(o.outputBase, o.attempts.length + 1);
    const r = assembleTest(t, null, readOutput(file), {
      outputPath: existsSync(file) ? rel(file) : undefined,
      interrupted: cut?.running === 'timeout' ? 'timeout' : 'crash',
    });
    if (cut) r.reason = cut.reason;
    tries.push(r);
  }
  return mergeAttempts(tries);
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
