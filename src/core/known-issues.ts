// Known issues: a YAML file in the user's repo saying which failures are
// expected, so one known-bad subtest does not turn every run red.
//
//   # known-issues.yml — a list (or a mapping with an "issues:" list)
//   - match: "mptcp_join: fastclose*"     # glob or list of globs: * ? [..]
//     effect: flaky                       # xfail | flaky | skip
//     reason: fails under TCG, too slow
//     link: https://github.com/multipath-tcp/mptcp_net-next/issues/1
//     kernel: ">=6.6 <6.9"               # optional: every comparator must hold
//     arch: x86_64                        # optional: string or list
//
// A pattern matches a test or subtest by its name or by its path
// "suite/test/subtest/..." (e.g. "net/mptcp/mptcp_join.sh/*"). A matched
// test carries the effect down to all its subtests.
// Effects: xfail — failure → xfail, pass → xpass (both reported);
// flaky — failure → flaky; skip — reported as skip whatever happened.
// A crash is never hidden. An entry with a `kernel` range applies only
// when the kernel version is known and inside it.
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { UsageError } from './errors.js';
import type { KnownIssueMatch, Status, Suite, TestResult } from './results.js';
import { isFailing } from './assemble.js';
import { globToRegExp } from './plan/glob.js';

export interface KnownIssue {
  patterns: string[];
  effect: KnownIssueMatch['effect'];
  reason: string;
  link?: string;
  kernel?: string;
  arch?: string[];
  /** 1-based line of the entry in its file, for messages. */
  line: number;
}

export interface KnownIssueContext {
  /** e.g. "6.12.57-amd64"; entries with a kernel range need it. */
  kernelVersion?: string;
  /** e.g. "x86_64". */
  arch?: string;
}

const EFFECTS = ['xfail', 'flaky', 'skip'] as const;
const KEYS = new Set(['match', 'effect', 'reason', 'link', 'kernel', 'arch']);
const COMPARATOR = /^(>=|<=|>|<|==|=)?v?(\d+(?:\.\d+){0,2})$/;

