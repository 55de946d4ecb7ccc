// `kernel-ci build` for real: bad input refused in milliseconds; an option
// that cannot stick named with Kconfig's reason (through the action entry);
// and the CI kernel (Debian's linux-source-6.12, tinyconfig + vm +
// kselftest:net/mptcp + kunit + lkdtm) built by this pipeline, then booted
// by the VM runner (`kernel-ci run`) to userspace, running an MPTCP selftest.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configValues } from '../../src/core/kbuild/kconfig-check.js';
import { debianSource } from '../../src/system/debian-source.js';
import { freshDist } from '../helpers/dist.js';
import {
  builtKernel,
  ciKernelSkipReason,
  ciKernelTests,
  hasQemu,
  type BuiltKernel,
} from '../helpers/kernels.js';
import { runActionEntry } from '../helpers/runner.js';
import { runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kci-build-'));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env });

let source: string;
beforeAll(async () => {
  source = (await debianSource('6.12')).dir;
}, 900_000);

describe('kernel-ci build: bad input is one line and exit 64, before any make', () => {
  it.each([
    [
      ['--source', '/tmp'],
      '/tmp is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig/merge_config.sh)',
    ],
    [
      ['--preset', 'vmm'],
      "unknown preset 'vmm' (presets: vm, debug, kunit, lkdtm, bpf, packetdrill, kselftest:TARGET)",
    ],
    [
      ['--preset', 'kselftest:net/nope'],
      'preset kselftest:net/nope: no tools/testing/selftests/net/nope in SOURCE',
    ],
    [
      ['--fragment', '/nonexistent/extra.config'],
      "--fragment: no such file '/nonexistent/extra.config'",
    ],
    [['--arch', 'arm64'], '--arch arm64: only x86_64 is supported for now'],
    [
      ['--disable', 'BAR=n'],
      "--disable: expected an option name like MPTCP or CONFIG_MPTCP, got 'BAR=n'",
    ],
    [['--make-arg', '-j9'], "--make-arg: expected VAR=VALUE (e.g. LLVM=1), got '-j9'"],
    [
      ['--ccache-max-size', 'lots'],
      "--ccache-max-size: expected a size such as 500M or 2G, got 'lots'",
    ],
  ])('%j', async (args, message) => {
    const out = tmp();
    const hasSource = args.includes('--source');
    const r = await cli([
      'build',
      ...(hasSource ? [] : ['--source', source]),
      '--out',
      join(out, 'o'),
      ...args,
    ]);
    expect(r.code, r.stderr).toBe(64);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kernel-ci: ${message.replace('SOURCE', source)}`,
    ]);
    expect(existsSync(join(out, 'o', 'obj', '.config'))).toBe(false);
  });
});

it('missing build tools are named with the Debian packages that provide them', async () => {
  // A PATH with the usual tools except flex and bison.
  const bin = tmp();
  for (const t of ['sh', 'make', 'gcc', 'bc', 'perl', 'xz', 'cpio', 'rsync', 'ccache'])
    symlinkSync(
      execFileSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).trim(),
      join(bin, t),
    );
  const r = await cli(['build', '--source', source, '--out', join(bin, 'o')], { PATH: bin });
  expect(r.code).toBe(64);
  expect(r.stderr.trim().split('\n')).toEqual([
    'kernel-ci: missing build tools: flex, bison; install them with: apt-get install flex bison',
  ]);
});

describe('options that cannot stick are reported by name', () => {
  it('strict-config through the build action: error annotations with the reason, exit 64, nothing compiled', async () => {
    const out = tmp();
    const fragment = join(out, 'wants.config');
    writeFileSync(
      fragment,
      [
        '# netem needs NET_SCHED, which tinyconfig leaves off',
        'CONFIG_NET_SCH_NETEM=y',
        'CONFIG_NO_SUCH_OPTION=y',
        'CONFIG_MPTCP=y',
        '',
      ].join('\n'),
    );
    const r = await runActionEntry(join(freshDist(), 'build.js'), {
      inputs: {
        source,
        out: join(out, 'build'),
        base: 'tinyconfig',
        preset: 'vm',
        fragment,
        'strict-config': 'true',
        'ccache-dir': join(out, 'ccache'),
      },
      timeoutMs: 900_000,
    });
    expect(r.exitCode, r.stdout.slice(-2000)).toBe(64);
    const errors = r.commands.filter((c) => c.command === 'error');
    expect(errors.map((e) => e.properties.title)).toEqual([
      'CONFIG_NET_SCH_NETEM did not stick',
      'CONFIG_NO_SUCH_OPTION did not stick',
    ]);
    expect(errors[0]!.message).toBe(
      `CONFIG_NET_SCH_NETEM=y requested by ${fragment}:2 but the final .config has it unset: depends on NET_SCHED [=n]`,
    );
    expect(errors[1]!.message).toMatch(/no such option in this tree's Kconfig$/);
    const json = JSON.parse(readFileSync(join(out, 'build', 'build.json'), 'utf8'));
    expect(json.exitCode).toBe(64);
    expect(json.mismatches.map((m: { name: string }) => m.name)).toEqual([
      'NET_SCH_NETEM',
      'NO_SUCH_OPTION',
    ]);
    // MPTCP did stick; nothing was compiled.
    expect(configValues(readFileSync(json.config, 'utf8')).get('MPTCP')).toBe('y');
    expect(existsSync(join(out, 'build', 'obj', 'vmlinux'))).toBe(false);
  }, 900_000);
});

if (!ciKernelTests) it.skip(ciKernelSkipReason, () => undefined);

describe.skipIf(!ciKernelTests)(
  'the CI kernel: built by this pipeline, booted by the VM runner',
  () => {
    let k: BuiltKernel;
    beforeAll(async () => {
      k = await builtKernel();
    }, 3_600_000);

    it('has every requested option, the MPTCP selftests installed, and build.json', () => {
      const json = JSON.parse(readFileSync(k.buildJson, 'utf8'));
      expect(json.mismatches).toEqual([]);
      expect(json.exitCode).toBe(0);
      expect(json.release).toMatch(/^6\.12\.\d+$/);
      expect(json.configHash).toMatch(/^[0-9a-f]{16}$/);
      const c = configValues(readFileSync(k.config, 'utf8'));
      for (const opt of [
        'MPTCP',
        '9P_FS',
        'NET_9P_VIRTIO',
        'VIRTIO_PCI',
        'SERIAL_8250_CONSOLE',
        'KUNIT',
        'MPTCP_KUNIT_TEST',
        'LKDTM',
        'VETH',
        'NF_TABLES',
        'INET_MPTCP_DIAG',
      ])
        expect(c.get(opt), opt).toBe('y');
      // No modules at all (tinyconfig has none): every m of the selftest config is built in.
      expect(c.get('MODULES') ?? 'n').toBe('n');
      expect(k.modulesDir).toBeUndefined();
      for (const f of [
        'net/mptcp/pm_netlink.sh',
        'net/mptcp/diag.sh',
        'net/mptcp/mptcp_sockopt.sh',
        'net/mptcp/pm_nl_ctl',
        'net/mptcp/mptcp_connect',
        'net/lib.sh',
        'kselftest-list.txt',
      ])
        expect(existsSync(join(k.selftestsDir, f)), f).toBe(true);
      expect(existsSync(k.vmlinux)).toBe(true);
      // Selftests were built, so the UAPI headers they compile against were installed.
      expect(existsSync(join(json.objDir, 'usr/include/linux/mptcp.h'))).toBe(true);
    });

    it.skipIf(!hasQemu())(
      // pm_netlink.sh (~80 s under TCG) runs on this kernel in all.test.ts already.
      'boots to userspace under TCG and runs mptcp_sockopt.sh and plain commands',
      async () => {
        const out = tmp();
        const r = await cli([
          'run',
          '--kernel',
          k.bzImage,
          '--out',
          out,
          '--accel',
          'tcg',
          '--command',
          'uname=uname -r',
          '--command',
          'mptcp=cat /proc/sys/net/mptcp/enabled',
          '--kselftest',
          join(k.selftestsDir, 'net/mptcp'),
          '--only',
          '*mptcp_sockopt*',
          '--only',
          'uname',
          '--only',
          'mptcp',
        ]);
        const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
        const flat = (res.suites as { tests: { name: string; status: string }[] }[]).flatMap(
          (s) => s.tests,
        );
        expect(
          flat.map((t) => [t.name, t.status]),
          r.stderr.slice(-3000),
        ).toEqual(
          expect.arrayContaining([
            ['uname', 'pass'],
            ['mptcp', 'pass'],
            ['mptcp_sockopt.sh', 'pass'],
          ]),
        );
        expect(res.findings).toEqual([]);
        expect(r.code).toBe(0);
      },
      900_000,
    );

    it.skipIf(!hasQemu())(
      'a WARNING (LKDTM) mid-plan is recorded, fails its test, decoded at its source line; the run goes on',
      async () => {
        const out = tmp();
        const lkdtm = '/sys/kernel/debug/provoke-crash/DIRECT';
        const r = await cli([
          'run',
          '--kernel',
          k.bzImage,
          '--vmlinux',
          k.vmlinux,
          '--source',
          k.source,
          '--out',
          out,
          '--accel',
          'tcg',
          '--command',
          'before=uname -r',
          '--command',
          `warn=echo WARNING > ${lkdtm}`,
          '--command',
          'after=cat /proc/sys/net/mptcp/enabled',
        ]);
        const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
        const tests = res.suites[0].tests as { name: string; status: string; reason?: string }[];
        expect(
          tests.map((t) => [t.name, t.status]),
          r.stderr.slice(-3000),
        ).toEqual([
          ['before', 'pass'],
          ['warn', 'fail'],
          ['after', 'pass'],
        ]);
        expect(tests[1]!.reason).toBe('kernel finding during the test: WARNING in lkdtm_WARNING');
        expect(res.findings).toHaveLength(1);
        const f = res.findings[0];
        expect(f).toMatchObject({
          kind: 'warning',
          title: 'WARNING in lkdtm_WARNING',
          fatal: false,
          test: 'commands/warn',
          location: { file: 'drivers/misc/lkdtm/bugs.c' },
        });
        expect(f.decoded).toMatch(/lkdtm_WARNING \(drivers\/misc\/lkdtm\/bugs\.c:\d+/);
        expect(res.abort).toBeUndefined();
        expect(res.verdict).toBe('critical');
        expect(r.code).toBe(2);
      },
      600_000,
    );
  },
);
