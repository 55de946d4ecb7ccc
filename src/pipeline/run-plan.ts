// flags → Plan: the one place that turns `kernel-ci run` inputs into the list
// of tests the guest runs. Each source of tests (commands here; kselftest,
// KUnit and packetdrill from their own modules) adds its PlanTests.
import { UsageError, type ParsedFlags } from '../cli/args.js';
import type { Plan, PlanTest } from '../core/plan.js';
import { scaleTimeout, type Accel } from '../system/accel.js';

export interface PlanContext {
  accel: Accel;
  /** Guest cwd for tests that have no directory of their own. */
  cwd: string;
}

export const COMMAND_SUITE = 'commands';

/** `--command NAME=CMD`: NAME is the test's name, CMD runs with sh -c. */
export function commandTests(
  specs: readonly string[],
  flags: ParsedFlags,
  ctx: PlanContext,
): Omit<PlanTest, 'id'>[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq > 0 ? spec.slice(0, eq).trim() : '';
    const command = eq > 0 ? spec.slice(eq + 1) : '';
    if (!name || !command.trim())
      throw new UsageError(`--command: expected NAME=CMD, got '${spec}'`);
    if (/[\s/]/.test(name))
      throw new UsageError(`--command: NAME must not contain spaces or '/', got '${name}'`);
    if (seen.has(name)) throw new UsageError(`--command: duplicate name '${name}'`);
    seen.add(name);
    return {
      suite: COMMAND_SUITE,
      kind: 'command',
      name,
      cwd: ctx.cwd,
      command,
      timeoutSec: scaleTimeout(Number(flags['test-timeout'] ?? 0), ctx.accel),
      retries: Number(flags.retries ?? 0),
    };
  });
}

/** Flags that belong to plan builders not written yet: refuse rather than ignore. */
const PENDING = [
  'plan',
  'kselftest',
  'kunit',
  'packetdrill',
  'only',
  'except',
  'shard',
  'known-issues',
] as const;

export function buildPlan(flags: ParsedFlags, ctx: PlanContext): Plan {
  for (const f of PENDING) {
    const v = flags[f];
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    throw new UsageError(`--${f} is not supported by this version of kernel-ci run yet`);
  }
  const tests = [...commandTests((flags.command as string[] | undefined) ?? [], flags, ctx)];
  return { tests: tests.map((t, i) => ({ ...t, id: i + 1 })) };
}
