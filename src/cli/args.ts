// A small, strict flag parser: every flag is declared, every value checked,
// and any mistake is a UsageError (one line, exit 64) before work starts.

import { UsageError } from '../core/errors.js';

// Kept here too: the CLI's callers have always found them beside the parser.
export { isPathError, UsageError } from '../core/errors.js';

export type FlagType = 'string' | 'int' | 'bool' | 'list';

export interface FlagSpec {
  type: FlagType;
  help: string;
  /** Placeholder shown in help, e.g. DIR. */
  arg?: string;
  default?: string | number | boolean;
  /** For 'int': smallest accepted value. */
  min?: number;
  choices?: readonly string[];
  /** A one-letter alias (`-v`), as the tools maintainers know have. */
  short?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** The value a flag of this spec has after parsing: defaults make it always present. */
type ValueOf<F> = F extends { type: 'list' }
  ? string[]
  : F extends { type: 'bool' }
    ? boolean
    : F extends { type: 'int' }
      ? F extends { default: number }
        ? number
        : number | undefined
      : F extends { choices: readonly (infer C)[] }
        ? F extends { default: string }
          ? C
          : C | undefined
        : F extends { default: string }
          ? string
          : string | undefined;

/**
 * A command's options, typed from its one spec (src/cli/specs.ts): what the
 * CLI and the action inputs both produce, so nothing downstream casts.
 */
export type Options<S extends FlagSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The untyped view, for code that walks any command's flags by name. */
export type ParsedFlags = Record<string, string | number | boolean | string[] | undefined>;

// Which flags the user set (command line or action input), carried on the
// options object itself so it survives spreads from `all` into `run`: a
// flag the user set wins over a plan file, a default does not.
const GIVEN = Symbol('given');

/** Whether the user set this flag, as opposed to it holding its default. */
export const wasGiven = (flags: object, name: string): boolean =>
  (flags as { [GIVEN]?: ReadonlySet<string> })[GIVEN]?.has(name) ?? false;

/** The flags the user set, for the code that must say exactly what they asked (reproduce). */
export const givenFlags = (flags: object): ReadonlySet<string> =>
  (flags as { [GIVEN]?: ReadonlySet<string> })[GIVEN] ?? new Set();

export interface Parsed<S extends FlagSpecs = FlagSpecs> {
  flags: Options<S>;
  positionals: string[];
}

export function parseInt10(flag: string, raw: string, min = 0): number {
  if (!/^-?\d+$/.test(raw.trim()))
    throw new UsageError(`--${flag}: expected a number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min) throw new UsageError(`--${flag}: must be at least ${min}, got ${n}`);
  return n;
}

export function parseFlags<S extends FlagSpecs>(
  argv: string[],
  specs: S,
  maxPositionals = 0,
): Parsed<S> {
  const flags: ParsedFlags = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'list') flags[name] = [];
    else if (spec.default !== undefined) flags[name] = spec.default;
    else if (spec.type === 'bool') flags[name] = false;
  }
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]!;
    const alias = /^-[A-Za-z]$/.test(a)
      ? Object.keys(specs).find((k) => specs[k]!.short === a.slice(1))
      : undefined;
    if (alias) a = `--${alias}`;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      if (a.startsWith('-') && a !== '-')
        throw new UsageError(`unknown option '${a}' (see --help)`);
      positionals.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs[name];
    if (!spec && name.startsWith('no-') && specs[name.slice(3)]?.type === 'bool') {
      flags[name.slice(3)] = false;
      given.add(name.slice(3));
      continue;
    }
    if (!spec) throw new UsageError(`unknown option '--${name}' (see --help)`);
    given.add(name);
    if (spec.type === 'bool') {
      if (value === undefined) flags[name] = true;
      else if (/^(1|true|yes)$/i.test(value)) flags[name] = true;
      else if (/^(0|false|no)$/i.test(value)) flags[name] = false;
      else throw new UsageError(`--${name}: expected true or false, got '${value}'`);
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i]!;
    }
    if (spec.choices && !spec.choices.includes(value))
      throw new UsageError(`--${name}: expected one of ${spec.choices.join(', ')}, got '${value}'`);
    if (spec.type === 'int') flags[name] = parseInt10(name, value, spec.min ?? 0);
    else if (spec.type === 'list') (flags[name] as string[]).push(value);
    else flags[name] = value;
  }
  if (positionals.length > maxPositionals)
    throw new UsageError(
      maxPositionals === 0
        ? `unexpected argument '${positionals[0]}' (see --help)`
        : `too many arguments: '${positionals[maxPositionals]}' (see --help)`,
    );
  Object.defineProperty(flags, GIVEN, { value: given, enumerable: true });
  return { flags: flags as Options<S>, positionals };
}

export function formatHelp(usage: string, summary: string, specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  ${s.short ? `-${s.short}, ` : ''}--${name}${s.type === 'bool' ? '' : ` ${s.arg ?? 'VALUE'}`}`;
    const extra = s.default !== undefined && s.type !== 'bool' ? ` (default: ${s.default})` : '';
    const many = s.type === 'list' ? ' (repeatable)' : '';
    return [left, `${s.help}${many}${extra}`] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length), 0) + 2);
  const body = rows.map(([l, r]) =>
    l.length >= width ? `${l}\n${' '.repeat(width)}${r}` : l.padEnd(width) + r,
  );
  return `usage: ${usage}\n\n${summary}\n\noptions:\n${body.join('\n')}\n  --help${' '.repeat(Math.max(1, width - 8))}show this help\n`;
}
