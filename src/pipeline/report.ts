// Reporting: what a run (publishRun, called at the end of `kernel-ci run`)
// or a set of runs (`kernel-ci report A.json B.json ...`) leaves behind: the
// job summary (Actions) or its plain-text twin (terminal), annotations within
// GitHub's limits, outputs, artifacts.
import {
  closeSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ReportOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import { useColour } from '../cli/terminal-host.js';
import { chooseAnnotations } from '../core/annotations.js';
import { neutraliseCommands } from '../core/escape.js';
import { artifactName } from '../core/artifact-name.js';
import { recomputeVerdict } from '../core/recompute.js';
import { resultsProblem } from '../core/results-check.js';
import { SCHEMA_ID, type Finding, type MissingResult, type RunResults } from '../core/results.js';
import { exitCodeFor, finalizeRun } from '../core/verdict.js';
import { junitChunks } from '../core/junit.js';
import { toTap } from '../core/tap/emit.js';
import { mergeReport, missingLabel, parseExpect, type ReportInput } from '../core/shard.js';
import { renderSummary, renderTerminal } from '../core/summary/index.js';
import { safeDirSync, writeFresh } from '../system/safe-write.js';
import type { Host } from './host.js';
import { historyStep } from './history.js';
import { publishExtras } from './report-extras.js';
import { exitCodeWithHistory } from '../core/history.js';
import type { HistoryReport } from '../core/summary/history.js';
import { expandResultsArgs } from './results-inputs.js';

/** Reads and checks one results.json (or a directory holding one). Bad input is a UsageError. */
export async function loadResults(path: string): Promise<RunResults> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'results.json') : path;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const problem = resultsProblem(json);
  if (problem) throw new UsageError(`${file}: not a kernel-ci results file: ${problem}`);
  return recomputeVerdict(json as RunResults);
}

interface Presented {
  leftOut: { errors: number; warnings: number };
  markdown: string;
}

/**
 * Summary, annotations and the verdict outputs. On Actions the plain-text
 * twin also goes to the log, through host.untrusted: it quotes test names
 * and console text.
 */
async function present(
  results: RunResults,
  host: Host,
  parts: RunResults[] | undefined,
  stdout: (s: string) => void,
  history?: HistoryReport,
): Promise<Presented> {
  const chosen = chooseAnnotations(results, undefined, history);
  const markdown = renderSummary(results, { annotationsLeftOut: chosen.leftOut, parts, history });
  const colour = host.kind === 'terminal' && useColour(process.stdout);
  const text = renderTerminal(results, {
    color: colour,
    annotationsLeftOut: chosen.leftOut,
    parts,
    history,
  });
  if (host.kind === 'actions') {
    host.untrusted(text.replace(/\n$/, '').split('\n'));
    await host.summary(markdown);
  } else stdout(neutraliseCommands(text));
  for (const a of chosen.annotations) host.annotate(a);
  host.setOutput('verdict', results.verdict);
  host.setOutput('conclusion', results.conclusion);
  host.setOutput('counts', JSON.stringify(results.counts));
  if (history)
    for (const kind of ['new', 'flaky', 'known', 'fixed'] as const)
      host.setOutput(
        `history-${kind}`,
        String(history.classified.filter((c) => c.kind === kind).length),
      );
  return { leftOut: chosen.leftOut, markdown };
}

const stdoutWriter = (s: string) => void process.stdout.write(s);

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a component of the path is not a directory',
  EEXIST: 'exists and is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** A file-system error on a path the user gave → their error, one line (exit 64). */
export function pathError(what: string, path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === undefined || !/^E[A-Z]+$/.test(code)) return err as Error;
  return new UsageError(`${what} ${path}: ${FS_REASONS[code] ?? `cannot be written (${code})`}`);
}

/** Whether a file the user named can be written: its directory exists and it is not a directory. */
export function checkUserFile(what: string, path: string): void {
  const abs = resolve(path);
  let dir;
  try {
    dir = statSync(dirname(abs));
  } catch (err) {
    throw pathError(what, path, err);
  }
  if (!dir.isDirectory())
    throw new UsageError(`${what} ${path}: ${dirname(abs)} is not a directory`);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new UsageError(`${what} ${path}: is a directory`);
}

/**
 * A file at a path the user chose (--summary, --junit, --json): written
 * where it points, as the user asked (it may be a link they made, or
 * /dev/stdout), streamed in pieces.
 */
function writeUserFile(what: string, path: string, content: string | Iterable<string>): void {
  let fd;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw pathError(what, path, err);
  }
  try {
    for (const piece of typeof content === 'string' ? [content] : content) {
      const buf = Buffer.from(piece);
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    }
  } catch (err) {
    throw pathError(what, path, err);
  } finally {
    closeSync(fd);
  }
}

