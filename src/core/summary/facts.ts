// What both summaries (markdown and terminal) say, derived once from the
// results so the two renderings cannot disagree.
import {
  STATUSES,
  type Finding,
  type RunResults,
  type Status,
  type TestResult,
  type Verdict,
} from '../results.js';
import { missingLabel } from '../shard.js';
import { shellLine } from '../shell.js';

export const STATUS_ICON: Record<Status, string> = {
  pass: '✅',
  fail: '❌',
  skip: '⏭️',
  xfail: '☑️',
  xpass: '❕',
  timeout: '⏱️',
  flaky: '🔁',
  crashed: '💥',
  'not-run': '⬜',
};

export const VERDICT_ICON: Record<Verdict, string> = {
  success: '✅',
  unstable: '🔴',
  failure: '❌',
  critical: '💥',
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  success: 'Success',
  unstable: 'Unstable',
  failure: 'Failure',
  critical: 'Critical',
};

/** Statuses a maintainer must look at, worst first. */
export const PROBLEM_STATUSES: readonly Status[] = ['crashed', 'timeout', 'fail', 'flaky', 'xpass'];

export interface Problem {
  /** "suite / test / subtest". */
  path: string;
  suite: string;
  test: TestResult;
  /** Source file of the test or of its nearest parent that has one. */
  file?: string;
  /** In a merged report, the run (name, shard) it comes from. */
  run?: string;
}

function* leavesWithFile(
  tests: TestResult[],
  prefix: string,
  file: string | undefined,
): Generator<{ path: string; test: TestResult; file: string | undefined }> {
  for (const t of tests) {
    const path = `${prefix} / ${t.name}`;
    const f = t.file ?? file;
    if (t.subtests.length === 0) yield { path, test: t, file: f };
    else yield* leavesWithFile(t.subtests, path, f);
  }
}

export function problems(results: RunResults): Problem[] {
  const found: Problem[] = [];
  for (const suite of results.suites)
    for (const top of suite.tests)
      for (const { path, test, file } of leavesWithFile([top], suite.name, undefined))
        if (PROBLEM_STATUSES.includes(test.status))
          found.push({
            path,
            suite: suite.name,
            test,
            ...(file ? { file } : {}),
            ...(top.run ? { run: top.run } : {}),
          });
  const rank = (p: Problem) => PROBLEM_STATUSES.indexOf(p.test.status);
  // Stable: same rank keeps run order.
  return found
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

// In a merged report the same test comes from several runs: say which.
const fromRun = (run: string | undefined) => (run ? ` [${run}]` : '');

/** Tests at any depth whose own output excerpt explains a problem (a failing script, not each of its subtests). */
export function problemOutputs(results: RunResults): { path: string; test: TestResult }[] {
  const out: { path: string; test: TestResult }[] = [];
  const walk = (tests: TestResult[], prefix: string, run: string | undefined) => {
    for (const t of tests) {
      const path = `${prefix} / ${t.name}`;
      if (t.excerpt && PROBLEM_STATUSES.includes(t.status))
        out.push({ path: `${path}${fromRun(run ?? t.run)}`, test: t });
      walk(t.subtests, path, run ?? t.run);
    }
  };
  for (const s of results.suites) walk(s.tests, s.name, undefined);
  return out;
}

export function nonZeroStatuses(results: RunResults): Status[] {
  return STATUSES.filter((s) => (results.counts[s] ?? 0) > 0);
}

export interface Timed {
  path: string;
  durationMs: number;
  status: Status;
}

/** Top-level tests of every suite in run order, with their durations. */
export function timeline(results: RunResults): (Timed & { suite: string; run?: string })[] {
  const out: (Timed & { suite: string; run?: string })[] = [];
  for (const suite of results.suites)
    for (const t of suite.tests)
      out.push({
        suite: suite.name,
        path: t.name,
        durationMs: Math.max(0, t.durationMs ?? 0),
        status: t.status,
        ...(t.run ? { run: t.run } : {}),
      });
  return out;
}

export function slowest(results: RunResults, n: number): Timed[] {
  return timeline(results)
    .map((t) => ({ ...t, path: `${t.suite} / ${t.path}${fromRun(t.run)}` }))
    .filter((t) => t.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, n);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)} %`;
}

/**
 * Why a test is a problem, in a few words: its reason, else its TAP
 * directive unless that only times it (kselftest's `# time=123ms`), else its
 * exit code.
 */
export function problemWhy(t: TestResult): string {
  const directive =
    t.directive && !/^time=[\d.]+\s*m?s$/i.test(t.directive.trim()) ? t.directive : undefined;
  return t.reason ?? directive ?? (t.exitCode != null ? `exit ${t.exitCode}` : '');
}

/**
 * The conclusion without what the title already says: the run's name, the
 * verdict word repeated before each reason ("Critical: a - Critical: b")
 * and the closing emoji. "a · b", or '' for a plain success.
 */
export function conclusionReasons(r: Pick<RunResults, 'name' | 'conclusion'>): string {
  let c = r.conclusion.trim();
  if (c.startsWith(`${r.name}: `)) c = c.slice(r.name.length + 2);
  return c
    .split(/ - (?=(?:Critical|Unstable|Failure): )/)
    .map((p) => p.replace(/\s*(?:✅|❌|🔴)\s*$/u, ''))
    .map((p) => p.replace(/^(?:Critical|Unstable|Failure): /, '').replace(/^Success!\s*/, ''))
    .map((p) => p.replace(/^\((.*)\)$/, '$1').trim())
    .filter(Boolean)
    .join(' · ');
}

