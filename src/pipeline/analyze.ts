// `kernel-ci analyze CONSOLE.log --out DIR [--vmlinux FILE --source DIR [--modules DIR]]`:
// the live crash detection run offline over any saved console log (ours,
// LKFT's, KernelCI's, a serial capture), streamed so logs of any size fit
// in flat memory, then decoded when vmlinux and the tree are given.
// Writes DIR/results.json with the run's verdict rules (core/verdict.ts):
// exit 0 clean, 2 any kernel finding, 1 failed tests only, 64 bad input.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { AnalyzeOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import { TapSuites } from '../core/assemble.js';
import { LineSplitter } from '../core/console-lines.js';
import { CrashDetector, hasPrintkTimestamp } from '../core/crash/detector.js';
import { SCHEMA_ID, type Finding, type RunResults, type Suite } from '../core/results.js';
import { exitCodeFor, finalizeRun } from '../core/verdict.js';
import { checkDecodeInputs, decodeFindings, type DecodeOptions } from '../system/decode.js';
import { safeDirSync, writeFresh } from '../system/safe-write.js';
import type { Host } from './host.js';
import { pathError } from './report.js';

/** Something that reads the console lines and yields test suites. */
export interface ConsoleAnalyzer {
  onLine(line: string, lineNo: number): void;
  suites(): Suite[];
}

/**
 * The TAP/KTAP/kselftest assembly `run` applies to whole logs
 * (assemble.ts): kselftest runner output, KUnit, any TAP → suites, so a
 * log from LKFT, KernelCI or a saved run gets the verdict the live run had.
 */
export function tapAnalyzer(): ConsoleAnalyzer {
  const tap = new TapSuites();
  let suites: Suite[] | undefined;
  return {
    onLine: (line) => tap.line(line),
    suites: () => (suites ??= tap.end()),
  };
}

export interface AnalysisResult {
  findings: Finding[];
  suites: Suite[];
  lines: number;
}

/** Whether the log carries a printk timestamp; reads only until the first one. */
async function timed(path: string): Promise<boolean> {
  let tail = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = tail + (chunk as Buffer).toString('latin1');
    if (hasPrintkTimestamp(text)) return true;
    tail = text.slice(-32);
  }
  return false;
}

/** Streams the log through the detector (and the analyzers). */
export async function analyzeFile(
  path: string,
  analyzers: ConsoleAnalyzer[] = [tapAnalyzer()],
): Promise<AnalysisResult> {
  // A log without any printk timestamp (printk.time=0, a pasted report) is all kernel lines.
  const detector = new CrashDetector({ stopOn: 'never', untimed: !(await timed(path)) });
  const split = new LineSplitter(1 << 20);
  let n = 0;
  const feed = (lines: string[]) => {
    for (const l of lines) {
      n++;
      detector.push(l, n);
      for (const a of analyzers) a.onLine(l, n);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    feed(split.push(chunk as Buffer));
  feed(split.end());
  detector.finish();
  return { findings: detector.findings(), suites: analyzers.flatMap((a) => a.suites()), lines: n };
}

export async function analyzeCommand(
  flags: AnalyzeOptions,
  logPath: string,
  host: Host,
  analyzers: ConsoleAnalyzer[] = [tapAnalyzer()],
): Promise<number> {
  const startedAt = new Date();
  const log = resolve(logPath);
  if (!existsSync(log)) throw new UsageError(`analyze: ${log}: no such file`);
  if (!statSync(log).isFile()) throw new UsageError(`analyze: ${log}: not a file`);
  const { vmlinux, source } = flags;
  if (flags.modules !== undefined && vmlinux === undefined)
    throw new UsageError('analyze: --modules needs --vmlinux and --source');
  if ((vmlinux === undefined) !== (source === undefined))
    throw new UsageError('analyze: --vmlinux and --source go together (decoding needs both)');
  const decode: DecodeOptions | undefined =
    vmlinux !== undefined && source !== undefined
      ? checkDecodeInputs(vmlinux, source, flags.modules)
      : undefined;
  const outDir = resolve(flags.out);
  // Before the log is read: a bad --out is the user's error, said at once.
  try {
    safeDirSync(outDir);
  } catch (err) {
    throw pathError('--out', outDir, err);
  }

  const { findings, suites, lines } = await analyzeFile(log, analyzers);
  host.info(`${log}: ${lines} line(s), ${findings.length} finding(s)`);
  if (decode && findings.length > 0) await decodeFindings(findings, decode, (m) => host.warn(m));
  for (const f of findings)
    host.info(
      `  ${f.fatal ? 'FATAL ' : ''}${f.title} [${f.kind}, ${f.fingerprint}${f.count > 1 ? `, x${f.count}` : ''}] lines ${f.lines.first}-${f.lines.last}${f.location ? ` at ${f.location.file}:${f.location.line}` : ''}`,
    );

  // The run's verdict rules (core/verdict.ts): any finding is critical, a
  // fatal one aborts the run. A console with no test results and no finding
  // is a clean console here, not "nothing tested".
  const fatal = findings.find((f) => f.fatal);
  const abort: RunResults['abort'] = fatal ? { kind: 'crash', message: fatal.title } : undefined;
  const name = basename(log);
  const final = finalizeRun({ name, suites, findings, ...(abort ? { abort } : {}) });
  if (suites.length === 0 && findings.length === 0) {
    final.verdict = 'success';
    final.conclusion = `${name}: Success! ✅ (no kernel finding)`;
  }
  const results: RunResults = {
    schema: SCHEMA_ID,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    ...final,
  };
  // The out dir may be a run's, which its guest could write: no planted link is followed.
  try {
    writeFresh(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  } catch (err) {
    throw pathError('--out', outDir, err);
  }
  host.info(`${results.conclusion}\n  results: ${join(outDir, 'results.json')}`);
  return exitCodeFor(results.verdict);
}