/**
 * `kernel-ci report ARG...`: every results.json the arguments name (files,
 * directories searched at any depth, glob patterns: results-inputs.ts)
 * merged into one report. What is missing is reported, never fatal: a
 * shard its run's other shards say exists, an argument that matched
 * nothing, a file that is not a readable results.json. Each is named in the
 * summary, the terminal text, results.json (`merge.missing`) and the
 * conclusion, and makes the verdict at least "failure", so the exit code is
 * the verdict's (1, or 2 when critical). Only usage errors (no argument,
 * bad flags) exit 64, before anything is read.
 */
export async function reportCommand(
  // Partial: library callers (and tests) name only the options they use.
  flags: Partial<ReportOptions>,
  args: string[],
  host: Host,
  stdout: (s: string) => void = stdoutWriter,
): Promise<number> {
  const expected = (flags.expect ?? []).map(parseExpect);
  if (args.length === 0)
    throw new UsageError('report: no results given (files, directories or globs)');
  // A path that cannot be written is the user's mistake, said before any work.
  for (const flag of ['summary', 'json', 'junit'] as const) {
    const path = flags[flag];
    if (path) checkUserFile(`--${flag}`, path);
  }
  const { files, unmatched } = await expandResultsArgs(args);
  const inputs: ReportInput[] = [];
  const problems: MissingResult[] = unmatched.map((arg) => ({
    kind: 'unmatched',
    name: arg,
    reason: 'no results.json found there',
  }));
  for (const f of files) {
    try {
      inputs.push({ results: await loadResults(f.path), source: f.path });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      const reason = err.message.startsWith(`${f.path}: `)
        ? err.message.slice(f.path.length + 2)
        : err.message;
      problems.push({ kind: 'unreadable', name: f.path, reason });
    }
  }
  const merged = mergeReport(inputs, problems, new Date(), expected);
  for (const m of merged.merge?.missing ?? [])
    host.warn(`report: ${m.kind === 'shard' ? missingLabel(m) : m.name}: ${m.reason}`);
  const runs = inputs.map((i) => i.results);
  const history = await historyStep(flags, merged, runs, host);
  // Every input run is listed whenever the report is a merge or lacks something.
  const { markdown } = await present(
    merged,
    host,
    merged.merge ? runs : undefined,
    stdout,
    history?.report,
  );
  const write = (flag: 'summary' | 'json' | 'junit', content: string | Iterable<string>) => {
    const path = flags[flag];
    if (!path) return;
    writeUserFile(`--${flag}`, path, content);
    host.setOutput(flag === 'json' ? 'results' : flag, resolve(path));
  };
  write('summary', markdown);
  write('json', `${JSON.stringify(merged, null, 2)}\n`);
  // JUnit of the inputs, not of the merge: its writer keeps differently
  // named runs (matrix jobs) apart and numbers repeats. What is missing is a
  // failed case of its own: checks and PR comments built from the JUnit
  // (pr-report.yml) must show it too.
  const missing = merged.merge?.missing ?? [];
  write('junit', junitChunks(missing.length > 0 ? [...runs, missingAsRun(missing)] : runs));
  await publishExtras(flags, merged, runs, host, history?.report);
  if (!history) return exitCodeFor(merged.verdict);
  await history.record();
  return exitCodeWithHistory(merged.verdict, history.failOn, history.report.classified);
}

/** The missing results as a run of failed tests, for the JUnit report. */
function missingAsRun(missing: readonly MissingResult[]): RunResults {
  return finalizeRun({
    schema: SCHEMA_ID as typeof SCHEMA_ID,
    name: 'kernel-ci report',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    suites: [
      {
        name: 'missing results',
        kind: 'command',
        durationMs: null,
        tests: missing.map((m) => ({
          name: missingLabel(m),
          status: 'fail',
          durationMs: null,
          reason: m.reason,
          subtests: [],
        })),
      },
    ],
    findings: [],
  });
}

/**
 * Whether the guest's serial console streams live: when asked (--console),
 * and in Actions' log (its place), unless --quiet. On a terminal it is kept
 * in OUT/console.log and its last lines shown when the run did not succeed.
 */
export function streamConsole(
  flags: { console?: unknown; quiet?: unknown },
  host: Pick<Host, 'kind'>,
): boolean {
  if (flags.quiet === true) return false;
  return flags.console === true || host.kind === 'actions';
}

/** The last lines of a file the guest could have replaced: no link, no FIFO, the tail only. */
export function lastLines(path: string, n: number, maxBytes = 16 * 1024): string[] {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return [];
    const len = Math.min(st.size, maxBytes);
    const buf = Buffer.alloc(len);
    const got = readSync(fd, buf, 0, len, st.size - len);
    const lines = buf.subarray(0, got).toString('utf8').replace(/\n+$/, '').split('\n');
    // A cut first line is not shown as if whole.
    if (len < st.size) lines.shift();
    return lines.slice(-n);
  } finally {
    closeSync(fd);
  }
}

export interface PublishOptions {
  /** On a terminal, the console's last lines after the summary when the run did not succeed (it was not streamed). */
  consoleTail?: boolean;
  /** vmlinux with debug info: attached, compressed, when the kernel crashed. */
  vmlinux?: string;
  /** The kernel's .config, when known. */
  config?: string;
  env?: Record<string, string | undefined>;
  stdout?: (s: string) => void;
}

