// Memory across runs: the last N outcomes of every leaf test of one branch,
// and the run each came from. Pure: text in, text out; where the file lives
// (Actions cache, --history FILE) is the pipeline's business.
//
// The file is column-aligned: `runs` lists the remembered runs oldest first,
// and each test keeps one outcome character and one duration per run, '.'
// where that run did not have it. A column is one run whatever its shards
// and matrix jobs: a test's id is its path (suite / test / subtest), without
// shard or job, and when several jobs of one run report the same id the
// worst outcome is kept. Bounded by a number of runs and a byte cap, the
// oldest runs going first. Merging a run whose id is already there only
// fills the cells it left empty, so merging the same run twice changes
// nothing.
import { leaves, type RunResults, type Status } from './results.js';

export const HISTORY_SCHEMA = 'kernel-ci-history/v1';

export const DEFAULT_HISTORY_RUNS = 20;
export const DEFAULT_HISTORY_BYTES = 8 * 1024 * 1024;

export interface HistoryRun {
  /** The CI run (GITHUB_RUN_ID, or what --history-run says); unique in a history. */
  id: string;
  /** ISO date of the run. */
  at: string;
  commit?: string;
  /** Kernel release(s) the run booted, comma-separated when jobs differed. */
  kernel?: string;
}

export interface TestHistory {
  /** One outcome character per run of `runs` ('.' = not in that run). */
  o: string;
  /** Duration in ms per run, null when unknown or absent. */
  d: (number | null)[];
}

export interface History {
  schema: typeof HISTORY_SCHEMA;
  /** The branch these runs are from ("main"): what the summary says they are. */
  branch?: string;
  runs: HistoryRun[];
  tests: Record<string, TestHistory>;
}

export interface HistoryLimits {
  /** Runs remembered (N). */
  maxRuns: number;
  /** Bound on the serialized file. */
  maxBytes: number;
}

export const ABSENT = '.';

/** One character per status; failing ones are f, t, c. */
export const OUTCOME: Record<Status, string> = {
  pass: 'p',
  fail: 'f',
  timeout: 't',
  crashed: 'c',
  flaky: 'k',
  skip: 's',
  xfail: 'x',
  xpass: 'X',
  'not-run': 'n',
};

const FAILED = new Set(['f', 't', 'c']);
const PASSED = new Set(['p', 'X']);
export const outcomeFailed = (o: string): boolean => FAILED.has(o);
export const outcomePassed = (o: string): boolean => PASSED.has(o);

// Worst first: what one id keeps when several jobs of a run report it.
const RANK = 'ctfkXpxsn';
const worse = (a: string, b: string) => (RANK.indexOf(a) <= RANK.indexOf(b) ? a : b);

export function emptyHistory(branch?: string): History {
  return { schema: HISTORY_SCHEMA, ...(branch ? { branch } : {}), runs: [], tests: {} };
}

export interface Leaf {
  status: Status;
  durationMs: number | null;
}

/** Every leaf of a run (or a merged report) by id, shards and jobs folded together. */
export function leafOutcomes(results: RunResults): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const suite of results.suites)
    for (const { path, test } of leaves(suite.tests, suite.name)) {
      const prev = out.get(path);
      if (!prev) out.set(path, { status: test.status, durationMs: test.durationMs });
      else if (worse(OUTCOME[test.status], OUTCOME[prev.status]) !== OUTCOME[prev.status])
        out.set(path, { status: test.status, durationMs: test.durationMs });
    }
  return out;
}

/** Reads a history file. Anything wrong is a reason to ignore it, never a throw. */
export function parseHistory(text: string): { history: History } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON (${(err as Error).message.split('\n')[0]})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { problem: 'not a kernel-ci history (not an object)' };
  const h = json as Omit<Partial<History>, 'schema'> & { schema?: unknown };
  if (h.schema !== HISTORY_SCHEMA)
    return {
      problem:
        typeof h.schema === 'string' && h.schema.startsWith('kernel-ci-history/')
          ? `written as ${h.schema}; this kernel-ci reads ${HISTORY_SCHEMA}`
          : 'not a kernel-ci history (no schema)',
    };
  if (h.branch !== undefined && typeof h.branch !== 'string') return { problem: 'bad branch' };
  if (!Array.isArray(h.runs)) return { problem: 'runs is not a list' };
  const ids = new Set<string>();
  for (const [i, r] of h.runs.entries()) {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.at !== 'string')
      return { problem: `run ${i}: needs a string id and date` };
    if (ids.has(r.id)) return { problem: `run ${r.id} is listed twice` };
    ids.add(r.id);
  }
  if (typeof h.tests !== 'object' || h.tests === null || Array.isArray(h.tests))
    return { problem: 'tests is not an object' };
  const n = h.runs.length;
  for (const [id, t] of Object.entries(h.tests)) {
    if (
      typeof t !== 'object' ||
      t === null ||
      typeof t.o !== 'string' ||
      t.o.length !== n ||
      !Array.isArray(t.d) ||
      t.d.length !== n ||
      !/^[pftckXxsn.]*$/.test(t.o) ||
      !t.d.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x)))
    )
      return { problem: `test '${id.slice(0, 200)}': outcomes do not match the ${n} runs` };
  }
  return { history: h as History };
}

