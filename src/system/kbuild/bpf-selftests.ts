// The BPF selftests' runner, test_progs, built against the kernel just built
// (its BTF becomes vmlinux.h, bpf_testmod.ko is built against its tree) with
// the clang the tree asks for. The build dir is kept in OUT/bpf and run from
// there (test_progs opens its *.bpf.o, modules and helpers from its cwd); a
// key over what it was built from (the kernel's BTF, the selftests' sources,
// the clang and pahole versions) makes a warm run skip make entirely, and
// carries it through the Actions cache.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import type { UnbuildableTest } from '../../core/bpf-skeletons.js';
import { absoluteDeps } from '../../core/kbuild/make-deps.js';
import { UsageError } from '../../core/errors.js';
import { treeViewWithout, unbuildableProgTests } from './bpf-tree-view.js';
import { runLogged } from './make.js';

export const BPF_SELFTESTS = 'tools/testing/selftests/bpf';
/** The tree's deny lists test_progs honours on x86_64 (README.rst: "Denylisting Tests"). */
export const DENYLISTS = ['DENYLIST', 'DENYLIST.x86_64'];
/** pahole that can write BTF at all (lib/Kconfig.debug: DEBUG_INFO_BTF needs PAHOLE_VERSION >= 116). */
const PAHOLE_MIN = 116;
// Debian 12's newest LLVM is 19: name that one when the tree wants less.
const CLANG_PACKAGES = (want: number) => {
  const v = Math.max(want, 19);
  return `clang-${v} llvm-${v} lld-${v}`;
};

export interface Clang {
  /** The command: clang or clang-N. */
  command: string;
  major: number;
  /** "-19" for clang-19, "" for clang: what the LLVM tools' names end with. */
  suffix: string;
  version: string;
}

export interface BpfToolchain {
  clang: Clang;
  pahole: string;
  /** make variables that point the selftests' Makefile at that LLVM. */
  makeVars: string[];
}

const run = (cmd: string, args: string[]): string | undefined => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
};

function pathDirs(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean);
}

function onPath(name: string): boolean {
  return pathDirs().some((d) => existsSync(join(d, name)));
}

/** Every clang / clang-N on PATH with its major version, newest first. */
export function findClangs(): Clang[] {
  const names = new Set<string>();
  for (const d of pathDirs()) {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      continue;
    }
    for (const e of entries) if (/^clang(-\d+)?$/.test(e)) names.add(e);
  }
  const out: Clang[] = [];
  for (const command of names) {
    const text = run(command, ['--version']);
    const m = text && /clang version (\d+)\.[\d.]+/.exec(text);
    if (!m) continue;
    out.push({
      command,
      major: Number(m[1]),
      suffix: command.slice('clang'.length),
      version: text.split('\n')[0]!.trim(),
    });
  }
  return out.sort((a, b) => b.major - a.major || a.command.length - b.command.length);
}

/**
 * The clang major the tree's BPF programs are written for: the newest one
 * they test `__clang_major__ >= N` against (6.12: 18; older compilers build
 * them but turn those programs into skips).
 */
export function wantedClangMajor(progTexts: Iterable<string>): number {
  let want = 0;
  for (const text of progTexts)
    for (const m of text.matchAll(/__clang_major__\s*>=\s*(\d+)/g))
      want = Math.max(want, Number(m[1]));
  return want;
}

