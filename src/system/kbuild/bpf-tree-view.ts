// A view of a kernel tree with some BPF selftests left out, for a tree whose
// test_progs cannot build whole (src/core/bpf-skeletons.ts). The tree itself
// is shared and read only to us (Debian's cached source, a user's
// checkout): the view is real directories down to prog_tests and a link for
// everything else. The selftests' Makefile resolves its paths with abspath,
// not realpath, so `make -C VIEW/tools/testing/selftests/bpf` builds from the
// view, and the tests.h it generates in prog_tests stays there.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unbuildableTests, type UnbuildableTest } from '../../core/bpf-skeletons.js';

const PROG_TESTS = ['tools', 'testing', 'selftests', 'bpf', 'prog_tests'];

/** The prog_tests of the tree at `bpfDir` that cannot build. */
export function unbuildableProgTests(bpfDir: string): UnbuildableTest[] {
  // Not a selftests tree this can judge (make will say what is wrong with it).
  if (!['prog_tests', 'progs', 'Makefile'].every((e) => existsSync(join(bpfDir, e)))) return [];
  const tests = readdirSync(join(bpfDir, 'prog_tests'))
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => ({
      file: `prog_tests/${f}`,
      text: readFileSync(join(bpfDir, 'prog_tests', f), 'utf8'),
    }));
  return unbuildableTests(
    tests,
    new Set(readdirSync(join(bpfDir, 'progs'))),
    readFileSync(join(bpfDir, 'Makefile'), 'utf8'),
  );
}

/** `here` made a directory of links to `real`'s entries, but those `skip` takes. */
function linkEntries(real: string, here: string, skip: (name: string) => boolean): void {
  mkdirSync(here, { recursive: true });
  for (const e of readdirSync(real)) if (!skip(e)) symlinkSync(join(real, e), join(here, e));
}

/**
 * `view` becomes `source` without prog_tests' `leaveOut` (file names) and
 * without its generated tests.h; returns the view's selftests/bpf dir.
 */
export function treeViewWithout(source: string, view: string, leaveOut: readonly string[]): string {
  rmSync(view, { recursive: true, force: true });
  let real = source;
  let here = view;
  for (const part of PROG_TESTS) {
    linkEntries(real, here, (e) => e === part);
    real = join(real, part);
    here = join(here, part);
  }
  linkEntries(real, here, (e) => e === 'tests.h' || leaveOut.includes(e));
  return dirname(here);
}
