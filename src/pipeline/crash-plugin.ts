// The crash detector as a run plugin: every console line goes through it,
// the first complete fatal report stops the VM (its running test becomes
// `crashed`, later ones `not-run`), and findings are attributed to the test
// running when they started. The quiet gap that completes reports without an
// end marker needs a clock, hence the ticker.

import { collapseFindings, CrashDetector, type StopOn } from '../core/crash/detector.js';
import { fullName } from '../core/plan/plan.js';
import type { Finding } from '../core/results.js';
import type { RunContext, RunPlugin } from './run-context.js';

export interface CrashPluginOptions {
  stopOn?: StopOn;
  quietGapMs?: number;
  /** How often the quiet gap is checked. */
  tickMs?: number;
}

export function crashPlugin(ctx: RunContext, opts: CrashPluginOptions = {}): RunPlugin {
  const quietGapMs = opts.quietGapMs ?? 300;
  const make = () => {
    const d = new CrashDetector({ stopOn: opts.stopOn ?? 'fatal', quietGapMs });
    d.onStop = (f) =>
      ctx.stopVm('crash', `${f.title} (console lines ${f.lines.first}-${f.lines.last})`);
    return d;
  };
  let detector = make();
  let named: ReturnType<RunContext['currentTest']> = undefined;
  const earlier: Finding[] = [];
  const timer = setInterval(() => detector.tick(Date.now()), opts.tickMs ?? 50);
  timer.unref();
  return {
    listener: {
      onLine(line, lineNo) {
        // Hot path: name the running test only when it changes.
        const t = ctx.currentTest();
        if (t !== named) {
          named = t;
          detector.setTest(t ? fullName(t) : undefined);
        }
        detector.push(line, lineNo, Date.now());
      },
      onBoot() {
        // A retried boot starts over; what the failed boot printed still counts.
        detector.finish();
        earlier.push(...detector.findings());
        detector = make();
        named = undefined;
      },
    },
    findings() {
      clearInterval(timer);
      detector.finish();
      return collapseFindings([...earlier, ...detector.findings()]);
    },
  };
}
