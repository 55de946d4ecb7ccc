// Counts, verdict and the one-line conclusion of a run.
//
// Counts are over leaves (a test with subtests counts its subtests only);
// failures are always leaves (see assemble.ts), so nothing hides.
//
// Verdict, first rule that holds:
//   critical  the kernel or the run broke: the run aborted (crash, global
//             timeout, inactivity, boot failure, cancelled), any crash
//             finding (panic, oops, BUG, WARNING, KASAN, kmemleak, lockdep,
//             RCU stall, hung task...), or a leaf crashed.          exit 2
//   unstable  tests failed but the kernel survived: at least one leaf fail
//             or timeout (after retries and known issues).           exit 1
//   failure   nothing was actually tested: no leaf, or every leaf skip or
//             not-run (missing config, missing tools...).            exit 1
//   success   everything else; flaky leaves (passed on retry, "IGNORE
//             Flaky", known flaky) and xpass are allowed and named.  exit 0
//
// The conclusion mirrors the MPTCP CI's wording, prefixed by the run name:
//   net/mptcp: Success! ✅
//   net/mptcp: Unstable: 2 failed subtest(s): mptcp_join: fastclose test, diag.sh 🔴
//   net/mptcp: Critical: 1 Call Trace(s) - Critical: Global Timeout ❌
//   net/mptcp: Failure: no test ran (12 skipped) ❌
import {
  emptyCounts,
  leaves,
  type Counts,
  type Finding,
  type RunResults,
  type Suite,
  type TestResult,
  type Verdict,
} from './results.js';
import { EXIT_STATUS_LEAF, isFailing } from './assemble.js';
import { attachFindings } from './finding-tests.js';

export function computeCounts(suites: Suite[]): Counts {
  const c = emptyCounts();
  for (const s of suites)
    for (const { test } of leaves(s.tests)) {
      c[test.status]++;
      c.total++;
    }
  return c;
}

type VerdictInput = Pick<RunResults, 'suites' | 'findings' | 'abort'>;

export function computeVerdict(r: VerdictInput, counts = computeCounts(r.suites)): Verdict {
  if (r.abort || r.findings.length > 0 || counts.crashed > 0) return 'critical';
  if (counts.fail + counts.timeout > 0) return 'unstable';
  const tested = counts.total - counts.skip - counts['not-run'];
  if (tested === 0) return 'failure';
  return 'success';
}

export function exitCodeFor(v: Verdict): number {
  return v === 'success' ? 0 : v === 'critical' ? 2 : 1;
}

/** How a leaf is named in the conclusion: mptcp_lib subtests already say "script: name". */
export function leafLabel(suite: Suite, path: TestResult[]): string {
  const leaf = path[path.length - 1]!;
  if (path.length === 1) return leaf.name;
  if (leaf.name === EXIT_STATUS_LEAF) return path[path.length - 2]!.name;
  if (/^\S+: /.test(leaf.name)) return leaf.name;
  return suite.kind === 'kunit'
    ? `${suite.name}.${path.map((t) => t.name).join('.')}`
    : path.map((t) => t.name).join(': ');
}

function* leafPaths(tests: TestResult[], up: TestResult[] = []): Generator<TestResult[]> {
  for (const t of tests) {
    const p = [...up, t];
    if (t.subtests.length === 0) yield p;
    else yield* leafPaths(t.subtests, p);
  }
}

function labels(suites: Suite[], keep: (t: TestResult) => boolean, max = 10): string {
  const all: string[] = [];
  for (const s of suites)
    for (const p of leafPaths(s.tests)) if (keep(p[p.length - 1]!)) all.push(leafLabel(s, p));
  const unique = [...new Set(all)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')}, ...` : unique.join(', ');
}

// Finding kinds the MPTCP CI counts, in its words.
const FINDING_WORDS: [Finding['kind'][], string][] = [
  [
    [
      'panic',
      'oops',
      'bug',
      'warning',
      'kill-init',
      'kvm',
      'lockdep',
      'rcu-stall',
      'hung-task',
      'soft-lockup',
      'hard-lockup',
      'ref-tracker',
    ],
    'Call Trace(s)',
  ],
  [['kasan', 'kfence', 'kcsan', 'kmsan', 'ubsan'], 'Sanitizer report(s)'],
  [['kmemleak'], 'KMemLeak(s)'],
  [['boot-failure'], 'Boot failure(s)'],
  [['timeout'], 'Timeout(s)'],
];

const ABORT_WORDS: Record<NonNullable<RunResults['abort']>['kind'], string> = {
  crash: 'Kernel crash',
  timeout: 'Global Timeout',
  inactivity: 'No console output',
  'boot-failure': 'Boot failure',
  cancelled: 'Cancelled',
};

type ConclusionInput = VerdictInput & Pick<RunResults, 'name'>;

export function computeConclusion(r: ConclusionInput, counts = computeCounts(r.suites)): string {
  const v = computeVerdict(r, counts);
  switch (v) {
    case 'critical': {
      const parts: string[] = [];
      for (const [kinds, words] of FINDING_WORDS) {
        const n = r.findings
          .filter((f) => kinds.includes(f.kind))
          .reduce((a, f) => a + Math.max(1, f.count), 0);
        if (n > 0) parts.push(`${n} ${words}`);
      }
      if (counts.crashed > 0)
        parts.push(
          `${counts.crashed} crashed test(s): ${labels(r.suites, (t) => t.status === 'crashed')}`,
        );
      if (r.abort) parts.push(ABORT_WORDS[r.abort.kind]);
      return `${r.name}: ${parts.map((p) => `Critical: ${p}`).join(' - ')} ❌`;
    }
    case 'unstable': {
      const n = counts.fail + counts.timeout;
      return `${r.name}: Unstable: ${n} failed subtest(s): ${labels(r.suites, (t) => isFailing(t.status))} 🔴`;
    }
    case 'failure': {
      const why =
        counts.total === 0
          ? 'no test result'
          : `no test ran (${[counts.skip ? `${counts.skip} skipped` : '', counts['not-run'] ? `${counts['not-run']} not run` : ''].filter(Boolean).join(', ')})`;
      return `${r.name}: Failure: ${why} ❌`;
    }
    case 'success': {
      const flaky = counts.flaky + counts.xpass;
      const note = flaky
        ? ` (${flaky} flaky/xpass subtest(s): ${labels(r.suites, (t) => t.status === 'flaky' || t.status === 'xpass', 5)})`
        : '';
      return `${r.name}: Success! ✅${note}`;
    }
  }
}

/** Fills counts, verdict and conclusion from suites, findings and abort. */
export function finalizeRun<T extends ConclusionInput>(
  r: T,
): T & Pick<RunResults, 'counts' | 'verdict' | 'conclusion'> {
  const suites = attachFindings(r.suites, r.findings);
  const counts = computeCounts(suites);
  r = { ...r, suites };
  return {
    ...r,
    counts,
    verdict: computeVerdict(r, counts),
    conclusion: computeConclusion(r, counts),
  };
}
