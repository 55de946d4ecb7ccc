// Titles a maintainer can search for: syzkaller's (pkg/report), so that a
// report here and the same bug on syzbot or in a fix commit's Reported-by
// line carry the same words ("WARNING: refcount bug in sctp_wfree",
// "KASAN: use-after-free Read in remove_wait_queue", "possible deadlock in
// rtnl_lock"): the report kind's conventional wording and its guilty frame
// (guilty.ts), numbers and addresses replaced as syzkaller does.

import { detach } from '../console-lines.js';
import { RecentMemo } from './recent-memo.js';
import { guiltyFrames } from './guilty.js';
import type { CrashPattern, TitleFormat } from './patterns.js';
import type { ReportText } from './frames.js';

export interface Title {
  title: string;
  /** syzkaller's alternative titles of the same bug. */
  alts: string[];
  /** The report is garbled: no guilty frame, or a fallback format. */
  corrupted: boolean;
}

/** A stack frame the kernel marks unreliable (`? func+...`): not a real caller. */
const QUESTIONABLE = /(?:\[<[0-9a-f]+>\])? \? /;
/** A printk caller id after the timestamp (CONFIG_PRINTK_CALLER). */
const CALLER_ID = /\]\[ *[CT]\d+\]/;
/**
 * Messages that are no report but come with a stack (syzkaller's
 * infoMessagesWithStack): without caller ids, the frames after one are
 * its own, not the report's.
 */
const STACK_NOTICES = [
  'vmalloc: allocation failure:',
  'FAULT_INJECTION: forcing a failure',
  'FAULT_FLAG_ALLOW_RETRY missing',
];
/** After this many lines a panic or a lockdep report is the consequence, not the report. */
const REPORT_MIN_LINES = 22;

/**
 * The report as syzkaller reads it: message bodies from the start line on,
 * without unreliable frames or lockdep's taint notice, and without the
 * panic (or deadlock report) a long enough report ends with.
 */
export function reportText(r: ReportText, from = 0): string {
  const out: string[] = [];
  // Without caller ids, another message with a stack may be anybody's.
  const first = r.lines[from];
  const untagged = first !== undefined && !CALLER_ID.test(first.slice(0, r.offs[from]));
  for (let i = from; i < r.lines.length; i++) {
    const line = r.lines[i]!;
    const off = r.offs[i]!;
    let body = off === 0 ? line : line.slice(off);
    // kmemleak.verbose prints its report through pr_fmt "kmemleak: ".
    if (body.startsWith('kmemleak: ')) body = body.slice(10);
    if (i > from) {
      if (body.includes(' ? ') && !body.includes('<EOI>') && QUESTIONABLE.test(body)) continue;
      // powerpc marks them at the end.
      if (body.endsWith(' (unreliable)')) continue;
      if (body.includes('Disabling lock debugging due to kernel taint')) continue;
      if (untagged && STACK_NOTICES.some((n) => body.includes(n))) break;
      if (
        out.length + 1 > REPORT_MIN_LINES &&
        (body.includes('Kernel panic - not syncing') ||
          body.includes('WARNING: possible circular locking dependency detected'))
      )
        break;
    }
    out.push(body);
  }
  return out.join('\n');
}

function format(fmt: string, args: readonly string[]): string {
  return fmt.replace(/%\[(\d+)\][vs]/g, (_, n: string) => args[Number(n) - 1] ?? '%!v(MISSING)');
}

