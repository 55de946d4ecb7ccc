// The results model shared by every layer: what results.json holds.
// Versioned by SCHEMA_ID; schema/results.v1.json is its JSON Schema and a test
// keeps the two in step.

export const SCHEMA_ID = 'kernel-ci-results/v1';

/**
 * A top-level test is level 1; subtests nest at most this deep. The writer
 * flattens anything deeper (assemble.ts), the reader rejects it
 * (results-check.ts), and the schema's description says so.
 */
export const MAX_TEST_DEPTH = 32;

export const STATUSES = [
  'pass',
  'fail',
  'skip',
  'xfail',
  'xpass',
  'timeout',
  'flaky',
  'crashed',
  'not-run',
] as const;
export type Status = (typeof STATUSES)[number];

export type Verdict = 'success' | 'unstable' | 'failure' | 'critical';

export type SuiteKind = 'kselftest' | 'kunit' | 'packetdrill' | 'bpf' | 'command' | 'boot';

/** One try of a test; kept when a failed test is retried. */
export interface Attempt {
  status: Status;
  exitCode?: number | null;
  durationMs: number | null;
  outputPath?: string;
}

export interface KnownIssueMatch {
  pattern: string;
  effect: 'xfail' | 'flaky' | 'skip';
  reason: string;
  link?: string;
}

export interface TestResult {
  name: string;
  status: Status;
  durationMs: number | null;
  exitCode?: number | null;
  /** Why the status is what it is when that is not obvious (no result line, timeout after N s...). */
  reason?: string;
  /** The raw TAP directive, e.g. "SKIP no ss", "IGNORE Flaky". */
  directive?: string;
  /** Last lines of the test's output, for the summary. */
  excerpt?: string;
  /** Full output, relative to the run's out dir. */
  outputPath?: string;
  /** Source file of the test (selftest script path), for annotations. */
  file?: string;
  attempts?: Attempt[];
  knownIssue?: KnownIssueMatch;
  /** Fingerprints of findings that appeared while this test ran. */
  findings?: string[];
  /** In a merged report, the run (name, shard) this top-level test comes from. */
  run?: string;
  /** On a skipped leaf: why it skipped (src/core/skip-reason.ts). */
  skipCause?: SkipCause;
  subtests: TestResult[];
}

/**
 * A skip because the kernel lacks the feature (expected when the selftests
 * are newer than the kernel) or an accidental one (a config option or a tool
 * is missing: the maintainer must fix it).
 */
export interface SkipCause {
  cause: 'kernel-feature' | 'accidental';
  /** The test's own words decided, or (none matched) the kernel and selftests versions. */
  basis: 'message' | 'versions';
  because: string;
  /** What the test said about the skip, when it said something. */
  said?: string;
}

/** Where a run's selftests come from: their tree's version beside the kernel's release. */
export interface SelftestsTree {
  dir: string;
  /** The tree's kernel version (e.g. "6.12.117"), when it could be found. */
  version?: string;
  /** What told the version: the build's build.json, a kernel bundle's manifest or the tree's Makefile. */
  from?: 'build.json' | 'bundle' | 'Makefile';
}

export interface Suite {
  name: string;
  kind: SuiteKind;
  durationMs: number | null;
  tests: TestResult[];
}

export type FindingKind =
  | 'panic'
  | 'oops'
  | 'bug'
  | 'kasan'
  | 'kfence'
  | 'kcsan'
  | 'kmsan'
  | 'ubsan'
  | 'warning'
  | 'kmemleak'
  | 'lockdep'
  | 'rcu-stall'
  | 'hung-task'
  | 'soft-lockup'
  | 'hard-lockup'
  | 'ref-tracker'
  | 'kill-init'
  | 'kvm'
  | 'boot-failure'
  | 'timeout';

export interface Finding {
  kind: FindingKind;
  title: string;
  fatal: boolean;
  fingerprint: string;
  /** How many times the same fingerprint was seen in this run. */
  count: number;
  /** 1-based console.log line range of the first occurrence. */
  lines: { first: number; last: number };
  /** The report as printed, kernel lines only. */
  report: string;
  decoded?: string;
  location?: { file: string; line: number };
  /** "suite/test" during which it appeared, when one was running. */
  test?: string;
  /** In a merged report, the runs (name, shard) that saw it. */
  runs?: string[];
}

export type Counts = Record<Status, number> & { total: number };

export interface VmInfo {
  accel: 'kvm' | 'tcg';
  accelReason: string;
  bootSeconds: number | null;
  cpus: number;
  memoryMiB: number;
  kernelRelease?: string;
  cmdline?: string;
  boots?: number;
}

export interface RunResults {
  schema: typeof SCHEMA_ID;
  verdict: Verdict;
  /** The MPTCP-CI-style one-liner, e.g. "net/mptcp: Unstable: 2 failed subtest(s): ... 🔴". */
  conclusion: string;
  name: string;
  startedAt: string;
  durationMs: number;
  vm?: VmInfo;
  counts: Counts;
  suites: Suite[];
  findings: Finding[];
  /** Why the run itself ended abnormally (boot failure, global timeout, crash). */
  abort?: {
    kind: 'crash' | 'timeout' | 'inactivity' | 'boot-failure' | 'cancelled';
    message: string;
  };
  /** Last console lines when the run aborted, for the report. */
  consoleTail?: string[];
  environment?: Record<string, string>;
  /** The kselftest trees the plan ran (their version may differ from vm.kernelRelease). */
  selftests?: SelftestsTree[];
  build?: {
    seconds?: number;
    ccacheHitRate?: number | null;
    configHash?: string;
    warnings?: number;
    configMismatches?: { option: string; wanted: string; got: string; reason?: string }[];
  };
  /** Shell command that reproduces this run locally. */
  reproduce?: string;
  shard?: { index: number; total: number };
  /** Relative paths of the files next to results.json. */
  files?: Record<string, string>;
  /** Set by `kernel-ci report`: the runs merged and the results that were expected but absent. */
  merge?: MergeInfo;
}

/** One results.json that went into a merged report. */
export interface MergedRun {
  /** "name" or "name shard I/N": what problems in the merge point back to. */
  label: string;
  name: string;
  shard?: { index: number; total: number };
  verdict: Verdict;
  counts: Counts;
  /** The file it was read from. */
  source?: string;
}

/**
 * A result a merged report should have had: a shard the other shards of its
 * run (or --expect) say exists, a run --expect names, a results path that
 * matched nothing, a file that is not a readable results.json.
 */
export interface MissingResult {
  kind: 'shard' | 'run' | 'unmatched' | 'unreadable';
  /** The run name (kinds shard and run), else the path or pattern as given. */
  name: string;
  shard?: { index: number; total: number };
  reason: string;
}

export interface MergeInfo {
  runs: MergedRun[];
  missing: MissingResult[];
}

export function emptyCounts(): Counts {
  const c = { total: 0 } as Counts;
  for (const s of STATUSES) c[s] = 0;
  return c;
}

/** Leaves are what we count: a test with subtests counts its subtests, not itself. */
export function* leaves(
  tests: TestResult[],
  prefix = '',
): Generator<{ path: string; test: TestResult }> {
  for (const t of tests) {
    const path = prefix ? `${prefix} / ${t.name}` : t.name;
    if (t.subtests.length === 0) yield { path, test: t };
    else yield* leaves(t.subtests, path);
  }
}
