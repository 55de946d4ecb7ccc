// The test plan the host hands to the guest: an ordered list of tests, each a
// shell command run from a directory with a timeout. Everything the guest
// runner needs is here; it knows nothing of kselftest, KUnit or packetdrill.
import type { SuiteKind } from '../results.js';

export interface PlanTest {
  /** 1-based position in the plan; markers refer to it. */
  id: number;
  /** Suite name, e.g. "net/mptcp", "kunit", "packetdrill", "commands". */
  suite: string;
  kind: SuiteKind;
  /** Test name within the suite, e.g. "diag.sh". */
  name: string;
  /** Guest working directory (the host's path: the guest sees the host's /). */
  cwd: string;
  /** Run with `sh -c`. */
  command: string;
  /** Per-test timeout in seconds, already scaled for TCG. 0 = none. */
  timeoutSec: number;
  env?: Record<string, string>;
  /** Source file for annotations (selftest script path). */
  file?: string;
  /** Reruns of a failed test in the same VM. */
  retries?: number;
  /** kselftest semantics: treat exit 4 (skip) as a failure. */
  skipIsFail?: boolean;
}

/**
 * Exit codes after which the guest does not rerun a test: every one the
 * results count as not failing (pass; kselftest xfail 2 / xpass 3; skip 4
 * unless skip is a failure). Retrying those only wastes VM time. The guest
 * init and the host's marker collector both use this one rule.
 */
export function finalExits(t: PlanTest): number[] {
  const exits = [0];
  if (t.kind === 'kselftest') exits.push(2, 3);
  if (!t.skipIsFail) exits.push(4);
  return exits;
}

export interface Plan {
  tests: PlanTest[];
  /** Commands run before / after the tests (not results). */
  before?: string[];
  after?: string[];
  /** Environment exported to every test. */
  env?: Record<string, string>;
}

export function fullName(t: Pick<PlanTest, 'suite' | 'name'>): string {
  return `${t.suite}/${t.name}`;
}
