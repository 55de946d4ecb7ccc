// Titles a maintainer can search for, in syzkaller's pkg/report style: the
// kind of report plus the function where it happened, generic frames
// skipped ("WARNING in mptcp_sendmsg", "INFO: task hung in rtnl_lock").

import { detach } from '../console-lines.js';
import { RecentMemo, sameList } from './recent-memo.js';
import type { CrashPattern } from './patterns.js';
import {
  firstSignificant,
  isGeneric,
  symbolFn,
  type ReportFrames,
  type ReportText,
  reportFrames,
} from './frames.js';

/** The function a report is about, per the pattern's title rule. */
export function reportFn(
  p: CrashPattern,
  match: RegExpExecArray,
  frames: ReportFrames,
): string | undefined {
  const how = p.title.fn;
  if (!how) return undefined;
  if (how.startsWith('group:')) {
    const g = match[Number(how.slice(6))];
    const fn = g === undefined ? undefined : symbolFn(g);
    return fn && !isGeneric(fn) ? fn : firstSignificant(frames);
  }
  if (how === 'rip') return frames.rip ?? firstSignificant(frames);
  if (how === 'stack') return firstSignificant(frames);
  const rip = frames.rip;
  return rip && !isGeneric(rip) ? rip : firstSignificant(frames);
}

function fill(template: string, match: RegExpExecArray, fn: string | undefined): string {
  let t = fn === undefined ? template.replace(' in {fn}', '') : template.replace('{fn}', fn);
  t = t.replace(/\{(\d+)\}/g, (_, n: string) => match[Number(n)] ?? '');
  return t.replace(/\s+/g, ' ').trim();
}

// A console repeating a few reports fills each template once.
interface Filled {
  p: CrashPattern;
  fn: string | undefined;
  groups: (string | undefined)[];
  title: string;
}
const filled = new RecentMemo<Filled>();

function fillOnce(p: CrashPattern, match: RegExpExecArray, fn: string | undefined): string {
  const hit = filled.find((e) => e.p === p && e.fn === fn && sameList(e.groups, match, 1));
  if (hit) return hit.title;
  return filled.add({
    p,
    fn: fn === undefined ? fn : detach(fn),
    groups: match.slice(1).map((g) => (g === undefined ? g : detach(g))),
    title: detach(fill(p.title.template, match, fn)),
  }).title;
}

/** Oops headers name the trap; the line before them (if any) says more. */
const KERNEL_BUG_AT = /kernel BUG at /y;
const KASAN_ACCESS = /(Read|Write) of size/y;

function oopsTitle(match: RegExpExecArray, r: ReportText, fn: string | undefined) {
  const reason = match[1] ?? 'Oops';
  const where = fn === undefined ? '' : ` in ${fn}`;
  if (reason.startsWith('general protection fault')) return `general protection fault${where}`;
  if (r.lines.some((l, i) => ((KERNEL_BUG_AT.lastIndex = r.offs[i]!), KERNEL_BUG_AT.test(l))))
    return `kernel BUG${where}`;
  if (reason === 'Oops') return `Oops${where}`;
  return `Oops: ${reason}${where}`;
}

export function makeTitle(
  p: CrashPattern,
  match: RegExpExecArray,
  r: ReportText,
  frames: ReportFrames = reportFrames(r),
): { title: string; fn: string | undefined } {
  const fn = reportFn(p, match, frames);
  if (p.title.special === 'oops') return { title: oopsTitle(match, r, fn), fn };
  let title = fillOnce(p, match, fn);
  if (p.title.special === 'kasan') {
    // "Read of size 8 at addr ... by task ..." → "KASAN: use-after-free Read in f"
    for (let i = 0; i < r.lines.length; i++) {
      KASAN_ACCESS.lastIndex = r.offs[i]!;
      const access = KASAN_ACCESS.exec(r.lines[i]!);
      if (!access) continue;
      title = title.replace(/^(KASAN: \S+)/, `$1 ${access[1]}`);
      break;
    }
  }
  return { title, fn };
}
