import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFlags, UsageError, wasGiven, type FlagSpecs } from '../../../src/cli/args.js';
import { allFlags, runFlags, type RunOptions } from '../../../src/cli/specs.js';
import { planFromFlags, type PlanContext } from '../../../src/core/plan/plan-builder.js';
import { TOOL_TAG } from '../../../src/core/tool-guard.js';
import { scaleTimeout } from '../../../src/system/accel.js';
import { fsPlanSources } from '../../../src/system/plan-sources.js';

const fx = (f: string): string =>
  new URL(`../../fixtures/plan/linux-6.12/${f}`, import.meta.url).pathname;

let root: string;
let inTree: string;
let installed: string;
let pkts: string;
let fakeBin: string;

// A tree shaped like the real ones: linux-6.12's Makefile, settings and
// kselftest-list.txt; the scripts themselves are stand-ins with the modes
// Debian's linux-source ships (three mptcp wrappers are not executable).
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kci-plan-'));
  inTree = path.join(root, 'linux/tools/testing/selftests/net/mptcp');
  mkdirSync(inTree, { recursive: true });
  copyFileSync(fx('net/mptcp/Makefile'), path.join(inTree, 'Makefile'));
  copyFileSync(fx('net/mptcp/settings'), path.join(inTree, 'settings'));
  const nonExec = [
    'mptcp_connect_mmap.sh',
    'mptcp_connect_sendfile.sh',
    'mptcp_connect_checksum.sh',
  ];
  for (const t of [
    'mptcp_connect.sh',
    'pm_netlink.sh',
    'mptcp_join.sh',
    'diag.sh',
    'simult_flows.sh',
    'mptcp_sockopt.sh',
    'userspace_pm.sh',
    ...nonExec,
  ]) {
    writeFileSync(path.join(inTree, t), '#!/bin/bash\nexit 0\n');
    chmodSync(path.join(inTree, t), nonExec.includes(t) ? 0o644 : 0o755);
  }
  installed = path.join(root, 'kselftest_install');
  mkdirSync(installed);
  copyFileSync(fx('kselftest-list.txt'), path.join(installed, 'kselftest-list.txt'));
  for (const c of ['net/mptcp', 'net/packetdrill', 'net/forwarding'])
    mkdirSync(path.join(installed, c), { recursive: true });
  copyFileSync(fx('net/mptcp/settings'), path.join(installed, 'net/mptcp/settings'));
  copyFileSync(fx('forwarding.settings'), path.join(installed, 'net/forwarding/settings'));
  writeFileSync(path.join(installed, 'net/mptcp/diag.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(path.join(installed, 'net/packetdrill/ksft_runner.sh'), '#!/bin/sh\n', {
    mode: 0o755,
  });
  writeFileSync(path.join(installed, 'net/packetdrill/tcp_inq_client.pkt'), '0 socket\n');
  pkts = path.join(root, 'mptcp');
  for (const [f, text] of [
    ['syscalls/connect_send.pkt', '--tolerance_usecs=100000\n'],
    ['syscalls/accept_v4.pkt', ''],
    ['mp_join/mp_join_server_v6.pkt', ''],
    ['top.pkt', ''],
  ] as const) {
    mkdirSync(path.dirname(path.join(pkts, f)), { recursive: true });
    writeFileSync(path.join(pkts, f), text);
  }
  fakeBin = path.join(root, 'packetdrill');
  writeFileSync(fakeBin, '#!/bin/sh\n', { mode: 0o755 });
});

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  scaleTimeout: (s) => scaleTimeout(s, 'tcg'),
  cpus: 2,
  env: {},
  cwd: root,
  sources: fsPlanSources,
  ...over,
});
const plan = (argv: string[], c: Partial<PlanContext> = {}) => {
  const { flags } = parseFlags(argv, runFlags);
  return planFromFlags(flags, (name) => wasGiven(flags, name), ctx(c));
};
const usage = (argv: string[], c: Partial<PlanContext> = {}): string => {
  try {
    plan(argv, c);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no UsageError');
};

describe('plan from flags', () => {
  it('runs an in-tree target in make run_tests order with settings timeouts scaled for TCG', () => {
    const p = plan(['--kselftest', inTree]);
    expect(p.tests.map((t) => `${t.id} ${t.suite}/${t.name}`)).toEqual(
      [
        'mptcp_connect.sh',
        'mptcp_connect_mmap.sh',
        'mptcp_connect_sendfile.sh',
        'mptcp_connect_checksum.sh',
        'pm_netlink.sh',
        'mptcp_join.sh',
        'diag.sh',
        'simult_flows.sh',
        'mptcp_sockopt.sh',
        'userspace_pm.sh',
      ].map((n, i) => `${i + 1} net/mptcp/${n}`),
    );
    const diag = p.tests[6]!;
    expect(diag).toMatchObject({ kind: 'kselftest', cwd: inTree, timeoutSec: 7200 });
    expect(diag.file).toBe(path.join(inTree, 'diag.sh'));
    expect(diag.command).toMatch(/exec "\$@" \.\/diag\.sh$/);
    expect(p.tests[1]!.command).toMatch(/\/bin\/bash \.\/mptcp_connect_mmap\.sh$/);
    expect(plan(['--kselftest', inTree], { scaleTimeout: (s) => s }).tests[6]!.timeoutSec).toBe(
      1800,
    );
    expect(p.kunitBuiltin).toBe(false);
  });

  it('reads an installed tree from its kselftest-list.txt, whole or one collection', () => {
    const all = plan(['--kselftest', installed, '--test-timeout', '30']);
    const suites = [...new Set(all.tests.map((t) => t.suite))];
    expect(suites).toEqual(['net/mptcp', 'net/packetdrill', 'net/forwarding']);
    const byName = (n: string) => all.tests.find((t) => `${t.suite}/${t.name}` === n)!;
    // settings says 1800; none for packetdrill (→ --test-timeout); forwarding says 0
    expect(byName('net/mptcp/diag.sh').timeoutSec).toBe(7200);
    expect(byName('net/packetdrill/tcp_inq_client.pkt')).toMatchObject({ timeoutSec: 120 });
    expect(byName('net/packetdrill/tcp_inq_client.pkt').command).toContain(
      './ksft_runner.sh ./tcp_inq_client.pkt',
    );
    expect(byName('net/forwarding/router.sh').timeoutSec).toBe(0);
    expect(byName('net/mptcp/pm_netlink.sh').command).toContain('missing');
    const one = plan(['--kselftest', path.join(installed, 'net/mptcp')]);
    expect(one.tests.map((t) => t.suite)).toEqual(Array(10).fill('net/mptcp'));
  });

  it('selects with only/except on suite/test and refuses a selection that leaves nothing', () => {
    const p = plan([
      '--kselftest',
      inTree,
      '--only',
      'diag.sh',
      '--only',
      'net/mptcp/pm_*',
      '--except',
      'pm_nl*',
    ]);
    expect(p.tests.map((t) => t.name)).toEqual(['pm_netlink.sh', 'diag.sh']);
    expect(p.tests.map((t) => t.id)).toEqual([1, 2]);
    expect(usage(['--kselftest', inTree, '--only', 'nope'])).toMatch(
      /leave none of the plan's 10 test/,
    );
  });

  it('passes selftest env through, adds skip-is-fail and retries', () => {
    const p = plan(['--kselftest', inTree, '--skip-is-fail', '--retries', '2'], {
      env: { SELFTESTS_MPTCP_LIB_COLOR_FORCE: '1', KSELFTEST_DIAG_SH_ARGS: '-v', HOME: '/root' },
    });
    expect(p.env).toEqual({
      SELFTESTS_MPTCP_LIB_COLOR_FORCE: '1',
      KSELFTEST_DIAG_SH_ARGS: '-v',
      SELFTESTS_MPTCP_LIB_EXPECT_ALL_FEATURES: '1',
    });
    expect(p.tests.every((t) => t.skipIsFail === true && t.retries === 2)).toBe(true);
    expect(p.tests[6]!.command).toMatch(/\.\/diag\.sh \$KSELFTEST_DIAG_SH_ARGS$/);
    const plain = plan(['--kselftest', inTree]);
    expect(plain.env).toEqual({});
    expect(plain.tests[0]!.skipIsFail).toBeUndefined();
  });

  it('turns --command into tests and rejects bad ones', () => {
    const p = plan([
      '--command',
      'bpf=./test_progs -t mptcp',
      '--command',
      'uname=uname -a',
      '--test-timeout',
      '10',
    ]);
    expect(p.tests).toEqual([
      expect.objectContaining({
        suite: 'commands',
        kind: 'command',
        name: 'bpf',
        command: './test_progs -t mptcp',
        cwd: root,
        timeoutSec: 40,
      }),
      expect.objectContaining({ name: 'uname', command: 'uname -a' }),
    ]);
    expect(usage(['--command', 'nocmd'])).toBe("--command: expected NAME=CMD, got 'nocmd'");
    expect(usage(['--command', 'a b=true'])).toMatch(/must not contain spaces/);
    expect(usage(['--command', 'a=true', '--command', 'a=false'])).toBe(
      "test 'commands/a' is in the plan twice",
    );
  });

  it('builds one packetdrill pool per script directory, capped at the guest CPUs', () => {
    const p = plan(
      [
        '--packetdrill',
        pkts,
        '--packetdrill-bin',
        fakeBin,
        '--packetdrill-jobs',
        '8',
        '--packetdrill-tolerance',
        '1.5',
      ],
      { cpus: 3 },
    );
    expect(p.tests.map((t) => `${t.suite}/${t.name}`)).toEqual([
      'packetdrill/mptcp',
      'packetdrill/mp_join',
      'packetdrill/syscalls',
    ]);
    const sys = p.tests[2]!;
    expect(sys.kind).toBe('packetdrill');
    expect(sys.command).toContain('\nN=3\n');
    expect(sys.command).toContain('\nT=720\n');
    expect(sys.command).toContain('\nK=5\n'); // accept_v4: 2 variants, connect_send: 3
    expect(sys.command).toContain("'connect_send.pkt (ipv6)'");
    expect(sys.command).toContain('--tolerance_usecs=150000 connect_send.pkt');
    expect(sys.command).toContain('--tolerance_usecs=6000 accept_v4.pkt');
    expect(p.tests[1]!.command).toContain('\nK=1\n');
    expect(usage(['--packetdrill', pkts])).toMatch(/needs --packetdrill-bin/);
    expect(usage(['--packetdrill', pkts, '--packetdrill-bin', path.join(root, 'nope')])).toMatch(
      /is not an executable packetdrill binary/,
    );
    expect(usage(['--packetdrill', inTree, '--packetdrill-bin', fakeBin])).toMatch(
      /no \.pkt script/,
    );
    expect(
      usage(['--packetdrill', pkts, '--packetdrill-bin', fakeBin, '--packetdrill-tolerance', 'x']),
    ).toMatch(/positive factor/);
  });

  it('loads KUnit modules as tests and runs the tool guard first unless off', () => {
    const p = plan([
      '--kunit',
      '--kunit-module',
      'mptcp_crypto_test',
      '--kunit-module',
      './x/t.ko',
    ]);
    expect(p.kunitBuiltin).toBe(true);
    expect(p.tests.map((t) => `${t.suite}/${t.name}`)).toEqual([
      'kunit/mptcp_crypto_test',
      'kunit/t',
    ]);
    expect(p.tests[0]!.command).toContain('modprobe mptcp_crypto_test');
    expect(p.tests[1]!.command).toContain(`insmod ${root}/x/t.ko`);
    // At 'warn' the host checks the tools: nothing runs in the guest before the tests.
    expect(p.before).toEqual([]);
    expect(p.toolGuard).toBe('warn');
    expect(plan(['--tool-guard', 'off']).before).toEqual([]);
  });

  it('merges a plan file with flags', () => {
    const file = path.join(root, 'plan.yml');
    writeFileSync(
      file,
      [
        'kselftest:',
        '  - dir: linux/tools/testing/selftests/net/mptcp',
        '    include: [diag.sh, pm_netlink.sh]',
        'commands:',
        '  - {name: hello, run: echo hello}',
        'retries: 1',
        'test-timeout: 5',
        'tool-guard: error',
        'before: [echo setup]',
      ].join('\n'),
    );
    const p = plan(['--plan', file, '--command', 'late=true', '--retries', '3']);
    expect(p.tests.map((t) => `${t.suite}/${t.name}`)).toEqual([
      'tool-guard/versions',
      'net/mptcp/pm_netlink.sh',
      'net/mptcp/diag.sh',
      'commands/hello',
      'commands/late',
    ]);
    expect(p.tests[3]).toMatchObject({ timeoutSec: 20, retries: 3 });
    expect(p.tests[0]!.command).toContain(TOOL_TAG);
    expect(p.tests[0]!.retries).toBeUndefined();
    expect(p.toolGuard).toBe('error');
    expect(p.before).toEqual(['echo setup']);
    expect(usage(['--plan', path.join(root, 'missing.yml')])).toMatch(/--plan: cannot read/);
    expect(usage(['--kselftest', path.join(root, 'nowhere')])).toMatch(/no such directory/);
    expect(usage(['--kselftest', pkts])).toMatch(/neither kselftest-list.txt .* nor a Makefile/);
  });
});

describe('flag / plan file precedence: a flag the user set > the plan file > the default', () => {
  const planFile = (body: string): string => {
    const file = path.join(root, `precedence-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, `${body}commands:\n  - name: one\n    run: 'true'\n`);
    return file;
  };
  const one = (argv: string[], specs: FlagSpecs = runFlags) => {
    const { flags } = parseFlags(argv, specs) as unknown as { flags: RunOptions };
    const p = planFromFlags(flags, (n) => wasGiven(flags, n), { ...ctx(), scaleTimeout: (s) => s });
    const t = p.tests.find((x) => x.name === 'one')!;
    return { retries: t.retries ?? 0, timeout: t.timeoutSec, guard: p.toolGuard };
  };

  it('flags set to their defaults still win over the plan file', () => {
    // The bug: `--retries 0 --test-timeout 45` equal the defaults, so they
    // used to be taken for "not given" and the file's 2 and 90 ran.
    const file = planFile('retries: 2\ntest-timeout: 90\ntool-guard: error\n');
    expect(one(['--plan', file])).toEqual({ retries: 2, timeout: 90, guard: 'error' });
    expect(
      one(['--plan', file, '--retries', '0', '--test-timeout', '45', '--tool-guard', 'warn']),
    ).toEqual({ retries: 0, timeout: 45, guard: 'warn' });
    expect(one(['--plan', file, '--retries=0'])).toMatchObject({ retries: 0, timeout: 90 });
  });

  it("what the file does not say keeps the command's default (all: one retry)", () => {
    const file = planFile('');
    expect(one(['--plan', file])).toMatchObject({ retries: 0, timeout: 45 });
    expect(one(['--plan', file], allFlags)).toMatchObject({ retries: 1, timeout: 45 });
    expect(one(['--plan', planFile('retries: 3\n')], allFlags)).toMatchObject({ retries: 3 });
    expect(one(['--plan', planFile('retries: 3\n'), '--retries', '1'], allFlags)).toMatchObject({
      retries: 1,
    });
  });

  it('--no-skip-is-fail overrides a plan file that turns it on', () => {
    const file = planFile('skip-is-fail: true\n');
    const skip = (argv: string[]) => {
      const { flags } = parseFlags(argv, runFlags);
      const p = planFromFlags(flags, (n) => wasGiven(flags, n), ctx());
      return p.tests.find((x) => x.name === 'one')!.skipIsFail ?? false;
    };
    expect(skip(['--plan', file])).toBe(true);
    expect(skip(['--plan', file, '--no-skip-is-fail'])).toBe(false);
  });
});
