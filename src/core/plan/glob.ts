// Test selection by name. Globs are shell-like: `*` any run of characters
// (slashes included, so `net/*` takes a whole collection), `?` one character,
// `[abc]` / `[!abc]` a class. A glob without a slash also matches the test
// name alone, so `diag*` selects `net/mptcp/diag.sh` without spelling the suite.
import { UsageError } from '../errors.js';

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      // Test names such as "[ OK ] connect" carry brackets: a lone '[' is literal.
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  let out: RegExp;
  try {
    out = new RegExp(`^${re}$`, 's');
  } catch {
    throw new UsageError(`bad glob '${glob}': not a valid character class`);
  }
  cache.set(glob, out);
  return out;
}

/** Whether `fullName` ("suite/test") or, for slash-less globs, its last part matches. */
export function globMatches(glob: string, fullName: string): boolean {
  const re = globToRegExp(glob);
  if (re.test(fullName)) return true;
  if (glob.includes('/')) return false;
  const base = fullName.slice(fullName.lastIndexOf('/') + 1);
  return re.test(base);
}

/** only (empty = everything) minus except. */
export function selected(
  fullName: string,
  only: readonly string[],
  except: readonly string[],
): boolean {
  if (only.length > 0 && !only.some((g) => globMatches(g, fullName))) return false;
  return !except.some((g) => globMatches(g, fullName));
}
