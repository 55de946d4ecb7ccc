// The kernel bundle: one file that carries a build to another job with its
// modes, whatever the artifact store does to the file itself.
import { parseFlags } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/cli/args.js';
import {
  BUNDLE_KEEP_MS,
  bundleCompression,
  bundleFlagDefaults,
  isKernelBundle,
  MANIFEST,
  unpackKernelBundle,
  writeKernelBundle,
} from '../../src/system/kernel-bundle.js';
import type { RunResults, TestResult } from '../../src/core/results.js';
import { freshDist } from '../helpers/dist.js';
import { builtKernel, ciKernelSkipReason, ciKernelTests, hasQemu } from '../helpers/kernels.js';
import { artifactRoundTrip, modes } from '../helpers/workflow-runner.js';

const tmp = (p = 'kci-bundle-') => mkdtempSync(join(tmpdir(), p));

/** A build's output as buildKernel leaves it, with small stand-in files. */
function fakeBuild() {
  const d = tmp();
  const source = join(d, 'linux');
  mkdirSync(join(source, 'scripts'), { recursive: true });
  writeFileSync(join(source, 'scripts/decode_stacktrace.sh'), '#!/bin/bash\necho "decode $*"\n');
  const obj = join(d, 'out/obj');
  mkdirSync(join(obj, 'arch/x86/boot'), { recursive: true });
  writeFileSync(join(obj, 'arch/x86/boot/bzImage'), 'MZ fake bzImage');
  writeFileSync(join(obj, 'vmlinux'), 'ELF fake vmlinux');
  writeFileSync(join(obj, '.config'), 'CONFIG_MPTCP=y\n');
  const mods = join(d, 'out/modules/lib/modules/6.12.0');
  mkdirSync(join(mods, 'kernel'), { recursive: true });
  writeFileSync(join(mods, 'modules.dep'), '');
  writeFileSync(join(mods, 'kernel/x.ko'), 'ko');
  // modules_install links back into the build tree: must not be followed into the bundle.
  symlinkSync(obj, join(mods, 'build'));
  const st = join(d, 'out/selftests');
  mkdirSync(join(st, 'net/mptcp'), { recursive: true });
  writeFileSync(join(st, 'run_kselftest.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(st, 'net/mptcp/diag.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(st, 'net/mptcp/mptcp_connect'), '\x7fELF', { mode: 0o755 });
  writeFileSync(join(st, 'net/mptcp/settings'), 'timeout=1200\n', { mode: 0o644 });
  return {
    dir: d,
    input: {
      source,
      bzImage: join(obj, 'arch/x86/boot/bzImage'),
      vmlinux: join(obj, 'vmlinux'),
      config: join(obj, '.config'),
      release: '6.12.0',
      modulesDir: mods,
      selftestsDir: st,
      kselftestTargets: ['net/mptcp'],
      configHash: 'abc',
    },
  };
}

describe('kernel bundle', () => {
  it('compression: zstd when there, else xz, else gzip', () => {
    expect(bundleCompression(() => true).name).toBe('zstd');
    expect(bundleCompression((c) => c === 'xz').ext).toBe('.tar.xz');
    expect(bundleCompression(() => false).tarFlag).toBe('--gzip');
  });

  it.each(['zstd', 'xz', 'gzip'] as const)(
    '%s: modes survive an upload-artifact@v4 round trip that strips the bundle file to 0644',
    async (name) => {
      const { dir, input } = fakeBuild();
      const c = bundleCompression((cmd) => cmd === name);
      const written = await writeKernelBundle(input, join(dir, `out/kernel${c.ext}`), c);
      expect(written.compression).toBe(name);
      const job2 = tmp('kci-bundle-job2-');
      expect(artifactRoundTrip([written.file], dir, job2)).toEqual([`kernel${c.ext}`]);
      const copy = join(job2, `kernel${c.ext}`);
      expect((statSync(copy).mode & 0o777).toString(8)).toBe('644');
      expect(isKernelBundle(copy)).toBe(true);
      const u = await unpackKernelBundle(copy, tmp('kci-bundle-cache-'));
      expect(u.release).toBe('6.12.0');
      expect(readFileSync(u.kernel, 'utf8')).toBe('MZ fake bzImage');
      expect(readFileSync(u.vmlinux, 'utf8')).toBe('ELF fake vmlinux');
      expect(readFileSync(u.config, 'utf8')).toContain('CONFIG_MPTCP=y');
      expect(u.modulesDir).toBe(join(u.root, 'lib/modules/6.12.0'));
      expect(existsSync(join(u.modulesDir!, 'modules.dep'))).toBe(true);
      expect(existsSync(join(u.modulesDir!, 'build'))).toBe(false);
      expect(modes(u.selftestsDir!)).toEqual({
        'run_kselftest.sh': '755',
        'net/mptcp/diag.sh': '755',
        'net/mptcp/mptcp_connect': '755',
        'net/mptcp/settings': '644',
      });
      expect(u.manifest).toMatchObject({
        schema: 'kernel-ci/bundle@1',
        source: input.source,
        kselftestTargets: ['net/mptcp'],
      });
    },
  );

  it("decoding from the bundle alone: its decode_stacktrace.sh runs the kernel's script with the build tree as the base", async () => {
    const { dir, input } = fakeBuild();
    const w = await writeKernelBundle(
      input,
      join(dir, 'k.tar.gz'),
      bundleCompression(() => false),
    );
    const u = await unpackKernelBundle(w.file, tmp('kci-bundle-cache-'));
    // decode.ts calls DIR/scripts/decode_stacktrace.sh VMLINUX DIR: the wrapper swaps DIR for the tree.
    const out = execFileSync(
      'bash',
      [join(u.decodeRoot, 'scripts/decode_stacktrace.sh'), u.vmlinux, u.decodeRoot],
      {
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe(`decode ${u.vmlinux} ${input.source}`);
  });

  it('unpacks once per content; a second run reuses it', async () => {
    const { dir, input } = fakeBuild();
    const w = await writeKernelBundle(input, join(dir, 'k.tar.zst'));
    const cache = tmp('kci-bundle-cache-');
    const a = await unpackKernelBundle(w.file, cache);
    const copy = join(dir, 'renamed.bin');
    copyFileSync(w.file, copy);
    const b = await unpackKernelBundle(copy, cache);
    expect([a.unpacked, b.unpacked]).toEqual([true, false]);
    expect(b.root).toBe(a.root);
    // Recognised by its magic whatever its name.
    expect(isKernelBundle(copy)).toBe(true);
  });

  it("carries test_progs' run-time files (build --preset bpf), not its build leftovers, and points --bpf-dir at them", async () => {
    const { dir, input } = fakeBuild();
    // The kinds of files 6.12's selftests Makefile leaves in OUTPUT (its rules' names), one or two of each.
    const bpf = join(dir, 'out/bpf');
    mkdirSync(join(bpf, 'tools/build/bpftool/bootstrap'), { recursive: true });
    writeFileSync(join(bpf, 'tools/build/bpftool/bootstrap/bpftool'), '\x7fELF', { mode: 0o755 });
    symlinkSync('tools/build/bpftool/bootstrap/bpftool', join(bpf, 'bpftool'));
    for (const [f, mode] of [
      ['test_progs', 0o755],
      ['urandom_read', 0o755],
      ['bpf_testmod.ko', 0o644],
      ['mptcp_sock.bpf.o', 0o644],
      ['DENYLIST', 0o644],
      ['mptcp.test.o', 0o644],
      ['test_progs.o', 0o644],
      ['cgroup_helpers.o', 0o644],
      ['FEATURE-DUMP.selftests', 0o644],
      ['mptcp.test.d', 0o644],
      ['mptcp_sock.skel.h', 0o644],
      ['test_subskeleton_lib.subskel.h', 0o644],
      ['mptcp_sock.bpf.linked1.o', 0o644],
      ['kfunc_call_test.lskel.h', 0o644],
    ] as const)
      writeFileSync(join(bpf, f), f, { mode });
    const w = await writeKernelBundle({ ...input, bpfDir: bpf }, join(dir, 'k.tar.zst'));
    const u = await unpackKernelBundle(w.file, tmp('kci-bundle-cache-'));
    expect(u.bpfDir).toBe(join(u.root, 'bpf'));
    expect(readdirSync(u.bpfDir!).sort()).toEqual([
      'DENYLIST',
      'bpf_testmod.ko',
      'bpftool',
      'mptcp_sock.bpf.o',
      'test_progs',
      'urandom_read',
    ]);
    expect(statSync(join(u.bpfDir!, 'test_progs')).mode & 0o777).toBe(0o755);
    const flags = parseFlags(['--bpf', 'test_progs -t mptcp'], runFlags).flags;
    bundleFlagDefaults(flags, u);
    // A test_progs run was asked for: the bundle's kselftests are not added.
    expect(flags).toMatchObject({ 'bpf-dir': u.bpfDir, kselftest: [] });
  });

  it('the same build gives the same bytes; unpacked bundles unused for 2 days are pruned', async () => {
    const { dir, input } = fakeBuild();
    const a = await writeKernelBundle(input, join(dir, 'a.tar.zst'));
    await new Promise((r) => setTimeout(r, 1100));
    const b = await writeKernelBundle(input, join(dir, 'b.tar.zst'));
    expect(readFileSync(a.file).equals(readFileSync(b.file))).toBe(true);
    const cache = tmp('kci-bundle-cache-');
    const old = join(cache, 'bundles', 'stale');
    mkdirSync(join(old, '.complete'), { recursive: true });
    const longAgo = new Date(Date.now() - BUNDLE_KEEP_MS - 60_000);
    utimesSync(join(old, '.complete'), longAgo, longAgo);
    const recent = join(cache, 'bundles', 'recent');
    mkdirSync(join(recent, '.complete'), { recursive: true });
    await unpackKernelBundle(a.file, cache);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('a bzImage is no bundle; a broken bundle or a manifest that leaves it is a usage error', async () => {
    const d = tmp();
    const bz = join(d, 'bzImage');
    writeFileSync(bz, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600)]));
    expect(isKernelBundle(bz)).toBe(false);
    expect(isKernelBundle(d)).toBe(false);
    const bad = join(d, 'k.tar.zst');
    writeFileSync(bad, 'not a tar');
    await expect(unpackKernelBundle(bad, tmp())).rejects.toThrow(UsageError);
    await expect(unpackKernelBundle(join(d, 'none.tar.zst'), tmp())).rejects.toThrow(
      /no such file/,
    );
    // A manifest pointing outside the bundle.
    const stage = join(d, 'stage');
    mkdirSync(stage);
    writeFileSync(
      join(stage, MANIFEST),
      JSON.stringify({
        schema: 'kernel-ci/bundle@1',
        release: '1',
        files: { kernel: '../../etc/passwd', vmlinux: 'v', config: 'c', decodeRoot: '.' },
      }),
    );
    execFileSync('tar', ['-czf', join(d, 'evil.tar.gz'), '-C', stage, MANIFEST]);
    await expect(unpackKernelBundle(join(d, 'evil.tar.gz'), tmp())).rejects.toThrow(
      /leaves the bundle/,
    );
  });

  it('flags: decoding and the selftests come from the bundle unless given; --kselftest net/mptcp means the bundle one', () => {
    const u = {
      root: '/b',
      vmlinux: '/b/vmlinux',
      decodeRoot: '/b',
      selftestsDir: tmp(),
    } as Parameters<typeof bundleFlagDefaults>[1];
    mkdirSync(join(u.selftestsDir!, 'net/mptcp'), { recursive: true });
    const opts = (...argv: string[]) => parseFlags(argv, runFlags).flags;
    const none = opts();
    bundleFlagDefaults(none, u);
    expect(none).toMatchObject({
      vmlinux: '/b/vmlinux',
      source: '/b',
      kselftest: [u.selftestsDir],
    });
    const named = opts('--kselftest', 'net/mptcp', '--vmlinux', '/mine', '--source', '/tree');
    bundleFlagDefaults(named, u);
    expect(named).toMatchObject({
      vmlinux: '/mine',
      source: '/tree',
      kselftest: [join(u.selftestsDir!, 'net/mptcp')],
    });
    const commands = opts('--command', 'x=true');
    bundleFlagDefaults(commands, u);
    expect(commands.kselftest).toEqual([]);
  });
});

/** Every leaf under a test, the test itself when it has none. */
const leaves = (t: TestResult): TestResult[] =>
  t.subtests?.length ? t.subtests.flatMap(leaves) : [t];

/** Runs the bundled CLI, in a mount namespace where `hide` are empty dirs when that can be made. */
function cliHiding(
  hide: string[],
  args: string[],
): Promise<{ code: number | null; out: string; hidden: boolean }> {
  const cli = join(freshDist(), 'cli.js');
  const canHide =
    process.getuid?.() === 0 &&
    spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' }).status === 0;
  const mounts = hide.map((_, i) => `mount -t tmpfs hidden "$${i + 1}"`).join(' && ');
  const argv = canHide
    ? [
        'unshare',
        '-m',
        '--',
        'sh',
        '-c',
        `${mounts} && shift ${hide.length} && exec "$@"`,
        'sh',
        ...hide,
        process.execPath,
        cli,
        ...args,
      ]
    : [process.execPath, cli, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, hidden: canHide })));
}

