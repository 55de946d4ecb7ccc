// What test_progs' build asks of the machine, against the real 6.12 tree
// (Debian's linux-source-6.12) and this machine's tools: the clang the tree
// wants, what is missing said at once with its packages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { debianSource } from '../../../src/system/debian-source.js';
import {
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
