// Streaming crash detection over console lines.
//
// Only kernel lines count. A kernel line is one carrying a printk timestamp
// `[   12.345678]` (optionally followed by a caller id `[  T123]`/`[  C1]`
// with CONFIG_PRINTK_CALLER); the timestamp may come after other text on
// the same console line (a user-space write cut by a printk, a `<6>` level
// prefix, a log collector's own prefix). Everything else — the selftests'
// own output, shells, TAP — is user space and is never matched, whatever
// words it prints. The run pipeline boots with printk.time=1 so that the
// rule holds. Host lines (QEMU's "KVM: entry failed") are the exception:
// they carry no timestamp and only match the `host` patterns, anchored at
// the start of the line. A saved log with no timestamp at all is read as
// all kernel lines (`untimed`, set by analyzeLog and `kernel-ci analyze`).
//
// Within kernel lines, a report is recognised by its first line (the
// pattern table), then follows the report's structure: lines of the same
// caller continue it until its end marker, `</TASK>` for single-stack
// reports, a line outside its indented block (kmemleak), a new report, a
// jump of the printk clock (kernelGapS), too many lines, or — live — a
// quiet gap on the console (tick()). User-space lines inside a report are
// skipped, not appended. With caller ids, two CPUs' interleaved reports are
// followed separately. One-line reports (`oneLine`) are recorded without
// ending the report they interrupt; some starts belong to the open report
// (`absorbs`, `inReport`: the oops header after a fault line).
//
// Costs per line: two indexOf scans (escapes, NULs), one scan for the
// timestamp, one character test and, for messages that may start a report,
// the prefilter regex; in an open report, the end test (a character test
// first) — nothing is allocated. The table runs only on prefilter hits;
// title (syzkaller's formats and guilty frame, title.ts) and fingerprint
// once per report, from its lines as kept (a repeat of a recent report is
// recognised by comparing its lines: no regex, no hash).
//
// Memory: the lines of the open reports and of the last completed one (its
// panic may reopen it), the last lines of up to MAX_CALLERS callers, and one
// finding per fingerprint, with its text (repeats only add to its count).
// What is kept past its report holds no slice of the console's chunks.

import type { Finding } from '../results.js';
import { kernelText } from '../console-clean.js';
import { detach, LineSplitter } from '../console-lines.js';
import { CONSEQUENCE_PANIC, PATTERNS, START_PREFILTER, type CrashPattern } from './patterns.js';
import { makeTitle } from './title.js';
import { fingerprint } from './fingerprint.js';
import { leadChars, sticky } from './regex.js';

export type StopOn = 'fatal' | 'any' | 'never';

export interface DetectorOptions {
  /** Which completed findings request a stop (default 'fatal'). */
  stopOn?: StopOn;
  /** A report with no new line for this long is complete (live runs, via tick()). */
  quietGapMs?: number;
  /** A report whose next line is this much later on the printk clock is complete. */
  kernelGapS?: number;
  /** Longest report kept; longer ones are cut (a stuck loop printing forever). */
  maxReportLines?: number;
  /** Longest line looked at; the rest is cut (a runaway line of several MB). */
  maxLineChars?: number;
  /** Keep every report for allReports() (memory grows with the reports: not for endless streams). */
  keepAll?: boolean;
  /**
   * Take lines without a printk timestamp for kernel lines (a saved log
   * without any, e.g. printk.time=0 or a report copied from a mail): the
   * user-space/kernel distinction is then lost. analyzeLog sets it for
   * logs that carry no timestamp at all.
   */
  untimed?: boolean;
}

/** A per-line regex of the table, ready to run at the message offset. */
interface LineTest {
  /** Sticky twin of the table's regex. */
  re: RegExp;
  /** Characters a match can begin with (undefined: any). */
  lead: Uint8Array | undefined;
}

interface Open {
  pat: CrashPattern;
  lines: string[];
  /** Where each line's message starts. */
  offs: number[];
  first: number;
  last: number;
  lastMs: number;
  lastTs: number;
  fatal: boolean;
  end: LineTest | undefined;
  endAtTaskEnd: boolean;
  continueWhile: LineTest | undefined;
  test: string | undefined;
  /** Index in `lines` of the start line (preludes come before it). */
  start: number;
  /** Set when a completed report was reopened by the panic it caused. */
  finding?: Finding;
}

