// The run as the CLI and the actions use it: the VM runner's seams filled
// with the crash detector, the tool guard, TAP-aware test assembly with
// retries, boot-time KUnit, known issues, decoding, and the report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFlags, type RunOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import { assembleKunit } from '../core/assemble.js';
import { applyKnownIssues, parseKnownIssues, type KnownIssue } from '../core/known-issues.js';
import type { BuiltPlan } from '../core/plan/plan-builder.js';
import type { RunResults } from '../core/results.js';
import { checkDecodeInputs, decodeFindings, type DecodeOptions } from '../system/decode.js';
import { readGuestFile } from '../system/safe-write.js';
import { crashPlugin } from './crash-plugin.js';
import { reproduceLine } from './reproduce.js';
import { publishRun, streamConsole } from './report.js';
import type { RunContext, RunHooks } from './run-context.js';
import { assembleOutcome } from './run-results.js';
import { recordSelftestsAndSkips } from './skip-causes.js';
import { toolGuardPlugin } from './tool-guard-plugin.js';

export interface IntegratedOptions {
  /** The command line printed in the summary (default: `kernel-ci run` + these flags). */
  reproduce?: string;
  /** The kernel's .config, attached to the artifact. */
  config?: string;
}

function loadKnownIssues(flags: RunOptions): KnownIssue[] {
  const file = flags['known-issues'];
  if (!file) return [];
  if (!existsSync(file)) throw new UsageError(`--known-issues ${file}: no such file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--known-issues ${file}: cannot read (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  return parseKnownIssues(text, file);
}

function decodeOptions(flags: RunOptions): DecodeOptions | undefined {
  const { vmlinux, source } = flags;
  if (vmlinux === undefined && source === undefined) return undefined;
  if (vmlinux === undefined || source === undefined)
    throw new UsageError('--vmlinux and --source go together (decoding needs both)');
  return checkDecodeInputs(vmlinux, source);
}

/** Checks its inputs (known issues, decode files) at once: bad ones fail before QEMU starts. */
export function integratedRunHooks(flags: RunOptions, opts: IntegratedOptions = {}): RunHooks {
  const issues = loadKnownIssues(flags);
  let decode = decodeOptions(flags);
  const reproduce = opts.reproduce ?? reproduceLine('run', flags, runFlags);
  return {
    plugins: (ctx) => [crashPlugin(ctx, { stopOn: flags['stop-on'] }), toolGuardPlugin(ctx)],
    assembleTest: async (o, ctx, cut) => assembleOutcome(o, ctx.outDir, cut),
    async finalize(run: RunResults, ctx: RunContext): Promise<RunResults> {
      let suites = run.suites;
      const consoleLog = join(ctx.outDir, 'console.log');
      if ((ctx.plan as Partial<BuiltPlan>).kunitBuiltin && existsSync(consoleLog))
        // console.log is in the guest's share: read it as something the guest could replace.
        suites = [...suites, ...assembleKunit(readGuestFile(consoleLog, 256 << 20).split('\n'))];
      if (issues.length > 0)
        suites = applyKnownIssues(suites, issues, {
          kernelVersion: run.vm?.kernelRelease,
          arch: 'x86_64',
        });
      // A kernel bundle sets --vmlinux/--source when resolveKernel unpacks it, after these hooks were made.
      decode ??= decodeOptions(flags);
      if (decode && run.findings.length > 0)
        await decodeFindings(run.findings, { ...decode, signal: ctx.signal }, (m) =>
          ctx.host.warn(m),
        );
      // run.ts settles the verdict once these are in (the one place it is made).
      return recordSelftestsAndSkips({ ...run, suites, reproduce }, ctx);
    },
    async report(run: RunResults, ctx: RunContext): Promise<void> {
      // publishRun writes junit.xml and results.tap (never through a guest-planted symlink).
      await publishRun(run, ctx.outDir, ctx.host, {
        consoleTail: !streamConsole(flags, ctx.host),
        vmlinux: flags.vmlinux,
        config: opts.config,
      });
    },
  };
}
