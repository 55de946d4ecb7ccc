// The text after " # " on a result line. tap-parser knows SKIP, TODO and
// time=; kselftest and KTAP add XFAIL, XPASS, TIMEOUT, ERROR and exit=N,
// MPTCP's mptcp_lib.sh adds "IGNORE Flaky" — often followed by time=12ms.
import { parseDirective as tapParserDirective } from 'tap-parser';

export type DirectiveKind = 'skip' | 'todo' | 'xfail' | 'xpass' | 'timeout' | 'error' | 'ignore';

export interface Directive {
  /** null: a comment we do not know (kept, e.g. "Create NS failed"). */
  kind: DirectiveKind | null;
  /** Words after the keyword, e.g. "Flaky", "1800 seconds", "no ss". */
  reason: string;
  /** As printed, without the leading "#". */
  raw: string;
  timeMs?: number;
  exit?: number;
}

const TIME = /(?:^|\s)(?:time=(\d+(?:\.\d+)?)(ms|s)|duration_ms\s+(\d+(?:\.\d+)?))(?=\s|$)/i;
const EXIT = /(?:^|\s)exit=(-?\d+)(?=\s|$)/;
const OWN_KEYWORD = /^(xfail|xpass|timeout|error|ignore)\b\s*(.*)$/i;

export function parseDirective(text: string): Directive {
  const raw = text.trim();
  let rest = raw;
  const d: Directive = { kind: null, reason: '', raw };
  const t = TIME.exec(rest);
  if (t) {
    d.timeMs =
      t[3] !== undefined ? Number(t[3]) : Number(t[1]) * (t[2]!.toLowerCase() === 's' ? 1000 : 1);
    rest = (rest.slice(0, t.index) + rest.slice(t.index + t[0].length)).trim();
  }
  const e = EXIT.exec(rest);
  if (e) {
    d.exit = Number(e[1]);
    rest = (rest.slice(0, e.index) + rest.slice(e.index + e[0].length)).trim();
  }
  const own = OWN_KEYWORD.exec(rest);
  if (own) {
    d.kind = own[1]!.toLowerCase() as DirectiveKind;
    d.reason = own[2]!.trim();
    return d;
  }
  const tp = rest ? tapParserDirective(rest) : false;
  if (tp && (tp[0] === 'skip' || tp[0] === 'todo')) {
    d.kind = tp[0];
    d.reason = typeof tp[1] === 'string' ? tp[1].replace(/^[:\s-]+/, '') : '';
  } else {
    d.reason = rest;
  }
  return d;
}
