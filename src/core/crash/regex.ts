// The pattern table's regexes, made cheap to run at an offset of a console
// line on the detector's hot path: a sticky twin (no substring per line) and
// the set of characters a match can begin with (most lines are ruled out by
// one character, without entering the regex engine).

/** The same regex, anchored where lastIndex says instead of at ^. */
export function sticky(re: RegExp): RegExp {
  const src = re.source.startsWith('^') ? re.source.slice(1) : re.source;
  return new RegExp(src, `${re.flags.replace(/[gy]/g, '')}y`);
}

/**
 * The ASCII characters a match must begin with (a 128-entry table, 1 = can
 * begin a match), read from the regex source: a top-level alternation whose
 * branches each begin with a literal, an escaped punctuation character or a
 * bracket class of literals and ranges, not optional. Undefined when the
 * source is anything else (the regex then always runs): never a wrong
 * answer, at worst no shortcut.
 */
export function leadChars(re: RegExp): Uint8Array | undefined {
  if (re.flags.includes('i') || re.flags.includes('u') || re.flags.includes('v')) return undefined;
  const src = re.source.startsWith('^') ? re.source.slice(1) : re.source;
  const set = new Uint8Array(128);
  for (const branch of topLevelBranches(src)) if (!addLead(branch, set)) return undefined;
  return set;
}

/** Splits at `|` outside groups and classes. */
function topLevelBranches(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

const SYNTAX = new Set([...'.()*+?{}^$|']);

/** Adds the branch's possible first characters; false when it cannot tell. */
function addLead(branch: string, set: Uint8Array): boolean {
  let rest: string;
  if (branch.startsWith('[')) {
    const close = branch.indexOf(']', 1);
    const body = close > 1 ? branch.slice(1, close) : '';
    if (body === '' || body.startsWith('^') || body.includes('\\')) return false;
    for (let i = 0; i < body.length; i++) {
      const lo = body.charCodeAt(i);
      let hi = lo;
      if (body[i + 1] === '-' && i + 2 < body.length) {
        hi = body.charCodeAt(i + 2);
        i += 2;
      }
      if (hi >= 128 || hi < lo) return false;
      set.fill(1, lo, hi + 1);
    }
    rest = branch.slice(close + 1);
  } else if (branch.startsWith('\\')) {
    const c = branch[1];
    // \d, \s, \w, \b... are classes or assertions, not the character.
    if (c === undefined || /[0-9A-Za-z]/.test(c)) return false;
    set[c.charCodeAt(0)] = 1;
    rest = branch.slice(2);
  } else {
    const c = branch[0];
    if (c === undefined || SYNTAX.has(c) || c.charCodeAt(0) >= 128) return false;
    set[c.charCodeAt(0)] = 1;
    rest = branch.slice(1);
  }
  // The first item must not be optional.
  return !(rest.startsWith('?') || rest.startsWith('*') || /^\{0[,}]/.test(rest));
}