const KERNEL_PATTERNS = PATTERNS.filter((p) => !p.host);
/** Which characters each kernel pattern's start can begin with (undefined: any). */
const KERNEL_LEADS = KERNEL_PATTERNS.map((p) => leadChars(p.start));
const HOST_PATTERNS = PATTERNS.filter((p) => p.host);
const PANIC_IDS = new Set(['panic', 'kill-init']);
const PANIC_PATTERN = PATTERNS.find((p) => p.id === 'panic')!;
/** The table's per-line regexes (end, prelude, continueWhile) as LineTests. */
const LINE_TESTS = new Map<RegExp, LineTest>();
for (const p of PATTERNS)
  for (const re of [p.end, p.prelude, p.continueWhile])
    if (re && !LINE_TESTS.has(re)) LINE_TESTS.set(re, { re: sticky(re), lead: leadChars(re) });
const lineTest = (re: RegExp | undefined): LineTest | undefined =>
  re === undefined ? undefined : LINE_TESTS.get(re);
/** Whether the test matches the line at `off`. */
const at = (t: LineTest, line: string, off: number): boolean => {
  if (t.lead !== undefined) {
    const c = line.charCodeAt(off);
    if (!(c < 128 && t.lead[c] === 1)) return false;
  }
  t.re.lastIndex = off;
  return t.re.test(line);
};
const START_LEAD = leadChars(START_PREFILTER);
const TASK_END = /\s*<\/TASK>\s*$/y;
/** How far before a report's first line its prelude (`cut here`) may be. */
const PRELUDE_LOOKBACK = 3;
/** Callers whose last lines are kept for preludes (caller ids are task ids: unbounded). */
const MAX_CALLERS = 64;

/** The last few kernel lines of one caller (a tiny ring, reused). */
class Recent {
  private readonly lines: string[] = [];
  private readonly nos: number[] = [];
  private at = 0;
  add(line: string, lineNo: number): void {
    this.at = (this.at + 1) % PRELUDE_LOOKBACK;
    this.lines[this.at] = line;
    this.nos[this.at] = lineNo;
  }
  /** back = 1 is the last line added. */
  private index(back: number): number {
    return (this.at - back + 1 + PRELUDE_LOOKBACK) % PRELUDE_LOOKBACK;
  }
  get(back: number): string | undefined {
    return back <= this.lines.length ? this.lines[this.index(back)] : undefined;
  }
  lineNo(back: number): number {
    return this.nos[this.index(back)]!;
  }
}

/** A panic within this many lines after a report ends is that report's consequence. */
const CONSEQUENCE_WINDOW = 60;

/**
 * Where scanPrefix leaves what it found. Each detector owns one and reuses
 * it, so the hot path allocates nothing and no state is shared between
 * detectors (two consoles scanned at once stay apart).
 */
export class PrefixScan {
  /** The printk timestamp, seconds. */
  ts = 0;
  /** The printk caller id (`T123`, `C1`), '' when the line has none. */
  caller = '';
  /** The id string of the previous line, reused while the caller stays the same. */
  lastCallerId = '';
}

/**
 * Finds the printk prefix; returns the index where the message starts, or
 * -1 when the line carries no printk timestamp (a user-space line).
 */
