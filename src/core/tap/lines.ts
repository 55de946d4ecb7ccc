// Classifies one cleaned line and gives it a nesting depth.
//
// Two nesting conventions meet in kernel test output and may stack:
//  - kselftest's runner prefixes everything a test prints with "# ", so a
//    script's own TAP arrives as "# ok 1 - diag: ..." one level down;
//  - KTAP/TAP14 indent subtests (KTAP says 2 spaces a level, KUnit prints 4).
// Depth = number of "# " prefixes + indentation level. Indentation widths are
// learned per prefix depth from TAP lines only (a stack of widths), so both
// 2- and 4-space styles work and indented noise does not disturb them.
import { parseDirective, type Directive } from './directive.js';

export type TapLine =
  | { kind: 'version'; depth: number; ktap: boolean; version: number }
  | { kind: 'plan'; depth: number; count: number; comment: string }
  | {
      kind: 'point';
      depth: number;
      ok: boolean;
      id: number | null;
      name: string;
      directive: Directive | null;
    }
  | { kind: 'subtest'; depth: number; name: string }
  | { kind: 'bailout'; depth: number; reason: string }
  | { kind: 'diag'; depth: number; text: string };

const VERSION = /^(K?TAP) version (\d+)\s*$/;
const PLAN = /^(\d+)\.\.(\d+)\s*(?:#\s*(.*))?$/;
const POINT = /^(not )?ok(?:\s+(\d+)(?=\s|$))?(?:\s+-(?=\s|$))?(?:\s+(.*))?$/;
const BAILOUT = /^bail out!\s*(.*)$/i;
const SUBTEST = /^Subtest:\s*(.*)$/;
// Where the description ends: the first " #" followed by a known directive, else the first " # ".
const DIRECTIVE_AT =
  /\s#\s*(?=(?:skip|todo|xfail|xpass|timeout|error|ignore)\b|exit=|time=|duration_ms\b)/i;
const COMMENT_AT = /\s#(?:\s|$)/;

// TAP writers escape a "#" that belongs to the name as "\\#".
const unescape = (name: string): string =>
  name.includes('\\#') ? name.replace(/\\#/g, '#') : name;

function splitDescription(rest: string): { name: string; directive: Directive | null } {
  const m = DIRECTIVE_AT.exec(rest) ?? COMMENT_AT.exec(rest);
  if (!m) return { name: unescape(rest.trim()), directive: null };
  const hash = rest.indexOf('#', m.index);
  return {
    name: unescape(rest.slice(0, m.index).trim()),
    directive: parseDirective(rest.slice(hash + 1)),
  };
}

export class LineClassifier {
  /** Indentation widths seen at each "# " depth, outermost first. */
  private readonly stacks: number[][] = [];

  private level(hashes: number, indent: number): number {
    const stack = (this.stacks[hashes] ??= [0]);
    while (stack.length > 1 && stack[stack.length - 1]! > indent) stack.pop();
    if (indent > stack[stack.length - 1]!) stack.push(indent);
    return stack.length - 1;
  }

  classify(line: string): TapLine {
    let hashes = 0;
    let pos = 0;
    let indent = 0;
    let lastHashIndent = 0;
    for (;;) {
      indent = 0;
      while (line.charCodeAt(pos + indent) === 32) indent++;
      const at = pos + indent;
      if (line.charCodeAt(at) === 35 /* # */) {
        const next = line.charCodeAt(at + 1);
        if (next === 32 || Number.isNaN(next)) {
          hashes++;
          lastHashIndent = indent;
          pos = at + 2;
          continue;
        }
      }
      break;
    }
    const content = line.slice(pos + indent);
    const c = content.charCodeAt(0);
    // Cheap first-character filter: most console lines are not TAP.
    if (c === 111 /* o */ || c === 110 /* n */) {
      const m = POINT.exec(content);
      if (m) {
        const { name, directive } = splitDescription(m[3] ?? '');
        return {
          kind: 'point',
          depth: hashes + this.level(hashes, indent),
          ok: !m[1],
          id: m[2] !== undefined ? Number(m[2]) : null,
          name,
          directive,
        };
      }
    } else if (c >= 48 && c <= 57) {
      const m = PLAN.exec(content);
      if (m) {
        const end = Number(m[2]);
        const start = Number(m[1]);
        return {
          kind: 'plan',
          depth: hashes + this.level(hashes, indent),
          count: end >= start ? end - start + 1 : 0,
          comment: m[3]?.trim() ?? '',
        };
      }
    } else if (c === 84 /* T */ || c === 75 /* K */) {
      const m = VERSION.exec(content);
      if (m)
        return {
          kind: 'version',
          depth: hashes + this.level(hashes, indent),
          ktap: m[1] === 'KTAP',
          version: Number(m[2]),
        };
    } else if (c === 83 /* S */ && hashes > 0) {
      // "# Subtest: name" is a comment: it sits where its "#" is.
      const m = SUBTEST.exec(content);
      if (m)
        return {
          kind: 'subtest',
          depth: hashes - 1 + this.level(hashes - 1, lastHashIndent),
          name: m[1]!.trim(),
        };
    } else if (c === 66 /* B */ || c === 98 /* b */) {
      const m = BAILOUT.exec(content);
      if (m)
        return {
          kind: 'bailout',
          depth: hashes + this.level(hashes, indent),
          reason: m[1]!.trim(),
        };
    }
    return { kind: 'diag', depth: hashes, text: content };
  }
}
