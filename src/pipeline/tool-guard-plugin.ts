// Run plugin for the tool-version guard: catches the versions the guest
// printed (before hook, or the tool-guard/versions test) on the console and
// turns known-bad ones into annotations once the VM is done.
import type { BuiltPlan } from '../core/plan-builder.js';
import type { ToolGuardLevel } from '../core/plan-spec.js';
import {
  reportedToolVersions,
  TOOL_TAG,
  toolGuardAnnotations,
  toolGuardHits,
} from '../core/tool-guard.js';
import type { RunContext, RunPlugin } from './run-context.js';

export function toolGuardPlugin(ctx: RunContext): RunPlugin {
  const level: ToolGuardLevel =
    (ctx.plan as Partial<BuiltPlan>).toolGuard ??
    ((ctx.flags['tool-guard'] as ToolGuardLevel | undefined) || 'warn');
  const lines: string[] = [];
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