describe.skipIf(!hasQemu())('a bundle of the CI kernel', () => {
  if (!ciKernelTests) it.skip(ciKernelSkipReason, () => undefined);
  else {
    let build: Parameters<typeof writeKernelBundle>[0] & { out: string };
    beforeAll(async () => {
      const k = await builtKernel();
      build = JSON.parse(readFileSync(k.buildJson, 'utf8')) as typeof build;
    }, 3_600_000);

    it('written in one dir, through upload-artifact@v4 to another, boots without the build: MPTCP selftests pass, a WARNING decoded to file:line', async () => {
      const job1 = tmp('kci-bundle-build-');
      const t0 = Date.now();
      const w = await writeKernelBundle(build, join(job1, 'kernel.tar.zst'));
      process.stderr.write(
        `bundle: ${(w.bytes / 1048576).toFixed(1)} MiB ${w.compression} in ${w.seconds.toFixed(1)} s\n`,
      );
      const job2 = tmp('kci-bundle-test-');
      artifactRoundTrip([w.file], job1, job2);
      const bundle = join(job2, 'kernel.tar.zst');
      expect(modes(job2)).toEqual({ 'kernel.tar.zst': '644' });
      const out = join(job2, 'out');
      // The test job has neither the tree nor the build dir: hidden from this run.
      const r = await cliHiding(
        [build.source, build.out],
        [
          'run',
          '--kernel',
          bundle,
          '--kselftest',
          'net/mptcp',
          // The MPTCP test whose every subtest passes on 6.12 under TCG, even on a
          // loaded machine (diag.sh skips a few on this kernel and times out there).
          '--only',
          'net/mptcp/mptcp_sockopt.sh',
          '--command',
          'warn=echo WARNING > /sys/kernel/debug/provoke-crash/DIRECT',
          '--only',
          'warn',
          '--out',
          out,
        ],
      );
      process.stderr.write(
        `bundle run: ${((Date.now() - t0) / 1000).toFixed(0)} s, build hidden: ${r.hidden}\n`,
      );
      const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
      const mptcp = res.suites.find((s) => s.name === 'net/mptcp');
      expect(
        mptcp?.tests.map((t) => [t.name, t.status]),
        r.out.slice(-3000),
      ).toEqual([['mptcp_sockopt.sh', 'pass']]);
      const subtests = mptcp!.tests.flatMap(leaves);
      expect(subtests.length).toBeGreaterThan(5);
      expect(
        subtests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.status}`),
      ).toEqual([]);
      expect(res.vm?.kernelRelease).toBe(build.release);
      const f = res.findings.find((x) => x.title === 'WARNING in lkdtm_WARNING');
      expect(f?.location?.file).toBe('drivers/misc/lkdtm/bugs.c');
      expect(f?.location?.line).toBeGreaterThan(0);
      expect(f?.decoded).toMatch(/lkdtm_WARNING \(drivers\/misc\/lkdtm\/bugs\.c:\d+/);
      expect(r.code).toBe(2); // the WARNING fails its test: critical, as any kernel finding
    }, 1_200_000);
  }
});