export const serializeHistory = (h: History): string => JSON.stringify(h);

/** Keeps the last `keep` runs (columns). */
function lastRuns(h: History, keep: number): History {
  const drop = Math.max(0, h.runs.length - keep);
  if (drop === 0) return h;
  const tests: Record<string, TestHistory> = {};
  for (const [id, t] of Object.entries(h.tests)) {
    const o = t.o.slice(drop);
    // A test no remembered run had is forgotten with them.
    if (/[^.]/.test(o)) tests[id] = { o, d: t.d.slice(drop) };
  }
  return { ...h, runs: h.runs.slice(drop), tests };
}

/** Within the limits: at most maxRuns runs, then the oldest dropped until the file fits. */
export function boundHistory(h: History, limits: HistoryLimits): History {
  let out = lastRuns(h, limits.maxRuns);
  for (;;) {
    const size = Buffer.byteLength(serializeHistory(out));
    if (size <= limits.maxBytes || out.runs.length === 0) return out;
    // Runs cost about the same: drop what the excess is worth, at least one.
    const perRun = size / out.runs.length;
    const drop = Math.max(1, Math.ceil((size - limits.maxBytes) / perRun));
    out = lastRuns(out, out.runs.length - drop);
  }
}

/** Adds one run (all its shards and jobs merged) to a history; returns a new history. */
export function mergeRun(
  h: History,
  run: HistoryRun,
  results: RunResults,
  limits: HistoryLimits,
): History {
  const outcomes = leafOutcomes(results);
  let col = h.runs.findIndex((r) => r.id === run.id);
  const tests: Record<string, TestHistory> = { ...h.tests };
  let runs = h.runs;
  if (col < 0) {
    runs = [...h.runs, run];
    col = h.runs.length;
    for (const [id, t] of Object.entries(tests)) {
      const leaf = outcomes.get(id);
      tests[id] = {
        o: t.o + (leaf ? OUTCOME[leaf.status] : ABSENT),
        d: [...t.d, leaf ? leaf.durationMs : null],
      };
    }
  }
  const width = runs.length;
  for (const [id, leaf] of outcomes) {
    const t = tests[id];
    if (!t) {
      tests[id] = {
        o: ABSENT.repeat(col) + OUTCOME[leaf.status] + ABSENT.repeat(width - col - 1),
        d: [
          ...Array<null>(col).fill(null),
          leaf.durationMs,
          ...Array<null>(width - col - 1).fill(null),
        ],
      };
    } else if (t.o[col] === ABSENT) {
      // The same run again (another shard reported later): fill what it lacked.
      const d = [...t.d];
      d[col] = leaf.durationMs;
      tests[id] = { o: t.o.slice(0, col) + OUTCOME[leaf.status] + t.o.slice(col + 1), d };
    }
  }
  return boundHistory({ ...h, runs, tests }, limits);
}

export type HistoryClass = 'new' | 'known' | 'flaky' | 'fixed';

export interface Classified {
  id: string;
  kind: HistoryClass;
  status: Status;
  /** Outcomes of the last remembered runs, oldest first, then this run's. */
  outcomes: string;
  /** Failures among those (this run included) and how many ran. */
  failed: number;
  ran: number;
  /** One line a maintainer reads: "failed 2 of the last 4 runs (3 on main + this one)". */
  note: string;
}

export interface ClassifyOptions {
  /** Runs of the history looked at, newest ones (default: all). */
  window?: number;
  /** A run id to leave out: this run, when its history was already saved. */
  exclude?: string;
}

const CLASS_ORDER: Record<HistoryClass, number> = { new: 0, flaky: 1, known: 2, fixed: 3 };

/**
 * Every failing or flaky leaf of `results`, and every passing one that
 * failed in the last run that had it, judged against the branch's history:
 *   new    no failure in the remembered runs (or never seen);
 *   known  failing in every remembered run that had it, or since at least
 *          the last two of them (broken on the branch, not by this change);
 *   flaky  failed in some remembered runs and passed in others; its rate
 *          counts this run too;
 *   fixed  passes now, failed in the last remembered run that had it.
 * New first, then flaky, known, fixed; run order within each.
 */
