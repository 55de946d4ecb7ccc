// The run as the CLI and the actions use it: the VM runner's seams filled
// with the crash detector, the tool guard, TAP-aware test assembly with
// retries, boot-time KUnit, known issues, decoding, and the report.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError, type ParsedFlags } from '../cli/args.js';
import { runFlags } from '../cli/specs.js';
import {
  assembleKunit,
  assembleTest,
  EXIT_STATUS_LEAF,
  isFailing,
  notRunTest,
} from '../core/assemble.js';
import type { StopOn } from '../core/crash/detector.js';
import { applyKnownIssues, parseKnownIssues, type KnownIssue } from '../core/known-issues.js';
import type { BuiltPlan } from '../core/plan-builder.js';
import type { RunResults, TestResult } from '../core/results.js';
import { mergeAttempts } from '../core/retries.js';
import { finalizeRun } from '../core/verdict.js';
import { checkDecodeInputs, decodeFindings, type DecodeOptions } from '../system/decode.js';
import { attemptOutput } from '../system/guest-init.js';
import { crashPlugin } from './crash-plugin.js';
import { reproduceLine } from './reproduce.js';
import { publishRun } from './report.js';
import type { RunContext, RunHooks } from './run.js';
import type { CutShort, TestOutcome } from './run-results.js';
import { toolGuardPlugin } from './tool-guard-plugin.js';

export interface IntegratedOptions {
  /** The command line printed in the summary (default: `kernel-ci run` + these flags). */
  reproduce?: string;
  /** The kernel's .config, attached to the artifact. */
  config?: string;
}

// Outputs are read whole for parsing; beyond this only the tail is kept.
const MAX_OUTPUT = 32 * 1024 * 1024;

function readOutput(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  return text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text;
}

/**
 * Plain commands are not kselftests: only 0 passes and 4 skips (the
 * convention every kselftest helper follows); 2 and 3 are failures there.
 */
function commandExit(t: TestResult, exit: number | null | undefined): TestResult {
  if (exit !== 2 && exit !== 3) return t;
  const r: TestResult = { ...t, status: 'fail', reason: `exit code ${exit}` };
  if (r.subtests.length > 0 && !r.subtests.some((s) => isFailing(s.status)))
    r.subtests = [
      ...r.subtests,
      { name: EXIT_STATUS_LEAF, status: 'fail', durationMs: null, reason: r.reason, subtests: [] },
    ];
  return r;
}

export function assembleOutcome(
  o: TestOutcome,
  outDir: string,
  cut: CutShort | undefined,
): TestResult {
  const t = o.test;
  if (!o.started)
    return notRunTest(t, cut ? `not run: ${cut.reason}` : 'not run: the plan did not reach it');
  const rel = (p: string) => relative(outDir, p);
  const tries: TestResult[] = o.attempts.map((a) => {
    const r = assembleTest(
      t,
      { exit: a.exit, ms: a.ms, timedOut: a.timedOut },
      readOutput(a.output),
      {
        outputPath: rel(a.output),
      },
    );
    return t.kind === 'kselftest' ? r : commandExit(r, a.exit);
  });
  if (o.unfinished) {
    const file = attemptOutput(o.outputBase, o.attempts.length + 1);
    const r = assembleTest(t, null, readOutput(file), {
      outputPath: existsSync(file) ? rel(file) : undefined,
      interrupted: cut?.running === 'timeout' ? 'timeout' : 'crash',
    });
    if (cut) r.reason = cut.reason;
    tries.push(r);
  }
  return mergeAttempts(tries);
}

function loadKnownIssues(flags: ParsedFlags): KnownIssue[] {
  const file = flags['known-issues'] as string | undefined;
  if (!file) return [];
  if (!existsSync(file)) throw new UsageError(`--known-issues ${file}: no such file`);
  return parseKnownIssues(readFileSync(file, 'utf8'), file);
}

function decodeOptions(flags: ParsedFlags): DecodeOptions | undefined {
  const vmlinux = flags.vmlinux as string | undefined;
  const source = flags.source as string | undefined;
  if (vmlinux === undefined && source === undefined) return undefined;
  if (vmlinux === undefined || source === undefined)
    throw new UsageError('--vmlinux and --source go together (decoding needs both)');
  return checkDecodeInputs(vmlinux, source);
}

/** Checks its inputs (known issues, decode files) at once: bad ones fail before QEMU starts. */
export function integratedRunHooks(flags: ParsedFlags, opts: IntegratedOptions = {}): RunHooks {
  const issues = loadKnownIssues(flags);
  const decode = decodeOptions(flags);
  const reproduce = opts.reproduce ?? reproduceLine('run', flags, runFlags);
  return {
    plugins: (ctx) => [
      crashPlugin(ctx, { stopOn: (flags['stop-on'] as StopOn | undefined) ?? 'fatal' }),
      toolGuardPlugin(ctx),
    ],
    assembleTest: async (o, ctx, cut) => assembleOutcome(o, ctx.outDir, cut),
    async finalize(run: RunResults, ctx: RunContext): Promise<RunResults> {
      let suites = run.suites;
      const consoleLog = join(ctx.outDir, 'console.log');
      if ((ctx.plan as Partial<BuiltPlan>).kunitBuiltin && existsSync(consoleLog))
        suites = [...suites, ...assembleKunit(readFileSync(consoleLog, 'utf8').split('\n'))];
      if (issues.length > 0)
        suites = applyKnownIssues(suites, issues, {
          kernelVersion: run.vm?.kernelRelease,
          arch: 'x86_64',
        });
      if (decode && run.findings.length > 0)
        await decodeFindings(run.findings, decode, (m) => ctx.host.warn(m));
      return finalizeRun({ ...run, suites, reproduce });
    },
    async report(run: RunResults, ctx: RunContext): Promise<void> {
      // publishRun writes junit.xml and results.tap (never through a guest-planted symlink).
      await publishRun(run, ctx.outDir, ctx.host, {
        vmlinux: flags.vmlinux as string | undefined,
        config: opts.config,
      });
    },
  };
}
