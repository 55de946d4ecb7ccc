// The BPF selftests' runner, test_progs (tools/testing/selftests/bpf/
// test_progs.c), read into the same result tree as TAP.
//
// test_progs prints no TAP. Each test ends with its own line, after its
// subtests' lines (test_progs.c: dump_test_log, print_subtest_name,
// print_test_result):
//
//   #214/1   mptcp/base:OK
//   #214/2   mptcp/mptcpify:SKIP
//   #214     mptcp:OK (SKIP: 1/2)
//   Summary: 1/1 PASSED, 1 SKIPPED, 0 FAILED
//
// A result's log comes before its line: with -v always, otherwise only for
// a failure (the rest is swallowed). So the lines since the previous result
// line are that result's log; a failure's reason is its first ":FAIL:" line
// (the ASSERT_* macros' "name:FAIL:what ..."), a skip's its last log line
// that is not a passing check. test_progs has no skip reason of its own:
// a test that prints none has none.
// Verdict rules (test_progs.c's own): a failed subtest fails its test; a
// test whose subtests all skipped is SKIP, some skipped is "OK (SKIP: k/n)",
// a pass whose skipped subtests stay visible as skip leaves. A test that
// failed outside any subtest (its setup) gets a leaf saying so, as counts
// are over leaves. A subtest line with no test line after it (test_progs
// died mid-test) leaves its test failed with that reason.
import { visibleText } from './console-clean.js';
import { UsageError } from './errors.js';
import type { PlanTest } from './plan/plan.js';
import { type Status, type TestResult } from './results.js';

/** test_progs and its flavours (tools/testing/selftests/bpf/Makefile: TRUNNER_BINARY). */
export const TEST_PROGS_RUNNERS = ['test_progs', 'test_progs-no_alu32', 'test_progs-cpuv4'];

// "#12/3 name/sub:OK" or "#12 name:OK (SKIP: 1/3)": the result is always last.
const RESULT = /^#(\d+)(?:\/(\d+))?\s+(.+):(OK|FAIL|SKIP)(?: \(SKIP: (\d+)\/(\d+)\))?$/;
const SUMMARY = /^Summary: (\d+)\/(\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$/;
// Ours (testProgsCommand): a test the selection covers that a deny list removed.
const DENIED_TAG = 'kci-bpf-denylisted:';
const DENIED = /^kci-bpf-denylisted: (\S+) by (.+)$/;
const MAX_REASON = 300;

export interface TestProgsSummary {
  passed: number;
  subtestsPassed: number;
  skipped: number;
  failed: number;
}

export interface TestProgsRun {
  /** One per test, its subtests below, in the order test_progs ran them. */
  tests: TestResult[];
  /** Its last "Summary:" line; absent when test_progs never got that far. */
  summary?: TestProgsSummary;
}

const STATUS: Record<string, Status> = { OK: 'pass', FAIL: 'fail', SKIP: 'skip' };

const clip = (s: string): string => (s.length > MAX_REASON ? `${s.slice(0, MAX_REASON)}…` : s);

function failReason(log: string[]): string | undefined {
  const line = log.find((l) => l.includes(':FAIL:')) ?? log.find((l) => /\bFAIL\b/.test(l));
  return line ? clip(line.trim()) : undefined;
}

// The ASSERT_* macros' passing checks ("name:PASS:what 0 nsec", printed
// with -v) say nothing about why something was skipped.
const PASS_LINE = /^\S+:PASS:/;

function skipReason(log: string[]): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const l = log[i]!.trim();
    if (l && !PASS_LINE.test(l)) return clip(l);
  }
  return undefined;
}

function leaf(name: string, status: Status, log: string[]): TestResult {
  const t: TestResult = { name, status, durationMs: null, subtests: [] };
  const reason =
    status === 'fail' ? failReason(log) : status === 'skip' ? skipReason(log) : undefined;
  if (reason) t.reason = reason;
  return t;
}

