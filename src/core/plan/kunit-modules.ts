// KUnit suites built as modules run when the module loads; their results
// stay readable in debugfs (/sys/kernel/debug/kunit/<suite>/results, one KTAP
// document per suite, lib/kunit/debugfs.c). The guest command loads one module
// and prints the suites that appeared as a single KTAP document, so the
// parser nests them under this plan test like any other subtests.
import { shellWord as shellQuote } from '../shell.js';

export const KUNIT_DEBUGFS = '/sys/kernel/debug/kunit';

/** A module name for modprobe, or a path to a .ko for insmod. */
export function kunitModuleCommand(module: string, debugfs: string = KUNIT_DEBUGFS): string {
  const load = module.endsWith('.ko')
    ? `insmod ${shellQuote(module)}`
    : `modprobe ${shellQuote(module)}`;
  const d = shellQuote(debugfs);
  return [
    `[ -d ${d} ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null`,
    `before=" $(ls ${d} 2>/dev/null | tr '\\n' ' ') "`,
    `${load} || { echo "# loading ${module} failed"; exit 1; }`,
    `if [ ! -d ${d} ]; then echo '# ${d} missing: is CONFIG_KUNIT_DEBUGFS set?'; exit 1; fi`,
    `new=''`,
    `for s in $(ls ${d}); do case $before in *" $s "*) ;; *) new="$new $s" ;; esac; done`,
    `set -- $new`,
    `echo 'KTAP version 1'`,
    `if [ $# -eq 0 ]; then echo "1..0 # SKIP no new KUnit suite after loading ${module} (already loaded, or built in?)"; exit 4; fi`,
    `echo "1..$#"`,
    // Each results file is a whole KTAP document for one suite: drop its
    // two header lines and renumber its final "ok 1 <suite>" line.
    `i=0; rc=0`,
    `for s; do i=$((i + 1)); sed -e '1,2d' -e "\\$s/^\\(not ok\\|ok\\) 1 /\\1 $i /" ${d}/$s/results; tail -n 1 ${d}/$s/results | grep -q '^ok' || rc=1; done`,
    `exit $rc`,
  ].join('\n');
}