export function classify(
  results: RunResults,
  history: History,
  opts: ClassifyOptions = {},
): Classified[] {
  const skip =
    opts.exclude !== undefined ? history.runs.findIndex((r) => r.id === opts.exclude) : -1;
  const cols: number[] = [];
  for (let i = history.runs.length - 1; i >= 0 && cols.length < (opts.window ?? Infinity); i--)
    if (i !== skip) cols.unshift(i);
  const where = history.branch ? ` on ${history.branch}` : '';
  const contiguous = cols.length > 0 && cols[cols.length - 1]! - cols[0]! === cols.length - 1;
  const out: Classified[] = [];
  for (const [id, leaf] of leafOutcomes(results)) {
    const now = OUTCOME[leaf.status];
    const failingNow = FAILED.has(now) || now === 'k';
    const t = history.tests[id];
    // The usual window is the newest runs in a row: one slice, not a column walk.
    const past = !t
      ? ''
      : contiguous
        ? t.o.slice(cols[0], cols[0]! + cols.length)
        : cols.map((c) => t.o[c]!).join('');
    const seen = past.replace(/[.sn]/g, '');
    const pastFailed = [...seen].filter((o) => FAILED.has(o) || o === 'k').length;
    const pastPassed = [...seen].filter((o) => PASSED.has(o)).length;
    let kind: HistoryClass | undefined;
    if (failingNow) {
      // Passed on retry is flaky whatever the past says.
      if (pastFailed === 0) kind = now === 'k' ? 'flaky' : 'new';
      else if (pastPassed === 0) kind = 'known';
      else {
        const lastPass = Math.max(...[...PASSED].map((p) => seen.lastIndexOf(p)));
        kind = seen.length - 1 - lastPass >= 2 && now !== 'k' ? 'known' : 'flaky';
      }
    } else if (PASSED.has(now) && seen.length > 0 && FAILED.has(seen[seen.length - 1]!))
      kind = 'fixed';
    if (!kind) continue;
    const outcomes = past + now;
    const failed = pastFailed + (failingNow ? 1 : 0);
    const ran = seen.length + 1;
    const runsWord = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
    let note: string;
    if (cols.length === 0) note = `no history yet${where}`;
    else if (seen.length === 0) note = `not in the last ${runsWord(cols.length)}${where}`;
    else if (kind === 'new')
      note = `${pastPassed === seen.length ? 'passed' : 'did not fail'} the last ${runsWord(seen.length)}${where}`;
    else if (kind === 'fixed') note = `failed the last run${where} that had it`;
    else if (kind === 'known')
      note =
        pastPassed === 0
          ? `failed all ${runsWord(seen.length)}${where} that had it`
          : `failing${where} for the last ${runsWord(seen.length - 1 - Math.max(...[...PASSED].map((p) => seen.lastIndexOf(p))))}`;
    else note = `failed ${failed} of the last ${ran} runs (${seen.length}${where} + this one)`;
    out.push({ id, kind, status: leaf.status, outcomes, failed, ran, note });
  }
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => CLASS_ORDER[a.c.kind] - CLASS_ORDER[b.c.kind] || a.i - b.i)
    .map(({ c }) => c);
}

/** The failure rate of a flaky leaf, as a whole percentage. */
export const flakeRate = (c: Classified): number =>
  Math.round((100 * c.failed) / Math.max(1, c.ran));

export type FailOn = 'new' | 'any';

/**
 * The exit code with fail-on applied: with `new`, an unstable run (tests
 * failed, the kernel survived) fails only when one failure is new. A crash,
 * a run that tested nothing or missing results keep their verdict's code.
 */
export function exitCodeWithHistory(
  verdict: RunResults['verdict'],
  failOn: FailOn,
  classified: readonly Classified[],
): number {
  if (verdict === 'success') return 0;
  if (verdict === 'critical') return 2;
  if (verdict === 'unstable' && failOn === 'new' && !classified.some((c) => c.kind === 'new'))
    return 0;
  return 1;
}

const SPARK: Record<string, string> = {
  p: '🟩',
  X: '🟩',
  f: '🟥',
  t: '🟥',
  c: '🟥',
  k: '🟨',
  s: '⬜',
  x: '⬜',
  n: '⬜',
  '.': '▫️',
};
const SPARK_TEXT: Record<string, string> = {
  p: '.',
  X: '.',
  f: 'F',
  t: 'T',
  c: 'C',
  k: 'k',
  s: 's',
  x: 'x',
  n: '-',
  '.': ' ',
};

/** Outcomes oldest first as one glance: squares for markdown, letters for text. */
export function sparkline(outcomes: string, style: 'emoji' | 'text' = 'emoji'): string {
  const map = style === 'emoji' ? SPARK : SPARK_TEXT;
  return [...outcomes].map((o) => map[o] ?? '?').join('');
}