function progTexts(source: string): string[] {
  const dir = join(source, BPF_SELFTESTS, 'progs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** "v1.24" → 124. */
export function paholeVersion(text: string): number | undefined {
  const m = /v?(\d+)\.(\d+)/.exec(text);
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

/** pahole for the kernel's BTF: checked before the kernel build, not after it. */
export function checkPahole(): string {
  const v = run('pahole', ['--version'])?.trim();
  const n = v === undefined ? undefined : paholeVersion(v);
  if (n === undefined || n < PAHOLE_MIN)
    throw new UsageError(
      `preset bpf: the kernel's BTF (CONFIG_DEBUG_INFO_BTF) needs pahole >= 1.${PAHOLE_MIN % 100}, ${v ? `found ${v}` : 'none on PATH'}; install it with: apt-get install dwarves`,
    );
  return v!;
}

const header = (h: string) =>
  ['/usr/include', '/usr/local/include', '/usr/include/x86_64-linux-gnu'].some((d) =>
    existsSync(join(d, h)),
  );

const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib',
  '/usr/local/lib',
  '/lib/x86_64-linux-gnu',
];
const DEV_PACKAGE: Record<string, string> = {
  zstd: 'libzstd-dev',
  xml2: 'libxml2-dev',
  z: 'zlib1g-dev',
  tinfo: 'libtinfo-dev',
  edit: 'libedit-dev',
  ffi: 'libffi-dev',
};

/**
 * With LLVM's development files there, the selftests' feature check turns
 * LLVM on and test_progs links it statically (its JIT disassembler), with
 * the libraries llvm-config names: each must be there to link against (on
 * Debian 12, llvm-19-dev's -lzstd without libzstd-dev failed the build).
 */
export function llvmLinkMissing(
  suffix: string,
  libDirs: readonly string[] = LIB_DIRS,
): [what: string, pkg: string][] {
  const cfg = `llvm-config${suffix}`;
  const inc = run(cfg, ['--includedir'])?.trim();
  if (!inc || !existsSync(join(inc, 'llvm'))) return [];
  const libs = run(cfg, ['--link-static', '--system-libs', 'mcdisassembler', 'all-targets']) ?? '';
  const out: [string, string][] = [];
  for (const w of libs.split(/\s+/).filter(Boolean)) {
    if (w.startsWith('/')) {
      if (!existsSync(w)) out.push([w, 'the package holding it']);
      continue;
    }
    const name = /^-l(.+)$/.exec(w)?.[1];
    if (!name || ['rt', 'dl', 'm', 'pthread', 'c'].includes(name)) continue;
    const there = libDirs.some(
      (d) => existsSync(join(d, `lib${name}.so`)) || existsSync(join(d, `lib${name}.a`)),
    );
    if (!there) out.push([`lib${name} (${cfg} links it)`, DEV_PACKAGE[name] ?? `lib${name}-dev`]);
  }
  return out;
}

/**
 * Everything test_progs' build needs, checked at once: one UsageError
 * naming what is missing and the packages to install.
 */
export function checkBpfToolchain(source: string): BpfToolchain {
  if (!existsSync(join(source, BPF_SELFTESTS, 'Makefile')))
    throw new UsageError(`BPF selftests: ${source} has no ${BPF_SELFTESTS}/Makefile`);
  const want = wantedClangMajor(progTexts(source));
  const clangs = findClangs();
  const clang = clangs[0];
  const missing: [what: string, pkgs: string][] = [];
  if (!clang || clang.major < want)
    missing.push([
      `clang >= ${want} (the tree's BPF programs test __clang_major__ >= ${want}; ${clangs.length ? `found ${clangs.map((c) => `${c.command} ${c.major}`).join(', ')}` : 'none on PATH'})`,
      CLANG_PACKAGES(want),
    ]);
  else {
    for (const tool of ['llvm-strip', 'llvm-objcopy'])
      if (!onPath(`${tool}${clang.suffix}`))
        missing.push([`${tool}${clang.suffix}`, `llvm-${clang.major}`]);
    // urandom_read links with -fuse-ld=lld: clang finds ld.lld in its own dir or on PATH.
    const ownLld = existsSync(`/usr/lib/llvm-${clang.major}/bin/ld.lld`);
    if (!ownLld && !onPath(`ld.lld${clang.suffix}`) && !onPath('ld.lld'))
      missing.push(['ld.lld', `lld-${clang.major}`]);
  }
  if (clang && clang.major >= want) missing.push(...llvmLinkMissing(clang.suffix));
  let pahole = '';
  try {
    pahole = checkPahole();
  } catch {
    missing.push(['pahole >= 1.16', 'dwarves']);
  }
  if (!onPath('python3')) missing.push(['python3 (bpf_doc.py)', 'python3']);
  if (!header('libelf.h') && !header('gelf.h')) missing.push(['libelf headers', 'libelf-dev']);
  if (!header('zlib.h')) missing.push(['zlib headers', 'zlib1g-dev']);
  if (!onPath('rsync')) missing.push(['rsync', 'rsync']);
  if (missing.length)
    throw new UsageError(
      `BPF selftests: missing ${missing.map(([w]) => w).join(', ')}; install them with: apt-get install ${[...new Set(missing.flatMap(([, p]) => p.split(' ')))].join(' ')}`,
    );
  const s = clang!.suffix;
  const makeVars = [
    `CLANG=${clang!.command}`,
    `LLC=llc${s}`,
    `LLVM_STRIP=llvm-strip${s}`,
    `LLVM_OBJCOPY=llvm-objcopy${s}`,
    `LLVM_CONFIG=llvm-config${s}`,
  ];
  return { clang: clang!, pahole, makeVars };
}

/**
 * The raw .BTF section of an ELF64 vmlinux: what vmlinux.h and the skeletons
 * are generated from. Equal bytes, equal test_progs (the same source and
 * config give the same BTF, unlike vmlinux's own bytes).
 */
export function readBtfSection(vmlinux: string): Buffer | undefined {
  const fd = openSync(vmlinux, 'r');
  try {
    const eh = Buffer.alloc(64);
    readSync(fd, eh, 0, 64, 0);
    if (eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) return undefined;
    const shoff = Number(eh.readBigUInt64LE(0x28));
    const shentsize = eh.readUInt16LE(0x3a);
    const shnum = eh.readUInt16LE(0x3c);
    const shstrndx = eh.readUInt16LE(0x3e);
    const table = Buffer.alloc(shentsize * shnum);
    readSync(fd, table, 0, table.length, shoff);
    const sect = (i: number) => ({
      name: table.readUInt32LE(i * shentsize),
      offset: Number(table.readBigUInt64LE(i * shentsize + 0x18)),
      size: Number(table.readBigUInt64LE(i * shentsize + 0x20)),
    });
    const strs = sect(shstrndx);
    const names = Buffer.alloc(strs.size);
    readSync(fd, names, 0, strs.size, strs.offset);
    for (let i = 0; i < shnum; i++) {
      const s = sect(i);
      const end = names.indexOf(0, s.name);
      if (names.toString('latin1', s.name, end) !== '.BTF') continue;
      const btf = Buffer.alloc(s.size);
      readSync(fd, btf, 0, s.size, s.offset);
      return btf;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const GENERATED = /\.mod\.c$|\/(prog_tests|map_tests|verifier)\/tests\.h$/;
const SOURCE_FILE = /\.(c|h|S|map|sh|py|rst)$|^(Makefile.*|DENYLIST.*|config.*|settings)$/;

/** The sources test_progs is made of: the selftests, libbpf, bpftool, resolve_btfids. */
function hashSources(h: ReturnType<typeof createHash>, source: string): void {
  const roots = [BPF_SELFTESTS, 'tools/lib/bpf', 'tools/bpf/bpftool', 'tools/bpf/resolve_btfids'];
  const stack = roots.filter((r) => existsSync(join(source, r)));
  while (stack.length) {
    const rel = stack.pop()!;
    for (const e of readdirSync(join(source, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) stack.push(p);
      // What the build itself writes into the source tree would change the
      // key after the first build: the test modules' *.mod.c (kbuild's M=)
      // and the runners' generated prog_tests/, map_tests/, verifier/tests.h.
      else if (e.isFile() && SOURCE_FILE.test(e.name) && !GENERATED.test(p))
        h.update(`${p}\0`)
          .update(readFileSync(join(source, p)))
          .update('\0');
    }
  }
}

/** What a built test_progs depends on, as a short hash. */
export function bpfSelftestsKey(source: string, vmlinux: string, tc: BpfToolchain): string {
  const h = createHash('sha256');
  const btf = readBtfSection(vmlinux);
  if (!btf)
    throw new UsageError(
      `BPF selftests: ${vmlinux} has no .BTF section: build the kernel with --preset bpf (CONFIG_DEBUG_INFO_BTF)`,
    );
  h.update(btf).update(tc.clang.version).update(tc.pahole).update(tc.makeVars.join(' '));
  hashSources(h, source);
  return h.digest('hex').slice(0, 16);
}

export interface BpfSelftestsOptions {
  source: string;
  /** The kernel's O= dir (vmlinux, .config, the module build). */
  objDir: string;
  /** Where test_progs is built and kept: OUT/bpf. */
  dir: string;
  jobs: number;
  log: WriteStream;
  toolchain: BpfToolchain;
  /** Actions cache (or none on a terminal): restore by key before make, save after. */
  restoreCache?: (paths: string[], key: string) => Promise<string | undefined>;
  saveCache?: (paths: string[], key: string) => Promise<void>;
  onLine?: (line: string) => void;
}

export interface BpfSelftestsResult {
  dir: string;
  testProgs: string;
  key: string;
  /** How a warm run got it without make: the stamp in dir, or the cache. */
  reused?: 'stamp' | 'cache';
  /** make's exit and its last lines, when make ran and failed. */
  failed?: { code: number; tail: string[] };
  /** Tests of the tree that cannot build (a skeleton without its BPF program), left out of test_progs. */
  leftOut: UnbuildableTest[];
}

const STAMP = '.kernel-ci-key';

export async function buildBpfSelftests(o: BpfSelftestsOptions): Promise<BpfSelftestsResult> {
  const key = bpfSelftestsKey(o.source, join(o.objDir, 'vmlinux'), o.toolchain);
  const testProgs = join(o.dir, 'test_progs');
  const src = join(o.source, BPF_SELFTESTS);
  const leftOut = unbuildableProgTests(src);
  const result: BpfSelftestsResult = { dir: o.dir, testProgs, key, leftOut };
  const stamped = () =>
    existsSync(testProgs) &&
    existsSync(join(o.dir, STAMP)) &&
    readFileSync(join(o.dir, STAMP), 'utf8').trim() === key;
  const cacheKey = `kernel-ci-bpf-selftests-v1-x86_64-${key}`;
  if (stamped()) return { ...result, reused: 'stamp' };
  if (o.restoreCache && (await o.restoreCache([o.dir], cacheKey)) && stamped())
    return { ...result, reused: 'cache' };

  mkdirSync(o.dir, { recursive: true });
  // The BPF programs read uapi headers from OUTPUT/../usr/include (where
  // the kselftest layout has them): there, the kernel's headers_install.
  const usr = join(o.dir, '..', 'usr');
  if (!existsSync(usr) && existsSync(join(o.objDir, 'usr/include')))
    symlinkSync(join(o.objDir, 'usr'), usr);
  absoluteTestDeps(o.dir);
  const makeDir = leftOut.length
    ? treeViewWithout(
        o.source,
        `${o.dir}-tree`,
        leftOut.map((t) => basename(t.file)),
      )
    : src;
  const r = await runLogged('make', {
    args: [
      '-C',
      makeDir,
      `O=${o.objDir}`,
      `OUTPUT=${o.dir}`,
      `-j${o.jobs}`,
      ...o.toolchain.makeVars,
      // lib.mk names its targets by path: a bare 'test_progs' would be
      // make's implicit rule compiling test_progs.c alone in the source dir.
      testProgs,
    ],
    env: process.env,
    log: o.log,
    onLine: o.onLine,
  });
  if (r.code !== 0) return { ...result, failed: { code: r.code, tail: r.tail } };
  // Beside test_progs, so a run finds the lists without the source tree.
  for (const f of DENYLISTS)
    if (existsSync(join(src, f))) copyFileSync(join(src, f), join(o.dir, f));
  writeFileSync(join(o.dir, STAMP), `${key}\n`);
  if (o.saveCache) await o.saveCache([o.dir], cacheKey);
  return result;
}

/** An interrupted or failed make left .d files a second make cannot read (core/kbuild/make-deps.ts). */
function absoluteTestDeps(dir: string): void {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.test.d')) continue;
    const p = join(dir, f);
    const text = readFileSync(p, 'utf8');
    const fixed = absoluteDeps(text, dir);
    if (fixed !== text) writeFileSync(p, fixed);
  }
}

/** Bytes under dir, for the build summary (the build dir is hundreds of MB). */
export function dirBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += statSync(p).size;
    }
  }
  return total;
}
