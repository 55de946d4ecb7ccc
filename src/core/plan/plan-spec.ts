// The user's intent, normalized: what the flags and the YAML plan file both
// reduce to before the plan builder turns it into guest commands.
import type { BpfSpec } from '../test-progs.js';

export type ToolGuardLevel = 'off' | 'warn' | 'error';

export interface KselftestSpec {
  /** Installed selftests dir (with kselftest-list.txt, or one collection of it) or an in-tree target. */
  dir: string;
  include: string[];
  exclude: string[];
  /** Overrides the settings file's timeout (seconds, 0 = none). */
  timeout?: number;
}

export interface PacketdrillSpec {
  /** Directory of .pkt scripts (searched recursively) or one .pkt file. */
  dir: string;
  bin: string;
  /** Scripts at once; capped at the VM's CPUs. */
  jobs: number;
  /** Per-script timeout in seconds. */
  timeout: number;
  /** Multiplies each script's --tolerance_usecs (packetdrill's default 4000 when it sets none). */
  tolerance?: number;
  include: string[];
  exclude: string[];
}

export interface CommandSpec {
  name: string;
  run: string;
  cwd?: string;
  timeout?: number;
}

export interface PlanSpec {
  kselftest: KselftestSpec[];
  /** builtin: report the suites the kernel ran at boot; modules: load these and report them. */
  kunit: { builtin: boolean; modules: string[] };
  packetdrill: PacketdrillSpec[];
  /** test_progs runs (the BPF selftests), each one plan test. */
  bpf: BpfSpec[];
  commands: CommandSpec[];
  before: string[];
  after: string[];
  env: Record<string, string>;
  only: string[];
  except: string[];
  /** Per-test default where no settings file says (seconds, 0 = none). */
  testTimeout: number;
  skipIsFail: boolean;
  retries: number;
  toolGuard: ToolGuardLevel;
}

export const PACKETDRILL_DEFAULT_TIMEOUT = 180;
export const PACKETDRILL_DEFAULT_JOBS = 2;

export function emptySpec(): PlanSpec {
  return {
    kselftest: [],
    kunit: { builtin: false, modules: [] },
    packetdrill: [],
    bpf: [],
    commands: [],
    before: [],
    after: [],
    env: {},
    only: [],
    except: [],
    testTimeout: 45,
    skipIsFail: false,
    retries: 0,
    toolGuard: 'warn',
  };
}
