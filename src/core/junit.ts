// JUnit XML for the usual reporters (EnricoMi/publish-unit-test-result-action,
// dorny/test-reporter, mikepenz/action-junit-report).
//
// One <testcase> per leaf; classname = "suite/test[/subtest...]" (the path
// down to the leaf's parent), name = the leaf's name — stable across runs and
// shardings: no TAP ids, no timestamps, no run or shard. Several RunResults
// merge (shards, matrix); differently named runs (configs) get their own
// <testsuite> ("config: suite", with a "run" property). Times: leafTimes().
//   fail, timeout → <failure>   crashed → <error>
//   skip, not-run, xfail → <skipped> (xfail as pytest does)
//   flaky, xpass → passed, with a note in <system-out>
// Findings (kernel splats) and an aborted run become <error> test cases of a
// "kernel" suite: a report that only showed tests would look green.
import type { Finding, RunResults, Suite, TestResult } from './results.js';
import { shardGroup } from './shard.js';

// XML 1.0 cannot carry most C0 controls, even as references: show them as \xNN.
const INVALID =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID, (c) => {
      const code = c.charCodeAt(0);
      return code >= 0xd800 && code <= 0xdfff
        ? '\ufffd'
        : `\\x${code.toString(16).padStart(2, '0')}`;
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (v: string | number): string =>
  xmlEscape(String(v)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
const secs = (ms: number | null | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

interface Case {
  classname: string;
  name: string;
  time: number | null;
  /**
   * What this case adds to its suite's time: the test's own duration on its
   * first leaf, 0 on the others, so a suite's time is its tests' (leaves of
   * a script that had no duration of its own add theirs).
   */
  testTime?: number | null;
  body: string;
  kind: 'pass' | 'failure' | 'error' | 'skipped';
}

function firstLine(s: string | undefined, fallback: string): string {
  const l = (s ?? '').split('\n')[0]!.trim();
  return l.length > 200 ? `${l.slice(0, 197)}...` : l || fallback;
}

function caseFor(classname: string, leaf: TestResult, owner: TestResult): Case {
  const out: string[] = [];
  const reason = clipText(leaf.reason) ?? '';
  let kind: Case['kind'] = 'pass';
  let element = '';
  const detail = clipText(leaf === owner || leaf.status !== 'pass' ? owner.excerpt : undefined);
  switch (leaf.status) {
    case 'fail':
    case 'timeout':
      kind = 'failure';
      element = `<failure message="${attr(firstLine(reason, leaf.status === 'timeout' ? 'timeout' : 'failed'))}" type="${leaf.status}">${xmlEscape(detail ?? reason)}</failure>`;
      break;
    case 'crashed':
      kind = 'error';
      element = `<error message="${attr(firstLine(reason, 'crashed'))}" type="crashed">${xmlEscape(detail ?? reason)}</error>`;
      break;
    case 'skip':
    case 'not-run':
    case 'xfail': {
      kind = 'skipped';
      const what =
        leaf.status === 'skip'
          ? 'skipped'
          : leaf.status === 'xfail'
            ? 'expected failure'
            : 'not run';
      // Reasons often say it already ("not run: the kernel crashed").
      const said = reason.toLowerCase().startsWith(what);
      element = `<skipped message="${attr(reason ? (said ? firstLine(reason, what) : `${what}: ${firstLine(reason, '')}`) : what)}"/>`;
      break;
    }
    case 'flaky':
      out.push(`flaky: ${reason || 'failed, then passed'}`);
      break;
    case 'xpass':
      out.push(`unexpected pass (XPASS)${reason ? `: ${reason}` : ''}`);
      break;
    case 'pass':
      break;
  }
  if (leaf.knownIssue)
    out.push(
      `known issue: ${leaf.knownIssue.reason}${leaf.knownIssue.link ? ` ${leaf.knownIssue.link}` : ''}`,
    );
  for (const a of owner.attempts ?? [])
    out.push(
      `attempt: ${a.status}${a.exitCode != null ? ` exit=${a.exitCode}` : ''}${a.outputPath ? ` ${a.outputPath}` : ''}`,
    );
  if (detail && kind === 'pass') out.push(detail);
  if (owner.outputPath) out.push(`full output: ${owner.outputPath}`);
  const sysout = out.length ? `<system-out>${xmlEscape(out.join('\n'))}</system-out>` : '';
  return {
    classname,
    name: clipName(leaf.name),
    time: leaf.durationMs,
    body: element + sysout,
    kind,
  };
}

// Names come from the guest: each part of a classname or name is cut here,
// or one name of megabytes would repeat in every case under it.
const MAX_NAME = 512;
const clipName = (s: string): string =>
  s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 3)}...` : s;

/** Text repeated per case (an excerpt for every failing leaf) keeps its tail within `max`. */
function clipText(s: string | undefined, max = 16 * 1024): string | undefined {
  return s !== undefined && s.length > max ? `...${s.slice(s.length - max)}` : s;
}

/**
 * Each leaf's time in the JUnit: its own where the output gave one (kselftest
 * `# time=`, KTAP, mptcp_lib's per-subtest times), else its share of what its
 * parent took. A parent's time not covered by its children's own times (the
 * script's setup between subtests: namespaces, daemons) is the children's
 * too: leaves without a time share it equally; when every child has a time,
 * it is spread over them in proportion to it. So a script's subtests sum to
 * its wall time and a reporter's per-test times mean something. A child's
 * own time is never cut (children that ran in parallel may sum to more).
 */
export function leafTimes(t: TestResult, budget = t.durationMs): Map<TestResult, number | null> {
  const out = new Map<TestResult, number | null>();
  const walk = (node: TestResult, time: number | null): void => {
    if (node.subtests.length === 0) {
      out.set(node, time);
      return;
    }
    // A subtest that never ran took none of it.
    const ran = (c: TestResult) => c.status !== 'not-run';
    const own = node.subtests.map((c) =>
      c.durationMs != null && c.durationMs >= 0 ? c.durationMs : null,
    );
    const known = own.reduce<number>((a, d) => a + (d ?? 0), 0);
    const unknown = node.subtests.filter((c, i) => own[i] === null && ran(c)).length;
    const rest = time == null ? 0 : Math.max(0, time - known);
    node.subtests.forEach((c, i) => {
      const d = own[i]!;
      let share: number | null;
      if (time == null || (d === null && !ran(c))) share = d;
      else if (unknown > 0) share = d ?? rest / unknown;
      else share = known > 0 ? d! + (rest * d!) / known : d;
      walk(c, share);
    });
  };
  walk(t, budget);
  return out;
}

function casesOf(suite: Suite): Case[] {
  const cases: Case[] = [];
  for (const t of suite.tests) {
    const times = leafTimes(t);
    const first = cases.length;
    const walk = (n: TestResult, classname: string): void => {
      if (n.subtests.length === 0)
        cases.push({ ...caseFor(classname, n, t), time: times.get(n) ?? null });
      else for (const s of n.subtests) walk(s, `${classname}/${clipName(n.name)}`);
    };
    walk(t, clipName(suite.name));
    // The test's own time counts once in its suite's, on its first leaf.
    const leafSum = cases.slice(first).reduce((a, c) => a + (c.time ?? 0), 0);
    cases.slice(first).forEach((c, i) => (c.testTime = i === 0 ? (t.durationMs ?? leafSum) : 0));
  }
  return cases;
}

function findingCases(run: RunResults, classname: string): Case[] {
  const cases = run.findings.map((f: Finding): Case => ({
    classname,
    name: clipName(`${f.kind}: ${f.title}`),
    time: null,
    kind: 'error',
    body: `<error message="${attr(firstLine(f.title, f.kind))}" type="${attr(f.kind)}">${xmlEscape(clipText(f.decoded ?? f.report, 64 * 1024)!)}</error>${f.test ? `<system-out>${xmlEscape(`during ${f.test}; seen ${f.count} time(s)`)}</system-out>` : ''}`,
  }));
  if (run.abort)
    cases.push({
      classname,
      name: `run aborted: ${run.abort.kind}`,
      time: null,
      kind: 'error',
      body: `<error message="${attr(firstLine(run.abort.message, run.abort.kind))}" type="${run.abort.kind}">${xmlEscape(clipText([run.abort.message, ...(run.consoleTail ?? [])].join('\n'), 64 * 1024)!)}</error>`,
    });
  return cases;
}

/**
 * Several runs (shards, matrix) → one JUnit document, in pieces: a run of
 * 200,000 results or a name of megabytes never builds one giant array
 * argument or string (writeJUnit streams them to the file).
 */
export function* junitChunks(runs: RunResults[]): Generator<string> {
  const separate = new Set(runs.map((r) => shardGroup(r))).size > 1;
  const groups = new Map<string, Case[]>();
  const groupRun = new Map<string, string>();
  const add = (key: string, run: string, cases: Case[]): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    groupRun.set(key, run);
    for (const c of cases) g.push(c);
  };
  for (const run of runs) {
    // The run (config) without its shard number names the <testsuite> and is
    // its "run" property; a test case's classname and name are the test's
    // own, so the same test has the same identity whichever shard ran it and
    // a balanced split that moves it is not a test vanishing and appearing.
    const group = clipName(shardGroup(run));
    const prefix = separate ? `${group}: ` : '';
    for (const s of run.suites) add(prefix + clipName(s.name), group, casesOf(s));
    const k = findingCases(run, 'kernel');
    if (k.length) add(`${prefix}kernel`, group, k);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const stats = new Map<string, typeof total>();
  for (const [name, cases] of groups) {
    // Same classname and name twice would merge in reporters: number the repeats.
    const seen = new Map<string, number>();
    const st = { tests: cases.length, failures: 0, errors: 0, skipped: 0, time: 0 };
    for (const c of cases) {
      const key = `${c.classname}\u0000${c.name}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 1) c.name = `${c.name} (${n})`;
      if (c.kind === 'failure') st.failures++;
      else if (c.kind === 'error') st.errors++;
      else if (c.kind === 'skipped') st.skipped++;
      st.time += (c.testTime !== undefined ? c.testTime : c.time) ?? 0;
    }
    stats.set(name, st);
    total.tests += st.tests;
    total.failures += st.failures;
    total.errors += st.errors;
    total.skipped += st.skipped;
    total.time += st.time;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="kernel-ci" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(total.time)}">\n`;
  for (const [name, cases] of groups) {
    const st = stats.get(name)!;
    yield `  <testsuite name="${attr(name)}" tests="${st.tests}" failures="${st.failures}" errors="${st.errors}" skipped="${st.skipped}" time="${secs(st.time)}">\n`;
    yield `    <properties><property name="run" value="${attr(groupRun.get(name) ?? '')}"/></properties>\n`;
    for (const c of cases)
      // No time attribute where the leaf has no duration of its own (JUnit's
      // is optional): "0.000" would claim the subtest took no time.
      yield `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"${c.time == null ? '' : ` time="${secs(c.time)}"`}${c.body ? `>${c.body}</testcase>` : '/>'}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** The whole document as one string (small inputs, tests). */
export function toJUnit(runs: RunResults[]): string {
  let s = '';
  for (const c of junitChunks(runs)) s += c;
  return s;
}
