// A kernel travels between jobs as one bundle: a compressed tar holding
// bzImage, vmlinux, .config, lib/modules/<release>, the installed selftests
// and the decoder, with a manifest. One file because actions/upload-artifact
// zips files one by one and drops their modes (every file comes back 0644):
// inside a tar, the selftests' executable bits survive the trip.
//
// Compression: zstd when the `zstd` program is there (GitHub's Ubuntu images
// have it; tar --zstd runs it), else xz, else gzip. Reading needs no choice:
// GNU tar recognises all three by their magic.
import { findOnPath } from './find-on-path.js';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../core/errors.js';
import { kernelCacheRoot } from './debian-kernel.js';
import { shellQuote } from '../core/shell.js';

const exec = promisify(execFile);

export const BUNDLE_SCHEMA = 'kernel-ci/bundle@1';
export const MANIFEST = 'kernel-ci-bundle.json';

export interface BundleManifest {
  schema: typeof BUNDLE_SCHEMA;
  release: string;
  arch: string;
  configHash?: string;
  /** The build's tree: vmlinux's DWARF names sources by this path. */
  source: string;
  kselftestTargets: string[];
  /** Paths inside the bundle. */
  files: {
    kernel: string;
    vmlinux: string;
    config: string;
    modules?: string;
    selftests?: string;
    /** test_progs and what it opens at run time (build --preset bpf). */
    bpf?: string;
    /** A kernel tree's worth of decoding: DIR/scripts/decode_stacktrace.sh. */
    decodeRoot: string;
  };
}

/** What buildKernel produced (a BuildResult is one). */
export interface BundleInput {
  source: string;
  bzImage: string;
  vmlinux: string;
  config: string;
  release: string;
  modulesDir?: string;
  selftestsDir?: string;
  bpfDir?: string;
  kselftestTargets: string[];
  configHash?: string;
}

/** In test_progs' build dir, what only the build needs (tar --exclude patterns). */
export const BPF_BUILD_ONLY = [
  'tools',
  'feature',
  'FEATURE-DUMP.selftests',
  // Objects of test_progs itself (test_progs.o, cgroup_helpers.o, ...) and
  // of its tests, but not the *.bpf.o it opens at run time.
  '*[!f].o',
  '*.d',
  '*.skel.h',
  '*.lskel.h',
  '*.subskel.h',
  '*.linked[0-9].o',
  '*.llinked[0-9].o',
];

export interface Compression {
  name: 'zstd' | 'xz' | 'gzip';
  ext: string;
  tarFlag: string;
}

const onPath = (cmd: string) => findOnPath(cmd) !== undefined;

export function bundleCompression(has: (cmd: string) => boolean = onPath): Compression {
  if (has('zstd')) return { name: 'zstd', ext: '.tar.zst', tarFlag: '--zstd' };
  if (has('xz')) return { name: 'xz', ext: '.tar.xz', tarFlag: '--xz' };
  return { name: 'gzip', ext: '.tar.gz', tarFlag: '--gzip' };
}

/**
 * decode_stacktrace.sh strips its base argument from addr2line's paths. The
 * caller passes the unpacked bundle as the base (decode.ts treats it as the
 * tree), but the DWARF holds the build tree's paths: this wrapper hands the
 * kernel's script the build tree's path instead, so frames still decode to
 * tree-relative file:line without that tree.
 */
export function decodeWrapper(buildSource: string): string {
  return [
    '#!/usr/bin/env bash',
    "# kernel-ci bundle: the kernel's decode_stacktrace.sh with the build tree as the base to strip.",
    'here=$(dirname "$(readlink -f "$0")")',
    `exec bash "$here/decode_stacktrace.kernel.sh" "$1" ${shellQuote(buildSource.replace(/\/+$/, ''))} "\${@:3}"`,
    '',
  ].join('\n');
}

/**
 * Writes the bundle. Staged as symlinks and archived with --dereference, so
 * nothing big is copied; modules_install's `build`/`source` links point into
 * the build tree and stay out.
 */
