// The presets against a real tree (Debian's linux-source-6.12): every option
// they ask for must exist in its Kconfig, or the preset silently asks for
// nothing (the build would report it, but only after minutes).
import { beforeAll, describe, expect, it } from 'vitest';
import type { KconfigTree } from '../../../src/core/kbuild/kconfig-tree.js';
import { kconfigTree612 } from '../../helpers/kconfig.js';
import { presetRequests } from '../../../src/system/kbuild/presets.js';

let source: string;
let tree: KconfigTree;
beforeAll(async () => {
  ({ source, tree } = await kconfigTree612());
}, 900_000);

describe('presets on linux 6.12', () => {
  it('reads the whole Kconfig tree', () => {
    expect(tree.files).toBeGreaterThan(1000);
    expect(tree.defs.has('MPTCP')).toBe(true);
    expect(tree.defs.has('X86_64')).toBe(true);
  });

  it("debug is the tree's own debug.config, stale entries included (the build reports them)", () => {
    const p = presetRequests(source, 'debug');
    expect(p.requests[0]?.origin).toBe('kernel/configs/debug.config');
    const stale = p.requests.map((r) => r.name).filter((n) => !tree.defs.has(n));
    expect(stale).toContain('DEBUG_VM_VMACACHE'); // removed from Kconfig in 6.1, still listed
    expect(stale.length).toBeLessThan(5);
    // On tinyconfig SLUB_TINY would keep KASAN off ("depends on !SLUB_TINY"): the preset turns it off.
    expect(p.requests.filter((r) => r.origin.startsWith('preset debug'))).toEqual([
      {
        name: 'SLUB_TINY',
        value: 'n',
        origin: 'preset debug (KASAN and SLUB_DEBUG_ON need the full SLUB)',
      },
      {
        name: 'SLUB_DEBUG',
        value: 'y',
        origin: 'preset debug (KASAN and SLUB_DEBUG_ON need the full SLUB)',
      },
    ]);
  });

  it.each(['vm', 'kunit', 'lkdtm', 'packetdrill', 'kselftest:net/mptcp'])(
    '%s asks only for options that exist',
    (name) => {
      const p = presetRequests(source, name, () => true);
      expect(p.requests.length).toBeGreaterThan(1);
      expect(p.requests.map((r) => r.name).filter((n) => !tree.defs.has(n))).toEqual([]);
    },
  );

  it("bpf is the BPF CI's config and config.x86_64, one DWARF pick, and the parents tinyconfig lacks", () => {
    const p = presetRequests(source, 'bpf');
    const names = p.requests.map((r) => r.name);
    expect(names.filter((n) => !tree.defs.has(n))).toEqual([]);
    expect(p.requests.find((r) => r.name === 'DEBUG_INFO_BTF')?.value).toBe('y');
    expect(p.requests.find((r) => r.name === 'MPTCP')?.origin).toBe(
      'tools/testing/selftests/bpf/config',
    );
    expect(p.requests.find((r) => r.name === 'VETH')?.origin).toBe(
      'tools/testing/selftests/bpf/config.x86_64',
    );
    // config says DWARF4, config.x86_64 the toolchain default: one choice, the last file wins.
    expect(names.filter((n) => n.startsWith('DEBUG_INFO_DWARF'))).toEqual([
      'DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT',
    ]);
    // Without these, 37 of its options did not stick on tinyconfig (a real build said so).
    expect(p.requests.filter((r) => r.origin.startsWith('preset bpf')).map((r) => r.name)).toEqual([
      'DEBUG_KERNEL',
      'FTRACE',
      'KPROBE_EVENTS',
      'DEBUG_FS',
      'RUNTIME_TESTING_MENU',
      'BLOCK',
      'BLK_DEV',
      'MSDOS_PARTITION',
      'FW_LOADER',
      'X86_MCE',
    ]);
    expect(() => presetRequests('/nonexistent', 'bpf')).toThrow(
      /preset bpf: this tree has no tools\/testing\/selftests\/bpf\/config/,
    );
  });

  it('kunit adds the MPTCP KUnit tests only when MPTCP is on', () => {
    const on = presetRequests(source, 'kunit', (o) => o === 'MPTCP').requests;
    const off = presetRequests(source, 'kunit', () => false).requests;
    expect(on.find((r) => r.name === 'MPTCP_KUNIT_TEST')?.value).toBe('y');
    expect(off.find((r) => r.name === 'MPTCP_KUNIT_TEST')).toBeUndefined();
  });

  it('kselftest:TARGET reads the target config and names the target to install', () => {
    const p = presetRequests(source, 'kselftest:net/mptcp/');
    expect(p.kselftest).toBe('net/mptcp');
    expect(p.requests[0]).toMatchObject({
      name: 'KALLSYMS',
      origin: 'tools/testing/selftests/net/mptcp/config',
      line: 1,
    });
    expect(() => presetRequests(source, 'kselftest:../../etc')).toThrow(/bad kselftest target/);
    expect(() => presetRequests(source, 'kasan')).toThrow(/unknown preset 'kasan'/);
  });
});
