// What `kernel-ci report` is given, turned into results.json files: paths,
// directories and glob patterns, as a matrix leaves them (one downloaded
// artifact directory per job). Globs are expanded here, not by a shell: an
// action input has no shell, and fs.glob needs Node 22.
//
// - a directory: every results.json below it, at any depth;
// - a file: that file, whatever its name;
// - a pattern (* ? [...] {a,b} and ** for any number of directories): each
//   directory it matches is searched as above; a file it matches is taken
//   when it is named results.json, or when the pattern's last part ends in
//   .json (`out/*.json` asks for JSON files; `results/**` must not pick up
//   every file an artifact holds).
// An argument that yields nothing is returned as unmatched: the report names it.
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface ResultsFile {
  path: string;
  /** The argument it came from. */
  arg: string;
}

export interface ExpandedInputs {
  files: ResultsFile[];
  /** Arguments that gave no results file at all. */
  unmatched: string[];
}

const MAGIC = /[*?[{]/;

export const hasMagic = (s: string): boolean => MAGIC.test(s);

/** One path segment of a pattern as a RegExp (no '/' inside). */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) re += escapeRe(seg[++i]!);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += escapeRe(c);
  }
  // An unclosed brace is literal text in a shell; here it only has to stay a valid RegExp.
  re += ')'.repeat(braces);
  return new RegExp(`^${re}$`);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function kind(p: string): Promise<'dir' | 'file' | undefined> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function entries(dir: string) {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return [];
  }
}

/** Every results.json under dir, in name order. Symlinked directories are not followed (no loops). */
async function findResultsJson(dir: string, out: string[]): Promise<void> {
  for (const e of await entries(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await findResultsJson(p, out);
    else if (e.name === 'results.json' && (await kind(p)) === 'file') out.push(p);
  }
}

/** Paths (files and directories) matching a pattern, in a stable order. */
export async function expandGlob(pattern: string, cwd = process.cwd()): Promise<string[]> {
  const abs = isAbsolute(pattern);
  const segs = pattern.split(/\/+/).filter((s, i) => s !== '' && !(s === '.' && i > 0));
  let base = abs ? sep : cwd;
  // The literal head is walked to, not listed: it may be '..' or hidden.
  while (segs.length > 0 && !hasMagic(segs[0]!)) base = join(base, segs.shift()!);
  const out: string[] = [];
  const walk = async (dir: string, rest: string[]): Promise<void> => {
    if (rest.length === 0) {
      if (await kind(dir)) out.push(dir);
      return;
    }
    const [seg, ...tail] = rest as [string, ...string[]];
    if (seg === '**') {
      await walk(dir, tail);
      for (const e of await entries(dir))
        if (e.isDirectory() && !e.name.startsWith('.')) await walk(join(dir, e.name), rest);
      return;
    }
    if (!hasMagic(seg)) {
      const p = join(dir, seg);
      if (await kind(p)) await walk(p, tail);
      return;
    }
    const re = segmentRegExp(seg);
    for (const e of await entries(dir)) {
      // As in a shell, a wildcard does not match a leading dot.
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!re.test(e.name)) continue;
      const p = join(dir, e.name);
      if (tail.length > 0 && (await kind(p)) !== 'dir') continue;
      await walk(p, tail);
    }
  };
  if (await kind(base)) await walk(base, segs);
  return out;
}

/** The results files named by report's arguments, each once, in argument order. */
export async function expandResultsArgs(
  args: readonly string[],
  cwd = process.cwd(),
): Promise<ExpandedInputs> {
  const files: ResultsFile[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const add = async (path: string, arg: string): Promise<boolean> => {
    const real = await realpath(path).catch(() => resolve(cwd, path));
    if (seen.has(real)) return true;
    seen.add(real);
    // Shown in the report as the user would type it.
    files.push({ path: isAbsolute(arg) ? path : relative(cwd, path) || path, arg });
    return true;
  };
  for (const arg of args) {
    let found = false;
    if (!hasMagic(arg) || (await kind(resolve(cwd, arg)))) {
      // A real path wins over a pattern reading of the same text ("run[1]").
      const p = resolve(cwd, arg);
      const k = await kind(p);
      if (k === 'file') found = await add(p, arg);
      else if (k === 'dir') {
        const inside: string[] = [];
        await findResultsJson(p, inside);
        for (const f of inside) found = (await add(f, arg)) || found;
      }
    } else {
      const jsonWanted = /\.json$/i.test(arg.split('/').pop() ?? '');
      for (const m of await expandGlob(arg, cwd)) {
        const k = await kind(m);
        if (k === 'dir') {
          const inside: string[] = [];
          await findResultsJson(m, inside);
          for (const f of inside) found = (await add(f, arg)) || found;
        } else if (k === 'file' && (jsonWanted || m.endsWith(`${sep}results.json`)))
          found = (await add(m, arg)) || found;
      }
    }
    if (!found) unmatched.push(arg);
  }
  return { files, unmatched };
}
