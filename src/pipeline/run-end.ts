// How the VM's end colours the run: an abort the summary names, and what
// happens to the test that was running and those that never started.
import type { RunResults } from '../core/results.js';
import type { VmResult } from '../system/vm.js';
import type { CutShort } from './run-results.js';

export interface RunEnd {
  abort?: RunResults['abort'];
  cut?: CutShort;
}

/**
 * `requested` is a stop we asked for (a crash the detector saw, a cancel);
 * `bootCrash` a crash seen before the guest was ready; `planDone` whether
 * every test of the plan reported its end.
 */
export function classifyEnd(
  vm: Pick<VmResult, 'end' | 'message'>,
  requested: { kind: 'crash' | 'cancelled'; message: string } | undefined,
  bootCrash: string | undefined,
  planDone: boolean,
): RunEnd {
  if (vm.end === 'boot-failure' || vm.end === 'no-output')
    return {
      abort: {
        kind: 'boot-failure',
        message: bootCrash ? `${vm.message}; ${bootCrash}` : vm.message,
      },
      cut: { running: 'crashed', reason: 'the kernel did not boot' },
    };
  if (vm.end === 'stopped' && requested)
    return {
      abort: { kind: requested.kind, message: requested.message },
      cut: { running: 'crashed', reason: requested.message },
    };
  if (vm.end === 'timeout' || vm.end === 'inactivity')
    return {
      abort: { kind: vm.end, message: vm.message },
      cut: { running: 'timeout', reason: vm.message },
    };
  if (!planDone)
    return {
      abort: { kind: 'crash', message: `the guest stopped before the plan ended (${vm.message})` },
      cut: { running: 'crashed', reason: 'the guest stopped while this test ran' },
    };
  return {};
}
