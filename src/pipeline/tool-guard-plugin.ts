// Run plugin for the tool-version guard: catches the versions the guest
// printed (before hook, or the tool-guard/versions test) on the console and
// turns known-bad ones into annotations once the VM is done.
import type { BuiltPlan } from '../core/plan/plan-builder.js';
import type { ToolGuardLevel } from '../core/plan/plan-spec.js';
import {
  reportedToolVersions,
  TOOL_TAG,
  toolGuardAnnotations,
  toolGuardHits,
} from '../core/tool-guard.js';
import { hostToolLines } from '../system/tool-versions.js';
import type { RunContext, RunPlugin } from './run-context.js';

export function toolGuardPlugin(
  ctx: RunContext,
  hostCheck: () => string[] = hostToolLines,
): RunPlugin {
  const level: ToolGuardLevel =
    (ctx.plan as Partial<BuiltPlan>).toolGuard ?? ctx.flags['tool-guard'];
  // 'warn' is checked on the host (the guest's root is the host's); 'error'
  // stays a test in the guest, so that it can fail the run there.
  const lines: string[] = level === 'warn' ? hostCheck() : [];
  return {
    listener: {
      onLine(line) {
        if (level !== 'off' && line.includes(TOOL_TAG)) lines.push(line);
      },
    },
    findings() {
      for (const a of toolGuardAnnotations(toolGuardHits(reportedToolVersions(lines)), level))
        ctx.host.annotate(a);
      return [];
    },
  };
}