/** test_progs's output (its stdout and stderr, as printed) → its result tree. */
export function parseTestProgs(output: string): TestProgsRun {
  const tests: TestResult[] = [];
  let summary: TestProgsSummary | undefined;
  let log: string[] = [];
  // Subtests printed since the last test line, by the test number they name.
  let pending: { num: string; test: string; subtests: TestResult[] } | null = null;
  let inErrorRecap = false;
  const deniedTests: TestResult[] = [];

  const flushPending = (why: string): void => {
    if (!pending) return;
    const t: TestResult = {
      name: pending.test,
      status: 'fail',
      durationMs: null,
      reason: why,
      subtests: pending.subtests,
    };
    tests.push(t);
    pending = null;
  };

  for (const raw of output.split('\n')) {
    const line = visibleText(raw).trimEnd();
    if (line === 'All error logs:') {
      // The failures' logs and lines printed again after the run: already counted.
      flushPending('test_progs printed no result line for it');
      inErrorRecap = true;
      continue;
    }
    const denied = DENIED.exec(line);
    if (denied) {
      deniedTests.push({
        name: denied[1]!,
        status: 'skip',
        durationMs: null,
        reason: `denylisted (${denied[2]!})`,
        subtests: [],
      });
      continue;
    }
    const s = SUMMARY.exec(line);
    if (s) {
      summary = {
        passed: Number(s[1]),
        subtestsPassed: Number(s[2]),
        skipped: Number(s[3]),
        failed: Number(s[4]),
      };
      inErrorRecap = false;
      continue;
    }
    const m = RESULT.exec(line);
    if (!m) {
      log.push(line);
      continue;
    }
    if (inErrorRecap) {
      log = [];
      continue;
    }
    const num = m[1]!;
    const sub = m[2];
    const name = m[3]!;
    const status = STATUS[m[4]!]!;
    if (sub !== undefined) {
      const slash = name.indexOf('/');
      const test = slash < 0 ? name : name.slice(0, slash);
      const subName = slash < 0 ? `#${sub}` : name.slice(slash + 1);
      if (pending && pending.num !== num)
        flushPending('test_progs printed no result line for it (did it die?)');
      pending ??= { num, test, subtests: [] };
      pending.subtests.push(leaf(subName, status, log));
      log = [];
      continue;
    }
    const subtests = pending?.num === num ? pending.subtests : [];
    if (pending && pending.num !== num)
      flushPending('test_progs printed no result line for it (did it die?)');
    pending = null;
    const t = leaf(name, status, log);
    t.subtests = subtests;
    if (status === 'fail' && !subtests.some((c) => c.status === 'fail') && subtests.length > 0) {
      // Failed outside its subtests (setup, cleanup): a leaf carries it.
      const why: TestResult = {
        name: '(outside subtests)',
        status: 'fail',
        durationMs: null,
        subtests: [],
      };
      if (t.reason) why.reason = t.reason;
      subtests.push(why);
    }
    if (status !== 'fail' && subtests.some((c) => c.status === 'fail')) {
      t.status = 'fail';
      t.reason = 'a subtest failed';
    }
    tests.push(t);
    log = [];
  }
  flushPending('test_progs ended before its result line (it died or was killed)');
  tests.push(...deniedTests);
  return summary ? { tests, summary } : { tests };
}

/** One DENYLIST/ALLOWLIST line: the test (or test/subtest glob) and its comment. */
export interface ListEntry {
  pattern: string;
  comment?: string;
}

/**
 * The tree's DENYLIST format as test_progs reads it (testing_helpers.c:
 * parse_test_list_file): everything before '#', trimmed, is the glob; the
 * rest of the line says why.
 */
export function parseTestList(text: string): ListEntry[] {
  const out: ListEntry[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const pattern = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (!pattern) continue;
    const comment = hash < 0 ? '' : raw.slice(hash + 1).trim();
    out.push(comment ? { pattern, comment } : { pattern });
  }
  return out;
}

/** One test_progs run the user asked for (`--bpf 'test_progs -t mptcp'`). */
export interface BpfSpec {
  /** The built selftests dir holding the runner (kernel-ci build's OUT/bpf). */
  dir: string;
  runner: string;
  args: string[];
  /** Seconds; the tree's bpf/settings says 0 (none). */
  timeout?: number;
}

