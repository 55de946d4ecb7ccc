// Turns the user's intent (flags, plan file) into the Plan the guest runs:
// kselftest targets with runner.sh's semantics, KUnit modules, packetdrill
// pools, plain commands, hooks, env, selection, TCG-scaled timeouts.
// Pure: everything it needs from the disk comes through PlanSources.
import { posix as path } from 'node:path';
import { UsageError } from '../errors.js';
import { selected } from './glob.js';
import { argsVariable, kselftestCommand, type TestFileInfo } from './kselftest.js';
import { kunitModuleCommand } from './kunit-modules.js';
import { packetdrillRuns, poolScript } from './packetdrill.js';
import { bpfPlanTests, parseBpfFlag } from '../test-progs.js';
import type { Plan, PlanTest } from './plan.js';
import { parsePlanFile } from './plan-file.js';
import { emptySpec, type PlanSpec, type ToolGuardLevel } from './plan-spec.js';
import { toolGuardCommand } from '../tool-guard.js';

/** Suite of the guard's test when tool-guard is `error`. */
export const TOOL_GUARD_SUITE = 'tool-guard';

/** Host env forwarded to the guest: the knobs the selftests themselves read. */
export const PASSTHROUGH_ENV = /^(SELFTESTS_MPTCP_LIB_|KSFT_|KSELFTEST_)/;

export interface KselftestTarget {
  /** Collection name, e.g. "net/mptcp". */
  suite: string;
  /** Absolute directory of the collection. */
  dir: string;
  /** From the collection's settings file (seconds, 0 = none). */
  timeout?: number;
  tests: { name: string; info: TestFileInfo }[];
}

export interface PacketdrillScript {
  /** Absolute directory holding the script. */
  dir: string;
  file: string;
  /** Directory relative to the packetdrill root ("" at the root). */
  group: string;
  text: string;
}

/** The disk, as the plan builder sees it (src/system/plan-sources.ts). */
export interface PlanSources {
  /** One target per collection found at dir; UsageError when there is none. */
  kselftestTargets(dir: string): KselftestTarget[];
  packetdrillScripts(dir: string): PacketdrillScript[];
  readText(file: string): string;
  isExecutable(file: string): boolean;
}

export interface PlanContext {
  /**
   * Seconds as written (settings files, --test-timeout, packetdrill) to
   * seconds in this VM: the VM runner's scaleTimeout (src/system/accel.ts)
   * for the accelerator in use. 0 must stay 0 (no timeout).
   */
  scaleTimeout(seconds: number): number;
  /** Guest CPUs: packetdrill never runs more at once. */
  cpus: number;
  /** Host environment, for pass-through. */
  env: Record<string, string | undefined>;
  /** Where relative flag paths start. */
  cwd: string;
  sources: PlanSources;
}

/** What the pipeline needs besides the tests: KUnit at boot, the guard level. */
export interface BuiltPlan extends Plan {
  kunitBuiltin: boolean;
  toolGuard: ToolGuardLevel;
}

const scale = (sec: number, ctx: PlanContext): number => (sec === 0 ? 0 : ctx.scaleTimeout(sec));

export function parseCommandFlag(raw: string): { name: string; run: string } {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? '' : raw.slice(0, eq).trim();
  const run = eq < 0 ? '' : raw.slice(eq + 1).trim();
  if (!name || !run) throw new UsageError(`--command: expected NAME=CMD, got '${raw}'`);
  checkTestName(name, '--command');
  return { name, run };
}

export function checkTestName(name: string, where: string): void {
  if (/[\s/]/.test(name) || name.startsWith('#'))
    throw new UsageError(`${where}: test name '${name}' must not contain spaces or '/'`);
}

/**
 * The run options the plan depends on, as the edge typed them (the CLI's
 * flags or the action's inputs, one spec for both).
 */
export interface PlanFlags {
  plan?: string;
  kselftest: readonly string[];
  kunit: boolean;
  'kunit-module': readonly string[];
  command: readonly string[];
  only: readonly string[];
  except: readonly string[];
  'test-timeout': number;
  'skip-is-fail': boolean;
  retries: number;
  'tool-guard': ToolGuardLevel;
  packetdrill?: string;
  'packetdrill-bin'?: string;
  'packetdrill-jobs': number;
  'packetdrill-timeout': number;
  'packetdrill-tolerance'?: string;
  bpf: readonly string[];
  'bpf-dir'?: string;
}

/** Whether the user set a flag (on the command line or as an input), rather than it holding its default. */
export type GivenFlag = (name: keyof PlanFlags) => boolean;

/**
 * Flags on top of the plan file. Lists add up; for a single value the order
 * is: a flag the user set > the plan file > the flag's default.
 */
