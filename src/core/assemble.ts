// One test's end marker + its output → a TestResult with subtests at any
// depth; boot-time KTAP → KUnit suites.
//
// kselftest semantics (tools/testing/selftests/kselftest/runner.sh):
//   exit 0 pass, 4 skip, 2 xfail, 3 xpass, 124 or killed at the timeout →
//   timeout, anything else fail. `skipIsFail` turns exit 4 into a failure.
// Subtests come from the TAP the test printed (mptcp_lib.sh's block, a C
// harness, a kselftest runner wrapping the script...).
//
// Reconciling the exit code with the subtests (counts are over leaves, so a
// failure must always be visible as a leaf):
//  - exit says fail/timeout but no subtest failed → a synthetic leaf
//    "(exit status)" carries the failure and its reason;
//  - exit 0 but a subtest failed → the test is failed: the TAP is the more
//    precise witness (a script may forget to propagate its status);
//  - a subtest planned ("1..N") but never printed → a failed leaf "#k" with
//    the reason; a test with no end marker did not finish → fail/crashed.
import type { PlanTest } from './plan/plan.js';
import { leaves, MAX_TEST_DEPTH, type Status, type Suite, type TestResult } from './results.js';
import { visibleText } from './console-clean.js';
import { parseTap, TapStream } from './tap/index.js';
import { parseTestProgs } from './test-progs.js';
import { nodeStatus } from './tap/status.js';
import type { TapNode } from './tap/tree.js';

export interface TestEnd {
  exit: number;
  ms: number;
  timedOut: boolean;
}

export interface AssembleOptions {
  /** Overrides plan.skipIsFail. */
  skipIsFail?: boolean;
  /** Where the full output was saved, relative to the out dir. */
  outputPath?: string;
  /** Why there is no end marker: the kernel crashed, or the run hit its global timeout. */
  interrupted?: 'crash' | 'timeout';
  /** Lines kept in `excerpt` (default 30). */
  excerptLines?: number;
}

export const EXIT_STATUS_LEAF = '(exit status)';

const FAILING: ReadonlySet<Status> = new Set(['fail', 'timeout', 'crashed']);
export const isFailing = (s: Status): boolean => FAILING.has(s);

/** Status from the end marker alone, kselftest's way. */
export function exitStatus(
  end: TestEnd | null,
  opts: { skipIsFail?: boolean; timeoutSec?: number; interrupted?: 'crash' | 'timeout' } = {},
): { status: Status; reason?: string } {
  if (!end) {
    if (opts.interrupted === 'crash')
      return { status: 'crashed', reason: 'the kernel crashed while the test ran' };
    if (opts.interrupted === 'timeout')
      return { status: 'timeout', reason: 'the run hit its global timeout while the test ran' };
    return { status: 'fail', reason: 'no end marker: the test never finished (console ended)' };
  }
  if (end.timedOut || end.exit === 124)
    return {
      status: 'timeout',
      reason: opts.timeoutSec
        ? `timed out after ${opts.timeoutSec} s`
        : `timed out (exit=${end.exit})`,
    };
  switch (end.exit) {
    case 0:
      return { status: 'pass' };
    case 4:
      return opts.skipIsFail
        ? { status: 'fail', reason: 'skipped (exit=4) and skips count as failures' }
        : { status: 'skip', reason: 'exit=4' };
    case 2:
      return { status: 'xfail', reason: 'exit=2' };
    case 3:
      return { status: 'xpass', reason: 'exit=3' };
    default:
      return { status: 'fail', reason: `exit=${end.exit}` };
  }
}

function nodeResult(n: TapNode, subtests: TestResult[], name?: string): TestResult {
  const { status, reason } = nodeStatus(n);
  const t: TestResult = {
    name: name ?? nodeName(n),
    status,
    durationMs: n.directive?.timeMs ?? null,
    subtests,
  };
  if (reason) t.reason = reason;
  if (n.directive?.raw) t.directive = n.directive.raw;
  if (n.directive?.exit !== undefined) t.exitCode = n.directive.exit;
  return t;
}

const nodeName = (n: TapNode) => n.name || (n.id !== null ? `#${n.id}` : '(unnamed)');

/**
 * TAP result trees → the tests at `level` (a suite's test is level 1) and
 * their subtests. Results nest at most MAX_TEST_DEPTH levels (the schema's
 * limit): the results below the last level become its subtests, named by
 * their path ("a / b / c"). That is done without recursion, as console
 * text can nest thousands deep.
 */