// Test names, globs, @FILE lists, numbers: each is single-quoted in the
// guest's command, so no quote may be among them.
const SAFE_ARG = /^[\w@%+=:,./*?[\]-]+$/;

/** `test_progs -t mptcp` → its runner and arguments, checked. */
export function parseBpfFlag(raw: string, dir: string, where = '--bpf'): BpfSpec {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const runner = words[0] ?? '';
  if (!TEST_PROGS_RUNNERS.includes(runner))
    throw new UsageError(
      `${where}: expected a test_progs command line like 'test_progs -t mptcp' (runners: ${TEST_PROGS_RUNNERS.join(', ')}), got '${raw}'`,
    );
  const bad = words.slice(1).find((w) => !SAFE_ARG.test(w));
  if (bad !== undefined)
    throw new UsageError(
      `${where}: argument '${bad}' has characters test_progs arguments never need`,
    );
  return { dir, runner, args: words.slice(1) };
}

/**
 * The plan test's name: the command line itself (`bpf/test_progs -t mptcp`),
 * what a reader recognises and what the reproduce line gives back to --bpf.
 */
export function bpfTestName(s: Pick<BpfSpec, 'runner' | 'args'>): string {
  return [s.runner, ...s.args].join(' ');
}

const VERBOSITY = /^(-v+|--verbose(=.*)?)$/;

/**
 * The guest command: the filesystems test_progs expects (the BPF CI's VM
 * mounts them), then the runner from its own dir with the tree's deny lists
 * and -v (without it, a skip's reason is never printed).
 */
export function testProgsCommand(s: BpfSpec, denylists: string[]): string {
  const mounts = [
    ['bpf', '/sys/fs/bpf'],
    ['debugfs', '/sys/kernel/debug'],
    ['tracefs', '/sys/kernel/tracing'],
  ]
    .map(
      ([fs, at]) => `{ grep -q ' ${at} ' /proc/mounts || mount -t ${fs} ${fs} ${at}; } 2>/dev/null`,
    )
    .join('; ');
  const deny = denylists.map((f) => `-d @${f}`);
  const own = s.args.map((a) => `'${a}'`);
  const args = [...deny, ...(s.args.some((a) => VERBOSITY.test(a)) ? [] : ['-v']), ...own];
  // test_progs prints nothing for a test a deny list removed: list the
  // selection with and without the lists (-l runs nothing) and name the difference.
  const listed = (extra: string[]) =>
    [`./${s.runner}`, '-l', ...extra, ...own.filter((a) => !VERBOSITY.test(a.slice(1, -1)))].join(
      ' ',
    );
  const report = denylists.length
    ? `{ ${listed([])} > /tmp/kci-bpf-all.$$ && ${listed(deny)} > /tmp/kci-bpf-kept.$$ && grep -vxFf /tmp/kci-bpf-kept.$$ /tmp/kci-bpf-all.$$ | sed 's/^/${DENIED_TAG} /; s/$/ by ${denylists.join(', ')}/'; rm -f /tmp/kci-bpf-all.$$ /tmp/kci-bpf-kept.$$; } 2>/dev/null; `
    : '';
  return `${mounts}; ${report}exec ./${s.runner} ${args.join(' ')}`;
}

/** The disk as the plan sees it: is the runner there, which deny lists are. */
export interface BpfDisk {
  isExecutable(file: string): boolean;
  isFile(file: string): boolean;
}

/** The plan's tests for the --bpf entries: one per test_progs run, suite "bpf". */
export function bpfPlanTests(
  specs: readonly BpfSpec[],
  disk: BpfDisk,
  scale: (seconds: number) => number,
): Omit<PlanTest, 'id'>[] {
  return specs.map((s) => {
    const bin = `${s.dir}/${s.runner}`;
    if (!disk.isExecutable(bin))
      throw new UsageError(
        `--bpf: no ${s.runner} in ${s.dir} (kernel-ci build --preset bpf builds it into OUT/bpf; give that dir as --bpf-dir)`,
      );
    const lists = ['DENYLIST', 'DENYLIST.x86_64'].filter((f) => disk.isFile(`${s.dir}/${f}`));
    return {
      suite: 'bpf',
      kind: 'bpf',
      name: bpfTestName(s),
      cwd: s.dir,
      command: testProgsCommand(s, lists),
      timeoutSec: s.timeout ? scale(s.timeout) : 0,
      file: bin,
    };
  });
}
