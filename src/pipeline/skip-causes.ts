// The selftests' tree beside the kernel's release in results.json, and a
// cause on every kselftest skip (src/core/skip-reason.ts), read from what
// each test printed.
import { join } from 'node:path';
import type { RunResults, SelftestsTree } from '../core/results.js';
import { withSkipCauses } from '../core/skip-reason.js';
import { readGuestFile } from '../system/safe-write.js';
import { selftestsTree } from '../system/selftests-version.js';
import type { RunContext } from './run-context.js';

export function recordSelftestsAndSkips(
  run: RunResults,
  ctx: Pick<RunContext, 'plan' | 'outDir'>,
): RunResults {
  const trees = new Map<string, SelftestsTree>();
  const bySuite = new Map<string, SelftestsTree>();
  for (const t of ctx.plan.tests) {
    if (t.kind !== 'kselftest') continue;
    let tree = trees.get(t.cwd);
    if (!tree) trees.set(t.cwd, (tree = selftestsTree(t.cwd)));
    if (!bySuite.has(t.suite)) bySuite.set(t.suite, tree);
  }
  if (trees.size === 0) return run;
  const judged = withSkipCauses(
    run,
    (suite) => {
      const tree = bySuite.get(suite);
      return tree && { kernel: run.vm?.kernelRelease, selftests: tree.version };
    },
    {
      // written by the guest: read as something it could have replaced
      output: (t) => {
        if (!t.outputPath) return undefined;
        try {
          return readGuestFile(join(ctx.outDir, t.outputPath), 16 << 20);
        } catch {
          return undefined;
        }
      },
    },
  );
  return { ...judged, selftests: [...trees.values()] };
}
