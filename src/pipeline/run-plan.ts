// flags → Plan: the seam where `kernel-ci run` inputs become the tests the
// guest runs. The plan builder (src/core/plan-builder.ts) knows kselftest,
// KUnit, packetdrill, commands and plan files; this only gives it the
// accelerator's timeout scaling and the disk.
import type { ParsedFlags } from '../cli/args.js';
import { planFromFlags, type BuiltPlan } from '../core/plan-builder.js';
import { scaleTimeout, type Accel } from '../system/accel.js';
import { fsPlanSources } from '../system/plan-sources.js';

export interface RunPlanContext {
  accel: Accel;
  cpus: number;
  /** Where relative paths in flags start. */
  cwd: string;
}

export function buildPlan(flags: ParsedFlags, ctx: RunPlanContext): BuiltPlan {
  return planFromFlags(flags, {
    scaleTimeout: (s) => scaleTimeout(s, ctx.accel),
    cpus: ctx.cpus,
    env: process.env,
    cwd: ctx.cwd,
    sources: fsPlanSources,
  });
}