export function scanPrefix(s: string, out: PrefixScan = new PrefixScan()): number {
  // One charCodeAt per character (past the end it is NaN, which ends every loop).
  let i = s.charCodeAt(0) === 91 /* [ */ ? 0 : s.indexOf('[');
  while (i >= 0) {
    let j = i + 1;
    let c = s.charCodeAt(j);
    while (c === 32) c = s.charCodeAt(++j);
    const d0 = j;
    let secs = 0;
    while (c >= 48 && c <= 57) {
      secs = secs * 10 + (c - 48);
      c = s.charCodeAt(++j);
    }
    if (j > d0 && c === 46 /* . */) {
      const f0 = ++j;
      c = s.charCodeAt(j);
      let frac = 0;
      let scale = 1;
      while (c >= 48 && c <= 57) {
        frac = frac * 10 + (c - 48);
        scale *= 10;
        c = s.charCodeAt(++j);
      }
      if (j > f0 && c === 93 /* ] */) {
        out.ts = secs + frac / scale;
        j++;
        if (s.charCodeAt(j) === 91 /* [ */) j = scanCallerId(s, j, out);
        else out.caller = '';
        if (s.charCodeAt(j) === 32) j++;
        return j;
      }
    }
    i = s.indexOf('[', i + 1);
  }
  return -1;
}

/** What String.prototype.trim() takes for whitespace. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 5760 ||
    (c >= 8192 && c <= 8202) ||
    c === 8232 ||
    c === 8233 ||
    c === 8239 ||
    c === 8287 ||
    c === 12288 ||
    c === 65279
  );
}

/**
 * A caller id `[  T123]` / `[ C1]` at `open` (its `[`), at most 12
 * characters to its `]`, spaces around the id allowed: sets out.caller and
 * returns the index after it, or sets out.caller to '' and returns `open`.
 * The id string is reused while the caller stays the same (no allocation).
 */
function scanCallerId(s: string, open: number, out: PrefixScan): number {
  let k = open + 1;
  while (isSpace(s.charCodeAt(k))) k++;
  const id0 = k;
  const t = s.charCodeAt(k);
  if (t === 84 /* T */ || t === 67 /* C */) {
    k++;
    let c = 0;
    while ((c = s.charCodeAt(k)) >= 48 && c <= 57) k++;
    const id1 = k;
    if (id1 > id0 + 1) {
      while (isSpace(s.charCodeAt(k))) k++;
      if (s.charCodeAt(k) === 93 /* ] */ && k - open <= 12) {
        const prev = out.lastCallerId;
        out.lastCallerId =
          prev.length === id1 - id0 && s.startsWith(prev, id0) ? prev : s.slice(id0, id1);
        out.caller = out.lastCallerId;
        return k + 1;
      }
    }
  }
  out.caller = '';
  return open;
}

/** A printk timestamp anywhere in a log. */
const HAS_TIMESTAMP = /\[ *\d+\.\d+\]/;

/** Whether a piece of a log carries a printk timestamp (else: DetectorOptions.untimed). */
export const hasPrintkTimestamp = (text: string): boolean => HAS_TIMESTAMP.test(text);
/** A log collector's date before an untimed message ("2018/01/09 14:28:48 BUG: memory leak"). */
const COLLECTOR_DATE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;

/** Where the message of a line without printk timestamp starts. */
function untimedOffset(line: string): number {
  const m = COLLECTOR_DATE.exec(line);
  return m ? m[0].length : 0;
}

export class CrashDetector {
  /** Called once, when the first stop-worthy finding is complete. */
  onStop?: (f: Finding) => void;
  private stop = false;
  private readonly scan = new PrefixScan();
  private readonly scratch = new PrefixScan();
  private readonly stopOn: StopOn;
  private readonly quietGapMs: number;
  private readonly kernelGapS: number;
  private readonly maxReportLines: number;
  private readonly maxLineChars: number;
  private readonly open = new Map<string, Open>();
  /**
   * Last kernel lines per caller: a report's prelude (`cut here`) comes
   * before its start, sometimes with the WARN() message in between.
   */
  private readonly prev = new Map<string, Recent>();
  /** Completed findings by fingerprint (first occurrence, with the count), in order. */
  private readonly done = new Map<string, Finding>();
  /** The last completed finding, not folded yet: the panic it causes may still reopen it. */
  private pending: Finding | undefined;
  private readonly reports: Finding[] = [];
  private readonly keepAll: boolean;
  private readonly untimed: boolean;
  private lastDone: { open: Open; lineNo: number } | undefined;
  private test: string | undefined;
  private lastTs = 0;
  /**
   * The printk time and arrival time of the kernel line being pushed, in
   * fields rather than arguments: a double passed to a call is a new heap
   * number, on every line.
   */
  private lineTs = 0;
  private lineMs = 0;
  /** The caller of the last kernel line and its Recent (consoles rarely switch callers). */
  private recentCaller: string | undefined;
  private recent: Recent | undefined;

