// Why a test skipped, when the selftests come from a newer tree than the
// kernel (LKFT's practice: the newest kselftests on an old stable kernel).
// A skip because the kernel lacks a feature is expected there; a skip because
// a config option or a tool is missing is an accident the maintainer must
// fix. LKFT sorts these by hand; this sorts them from the test's own words,
// and from the two versions when the test gives none.
import type { RunResults, SkipCause, TestResult } from './results.js';

export type { SkipCause } from './results.js';

/** What a skip message says, in the words the MPTCP and other selftests use. */
const ACCIDENTAL: readonly [RegExp, string][] = [
  [/\bCONFIG_[A-Z0-9_]+\b/, 'names a kernel config option'],
  [/\bwithout (?:the )?[\w.-]+ (?:tool|binary|command)\b/i, 'a tool is missing'],
  [/\b[\w.-]+ tool does not support\b/i, 'a tool lacks support'],
  [
    /\b(?:command|tool|binary|program) not found\b|: not found$|\bnot installed\b/im,
    'a tool is missing',
  ],
  [/\bcould not load nft ruleset\b/i, 'nftables rules could not load (config or tool)'],
  [/\bip(?: -6)? (?:rule|route)\b.*\bfailed\b/i, 'an ip rule/route setup failed (config)'],
  [/\bMPTCP support is not available\b/i, 'MPTCP is off in this kernel (CONFIG_MPTCP)'],
  [
    /\bmissing (?:config|module|kernel module)\b|\bmodprobe\b.*\bfailed\b/i,
    'a config or module is missing',
  ],
  [/\bneeds? root\b|\bmust be run as root\b/i, 'not run as root'],
];

const FEATURE: readonly [RegExp, string][] = [
  [/\bnot supported by (?:the|this|your) kernel\b/i, 'says the kernel does not support it'],
  [/\bfeature (?:probably )?not supported\b/i, 'says the feature is not supported'],
  [
    /\b(?:event|sockopt|option|counter) (?:is )?not supported\b/i,
    'says the kernel does not support it',
  ],
  [/\bmissing feature\b/i, 'says a feature is missing'],
  [
    /\bkernel (?:version )?(?:is )?(?:too old|older than|lower than)\b/i,
    'says the kernel is too old',
  ],
  [/\bnot supported\b/i, 'says it is not supported'],
];

