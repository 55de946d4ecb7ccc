// kselftest semantics, after tools/testing/selftests/kselftest/runner.sh
// (linux 6.12): the per-collection `settings` file, the installed
// `kselftest-list.txt`, the Makefile's test lists, and how one test is started.
import { shellWord as shellQuote } from '../shell.js';

/** runner.sh's kselftest_default_timeout. */
export const KSELFTEST_DEFAULT_TIMEOUT = 45;

/**
 * `settings` holds `field=value` lines (runner.sh evals them as
 * kselftest_<field>); only `timeout` means anything to us. Returns the
 * timeout in seconds, 0 for none, or undefined when the file does not say.
 */
export function settingsTimeout(text: string): number | undefined {
  let timeout: number | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || !line.includes('=')) continue;
    const eq = line.indexOf('=');
    if (line.slice(0, eq).trim() !== 'timeout') continue;
    const v = line.slice(eq + 1).trim();
    if (/^\d+$/.test(v)) timeout = Number(v);
  }
  return timeout;
}

export interface ListedTest {
  collection: string;
  test: string;
}

/** `kselftest-list.txt`: one `collection:test` a line, as `make install` writes it. */
export function parseKselftestList(text: string): ListedTest[] {
  const out: ListedTest[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (!line || line.startsWith('#') || colon <= 0) continue;
    out.push({ collection: line.slice(0, colon), test: line.slice(colon + 1) });
  }
  return out;
}

/**
 * The tests `make run_tests` would run from an in-tree target's Makefile, in
 * lib.mk's order: TEST_GEN_PROGS, TEST_CUSTOM_PROGS, TEST_PROGS. Handles
 * `=`, `:=`, `+=`, line continuations and `$(VAR)` references to variables of
 * the same Makefile; entries still holding a reference (computed by make
 * functions) are dropped rather than guessed.
 */
export function makefileTests(
  text: string,
  /** Expands `$(wildcard PATTERN)` (net/packetdrill lists its *.pkt that way); sorted names. */
  wildcard?: (pattern: string) => string[],
): string[] {
  const vars = new Map<string, string[]>();
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    const m = /^\s*(?:override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|:=|::=|\?=|=)\s*(.*)$/.exec(
      line,
    );
    if (!m) continue;
    const [, name, op, rhs] = m;
    const value = rhs!.replace(/\$\(wildcard\s+([^)]*)\)/g, (all, pats: string) =>
      wildcard
        ? pats
            .trim()
            .split(/\s+/)
            .flatMap((p) => wildcard(p))
            .join(' ')
        : all,
    );
    // Any other make function call becomes one unresolvable word.
    const words = value
      .replace(/\$[({][^()]*\s[^()]*[)}]/g, '$?')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    const expanded = words.flatMap((w) => {
      const ref = /^\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]$/.exec(w);
      return ref ? (vars.get(ref[1]!) ?? [w]) : [w];
    });
    if (op === '+=') vars.set(name!, [...(vars.get(name!) ?? []), ...expanded]);
    else if (op === '?=') {
      if (!vars.has(name!)) vars.set(name!, expanded);
    } else vars.set(name!, expanded);
  }
  const tests = ['TEST_GEN_PROGS', 'TEST_CUSTOM_PROGS', 'TEST_PROGS'].flatMap(
    (v) => vars.get(v) ?? [],
  );
  return [...new Set(tests.filter((t) => !t.includes('$')))];
}

/** runner.sh's KSELFTEST_<UPPERCASE_SANITIZED_TESTNAME>_ARGS variable name. */
export function argsVariable(testBasename: string): string {
  const sanitized = testBasename
    .replace(/[\s\p{Cc}]/gu, '')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase();
  return `KSELFTEST_${sanitized}_ARGS`;
}

/** What the plan builder knows about the test file on disk. */
export interface TestFileInfo {
  exists: boolean;
  executable: boolean;
  /** The `#!` line's interpreter and arguments, when there is one. */
  interpreter?: string;
  /** `./ksft_runner.sh` exists and is executable in the test's directory. */
  ksftRunner?: boolean;
}

/**
 * The shell command that starts one test the way runner.sh's run_one does
 * (executable, else ./ksft_runner.sh, else the `#!` interpreter), with stdout
 * line-buffered through stdbuf when present so a killed test loses no output.
 */
export function kselftestCommand(
  test: string,
  info: TestFileInfo,
  opts: { argsVar?: boolean } = {},
): string {
  const base = shellQuote(`./${test}`);
  if (!info.exists) return `echo '# Warning: file ${test} is missing!'; exit 1`;
  let argv: string;
  if (info.executable) argv = opts.argsVar ? `${base} $${argsVariable(test)}` : base;
  else if (info.ksftRunner) argv = `./ksft_runner.sh ${base}`;
  else if (info.interpreter) argv = `${info.interpreter} ${base}`;
  else return `echo '# Warning: file ${test} is not executable'; exit 1`;
  return `if [ -x /usr/bin/stdbuf ]; then set -- /usr/bin/stdbuf --output=L; fi; exec "$@" ${argv}`;
}