export function toSubtests(nodes: TapNode[], level = 2): TestResult[] {
  return nodes.map((n) => {
    if (n.children.length === 0) return nodeResult(n, []);
    if (level + 1 < MAX_TEST_DEPTH) return rollUp(nodeResult(n, toSubtests(n.children, level + 1)));
    return rollUp(nodeResult(n, flattened(n.children)));
  });
}

/** Every result under `nodes` as one level: leaves, and failures no leaf below shows. */
function flattened(nodes: TapNode[]): TestResult[] {
  const out: TestResult[] = [];
  // Post-order without recursion: a node is finished after its children,
  // knowing whether any of them showed a failure.
  interface Frame {
    n: TapNode;
    path: string;
    next: number;
    failingBelow: boolean;
  }
  const stack: Frame[] = [];
  for (const root of nodes) {
    stack.push({ n: root, path: nodeName(root), next: 0, failingBelow: false });
    while (stack.length > 0) {
      const f = stack.at(-1)!;
      if (f.next < f.n.children.length) {
        const c = f.n.children[f.next++]!;
        stack.push({ n: c, path: `${f.path} / ${nodeName(c)}`, next: 0, failingBelow: false });
        continue;
      }
      stack.pop();
      const t = nodeResult(f.n, [], f.path);
      const failing = isFailing(t.status);
      if (f.n.children.length === 0 || (failing && !f.failingBelow)) out.push(t);
      const parent = stack.at(-1);
      if (parent && (failing || f.failingBelow)) parent.failingBelow = true;
    }
  }
  return out;
}

/**
 * Counts are over leaves: when no leaf of `t` shows `status` (any failure,
 * for a failing status), a leaf named `name` is added that does, and
 * returned. A test without subtests is its own leaf: nothing to add.
 */
export function addStatusLeaf(
  t: TestResult,
  name: string,
  status: Status,
  reason: string | undefined,
): TestResult | undefined {
  if (t.subtests.length === 0) return undefined;
  const shows = (s: Status) => s === status || (isFailing(status) && isFailing(s));
  for (const l of leaves(t.subtests)) if (shows(l.test.status)) return undefined;
  const leaf: TestResult = { name, status, durationMs: null, subtests: [] };
  if (reason) leaf.reason = reason;
  t.subtests.push(leaf);
  return leaf;
}

// A parent line says "ok" but a child failed (or the reverse, without a
// failing child): the worst of the children wins, so parents never hide leaves.
const ROLLUP_ORDER: Status[] = ['crashed', 'timeout', 'fail', 'flaky', 'xpass'];

/** Makes a test's status agree with its subtests (see the file comment). */
export function rollUp(t: TestResult): TestResult {
  if (t.subtests.length === 0) return t;
  const worst = ROLLUP_ORDER.find((s) => t.subtests.some((c) => c.status === s));
  if (worst && isFailing(worst)) {
    if (!isFailing(t.status)) {
      const n = t.subtests.filter((c) => isFailing(c.status)).length;
      t.reason = `${t.reason ? `${t.reason}, but ` : ''}${n} subtest(s) failed`;
      t.status = 'fail';
    }
  } else if (isFailing(t.status)) {
    // Nothing below explains the failure: keep it visible as a leaf.
    const leaf = addStatusLeaf(t, EXIT_STATUS_LEAF, t.status, t.reason);
    if (leaf && t.exitCode !== undefined) leaf.exitCode = t.exitCode;
  } else if (worst && (t.status === 'pass' || t.status === 'skip')) {
    t.status = worst;
  }
  return t;
}

// The kselftest runner wraps one script's output as "ok 1 selftests: DIR: NAME".
const RUNNER_LINE = /^selftests: \S+: (.+)$/;

function excerpt(output: string, lines: number): string | undefined {
  if (!output) return undefined;
  let end = output.length;
  // Walk back over the last `lines` lines without splitting the whole output.
  let at = end;
  for (let i = 0; i <= lines && at > 0; i++) at = output.lastIndexOf('\n', at - 1);
  const tail = output
    .slice(at + 1, end)
    .split('\n')
    .map(visibleText)
    .join('\n')
    .trimEnd();
  const max = 4096;
  end = tail.length;
  return tail.length > max ? tail.slice(end - max) : tail || undefined;
}

/**
 * One plan test: its end marker (null when it never ended), the text it
 * printed (with or without console noise) → its TestResult.
 */