  constructor(opts: DetectorOptions = {}) {
    this.stopOn = opts.stopOn ?? 'fatal';
    this.quietGapMs = opts.quietGapMs ?? 300;
    this.kernelGapS = opts.kernelGapS ?? 1;
    this.maxReportLines = opts.maxReportLines ?? 1000;
    this.maxLineChars = opts.maxLineChars ?? 4096;
    this.keepAll = opts.keepAll ?? false;
    this.untimed = opts.untimed ?? false;
  }

  get stopRequested(): boolean {
    return this.stop;
  }

  /** The test running now ("suite/test"), recorded on the findings that start during it. */
  setTest(test: string | undefined): void {
    this.test = test;
  }

  /** One console line (without its newline), its 1-based number in console.log, and the time it arrived. */
  push(raw: string, lineNo: number, nowMs = 0): void {
    const line = kernelText(raw, this.maxLineChars);
    const scan = this.scan;
    let off = scanPrefix(line, scan);
    if (off < 0) {
      if (line.charCodeAt(0) === 75 /* K */ && line.startsWith('KVM')) this.hostLine(line, lineNo);
      if (!this.untimed) return;
      off = untimedOffset(line);
      scan.ts = this.lastTs;
      scan.caller = '';
    }
    const ts = scan.ts;
    const caller = scan.caller;
    // The printk clock went back: a new boot, nothing before is its cause.
    if (ts + 1 < this.lastTs) this.lastDone = undefined;
    this.lastTs = ts;
    this.lineTs = ts;
    this.lineMs = nowMs;
    let r = this.open.size === 0 ? undefined : this.open.get(caller);
    // A jump of the printk clock, forwards (a later, unrelated message) or
    // backwards (the machine rebooted), or a quiet console ends the report.
    if (
      r &&
      (ts - r.lastTs > this.kernelGapS || ts + 1 < r.lastTs || nowMs - r.lastMs >= this.quietGapMs)
    ) {
      this.complete(caller, r);
      r = undefined;
    }
    // A start may follow a space or two (KCSAN's " BUG: KCSAN:" in 5.x).
    let so = off;
    let c = line.charCodeAt(so);
    while (c === 32 && so - off < 2) c = line.charCodeAt(++so);
    let hit = START_LEAD === undefined || (c < 128 && START_LEAD[c] === 1);
    if (hit) {
      START_PREFILTER.lastIndex = so;
      hit = START_PREFILTER.test(line);
    }
    if (!(hit && this.startLine(line, so, lineNo, caller, r)) && r)
      this.continueLine(r, caller, line, off, lineNo);
    this.remember(caller, line, lineNo);
  }

  /** Where the message of a kept line starts. */
  private msgOffset(line: string): number {
    // Its own scratch: the current line's timestamp and caller stay as scanned.
    const off = scanPrefix(line, this.scratch);
    return off < 0 && this.untimed ? untimedOffset(line) : off;
  }

  private remember(caller: string, line: string, lineNo: number): void {
    let p = this.recent;
    if (caller !== this.recentCaller || p === undefined) {
      // Least recently printing callers first: with caller ids (one per
      // task), only the last MAX_CALLERS keep their lines.
      p = this.prev.get(caller);
      if (p) this.prev.delete(caller);
      else p = new Recent();
      this.prev.set(caller, p);
      if (this.prev.size > MAX_CALLERS) this.prev.delete(this.prev.keys().next().value!);
      this.recentCaller = caller;
      this.recent = p;
    }
    p.add(line, lineNo);
  }

  /** Live runs: call now and then; completes reports that went quiet. */
  tick(nowMs: number): void {
    for (const [caller, r] of this.open) {
      if (nowMs - r.lastMs >= this.quietGapMs) this.complete(caller, r);
    }
  }

  /** End of the console: completes what is still open. */
  finish(): void {
    for (const [caller, r] of this.open) this.complete(caller, r);
  }

