// flags → Plan: the seam where `kernel-ci run` inputs become the tests the
// guest runs. The plan builder (src/core/plan/plan-builder.ts) knows kselftest,
// KUnit, packetdrill, commands and plan files; this only gives it the
// accelerator's timeout scaling and the disk.
import { wasGiven } from '../cli/args.js';
import type { RunOptions } from '../cli/specs.js';
import { planFromFlags, type BuiltPlan } from '../core/plan/plan-builder.js';
import { scaleTimeout, type Accel } from '../system/accel.js';
import { fsPlanSources } from '../system/plan-sources.js';

export interface RunPlanContext {
  accel: Accel;
  cpus: number;
  /** Where relative paths in flags start. */
  cwd: string;
}

/**
 * `--kmemleak-scan`, the MPTCP CI's way: scan twice with a pause (the first
 * scan reports objects that may still be freed), after the tests. With
 * kmemleak.verbose=1 (our default cmdline) each leak is printed by the
 * kernel, so the crash detector records it as a kmemleak finding.
 */
export const KMEMLEAK_SCAN =
  'f=/sys/kernel/debug/kmemleak; mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; ' +
  'if [ -w "$f" ]; then echo scan > "$f"; sleep 5; echo scan > "$f"; else echo "kmemleak-scan: this kernel has no kmemleak (CONFIG_DEBUG_KMEMLEAK)"; fi';

export function buildPlan(flags: RunOptions, ctx: RunPlanContext): BuiltPlan {
  const plan = planFromFlags(flags, (name) => wasGiven(flags, name), {
    scaleTimeout: (s) => scaleTimeout(s, ctx.accel),
    cpus: ctx.cpus,
    env: process.env,
    cwd: ctx.cwd,
    sources: fsPlanSources,
  });
  if (flags['kmemleak-scan']) plan.after = [...(plan.after ?? []), KMEMLEAK_SCAN];
  return plan;
}