export function assembleTest(
  plan: PlanTest,
  end: TestEnd | null,
  output: string,
  opts: AssembleOptions = {},
): TestResult {
  const own = exitStatus(end, {
    skipIsFail: opts.skipIsFail ?? plan.skipIsFail,
    timeoutSec: plan.timeoutSec || undefined,
    interrupted: opts.interrupted,
  });
  const t: TestResult = {
    name: plan.name,
    status: own.status,
    durationMs: end ? end.ms : null,
    exitCode: end ? end.exit : null,
    // test_progs prints no TAP: its own result lines, read into the same tree.
    subtests: plan.kind === 'bpf' ? parseTestProgs(output).tests : tapSubtests(plan, output),
  };
  if (own.reason && own.status !== 'pass') t.reason = own.reason;
  const ex = excerpt(output, opts.excerptLines ?? 30);
  if (ex) t.excerpt = ex;
  if (opts.outputPath) t.outputPath = opts.outputPath;
  if (plan.file) t.file = plan.file;
  return rollUp(t);
}

function tapSubtests(plan: PlanTest, output: string): TestResult[] {
  let nodes = parseTap(output);
  const only = nodes.length === 1 ? nodes[0]! : null;
  const wrapped = only?.name.match(RUNNER_LINE);
  if (only && wrapped && wrapped[1] === plan.name) nodes = only.children;
  return toSubtests(nodes);
}

/** A planned test that never started (the run ended first). */
export function notRunTest(plan: PlanTest, reason: string): TestResult {
  const t: TestResult = {
    name: plan.name,
    status: 'not-run',
    durationMs: null,
    reason,
    subtests: [],
  };
  if (plan.file) t.file = plan.file;
  return t;
}

/**
 * Boot-time KUnit output (the console, any noise) → one Suite per KUnit
 * suite, its cases as tests, parameterised cases as their subtests. Only
 * KTAP documents count: userspace TAP on the same console is ignored.
 * A suite cut short (the kernel died in it) keeps its cases; the rest are
 * failed "#k" leaves saying so.
 */
export function assembleKunit(consoleLines: string | Iterable<string>): Suite[] {
  return assembleTapSuites(consoleLines).filter((s) => s.kind === 'kunit');
}

/**
 * A whole saved log (ours, LKFT's, a user's) with no markers → suites:
 * kselftest runner lines "ok N selftests: DIR: NAME" become test NAME of
 * suite DIR (its "# "-nested TAP its subtests), KTAP documents KUnit suites,
 * any other TAP a suite named `otherSuite`. Fed line by line (`kernel-ci
 * analyze` streams logs of any size); each result tree is folded in as soon
 * as it is complete.
 */
export class TapSuites {
  private readonly byName = new Map<string, Suite>();
  // A planned test the runner never got to stays in the runner's suite.
  private lastKselftest: Suite | null = null;
  private readonly stream = new TapStream((n) => this.add(n));

  constructor(private readonly otherSuite = 'tap') {}

  /** One raw console line (printk stamps, colours allowed). */
  line(raw: string): void {
    this.stream.line(raw);
  }

  /** Ends the input (results planned and never printed become failures) and returns the suites. */
  end(): Suite[] {
    this.stream.end();
    return [...this.byName.values()];
  }

  private suite(name: string, kind: Suite['kind']): Suite {
    let s = this.byName.get(name);
    if (!s) this.byName.set(name, (s = { name, kind, durationMs: null, tests: [] }));
    return s;
  }

  private add(n: TapNode): void {
    const [t] = toSubtests([n], 1);
    if (!t) return;
    const ks = /^selftests: (\S+): (.+)$/.exec(n.name);
    if (ks) {
      t.name = ks[2]!;
      if (n.directive?.exit !== undefined) t.exitCode = n.directive.exit;
      this.lastKselftest = this.suite(ks[1]!, 'kselftest');
      this.lastKselftest.tests.push(t);
    } else if (n.synthetic === 'missing' && this.lastKselftest && !n.ktap) {
      this.lastKselftest.tests.push(t);
    } else if (n.ktap) {
      const tests = this.suite(t.name, 'kunit').tests;
      if (t.subtests.length === 0) tests.push({ ...t, subtests: [] });
      for (const c of t.subtests) tests.push(c);
    } else {
      this.suite(this.otherSuite, 'command').tests.push(t);
    }
  }
}

/** A whole text (or its lines) through TapSuites. */
export function assembleTapSuites(input: string | Iterable<string>, otherSuite = 'tap'): Suite[] {
  const s = new TapSuites(otherSuite);
  for (const l of typeof input === 'string' ? input.split('\n') : input) s.line(l);
  return s.end();
}