  /** Completed findings, duplicates (same fingerprint) collapsed into the first with a count. */
  findings(): Finding[] {
    const all = [...this.done.values()];
    if (this.pending) all.push(this.pending);
    return collapseFindings(all);
  }

  /** Every completed report in console order, repeats included (needs `keepAll`). */
  allReports(): Finding[] {
    return [...this.reports];
  }

  private fold(f: Finding): void {
    const seen = this.done.get(f.fingerprint);
    if (seen) seen.count += f.count;
    else this.done.set(f.fingerprint, f);
  }

  private hostLine(raw: string, lineNo: number): void {
    const line = raw.trimEnd();
    for (const p of HOST_PATTERNS) {
      if (!p.start.test(line)) continue;
      const r = this.newOpen(p, line, 0, lineNo, 0, 0, undefined);
      this.lastDone = undefined;
      this.finalize(r);
      return;
    }
  }

  /** Returns true when the line was consumed as (part of) a report start. */
  private startLine(
    line: string,
    off: number,
    lineNo: number,
    caller: string,
    r: Open | undefined,
  ): boolean {
    const ts = this.lineTs;
    const body = line.slice(off).trimEnd();
    const c0 = body.charCodeAt(0);
    let p: CrashPattern | undefined;
    for (let i = 0; i < KERNEL_PATTERNS.length; i++) {
      const lead = KERNEL_LEADS[i];
      if (lead !== undefined && !(c0 < 128 && lead[c0] === 1)) continue;
      if (KERNEL_PATTERNS[i]!.start.test(body)) {
        p = KERNEL_PATTERNS[i];
        break;
      }
    }
    if (!p) return false;
    if (PANIC_IDS.has(p.id)) {
      const target = r ?? this.mostRecentOpen();
      if (target) {
        this.becomesPanic(target);
        this.append(target, line, off, lineNo);
        return true;
      }
      const last = this.lastDone;
      if (
        last &&
        lineNo - last.lineNo <= CONSEQUENCE_WINDOW &&
        // same boot, moments later
        ts + 1 >= last.open.lastTs &&
        ts - last.open.lastTs <= this.kernelGapS * 5 &&
        CONSEQUENCE_PANIC.test(body)
      ) {
        this.lastDone = undefined;
        const again = last.open;
        this.becomesPanic(again);
        this.open.set(caller, again);
        this.append(again, line, off, lineNo);
        return true;
      }
    }
    if (r && (p.inReport || r.pat.absorbs?.includes(p.id))) {
      this.append(r, line, off, lineNo);
      return true;
    }
    if (p.oneLine) {
      this.finalize(this.newOpen(p, line, off, lineNo, this.lineMs, ts, this.test));
      return true;
    }
    if (r) this.complete(caller, r);
    const o = this.newOpen(p, line, off, lineNo, this.lineMs, ts, this.test);
    const recent = this.prev.get(caller);
    if (p.prelude && recent) {
      for (let back = 1; back <= PRELUDE_LOOKBACK; back++) {
        const pl = recent.get(back);
        if (pl === undefined) break;
        if (!at(lineTest(p.prelude)!, pl, this.msgOffset(pl))) continue;
        // The prelude and what came between it and the start (the WARN() message).
        for (let k = back; k >= 1; k--) {
          const l = recent.get(k)!;
          o.lines.splice(o.lines.length - 1, 0, l);
          o.offs.splice(o.offs.length - 1, 0, this.msgOffset(l));
        }
        o.first = recent.lineNo(back);
        o.start = back;
        break;
      }
    }
    this.open.set(caller, o);
    return true;
  }

  private continueLine(r: Open, caller: string, line: string, off: number, lineNo: number): void {
    if (r.continueWhile && !at(r.continueWhile, line, off)) {
      this.complete(caller, r);
      return;
    }
    this.append(r, line, off, lineNo);
    if (r.end && at(r.end, line, off)) return this.complete(caller, r);
    if (r.endAtTaskEnd && CrashDetector.taskEnd(line, off)) return this.complete(caller, r);
    if (r.lines.length >= this.maxReportLines) this.complete(caller, r);
  }

