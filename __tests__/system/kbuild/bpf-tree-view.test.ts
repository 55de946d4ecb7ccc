// The view of a kernel tree that leaves BPF selftests out, checked with
// real make: the selftests' Makefile sees the view (abspath, wildcard), not
// the tree, and the tree is not written.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeViewWithout } from '../../../src/system/kbuild/bpf-tree-view.js';

function fakeTree(): string {
  const src = mkdtempSync(join(tmpdir(), 'kci-view-src-'));
  const bpf = join(src, 'tools/testing/selftests/bpf');
  for (const d of [
    'include/uapi',
    'tools/lib/bpf',
    'tools/testing/selftests/net',
    `${bpf}/prog_tests`,
    `${bpf}/progs`,
  ])
    mkdirSync(d.startsWith('/') ? d : join(src, d), { recursive: true });
  writeFileSync(join(src, 'Makefile'), 'VERSION = 6\n');
  writeFileSync(join(src, 'tools/lib/bpf/libbpf.c'), '');
  writeFileSync(join(src, 'tools/testing/selftests/lib.mk'), 'LIBMK := yes\n');
  for (const t of ['atomics.c', 'bpf_attr_size.c', 'zerocopy.c', 'tests.h'])
    writeFileSync(join(bpf, 'prog_tests', t), '');
  // The selftests' way of finding things: abspath from the current dir.
  writeFileSync(
    join(bpf, 'Makefile'),
    [
      'include ../lib.mk',
      'TOOLSDIR := $(abspath ../../..)',
      'all:',
      '\t@echo tests: $(sort $(notdir $(wildcard prog_tests/*.c)))',
      '\t@echo tools: $(TOOLSDIR) $(LIBMK)',
      '\t@echo libbpf: $(wildcard $(TOOLSDIR)/lib/bpf/*.c)',
      '\t@echo tests.h > prog_tests/tests.h.new',
      '',
    ].join('\n'),
  );
  return src;
}

describe('a kernel tree view without some BPF selftests', () => {
  it('make in the view sees every file but the tests left out, and writes into the view, not the tree', () => {
    const src = fakeTree();
    const view = join(mkdtempSync(join(tmpdir(), 'kci-view-')), 'tree');
    const bpf = treeViewWithout(src, view, ['bpf_attr_size.c']);
    expect(bpf).toBe(join(view, 'tools/testing/selftests/bpf'));
    const r = spawnSync('make', ['-s', '-C', bpf], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('tests: atomics.c zerocopy.c');
    expect(lines).toContain(`tools: ${join(view, 'tools')} yes`);
    expect(lines).toContain(`libbpf: ${join(view, 'tools/lib/bpf/libbpf.c')}`);
    // Written in the view's own prog_tests; the tree's is untouched, its tests.h not carried over.
    expect(existsSync(join(bpf, 'prog_tests/tests.h.new'))).toBe(true);
    expect(readdirSync(join(src, 'tools/testing/selftests/bpf/prog_tests')).sort()).toEqual([
      'atomics.c',
      'bpf_attr_size.c',
      'tests.h',
      'zerocopy.c',
    ]);
    expect(existsSync(join(bpf, 'prog_tests/tests.h'))).toBe(false);
    expect(realpathSync(join(view, 'include/uapi'))).toBe(realpathSync(join(src, 'include/uapi')));
  });

  it('a second view replaces the first (a test fixed in the tree comes back)', () => {
    const src = fakeTree();
    const view = join(mkdtempSync(join(tmpdir(), 'kci-view-')), 'tree');
    treeViewWithout(src, view, ['bpf_attr_size.c', 'zerocopy.c']);
    const bpf = treeViewWithout(src, view, ['zerocopy.c']);
    expect(readdirSync(join(bpf, 'prog_tests')).sort()).toEqual(['atomics.c', 'bpf_attr_size.c']);
  });
});
