// What test_progs' build asks of the machine, against the real 6.12 tree
// (Debian's linux-source-6.12) and this machine's tools: the clang the tree
// wants, what is missing said at once with its packages.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debianSource } from '../../../src/system/debian-source.js';
import { openLog } from '../../../src/system/kbuild/make.js';
import {
  buildBpfSelftests,
  checkBpfToolchain,
  findClangs,
  llvmLinkMissing,
  paholeVersion,
  readBtfSection,
  wantedClangMajor,
} from '../../../src/system/kbuild/bpf-selftests.js';

let source: string;
beforeAll(async () => {
  source = (await debianSource('6.12')).dir;
}, 900_000);

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('the clang the tree asks for', () => {
  it('is the newest __clang_major__ >= N its BPF programs test', () => {
    expect(wantedClangMajor(['#if __clang_major__ >= 15', 'x __clang_major__>=18 y'])).toBe(18);
    expect(wantedClangMajor(['#elif __clang_major__ == 18'])).toBe(0);
  });

  it('reads pahole versions', () => {
    expect(paholeVersion('v1.24')).toBe(124);
    expect(paholeVersion('v1.16\n')).toBe(116);
    expect(paholeVersion('garbage')).toBeUndefined();
  });
});

describe('checkBpfToolchain on linux 6.12', () => {
  it('without clang on PATH names clang 18 and the packages to install', () => {
    // make, python3, pahole and rsync, but no clang.
    const bin = mkdtempSync(join(tmpdir(), 'kci-bpf-path-'));
    try {
      for (const t of ['make', 'python3', 'pahole', 'rsync', 'sh'])
        symlinkSync(`/usr/bin/${t}`, join(bin, t));
      process.env.PATH = bin;
      expect(() => checkBpfToolchain(source)).toThrow(
        /^BPF selftests: missing clang >= 18 \(the tree's BPF programs test __clang_major__ >= 18; none on PATH\); install them with: apt-get install clang-19 llvm-19 lld-19$/,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('names every older clang it found', () => {
    const bin = mkdtempSync(join(tmpdir(), 'kci-bpf-path-'));
    try {
      // A clang 14 as Debian 12's default: a script answering --version like it.
      const fake = join(bin, 'clang');
      writeFileSync(
        fake,
        '#!/bin/sh\necho "Debian clang version 14.0.6"\necho "Target: x86_64-pc-linux-gnu"\n',
        { mode: 0o755 },
      );
      for (const t of ['python3', 'pahole', 'rsync', 'sh'])
        symlinkSync(`/usr/bin/${t}`, join(bin, t));
      process.env.PATH = bin;
      expect(findClangs().map((c) => [c.command, c.major])).toEqual([['clang', 14]]);
      expect(() => checkBpfToolchain(source)).toThrow(/found clang 14\)/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it.skipIf(!findClangs().some((c) => c.major >= 18))(
    "with this machine's clang, points the selftests' make at that LLVM",
    () => {
      const tc = checkBpfToolchain(source);
      expect(tc.clang.major).toBeGreaterThanOrEqual(18);
      const s = tc.clang.suffix;
      expect(tc.makeVars).toEqual([
        `CLANG=clang${s}`,
        `LLC=llc${s}`,
        `LLVM_STRIP=llvm-strip${s}`,
        `LLVM_OBJCOPY=llvm-objcopy${s}`,
        `LLVM_CONFIG=llvm-config${s}`,
      ]);
      expect(paholeVersion(tc.pahole)).toBeGreaterThanOrEqual(116);
    },
  );

  it.skipIf(!findClangs().some((c) => c.major >= 18))(
    "names the libraries this machine's LLVM would link test_progs with that are not there",
    () => {
      const s = findClangs()[0]!.suffix;
      const libs = mkdtempSync(join(tmpdir(), 'kci-bpf-libs-'));
      try {
        // On Debian 12, llvm-19-dev's `llvm-config --system-libs` is -lz -lzstd -lxml2 and libz3.so.
        const none = llvmLinkMissing(s, [libs]).map(([, pkg]) => pkg);
        expect(none).toContain('libzstd-dev');
        expect(none).toContain('zlib1g-dev');
        for (const n of ['libzstd.so', 'libz.so', 'libxml2.so']) writeFileSync(join(libs, n), '');
        expect(llvmLinkMissing(s, [libs])).toEqual([]);
      } finally {
        rmSync(libs, { recursive: true, force: true });
      }
    },
  );

  it('refuses a tree without BPF selftests', () => {
    expect(() => checkBpfToolchain('/nonexistent')).toThrow(
      /BPF selftests: \/nonexistent has no tools\/testing\/selftests\/bpf\/Makefile/,
    );
  });
});

describe('readBtfSection', () => {
  it('finds no BTF in an ELF without it', () => {
    expect(readBtfSection('/bin/true')).toBeUndefined();
  });

  it.skipIf(!findClangs().some((c) => c.major >= 18))(
    'reads the .BTF section of an object clang wrote with -g',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kci-btf-'));
      try {
        writeFileSync(
          join(dir, 'p.c'),
          'struct kci { int a; long b; };\nint f(struct kci *k) { return k->a; }\n',
        );
        execFileSync(
          findClangs()[0]!.command,
          ['-g', '-O2', '--target=bpf', '-c', 'p.c', '-o', 'p.o'],
          {
            cwd: dir,
          },
        );
        const btf = readBtfSection(join(dir, 'p.o'))!;
        // struct btf_header: magic 0xeB9F (little endian), version 1.
        expect(btf.readUInt16LE(0)).toBe(0xeb9f);
        expect(btf[2]).toBe(1);
        expect(btf.includes(Buffer.from('kci\0'))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('buildBpfSelftests: a warm run does not rebuild', () => {
  const clang = findClangs().find((c) => c.major >= 18);
  it.skipIf(!clang)(
    'make once; the same key skips make, a changed source or BTF rebuilds, the cache restores',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'kci-bpf-build-'));
      try {
        // A tree whose selftests Makefile only counts its calls and writes OUTPUT/test_progs.
        const source = join(root, 'linux');
        const sel = join(source, 'tools/testing/selftests/bpf');
        mkdirSync(join(sel, 'progs'), { recursive: true });
        writeFileSync(
          join(sel, 'Makefile'),
          [
            '.PHONY: called',
            'called:',
            '\techo run >> $(OUTPUT)/../make-calls',
            '$(OUTPUT)/test_progs: called',
            // As the real Makefile does: its test list generated into the source tree.
            '\tmkdir -p prog_tests && ls progs > prog_tests/tests.h',
            '\tprintf "#!/bin/sh\\n" > $@',
            '',
          ].join('\n'),
        );
        writeFileSync(join(sel, 'DENYLIST'), 'varlen\n');
        writeFileSync(join(sel, 'progs/p.c'), 'int x;\n');
        // The kernel's vmlinux: any ELF with a .BTF section (clang writes one with -g).
        const obj = join(root, 'out/obj');
        mkdirSync(obj, { recursive: true });
        const btfOf = (code: string) => {
          writeFileSync(join(root, 'k.c'), code);
          execFileSync(
            clang!.command,
            ['-g', '--target=bpf', '-c', 'k.c', '-o', join(obj, 'vmlinux')],
            {
              cwd: root,
            },
          );
        };
        btfOf('struct task { int pid; };\nint f(struct task *t) { return t->pid; }\n');
        const dir = join(root, 'out/bpf');
        const calls = () =>
          existsSync(join(root, 'out/make-calls'))
            ? readFileSync(join(root, 'out/make-calls'), 'utf8').split('\n').filter(Boolean).length
            : 0;
        const cache = new Map<string, string>();
        const log = openLog(join(root, 'build.log'));
        const build = () =>
          buildBpfSelftests({
            source,
            objDir: obj,
            dir,
            jobs: 1,
            log,
            toolchain: {
              clang: clang!,
              pahole: 'v1.24',
              makeVars: [`CLANG=${clang!.command}`],
            },
            restoreCache: async (paths, key) => {
              const saved = cache.get(key);
              if (!saved) return undefined;
              cpSync(saved, paths[0]!, { recursive: true });
              return key;
            },
            saveCache: async (paths, key) => {
              const to = join(root, 'cache', key);
              cpSync(paths[0]!, to, { recursive: true });
              cache.set(key, to);
            },
          });

        const first = await build();
        expect([first.reused, first.failed, calls()]).toEqual([undefined, undefined, 1]);
        expect(readFileSync(join(dir, 'DENYLIST'), 'utf8')).toBe('varlen\n');
        const warm = await build();
        expect([warm.reused, warm.key, calls()]).toEqual(['stamp', first.key, 1]);
        // A selftest source changed: rebuilt.
        writeFileSync(join(sel, 'progs/p.c'), 'int x, y;\n');
        const changed = await build();
        expect([changed.reused, calls()]).toEqual([undefined, 2]);
        expect(changed.key).not.toBe(first.key);
        // Another kernel (its BTF differs): rebuilt.
        btfOf('struct task { int pid; long flags; };\nint f(struct task *t) { return t->pid; }\n');
        const kernel = await build();
        expect([kernel.reused, calls()]).toEqual([undefined, 3]);
        // A fresh runner: OUT/bpf gone, the Actions cache has it under the same key.
        rmSync(dir, { recursive: true });
        const restored = await build();
        expect([restored.reused, restored.key, calls()]).toEqual(['cache', kernel.key, 3]);
        await new Promise<void>((r) => log.end(r));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});