export function specFromFlags(
  flags: PlanFlags,
  given: GivenFlag,
  ctx: Pick<PlanContext, 'cwd' | 'sources'>,
): PlanSpec {
  const abs = (p: string): string => path.resolve(ctx.cwd, p);
  // The command's defaults first, the file over them, the flags the user set last.
  let spec = emptySpec();
  spec.testTimeout = flags['test-timeout'];
  spec.retries = flags.retries;
  spec.toolGuard = flags['tool-guard'];
  if (flags.plan) {
    const file = abs(flags.plan);
    let text: string;
    try {
      text = ctx.sources.readText(file);
    } catch {
      throw new UsageError(`--plan: cannot read ${flags.plan}`);
    }
    spec = parsePlanFile(text, file, spec);
  }
  for (const dir of flags.kselftest)
    spec.kselftest.push({ dir: abs(dir), include: [], exclude: [] });
  if (given('kunit')) spec.kunit.builtin = flags.kunit;
  for (const m of flags['kunit-module']) spec.kunit.modules.push(m.includes('/') ? abs(m) : m);
  for (const c of flags.command) spec.commands.push(parseCommandFlag(c));
  spec.only.push(...flags.only);
  spec.except.push(...flags.except);
  if (given('test-timeout')) spec.testTimeout = flags['test-timeout'];
  if (given('skip-is-fail')) spec.skipIsFail = flags['skip-is-fail'];
  if (given('retries')) spec.retries = flags.retries;
  if (given('tool-guard')) spec.toolGuard = flags['tool-guard'];

  if (flags.bpf.length > 0 && !flags['bpf-dir'])
    throw new UsageError(
      '--bpf needs --bpf-dir DIR (the built BPF selftests: kernel-ci build --preset bpf puts them in OUT/bpf)',
    );
  for (const b of flags.bpf) spec.bpf.push(parseBpfFlag(b, abs(flags['bpf-dir']!)));

  const pdDir = flags.packetdrill || undefined;
  const pdBin = flags['packetdrill-bin'] || undefined;
  if (pdDir) {
    if (!pdBin)
      throw new UsageError('--packetdrill needs --packetdrill-bin PATH (a built packetdrill)');
    spec.packetdrill.push({
      dir: abs(pdDir),
      bin: abs(pdBin),
      jobs: flags['packetdrill-jobs'],
      timeout: flags['packetdrill-timeout'],
      tolerance: parseTolerance(flags['packetdrill-tolerance']),
      include: [],
      exclude: [],
    });
  } else if (pdBin) {
    // The flag alone refines a plan file's packetdrill entries.
    if (spec.packetdrill.length === 0)
      throw new UsageError(
        '--packetdrill-bin without --packetdrill DIR (or a plan file packetdrill entry)',
      );
    for (const p of spec.packetdrill) p.bin = abs(pdBin);
  }
  if (pdDir === undefined)
    for (const p of spec.packetdrill) {
      if (given('packetdrill-jobs')) p.jobs = flags['packetdrill-jobs'];
      if (given('packetdrill-timeout')) p.timeout = flags['packetdrill-timeout'];
      const tol = parseTolerance(flags['packetdrill-tolerance']);
      if (tol !== undefined) p.tolerance = tol;
    }
  return spec;
}