// syzkaller's dynamicTitleReplacement: what varies between two reports of
// the same bug (executor names, addresses, IPs, line numbers, offsets, CPUs,
// numbers) does not make a new title.
const REPLACEMENTS: readonly [RegExp, string][] = [
  [/syz-executor\.?[0-9]+((\/|:)[0-9]+)?/g, 'syz-executor'],
  [/syzkaller[0-9]+((\/|:)[0-9]+)?/g, 'syzkaller'],
  [/([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}/g, '$1ADDR'],
  [/([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})/g, 'IP'],
  [/(\.\w+)(:[0-9]+)+/g, '$1:LINE'],
  [/([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+\/0x[0-9a-z]+/g, '$1'],
  [/CPU#[0-9]+/g, 'CPU'],
  [/(\W)(\d+)(\W|$)/g, '$1NUM$3'],
  [/(\d+){7,}/g, 'NUM'],
];
const MAX_TITLE = 120;

export function sanitizeTitle(title: string): string {
  let t = title;
  for (const [re, by] of REPLACEMENTS)
    for (let prev = ''; prev !== t;) {
      prev = t;
      t = t.replace(re, by);
    }
  let out = '';
  let prev = ' ';
  for (let i = 0; i < t.length && i < MAX_TITLE; i++) {
    let c = t[i]!;
    if (c === '\t') c = ' ';
    else if (c < ' ' || c >= '\x7f') continue;
    if (c === ' ' && prev === ' ') continue;
    out += c;
    prev = c;
  }
  return out.trim();
}

function groups(m: RegExpExecArray): string[] {
  const g: string[] = [];
  for (let i = 1; i < m.length; i++) g.push(m[i] ?? '');
  return g;
}

/** syzkaller's extractDescription over one entry's formats. */
export function describe(formats: readonly TitleFormat[], text: string): Title | undefined {
  let best = text.length;
  let title = '';
  let alts: string[] = [];
  let corrupted = false;
  let chosen: TitleFormat | undefined;
  for (const f of formats) {
    let m = f.title.exec(text);
    if (!m || m.index > best) continue;
    if (m.index === best && title !== '') continue;
    if (m.index < best) {
      title = '';
      chosen = undefined;
      best = m.index;
    }
    if (f.report) {
      m = f.report.exec(text);
      if (!m) continue;
    }
    const args = groups(m);
    const raw: string[] = [];
    corrupted = false;
    if (f.stack) {
      const at = m.index === 0 ? text : text.slice(m.index);
      const g = guiltyFrames(at.split('\n'), f.stack);
      if (!g.ok) corrupted = true;
      for (const fr of g.frames) {
        args.push(fr.canonical);
        raw.push(fr.raw);
      }
    }
    title = format(f.fmt, args);
    alts = (f.alt ?? []).map((a) => format(a, args));
    // The title with the frame as printed (syscall prefixes kept) is an alternative too.
    if (raw.length > 0 && raw.some((r, i) => r !== args[args.length - raw.length + i])) {
      const rawArgs = [...args.slice(0, args.length - raw.length), ...raw];
      alts.push(format(f.fmt, rawArgs), ...(f.alt ?? []).map((a) => format(a, rawArgs)));
    }
    chosen = f;
  }
  // A title regex matched but no format could fill it: the caller falls back to the line.
  if (title === '') return undefined;
  if (chosen?.corrupted) corrupted = true;
  const clean = sanitizeTitle(title);
  return {
    title: clean,
    alts: [...new Set(alts.map(sanitizeTitle))].filter((a) => a !== clean),
    corrupted,
  };
}

// A console repeating a few reports titles each once: the report's message
// bodies are compared in place with the ones of recent reports of the same
// entry (no text to build, hash or keep per line).
interface Titled {
  /** The bodies joined: a new string, holding no slice of the console's chunks. */
  joined: string;
  /** Each body's length. */
  lengths: Int32Array;
  title: Title;
}
/** Per entry, enough for every distinct report of a console that repeats a cycle of them. */
const TITLED_PER_PATTERN = 32;
/**
 * Longer reports (a 600-frame recursion, a stall dumping every CPU) are not
 * remembered: 32 of them per entry would be megabytes, and their title
 * costs little next to their own lines.
 */
const TITLED_MAX_CHARS = 16 * 1024;
const titled = new Map<CrashPattern, RecentMemo<Titled>>();

function sameBodies(e: Titled, r: ReportText, start: number): boolean {
  const n = e.lengths.length;
  if (n !== r.lines.length - start) return false;
  for (let i = 0, at = 0; i < n; i++) {
    const len = e.lengths[i]!;
    const line = r.lines[start + i]!;
    const off = r.offs[start + i]!;
    // Slices and === (a memory compare) are several times faster than startsWith(b, off).
    if (line.length - off !== len || line.slice(off) !== e.joined.slice(at, at + len)) return false;
    at += len + 1;
  }
  return true;
}

/**
 * The report's title: the first of its entry's formats that fits, else the
 * start line itself. `start` is the index of the start line in `r`
 * (preludes come before it).
 */
export function makeTitle(p: CrashPattern, r: ReportText, start = 0): Title {
  let memo = titled.get(p);
  if (!memo) titled.set(p, (memo = new RecentMemo<Titled>(TITLED_PER_PATTERN)));
  const hit = memo.find((e) => sameBodies(e, r, start));
  if (hit) return hit.title;
  const text = reportText(r, start);
  const nl = text.indexOf('\n');
  const t = describe(p.titles, text) ?? {
    title: sanitizeTitle(nl < 0 ? text : text.slice(0, nl)),
    alts: [],
    corrupted: true,
  };
  const title: Title = { title: detach(t.title), alts: t.alts.map(detach), corrupted: t.corrupted };
  if (text.length > TITLED_MAX_CHARS) return title;
  const bodies: string[] = [];
  for (let i = start; i < r.lines.length; i++) bodies.push(r.lines[i]!.slice(r.offs[i]!));
  const lengths = Int32Array.from(bodies, (b) => b.length);
  // join() of one element may return that element: a slice of the chunk.
  const joined = bodies.length === 1 ? detach(bodies[0]!) : bodies.join('\n');
  return memo.add({ joined, lengths, title }).title;
}
