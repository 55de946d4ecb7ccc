// Which BPF selftests cannot build, on 6.12.117's real files
// (fixtures/bpf/tree-6.12: its Makefile, prog_tests heads, progs/ names).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unbuildableTests } from '../../src/core/bpf-skeletons.js';

const dir = join(import.meta.dirname, '../fixtures/bpf/tree-6.12');
const tests = readdirSync(join(dir, 'prog_tests'))
  .sort()
  .map((f) => ({
    file: `prog_tests/${f}`,
    text: readFileSync(join(dir, 'prog_tests', f), 'utf8'),
  }));
const progs = new Set(readFileSync(join(dir, 'progs.txt'), 'utf8').split('\n').filter(Boolean));
const makefile = readFileSync(join(dir, 'Makefile'), 'utf8');

describe('BPF selftests without their BPF program', () => {
  it("6.12.117's bpf_attr_size.c: its skeleton's program is not in progs/", () => {
    expect(unbuildableTests(tests, progs, makefile)).toEqual([
      {
        file: 'prog_tests/bpf_attr_size.c',
        skeleton: 'cgroup_skb_direct_packet_access.skel.h',
        missing: 'progs/cgroup_skb_direct_packet_access.c',
      },
    ]);
  });

  it('linked skeletons and subskeletons, made from programs the Makefile lists, are buildable', () => {
    const linked = tests.filter((t) => /static_linked|subskeleton/.test(t.file));
    expect(linked).toHaveLength(2);
    expect(unbuildableTests(linked, progs, makefile)).toEqual([]);
    // Without the Makefile's word for it, test_static_linked.skel.h has no program of that name.
    expect(unbuildableTests(linked, progs, '').map((t) => t.skeleton)).toContain(
      'test_static_linked.skel.h',
    );
  });

  it('a light skeleton (.lskel.h) is found by its program name', () => {
    const atomics = tests.filter((t) => t.file.endsWith('atomics.c'));
    expect(unbuildableTests(atomics, progs, '')).toEqual([]);
    const without = new Set([...progs].filter((p) => p !== 'atomics.c'));
    expect(unbuildableTests(atomics, without, '')).toEqual([
      { file: 'prog_tests/atomics.c', skeleton: 'atomics.lskel.h', missing: 'progs/atomics.c' },
    ]);
  });
});