/** Parses the file's text; any mistake is a one-line UsageError "file:line: ...". */
export function parseKnownIssues(text: string, file = 'known-issues.yml'): KnownIssue[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const lineOf = (n: YamlNode | null | undefined): number =>
    n?.range ? lc.linePos(n.range[0]).line : 1;
  const fail = (line: number, msg: string): never => {
    throw new UsageError(`${file}:${line}: ${msg}`);
  };
  const err = doc.errors[0];
  if (err)
    fail(
      err.linePos?.[0].line ?? 1,
      `invalid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  let list: YamlNode | null = doc.contents as YamlNode | null;
  if (list === null) return [];
  if (isMap(list)) {
    const issues = list.get('issues', true) as YamlNode | undefined;
    if (!issues || list.items.length !== 1)
      fail(lineOf(list), 'expected a list of entries, or a mapping with only "issues:"');
    list = issues ?? null;
  }
  if (list === null) return [];
  if (!isSeq(list)) return fail(lineOf(list), 'expected a list of entries');
  return list.items.map((item) => {
    const line = lineOf(item as YamlNode);
    if (!isMap(item)) return fail(line, 'each entry must be a mapping with match, effect, reason');
    const e = item.toJSON() as Record<string, unknown>;
    for (const pair of item.items) {
      const k = String((pair.key as { value?: unknown })?.value ?? pair.key);
      if (!KEYS.has(k))
        fail(lineOf(pair.key as YamlNode), `unknown key "${k}" (expected ${[...KEYS].join(', ')})`);
    }
    const keyLine = (k: string): number => {
      const p = item.items.find((x) => String((x.key as { value?: unknown })?.value) === k);
      return p ? lineOf(p.value as YamlNode) : line;
    };
    const strings = (k: string): string[] | undefined => {
      const v = e[k];
      if (v === undefined || v === null) return undefined;
      const arr = Array.isArray(v) ? v : [v];
      if (arr.length === 0 || !arr.every((x) => typeof x === 'string' && x.trim() !== ''))
        fail(keyLine(k), `"${k}" must be a non-empty string or list of strings`);
      return arr.map((x) => String(x).trim());
    };
    const patterns = strings('match');
    if (!patterns) return fail(line, 'missing "match" (a name or glob)');
    const effect = e.effect;
    if (typeof effect !== 'string' || !(EFFECTS as readonly string[]).includes(effect))
      fail(
        keyLine('effect'),
        `"effect" must be one of ${EFFECTS.join(', ')}, got ${JSON.stringify(effect ?? null)}`,
      );
    const reason = strings('reason')?.join(' ');
    if (!reason) return fail(line, 'missing "reason"');
    const issue: KnownIssue = { patterns, effect: effect as KnownIssue['effect'], reason, line };
    const link = strings('link');
    if (link) issue.link = link.join(' ');
    const kernel = strings('kernel');
    if (kernel) {
      issue.kernel = kernel.join(' ');
      for (const tok of issue.kernel.split(/\s+/))
        if (!COMPARATOR.test(tok))
          fail(keyLine('kernel'), `bad kernel range "${issue.kernel}": use e.g. ">=6.6 <6.9"`);
    }
    const arch = strings('arch');
    if (arch) issue.arch = arch;
    return issue;
  });
}

function versionParts(v: string): number[] {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1]!.split('.').map(Number) : [];
}

/** Compares on the constraint's precision: "<6.9" is false for 6.9.3. */
function cmp(have: number[], want: number[]): number {
  for (let i = 0; i < want.length; i++) {
    const d = (have[i] ?? 0) - want[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** "6.12.57-amd64" in ">=6.6 <6.13"? Bare versions match as prefixes. */
export function kernelInRange(version: string, range: string): boolean {
  const have = versionParts(version);
  if (have.length === 0) return false;
  return range
    .trim()
    .split(/\s+/)
    .every((tok) => {
      const m = COMPARATOR.exec(tok);
      if (!m) return false;
      const c = cmp(have, m[2]!.split('.').map(Number));
      switch (m[1]) {
        case '>=':
          return c >= 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '<':
          return c < 0;
        default:
          return c === 0;
      }
    });
}

const ARCH_ALIASES: Record<string, string> = { amd64: 'x86_64', x64: 'x86_64', arm64: 'aarch64' };
const normArch = (a: string): string => ARCH_ALIASES[a.toLowerCase()] ?? a.toLowerCase();

function applies(issue: KnownIssue, ctx: KnownIssueContext): boolean {
  if (issue.kernel && !(ctx.kernelVersion && kernelInRange(ctx.kernelVersion, issue.kernel)))
    return false;
  if (issue.arch && !(ctx.arch && issue.arch.map(normArch).includes(normArch(ctx.arch))))
    return false;
  return true;
}

// Test names are matched with the same globs as --only/--except.
export { globToRegExp };

function matches(issue: KnownIssue, name: string, path: string): string | null {
  for (const p of issue.patterns) {
    const re = globToRegExp(p);
    if (re.test(name) || re.test(path)) return p;
  }
  return null;
}

function effectOn(status: Status, effect: KnownIssue['effect']): Status {
  if (status === 'crashed') return status;
  switch (effect) {
    case 'xfail':
      return isFailing(status) ? 'xfail' : status === 'pass' ? 'xpass' : status;
    case 'flaky':
      return isFailing(status) ? 'flaky' : status;
    case 'skip':
      return 'skip';
  }
}

function mark(t: TestResult, m: { issue: KnownIssue; pattern: string }): void {
  const before = t.status;
  t.status = effectOn(t.status, m.issue.effect);
  const match: KnownIssueMatch = {
    pattern: m.pattern,
    effect: m.issue.effect,
    reason: m.issue.reason,
  };
  if (m.issue.link) match.link = m.issue.link;
  t.knownIssue = match;
  if (t.status !== before)
    t.reason = `known issue (${before}): ${m.issue.reason}${t.reason ? `; ${t.reason}` : ''}`;
  for (const s of t.subtests) mark(s, m);
}

function hasFailingLeaf(t: TestResult): boolean {
  return t.subtests.length === 0 ? isFailing(t.status) : t.subtests.some(hasFailingLeaf);
}

function walk(t: TestResult, path: string, active: KnownIssue[]): void {
  for (const issue of active) {
    const pattern = matches(issue, t.name, path);
    if (pattern !== null) {
      mark(t, { issue, pattern });
      return;
    }
  }
  for (const s of t.subtests) walk(s, `${path}/${s.name}`, active);
  // A parent failed because of subtests that are now known issues.
  if (t.subtests.length > 0 && isFailing(t.status) && !hasFailingLeaf(t)) {
    const kids = t.subtests.map((s) => s.status);
    t.status = kids.includes('xfail') ? 'xfail' : kids.includes('flaky') ? 'flaky' : 'skip';
  }
}

/** Returns new suites with the known issues applied (the input is not modified). */
export function applyKnownIssues(
  suites: Suite[],
  issues: KnownIssue[],
  ctx: KnownIssueContext = {},
): Suite[] {
  const active = issues.filter((i) => applies(i, ctx));
  const out = structuredClone(suites);
  if (active.length === 0) return out;
  for (const suite of out) for (const t of suite.tests) walk(t, `${suite.name}/${t.name}`, active);
  return out;
}
