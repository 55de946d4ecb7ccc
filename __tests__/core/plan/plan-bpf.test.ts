// --bpf entries in the plan: one test per test_progs run, from the built
// dir, with the deny lists found there.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFlags, UsageError, wasGiven } from '../../../src/cli/args.js';
import { runFlags } from '../../../src/cli/specs.js';
import { planFromFlags, type PlanContext } from '../../../src/core/plan/plan-builder.js';
import { parsePlanFile } from '../../../src/core/plan/plan-file.js';
import { scaleTimeout } from '../../../src/system/accel.js';
import { fsPlanSources } from '../../../src/system/plan-sources.js';

let root: string;
let built: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kci-plan-bpf-'));
  // What kernel-ci build --preset bpf leaves in OUT/bpf, reduced to what the plan looks at.
  built = path.join(root, 'out/build/bpf');
  mkdirSync(built, { recursive: true });
  writeFileSync(path.join(built, 'test_progs'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(path.join(built, 'DENYLIST'), 'varlen\n');
});

const ctx = (): PlanContext => ({
  scaleTimeout: (s) => scaleTimeout(s, 'tcg'),
  cpus: 2,
  env: {},
  cwd: root,
  sources: fsPlanSources,
});
const plan = (argv: string[]) => {
  const { flags } = parseFlags(argv, runFlags);
  return planFromFlags(flags, (name) => wasGiven(flags, name), ctx());
};
const usage = (argv: string[]): string => {
  try {
    plan(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no UsageError');
};

describe('plan: --bpf', () => {
  it('runs test_progs from the built dir, the deny lists there, no timeout (bpf/settings says 0)', () => {
    const p = plan(['--bpf', 'test_progs -t mptcp', '--bpf-dir', 'out/build/bpf']);
    expect(p.tests).toHaveLength(1);
    expect(p.tests[0]).toMatchObject({
      id: 1,
      suite: 'bpf',
      kind: 'bpf',
      name: 'test_progs -t mptcp',
      cwd: built,
      timeoutSec: 0,
      file: path.join(built, 'test_progs'),
    });
    // DENYLIST.x86_64 is not there: only the one that is.
    expect(p.tests[0]!.command).toMatch(/exec \.\/test_progs -d @DENYLIST -v '-t' 'mptcp'$/);
  });

  it('selects bpf tests by their suite like any other', () => {
    const p = plan([
      ...['--bpf', 'test_progs -t mptcp', '--bpf', 'test_progs -t bpf_tcp_ca'],
      ...['--bpf-dir', built, '--only', 'bpf/*mptcp'],
    ]);
    expect(p.tests.map((t) => `${t.suite}/${t.name}`)).toEqual(['bpf/test_progs -t mptcp']);
  });

  it('says what is missing in one line', () => {
    expect(usage(['--bpf', 'test_progs -t mptcp'])).toBe(
      '--bpf needs --bpf-dir DIR (the built BPF selftests: kernel-ci build --preset bpf puts them in OUT/bpf)',
    );
    expect(usage(['--bpf', 'test_progs-cpuv4', '--bpf-dir', built])).toMatch(
      /^--bpf: no test_progs-cpuv4 in .*out\/build\/bpf \(kernel-ci build --preset bpf builds it/,
    );
    expect(usage(['--bpf', 'bash -c id', '--bpf-dir', built])).toMatch(
      /^--bpf: expected a test_progs command line/,
    );
  });
});

describe('plan file: bpf', () => {
  it('takes test_progs runs with their dir (relative to the file) and timeout', () => {
    const file = path.join(root, 'plan.yml');
    const spec = parsePlanFile(
      'bpf:\n  - dir: out/build/bpf\n    run: test_progs -t mptcp\n    timeout: 900\n',
      file,
    );
    expect(spec.bpf).toEqual([
      { dir: built, runner: 'test_progs', args: ['-t', 'mptcp'], timeout: 900 },
    ]);
  });

  it('says which entry is wrong, with its line', () => {
    const file = path.join(root, 'plan.yml');
    expect(() => parsePlanFile('bpf:\n  dir: x\n  run: ./test_progs\n', file)).toThrow(
      /plan\.yml:3.*bpf\[1\]\.run: expected a test_progs command line/,
    );
    expect(() => parsePlanFile('bpf:\n  run: test_progs\n', file)).toThrow(
      /bpf\[1\] needs a dir \(the built BPF selftests\) and a run/,
    );
  });
});