  /** `</TASK>` alone on the message (a character test first: most lines end otherwise). */
  private static taskEnd(line: string, off: number): boolean {
    const c = line.charCodeAt(line.length - 1);
    if (c !== 62 /* > */ && c > 32 && c < 127) return false;
    TASK_END.lastIndex = off;
    return TASK_END.test(line);
  }

  private becomesPanic(r: Open): void {
    r.fatal = true;
    r.end = lineTest(PANIC_PATTERN.end);
    r.endAtTaskEnd = false;
    r.continueWhile = undefined;
  }

  private mostRecentOpen(): Open | undefined {
    let best: Open | undefined;
    for (const r of this.open.values()) if (!best || r.last > best.last) best = r;
    return best;
  }

  private newOpen(
    p: CrashPattern,
    line: string,
    off: number,
    lineNo: number,
    nowMs: number,
    ts: number,
    test: string | undefined,
  ): Open {
    return {
      pat: p,
      lines: [line],
      offs: [off],
      first: lineNo,
      last: lineNo,
      lastMs: nowMs,
      lastTs: ts,
      fatal: p.fatal,
      end: lineTest(p.end),
      endAtTaskEnd: p.endAtTaskEnd ?? false,
      continueWhile: lineTest(p.continueWhile),
      test,
      start: 0,
    };
  }

  private append(r: Open, line: string, off: number, lineNo: number) {
    r.lines.push(line);
    r.offs.push(off);
    r.last = lineNo;
    r.lastMs = this.lineMs;
    r.lastTs = this.lineTs;
  }

  private complete(caller: string, r: Open): void {
    this.open.delete(caller);
    this.lastDone = { open: r, lineNo: r.last };
    this.finalize(r);
  }

  private finalize(r: Open): void {
    let { title } = makeTitle(r.pat, r, r.start);
    const fp = fingerprint(r.pat.kind, title);
    // A repeat of a known report only adds to its count: its text is not kept.
    const repeat =
      r.finding === undefined && (this.done.has(fp) || this.pending?.fingerprint === fp);
    const report = repeat ? '' : r.lines.join('\n');
    // What is kept holds no slice of the console's chunks (see detach).
    if (!repeat) title = detach(title);
    let f = r.finding;
    if (f) {
      f.kind = r.pat.kind;
      f.title = title;
      f.fatal = r.fatal;
      f.fingerprint = fp;
      f.lines = { first: r.first, last: r.last };
      f.report = report;
    } else {
      f = {
        kind: r.pat.kind,
        title,
        fatal: r.fatal,
        fingerprint: fp,
        lines: { first: r.first, last: r.last },
        report,
        count: 1,
      };
      if (r.test !== undefined) f.test = r.test;
      r.finding = f;
      if (this.pending) this.fold(this.pending);
      this.pending = f;
      if (this.keepAll) this.reports.push(f);
    }
    const stops = this.stopOn === 'any' || (this.stopOn === 'fatal' && f.fatal);
    if (stops && !this.stop) {
      this.stop = true;
      this.onStop?.(f);
    }
  }
}

/** Same fingerprint = same problem: one finding (the first, copied) with the count. */
export function collapseFindings(all: readonly Finding[]): Finding[] {
  const byFp = new Map<string, Finding>();
  for (const f of all) {
    const seen = byFp.get(f.fingerprint);
    if (seen) seen.count += f.count;
    else byFp.set(f.fingerprint, { ...f });
  }
  return [...byFp.values()];
}

/** The detector over a whole saved console (no clock: reports end by structure). */
export function analyzeLog(
  text: string,
  opts: Omit<DetectorOptions, 'quietGapMs'> = {},
): Finding[] {
  const untimed = opts.untimed ?? !HAS_TIMESTAMP.test(text);
  const d = new CrashDetector({ ...opts, untimed, stopOn: 'never' });
  const split = new LineSplitter(1 << 20);
  let n = 0;
  for (const l of split.push(text)) d.push(l, ++n);
  for (const l of split.end()) d.push(l, ++n);
  d.finish();
  return d.findings();
}