function parseTolerance(v: unknown): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--packetdrill-tolerance: expected a positive factor, got '${String(v)}'`);
  return n;
}

/** The plan for a spec: tests in order kselftest, KUnit modules, packetdrill, commands. */
export function buildPlan(spec: PlanSpec, ctx: PlanContext): BuiltPlan {
  const tests: Omit<PlanTest, 'id'>[] = [];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.env))
    if (v !== undefined && PASSTHROUGH_ENV.test(k)) env[k] = v;
  Object.assign(env, spec.env);
  // mptcp_lib.sh turns its own skips into failures with this; the
  // runner does the same for exit 4 through skipIsFail.
  if (spec.skipIsFail && env.SELFTESTS_MPTCP_LIB_EXPECT_ALL_FEATURES === undefined)
    env.SELFTESTS_MPTCP_LIB_EXPECT_ALL_FEATURES = '1';

  for (const k of spec.kselftest) {
    for (const target of ctx.sources.kselftestTargets(k.dir)) {
      const timeout = k.timeout ?? target.timeout ?? spec.testTimeout;
      for (const t of target.tests) {
        const full = `${target.suite}/${t.name}`;
        if (k.include.length && !k.include.some((g) => selected(full, [g], []))) continue;
        if (k.exclude.some((g) => selected(full, [g], []))) continue;
        const base = path.basename(t.name);
        tests.push({
          suite: target.suite,
          kind: 'kselftest',
          name: t.name,
          cwd: path.join(target.dir, path.dirname(t.name)),
          command: kselftestCommand(base, t.info, {
            argsVar: env[argsVariable(base)] !== undefined,
          }),
          timeoutSec: scale(timeout, ctx),
          file: path.join(target.dir, t.name),
        });
      }
    }
  }

  for (const m of spec.kunit.modules) {
    if (!/^[\w./+-]+$/.test(m))
      throw new UsageError(`kunit module '${m}': not a module name or .ko path`);
    const name = path.basename(m).replace(/\.ko$/, '');
    tests.push({
      suite: 'kunit',
      kind: 'kunit',
      name,
      cwd: '/',
      command: kunitModuleCommand(m),
      timeoutSec: scale(spec.testTimeout, ctx),
    });
  }

  for (const p of spec.packetdrill) {
    if (!ctx.sources.isExecutable(p.bin))
      throw new UsageError(`packetdrill: ${p.bin} is not an executable packetdrill binary`);
    const scripts = ctx.sources.packetdrillScripts(p.dir).filter((s) => {
      const rel = s.group ? `${s.group}/${s.file}` : s.file;
      if (p.include.length && !p.include.some((g) => selected(rel, [g], []))) return false;
      return !p.exclude.some((g) => selected(rel, [g], []));
    });
    const groups = new Map<string, typeof scripts>();
    for (const s of scripts) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
    const jobs = Math.max(1, Math.min(p.jobs, ctx.cpus));
    const perRun = scale(p.timeout, ctx);
    for (const [group, members] of groups) {
      const runs = members.flatMap((s) => packetdrillRuns(s, p.tolerance));
      // The pool bounds each run; this only catches a pool that hangs itself.
      const waves = Math.ceil(runs.length / jobs);
      tests.push({
        suite: 'packetdrill',
        kind: 'packetdrill',
        name: group || path.basename(p.dir.replace(/\.pkt$/, '')),
        cwd: p.dir.endsWith('.pkt') ? path.dirname(p.dir) : p.dir,
        command: poolScript({ bin: p.bin, jobs, timeoutSec: perRun, runs }),
        timeoutSec: perRun === 0 ? 0 : waves * (perRun + 10) + 60,
      });
    }
  }

  const isFile = (f: string) => {
    try {
      ctx.sources.readText(f);
      return true;
    } catch {
      return false;
    }
  };
  tests.push(
    ...bpfPlanTests(spec.bpf, { isExecutable: (f) => ctx.sources.isExecutable(f), isFile }, (s) =>
      scale(s, ctx),
    ),
  );

  for (const c of spec.commands)
    tests.push({
      suite: 'commands',
      kind: 'command',
      name: c.name,
      cwd: c.cwd ?? ctx.cwd,
      command: c.run,
      timeoutSec: scale(c.timeout ?? spec.testTimeout, ctx),
    });

  const seen = new Set<string>();
  for (const t of tests) {
    const full = `${t.suite}/${t.name}`;
    if (seen.has(full)) throw new UsageError(`test '${full}' is in the plan twice`);
    seen.add(full);
  }

  let chosen = tests.filter((t) => selected(`${t.suite}/${t.name}`, spec.only, spec.except));
  if (tests.length > 0 && chosen.length === 0)
    throw new UsageError(
      `--only/--except leave none of the plan's ${tests.length} test(s) (names look like '${tests[0]!.suite}/${tests[0]!.name}')`,
    );
  // warn: the versions are printed before the tests for the host to judge;
  // error: the same check is the first test, so a bad tool fails the run.
  if (spec.toolGuard === 'error' && chosen.length > 0)
    chosen = [
      {
        suite: TOOL_GUARD_SUITE,
        kind: 'command',
        name: 'versions',
        cwd: '/',
        command: toolGuardCommand(),
        timeoutSec: scale(30, ctx),
      },
      ...chosen,
    ];
  const plan: BuiltPlan = {
    tests: chosen.map((t, i) => ({
      ...t,
      id: i + 1,
      ...(spec.retries > 0 && t.suite !== TOOL_GUARD_SUITE ? { retries: spec.retries } : {}),
      ...(spec.skipIsFail ? { skipIsFail: true } : {}),
    })),
    // At 'warn' the host runs the guard (system/tool-versions.ts): same root, no boot cost.
    before: [...spec.before],
    after: [...spec.after],
    env,
    kunitBuiltin: spec.kunit.builtin,
    toolGuard: spec.toolGuard,
  };
  return plan;
}

/** The plan for `run`'s flags (and the --plan file they name). */
export function planFromFlags(flags: PlanFlags, given: GivenFlag, ctx: PlanContext): BuiltPlan {
  return buildPlan(specFromFlags(flags, given, ctx), ctx);
}