export async function writeKernelBundle(
  b: BundleInput,
  file: string,
  compression: Compression = bundleCompression(),
): Promise<{ file: string; bytes: number; seconds: number; compression: Compression['name'] }> {
  const started = Date.now();
  const script = join(b.source, 'scripts', 'decode_stacktrace.sh');
  for (const [what, p] of [
    ['bzImage', b.bzImage],
    ['vmlinux', b.vmlinux],
    ['config', b.config],
    ['decode_stacktrace.sh', script],
  ] as const)
    if (!existsSync(p)) throw new Error(`kernel bundle: no ${what} at ${p}`);
  const out = resolve(file);
  const stage = `${out}.stage-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'scripts'), { recursive: true });
  try {
    const modules = b.modulesDir ? `lib/modules/${basename(b.modulesDir)}` : undefined;
    const manifest: BundleManifest = {
      schema: BUNDLE_SCHEMA,
      release: b.release,
      arch: 'x86_64',
      ...(b.configHash ? { configHash: b.configHash } : {}),
      source: resolve(b.source),
      kselftestTargets: b.kselftestTargets,
      files: {
        kernel: 'bzImage',
        vmlinux: 'vmlinux',
        config: 'config',
        ...(modules ? { modules } : {}),
        ...(b.selftestsDir ? { selftests: 'selftests' } : {}),
        ...(b.bpfDir ? { bpf: 'bpf' } : {}),
        decodeRoot: '.',
      },
    };
    writeFileSync(join(stage, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    copyFileSync(script, join(stage, 'scripts', 'decode_stacktrace.kernel.sh'));
    writeFileSync(join(stage, 'scripts', 'decode_stacktrace.sh'), decodeWrapper(b.source), {
      mode: 0o755,
    });
    chmodSync(join(stage, 'scripts', 'decode_stacktrace.kernel.sh'), 0o755);
    symlinkSync(resolve(b.bzImage), join(stage, 'bzImage'));
    symlinkSync(resolve(b.vmlinux), join(stage, 'vmlinux'));
    symlinkSync(resolve(b.config), join(stage, 'config'));
    const members = [MANIFEST, 'scripts', 'bzImage', 'vmlinux', 'config'];
    if (modules) {
      mkdirSync(join(stage, 'lib', 'modules'), { recursive: true });
      symlinkSync(resolve(b.modulesDir!), join(stage, modules));
      members.push('lib');
    }
    if (b.selftestsDir) {
      symlinkSync(resolve(b.selftestsDir), join(stage, 'selftests'));
      members.push('selftests');
    }
    if (b.bpfDir) {
      symlinkSync(resolve(b.bpfDir), join(stage, 'bpf'));
      members.push('bpf');
    }
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    try {
      await exec(
        'tar',
        [
          '-c',
          compression.tarFlag,
          '-f',
          tmp,
          '--dereference',
          '--exclude=lib/modules/*/build',
          '--exclude=lib/modules/*/source',
          // test_progs' build leftovers: what it runs is the binary, its
          // *.bpf.o, modules and helpers, not the objects and skeletons.
          ...BPF_BUILD_ONLY.map((p) => `--exclude=bpf/${p}`),
          '--owner=0',
          '--group=0',
          '--numeric-owner',
          // The same build gives the same bytes, so the same unpacked dir.
          '--sort=name',
          `--mtime=@${Math.floor(statSync(b.vmlinux).mtimeMs / 1000)}`,
          '--clamp-mtime',
          '-C',
          stage,
          ...members,
        ],
        // zstd and xz compress on every core when told to.
        {
          env: { ...process.env, ZSTD_NBTHREADS: '0', XZ_DEFAULTS: '-T0' },
          maxBuffer: 16 << 20,
        },
      );
      renameSync(tmp, out);
    } finally {
      rmSync(tmp, { force: true });
    }
    return {
      file: out,
      bytes: statSync(out).size,
      seconds: (Date.now() - started) / 1000,
      compression: compression.name,
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

const NAME = /\.(tar|tar\.zst|tar\.zstd|tzst|tar\.xz|txz|tar\.gz|tgz)$/;

/** A bundle by its name or its first bytes (zstd, xz, gzip or a plain tar); a bzImage is none of these. */
export function isKernelBundle(path: string): boolean {
  if (NAME.test(path)) return true;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  const head = Buffer.alloc(512);
  let n: number;
  try {
    n = readSync(fd, head, 0, 512, 0);
  } catch {
    // A directory (EISDIR) or an unreadable file: no bundle; the kernel check names the problem.
    return false;
  } finally {
    closeSync(fd);
  }
  const starts = (...bytes: number[]) => n >= bytes.length && bytes.every((b, i) => head[i] === b);
  return (
    starts(0x28, 0xb5, 0x2f, 0xfd) ||
    starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) ||
    starts(0x1f, 0x8b) ||
    (n >= 262 && head.toString('latin1', 257, 262) === 'ustar')
  );
}

export interface UnpackedBundle {
  root: string;
  manifest: BundleManifest;
  kernel: string;
  vmlinux: string;
  config: string;
  release: string;
  modulesDir?: string;
  selftestsDir?: string;
  bpfDir?: string;
  /** Pass as --source to decode: holds scripts/decode_stacktrace.sh. */
  decodeRoot: string;
  /** false when an earlier run had unpacked this same bundle. */
  unpacked: boolean;
}

const touch = (p: string) => {
  const now = new Date();
  utimesSync(p, now, now);
};

/** Unpacked bundles unused for this long are removed (the cache dir travels in CI caches). */
export const BUNDLE_KEEP_MS = 2 * 24 * 3600 * 1000;

function pruneBundles(dir: string, now = Date.now()): void {
  if (!existsSync(dir)) return;
  for (const d of readdirSync(dir)) {
    const stamp = join(dir, d, '.complete');
    const used = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
    // A dir without a stamp may be another run's unpacking in progress: only when old.
    const age = now - (used || statSync(join(dir, d)).mtimeMs);
    if (age > BUNDLE_KEEP_MS) rmSync(join(dir, d), { recursive: true, force: true });
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', fail)
      .on('end', () => done(h.digest('hex')));
  });
}

function inside(root: string, rel: string, what: string, bundle: string): string {
  if (isAbsolute(rel) || normalize(rel).split('/').includes('..'))
    throw new UsageError(`--kernel ${bundle}: manifest ${what} '${rel}' leaves the bundle`);
  return join(root, rel);
}

function locate(root: string, bundle: string): Omit<UnpackedBundle, 'unpacked'> {
  const mf = join(root, MANIFEST);
  if (!existsSync(mf))
    throw new UsageError(`--kernel ${bundle}: no ${MANIFEST} inside (not a kernel-ci bundle)`);
  const m = JSON.parse(readFileSync(mf, 'utf8')) as BundleManifest;
  if (m.schema !== BUNDLE_SCHEMA)
    throw new UsageError(
      `--kernel ${bundle}: bundle schema '${m.schema}', expected ${BUNDLE_SCHEMA}`,
    );
  const f = m.files;
  const at = (rel: string, what: string) => {
    const p = inside(root, rel, what, bundle);
    if (!existsSync(p)) throw new UsageError(`--kernel ${bundle}: the bundle has no ${rel}`);
    return p;
  };
  return {
    root,
    manifest: m,
    kernel: at(f.kernel, 'kernel'),
    vmlinux: at(f.vmlinux, 'vmlinux'),
    config: at(f.config, 'config'),
    release: m.release,
    ...(f.modules ? { modulesDir: at(f.modules, 'modules') } : {}),
    ...(f.selftests ? { selftestsDir: at(f.selftests, 'selftests') } : {}),
    ...(f.bpf ? { bpfDir: at(f.bpf, 'bpf') } : {}),
    decodeRoot: at(f.decodeRoot, 'decodeRoot'),
  };
}

/**
 * Unpacks into CACHE/bundles/<content hash>, once: the same bundle (a shard
 * job's second run, or a re-run) starts at once. Modes come from the tar
 * (-p), never from the bundle file's own mode, which the artifact dropped.
 */
export async function unpackKernelBundle(
  bundle: string,
  cacheRoot = kernelCacheRoot(),
): Promise<UnpackedBundle> {
  try {
    if (!statSync(bundle).isFile()) throw new UsageError(`--kernel ${bundle}: not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--kernel ${bundle}: no such file`);
  }
  const hash = (await sha256File(bundle)).slice(0, 16);
  const root = join(cacheRoot, 'bundles', hash);
  if (existsSync(join(root, '.complete'))) {
    touch(join(root, '.complete'));
    return { ...locate(root, bundle), unpacked: false };
  }
  pruneBundles(dirname(root));
  mkdirSync(dirname(root), { recursive: true });
  // Unpacked beside the final dir and renamed: a run killed mid-way never
  // leaves a half bundle that looks complete.
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    await exec('tar', ['-x', '-p', '--no-same-owner', '-f', resolve(bundle), '-C', tmp], {
      maxBuffer: 16 << 20,
    });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const msg = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    const hint = /zstd/.test(msg) ? ' (install zstd)' : '';
    throw new UsageError(`--kernel ${bundle}: cannot unpack${hint}: ${msg.split('\n')[0]}`);
  }
  locate(tmp, bundle);
  mkdirSync(join(tmp, '.complete'));
  try {
    renameSync(tmp, root);
  } catch (err) {
    // Another run unpacked the same bundle meanwhile: use that one, never
    // replace a dir a running VM may be reading.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(root, '.complete'))) throw err;
    return { ...locate(root, bundle), unpacked: false };
  }
  return { ...locate(root, bundle), unpacked: true };
}

/**
 * A bundle stands for --modules, --vmlinux/--source (decoding) and, when no
 * test was asked for, --kselftest with its selftests: filled only where the
 * user left them unset. A --kselftest that is no dir here but is one in the
 * bundle's selftests (`--kselftest net/mptcp`) means that one.
 */
/** The run options a bundle can fill in (the rest of `kernel-ci run`'s options are not its business). */
export interface BundleFillable {
  vmlinux?: string;
  source?: string;
  kselftest: string[];
  command: readonly string[];
  'kunit-module': readonly string[];
  plan?: string;
  packetdrill?: string;
  kunit: boolean;
  bpf: readonly string[];
  'bpf-dir'?: string;
}

export function bundleFlagDefaults(flags: BundleFillable, b: UnpackedBundle): void {
  if (flags.vmlinux === undefined && flags.source === undefined) {
    flags.vmlinux = b.vmlinux;
    flags.source = b.decodeRoot;
  }
  const selftests = b.selftestsDir;
  if (selftests && flags.kselftest.length > 0)
    flags.kselftest = flags.kselftest.map((d) =>
      !existsSync(d) && !isAbsolute(d) && existsSync(join(selftests, d)) ? join(selftests, d) : d,
    );
  if (b.bpfDir && flags['bpf-dir'] === undefined) flags['bpf-dir'] = b.bpfDir;
  const asked = [flags.kselftest, flags.command, flags['kunit-module'], flags.bpf].some(
    (l) => l.length > 0,
  );
  if (!asked && !flags.plan && !flags.packetdrill && !flags.kunit && selftests)
    flags.kselftest = [selftests];
}