/** "6.1.0-56-amd64", "6.12.117", "v6.8-rc1" → [major, minor]; null when there is none. */
export function majorMinor(version: string | undefined): [number, number] | null {
  const m = /(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** -1, 0 or 1 as the kernel's major.minor is older, the same or newer than the selftests'. */
export function compareTrees(
  kernel: string | undefined,
  selftests: string | undefined,
): number | null {
  const k = majorMinor(kernel);
  const s = majorMinor(selftests);
  if (!k || !s) return null;
  return Math.sign(k[0] - s[0] || k[1] - s[1]);
}

export interface Versions {
  /** The booted kernel's release (uname -r). */
  kernel?: string;
  /** The selftests' tree version. */
  selftests?: string;
}

/**
 * Every skip gets a cause. The test's words decide first; a feature skip on a
 * kernel not older than its selftests is an accident (the feature is there,
 * so a config or a tool must be missing: diag.sh's "Feature probably not
 * supported" on 6.12 with iproute2 6.1 is one). Without words, the versions
 * decide: a newer tree's tests on an older kernel probe for features, the
 * same tree's do not.
 */
export function classifySkip(said: string | undefined, v: Versions): SkipCause {
  const text = (said ?? '').trim();
  const order = compareTrees(v.kernel, v.selftests);
  const older = order === -1;
  const pair = `kernel ${v.kernel ?? '?'}, selftests ${v.selftests ?? '?'}`;
  for (const [re, why] of ACCIDENTAL)
    if (re.test(text)) return { cause: 'accidental', basis: 'message', because: why, said: text };
  for (const [re, why] of FEATURE)
    if (re.test(text))
      return older
        ? { cause: 'kernel-feature', basis: 'message', because: why, said: text }
        : {
            cause: 'accidental',
            basis: 'message',
            because: `${why}, but the kernel is not older than its selftests (${pair}): a config or a tool is missing`,
            said: text,
          };
  const base = text ? { said: text } : {};
  if (older)
    return {
      cause: 'kernel-feature',
      basis: 'versions',
      because: `no reason matched; the selftests are newer than the kernel (${pair})`,
      ...base,
    };
  return {
    cause: 'accidental',
    basis: 'versions',
    because:
      order === null
        ? `no reason matched and the versions are unknown (${pair})`
        : `no reason matched; the kernel is not older than its selftests (${pair})`,
    ...base,
  };
}

const SKIP_LINE = /\[\s*SKIP\s*\]/i;
// kselftest's own: "SKIP: why", "# SKIP why", "why: SKIP", "[SKIP] why"
const SKIP_WORDS = /(?:\[\s*SKIP\s*\]|\bSKIP\b:?)\s*(.*)$/i;

/** The MPTCP title of a subtest named "diag: ....chk last_data_sent" is "....chk last_data_sent". */
function titleOf(name: string): string {
  const colon = name.indexOf(': ');
  return (colon >= 0 ? name.slice(colon + 2) : name).trim();
}

/**
 * What the test printed about this skip: the human-readable line carrying the
 * subtest's title and [SKIP] (mptcp_lib's "07 ....chk x   [SKIP] Feature
 * probably not supported"), or for a whole script that skipped, its last
 * SKIP line ("SKIP: Could not run test without ss tool").
 */
export function skipWords(output: string, subtest?: string): string | undefined {
  const lines = output.split('\n').map((l) => l.replace(/^#\s?/, '').trimEnd());
  if (subtest !== undefined) {
    const title = titleOf(subtest);
    for (const l of lines) {
      const at = l.search(SKIP_LINE);
      if (at < 0 || !title || !l.slice(0, at).includes(title)) continue;
      return l.slice(at).replace(SKIP_LINE, '').trim();
    }
    return undefined;
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (/^(?:not )?ok \d+/.test(l) || /^TAP version|^1\.\.\d/.test(l)) continue;
    if (!/\bSKIP\b/i.test(l)) continue;
    const m = SKIP_WORDS.exec(l);
    const after = m?.[1]?.trim() ?? '';
    // "userspace pm tests are not supported by the kernel: SKIP" says it before
    return after || l.replace(/:?\s*\bSKIP\b.*$/i, '').trim() || undefined;
  }
  return undefined;
}

/** A skip's own words from TAP: "SKIP no ss" → "no ss"; kselftest's "SKIP time=12ms" says nothing. */
function directiveWords(directive: string | undefined): string | undefined {
  const d = (directive ?? '')
    .replace(/^SKIP\b:?\s*/i, '')
    .replace(/\btime=\d+m?s\b/g, '')
    .trim();
  return d || undefined;
}

export interface SkipSource {
  /** The output file of a top-level test (outputPath), as text. */
  output(test: TestResult): string | undefined;
}

/**
 * The run's results with a `skipCause` on every skipped test that has no
 * skipped subtests (the leaves a reader counts), from its directive, its
 * reason or its top-level test's output. `versionsOf` names the suites to
 * judge (the kselftest ones) and their trees; the others are left alone.
 */
export function withSkipCauses(
  run: RunResults,
  versionsOf: (suite: string) => Versions | undefined,
  src: SkipSource,
): RunResults {
  const visit = (t: TestResult, top: TestResult, v: Versions, text: () => string): TestResult => {
    const subtests = t.subtests.map((s) => visit(s, top, v, text));
    const out: TestResult = { ...t, subtests };
    if (t.status !== 'skip' || subtests.some((s) => s.status === 'skip')) return out;
    const own =
      directiveWords(t.directive) ?? skipWords(text(), t === top ? undefined : t.name) ?? t.reason;
    out.skipCause = classifySkip(own, v);
    return out;
  };
  return {
    ...run,
    suites: run.suites.map((s) => {
      const v = versionsOf(s.name);
      if (!v) return s;
      return {
        ...s,
        tests: s.tests.map((t) => {
          let cached: string | undefined;
          const text = () => (cached ??= src.output(t) ?? '');
          return visit(t, t, v, text);
        }),
      };
    }),
  };
}

export interface SkipCounts {
  'kernel-feature': number;
  accidental: number;
  /** Skips with no cause recorded (a run made before causes were). */
  unclassified: number;
}

export interface ClassifiedSkip {
  /** suite/test/subtest… */
  path: string;
  cause?: SkipCause;
}

/** Every skipped leaf with its cause, in result order. */
export function skippedLeaves(run: RunResults): ClassifiedSkip[] {
  const out: ClassifiedSkip[] = [];
  const walk = (t: TestResult, path: string): void => {
    const p = `${path}/${t.name}`;
    if (t.status === 'skip' && !t.subtests.some((s) => s.status === 'skip'))
      out.push({ path: p, ...(t.skipCause ? { cause: t.skipCause } : {}) });
    for (const s of t.subtests) walk(s, p);
  };
  for (const s of run.suites) for (const t of s.tests) walk(t, s.name);
  return out;
}

export function skipCounts(skips: readonly ClassifiedSkip[]): SkipCounts {
  const c: SkipCounts = { 'kernel-feature': 0, accidental: 0, unclassified: 0 };
  for (const s of skips) c[s.cause ? s.cause.cause : 'unclassified']++;
  return c;
}