const CRASH_KINDS = new Set<Finding['kind']>([
  'panic',
  'oops',
  'bug',
  'kasan',
  'kfence',
  'kill-init',
  'hung-task',
  'soft-lockup',
  'hard-lockup',
  'rcu-stall',
]);

export function crashed(results: RunResults): boolean {
  return results.findings.some((f) => f.fatal || CRASH_KINDS.has(f.kind));
}

/** One text file per finding, decoded trace first: what a maintainer downloads. */
export async function writeCrashReports(results: RunResults, outDir: string): Promise<string[]> {
  if (results.findings.length === 0) return [];
  // Emptied first: reports of an earlier run in a reused out dir are not this run's.
  await rm(join(outDir, 'crashes'), { force: true, recursive: true });
  const dir = safeDirSync(outDir, 'crashes');
  const written: string[] = [];
  let n = 0;
  for (const f of results.findings) {
    const file = join(
      dir,
      `${String(++n).padStart(2, '0')}-${f.kind}-${f.fingerprint.replace(/[^\w-]/g, '').slice(0, 16)}.txt`,
    );
    const where = f.location ? `${f.location.file}:${f.location.line}` : 'unknown';
    writeFresh(
      file,
      [
        `${f.kind}: ${f.title}`,
        `test: ${f.test ?? '(none running)'}`,
        `fatal: ${f.fatal}  seen: ${f.count}  console.log lines ${f.lines.first}-${f.lines.last}`,
        `location: ${where}`,
        `fingerprint: ${f.fingerprint}`,
        '',
        ...(f.decoded ? ['--- decoded ---', f.decoded.replace(/\n+$/, ''), ''] : []),
        '--- as printed ---',
        f.report.replace(/\n+$/, ''),
        '',
      ].join('\n'),
    );
    written.push(file);
  }
  return written;
}

const isPlainFile = (p: string): boolean => {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
};

async function gzipInto(src: string, dest: string): Promise<void> {
  await rm(dest, { force: true, recursive: true });
  await pipeline(
    createReadStream(src),
    createGzip({ level: 6 }),
    createWriteStream(dest, { flags: 'wx' }),
  );
}

/** The files a run's artifact carries, all under outDir. */
export async function runArtifactFiles(
  results: RunResults,
  outDir: string,
  opts: Pick<PublishOptions, 'vmlinux' | 'config'> = {},
): Promise<string[]> {
  const files: string[] = [];
  const add = (name: string) => {
    const p = join(outDir, name);
    if (isPlainFile(p)) files.push(p);
  };
  for (const name of ['results.json', 'console.log', 'junit.xml', 'results.tap']) add(name);
  for (const rel of Object.values(results.files ?? {}))
    if (!rel.includes('..') && !files.includes(join(outDir, rel))) add(rel);
  files.push(...(await writeCrashReports(results, outDir)));
  const config = opts.config ?? join(outDir, 'config');
  const rel = relative(outDir, config);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    if (existsSync(config)) {
      const inside = join(outDir, 'kernel.config');
      writeFresh(inside, await readFile(config, 'utf8'));
      files.push(inside);
    }
  } else if (isPlainFile(config)) files.push(config);
  if (opts.vmlinux && crashed(results) && existsSync(opts.vmlinux)) {
    const gz = join(outDir, `${basename(opts.vmlinux)}.gz`);
    await gzipInto(opts.vmlinux, gz);
    files.push(gz);
  }
  return [...new Set(files.map((f) => resolve(f)))];
}

/**
 * The end of a run: summary, annotations, outputs (verdict, counts, paths)
 * and one artifact named for this matrix job. An artifact that cannot be
 * uploaded is a warning (the Actions host catches it), never the job's failure.
 */
export async function publishRun(
  results: RunResults,
  outDir: string,
  host: Host,
  opts: PublishOptions = {},
): Promise<{ artifact: string; files: string[] }> {
  await present(results, host, undefined, opts.stdout ?? stdoutWriter);
  if (opts.consoleTail && host.kind === 'terminal' && results.verdict !== 'success') {
    const tail = lastLines(join(outDir, 'console.log'), 25);
    if (tail.length > 0) {
      host.info(`last lines of the serial console (all of it: ${join(outDir, 'console.log')}):`);
      host.untrusted(tail);
    }
  }
  // Written here from the results, whatever the out dir held.
  writeFresh(join(outDir, 'junit.xml'), junitChunks([results]));
  writeFresh(join(outDir, 'results.tap'), toTap(results));
  for (const [output, name] of [
    ['results', 'results.json'],
    ['junit', 'junit.xml'],
    ['console', 'console.log'],
  ] as const)
    if (existsSync(join(outDir, name))) host.setOutput(output, resolve(outDir, name));
  const files = await runArtifactFiles(results, outDir, opts);
  const artifact = artifactName(results, opts.env ?? process.env);
  if (host.kind === 'actions') await host.uploadArtifact(artifact, files, resolve(outDir));
  return { artifact, files };
}
