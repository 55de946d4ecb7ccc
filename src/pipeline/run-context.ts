// The run's seams (see run.ts): what a console plugin, the per-test result
// assembly and the report step are given and must provide. Kept apart from
// run.ts so that the hooks (run-hooks.ts) and the plugins can name these
// types while run.ts uses the hooks as its default.
import type { RunOptions } from '../cli/specs.js';
import type { Plan, PlanTest } from '../core/plan/plan.js';
import type { Finding, RunResults, TestResult } from '../core/results.js';
import type { AccelChoice } from '../system/accel.js';
import type { ConsoleListener } from '../system/vm.js';
import type { Host } from './host.js';
import type { CutShort, TestOutcome } from './run-results.js';

export interface RunContext {
  flags: RunOptions;
  host: Host;
  outDir: string;
  plan: Plan;
  accel: AccelChoice;
  /** The test running now, if any (findings are attributed to it). */
  currentTest(): PlanTest | undefined;
  /** Stops the VM at once: running test → crashed, the rest → not-run. */
  stopVm(kind: 'crash' | 'cancelled', message: string): void;
  /** Aborted when the run is cancelled (SIGINT/SIGTERM): long work after the VM stops early. */
  signal?: AbortSignal;
}

export interface RunPlugin {
  listener?: ConsoleListener;
  /** Read after the VM ended. */
  findings?(): Finding[];
}

export interface RunHooks {
  plugins(ctx: RunContext): RunPlugin[];
  assembleTest(o: TestOutcome, ctx: RunContext, cut: CutShort | undefined): Promise<TestResult>;
  /** Last word on the results before results.json is written (KUnit, known issues, decode). */
  finalize?(results: RunResults, ctx: RunContext): Promise<RunResults>;
  report(results: RunResults, ctx: RunContext): Promise<void>;
}