/**
 * The run's title in a merge: every run name when they are few and short,
 * else the first and how many more; the merge's own name otherwise.
 */
export function runTitle(r: Pick<RunResults, 'name'>, parts?: readonly RunResults[]): string {
  const names = [...new Set((parts ?? []).map((p) => p.name))];
  if (names.length < 2) return r.name;
  const all = names.join(', ');
  return all.length <= 40 ? all : `${names[0]} and ${names.length - 1} more`;
}

// A console line's printk time stamp and level prefix: noise in a short excerpt.
const PRINTK_PREFIX = /^(?:<\d>)?\[\s*\d+\.\d+\]\s?(?:\[\s*[CT]\d+\]\s?)?/;
const REGISTER_LINE = /^\s*(?:R[A-Z0-9]{1,2}|CS|DS|FS|CR\d|Code|EFLAGS|ORIG_RAX)\s*:/;

/**
 * The lines of a trace a maintainer reads first: the report's first line,
 * the faulting RIP and the top kernel frames of the call trace (no
 * unreliable "? " frames, no registers), time stamps dropped.
 */
export function topFrames(trace: string, maxFrames = 6): string[] {
  const lines = trace
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => l.replace(PRINTK_PREFIX, '').replace(/\s+$/, ''));
  const out: string[] = [];
  const first = lines.find((l) => l.trim() !== '');
  if (first !== undefined) out.push(first.trim());
  const rip = lines.find((l) => /^\s*RIP: 0010:/.test(l));
  if (rip && rip.trim() !== first?.trim()) out.push(rip.trim());
  const start = lines.findIndex((l) => /Call Trace:/.test(l));
  if (start < 0)
    return lines
      .filter((l) => l.trim() !== '')
      .slice(0, maxFrames + 2)
      .map((l) => l.trim());
  out.push('Call Trace:');
  let frames = 0;
  for (const l of lines.slice(start + 1)) {
    const t = l.trim();
    if (/^<\/TASK>|^RIP: 0033|^---\[ end|^Kernel Offset|^Modules linked in/.test(t)) break;
    if (t === '' || /^<\/?(?:TASK|IRQ|NMI|SOFTIRQ|EOI)>$/.test(t) || t.startsWith('? ')) continue;
    if (REGISTER_LINE.test(t) || /^RIP: /.test(t)) continue;
    out.push(` ${t}`);
    if (++frames >= maxFrames) break;
  }
  return out;
}

/** The trace worth showing: decoded when we have it, else the raw report. */
export function findingTrace(f: Finding): { text: string; decoded: boolean } {
  return f.decoded ? { text: f.decoded, decoded: true } : { text: f.report, decoded: false };
}

export function findingLocation(f: Finding): string | undefined {
  return f.location ? `${f.location.file}:${f.location.line}` : undefined;
}

/**
 * The local command that reproduces the run. The run pipeline records the
 * exact one; older or hand-made results get the closest command we can infer
 * from their suites (marked inferred, since the kernel path is unknown).
 */
export function reproduceCommand(results: RunResults): { command: string; inferred: boolean } {
  if (results.reproduce) return { command: results.reproduce, inferred: false };
  const args = ['kernel-ci', 'run', '--kernel', 'BZIMAGE'];
  for (const suite of results.suites) {
    if (suite.kind === 'kselftest')
      args.push('--kselftest', `tools/testing/selftests/${suite.name}`);
    else if (suite.kind === 'kunit' && !args.includes('--kunit')) args.push('--kunit');
    else if (suite.kind === 'packetdrill') args.push('--packetdrill', 'DIR');
    else if (suite.kind === 'bpf') {
      // A test_progs run is named by its command line (bpfTestName).
      for (const name of new Set(suite.tests.map((t) => t.name))) args.push('--bpf', name);
      if (suite.tests.length > 0) args.push('--bpf-dir', 'DIR');
    } else if (suite.kind === 'command')
      // Shards merged hold the same command more than once.
      for (const name of new Set(suite.tests.map((t) => t.name)))
        args.push('--command', `${name}=CMD`);
  }
  if (results.vm) args.push('--accel', results.vm.accel);
  if (results.shard) args.push('--shard', `${results.shard.index}/${results.shard.total}`);
  return { command: shellLine(args), inferred: true };
}

const RANK: Record<Verdict, number> = { success: 0, failure: 1, unstable: 2, critical: 3 };

/** Runs worst verdict first, run order kept among equals. */
export function worstFirst(parts: readonly RunResults[]): RunResults[] {
  return [...parts].sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
}

/**
 * The one command a report shows first: the run's own, or in a merge of
 * runs that reproduce differently (configs, shards) the worst run's.
 */
export function reproduceFor(
  r: RunResults,
  parts?: readonly RunResults[],
): { command: string; inferred: boolean; run?: RunResults } {
  if (
    parts &&
    parts.length > 1 &&
    new Set(parts.map((p) => reproduceCommand(p).command)).size > 1
  ) {
    const worst = worstFirst(parts)[0]!;
    return { ...reproduceCommand(worst), run: worst };
  }
  return reproduceCommand(r);
}

/** What a merged report lacks, named as everywhere else (shard.ts missingLabel). */
export function missingResults(results: RunResults): { label: string; reason: string }[] {
  return (results.merge?.missing ?? []).map((m) => ({ label: missingLabel(m), reason: m.reason }));
}
