// BPF selftests whose BPF program is not in the tree. test_progs is one
// binary: a single prog_tests/*.c that includes a skeleton nothing can
// generate stops the whole build (Debian's 6.12.117 carries a stable
// backport, prog_tests/bpf_attr_size.c, without its
// progs/cgroup_skb_direct_packet_access.c). What a maintainer does by hand,
// leaving that one test out, is decided here from the tree's texts.

/** A prog_tests file that cannot build, and why. */
export interface UnbuildableTest {
  /** e.g. "prog_tests/bpf_attr_size.c" */
  file: string;
  /** The skeleton header it includes, e.g. "cgroup_skb_direct_packet_access.skel.h". */
  skeleton: string;
  /** The BPF program that would generate it and is missing, e.g. "progs/cgroup_skb_direct_packet_access.c". */
  missing: string;
}

const SKELETON_INCLUDE = /^\s*#\s*include\s+"([\w-]+)\.(skel|lskel|subskel)\.h"/gm;

/**
 * The prog_tests files whose skeletons have no source: `progs/NAME.c` absent
 * and the Makefile not naming a skeleton of that name either (linked
 * skeletons such as `test_static_linked.skel.h`, and the subskeletons of
 * `test_subskeleton_lib.skel.h`, are made from several programs it lists).
 */
export function unbuildableTests(
  tests: ReadonlyArray<{ file: string; text: string }>,
  progs: ReadonlySet<string>,
  makefile: string,
): UnbuildableTest[] {
  const out: UnbuildableTest[] = [];
  for (const t of tests) {
    for (const m of t.text.matchAll(SKELETON_INCLUDE)) {
      const name = m[1]!;
      const skeleton = `${name}.${m[2]!}.h`;
      // \w and - only: the name needs no escaping in a pattern.
      const named = new RegExp(`(^|[\\s/])${name}\\.(skel|lskel|subskel)\\.h\\b`, 'm');
      if (progs.has(`${name}.c`) || named.test(makefile)) continue;
      out.push({ file: t.file, skeleton, missing: `progs/${name}.c` });
      break;
    }
  }
  return out;
}
