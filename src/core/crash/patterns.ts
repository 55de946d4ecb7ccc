// The crash pattern table: what a kernel report looks like on the console,
// as data. Each entry names the printk call site it comes from (Linux 6.12)
// and is proven by a real console capture under __tests__/fixtures/console/
// (see __tests__/core/crash/patterns.test.ts, which fails when an entry has
// no sample, unless it is listed there as unproven with the reason).
//
// Matching happens on the message body of a kernel line, i.e. after the
// printk prefix `[   12.345678]` (and the optional caller id `[  T123]`), so
// every `start` is anchored at the beginning of the message.

import type { FindingKind } from '../results.js';

/**
 * How a title is made (title.ts):
 * - `template`: `{1}`, `{2}`… are the start regex groups; `{fn}` is the
 *   function chosen by `fn`; ` in {fn}` is dropped when no function is found.
 * - `fn`: where the function comes from: a start regex group holding a
 *   `%pS` symbol (`group:N`), the kernel `RIP:` line, the first non-generic
 *   frame of the stack, or the RIP unless it is generic, else the stack.
 */
export interface TitleRule {
  template: string;
  fn?: `group:${number}` | 'rip' | 'stack' | 'rip-or-stack';
  /** Named special case in title.ts (oops headers, KASAN access type). */
  special?: 'oops' | 'kasan';
}

export interface CrashPattern {
  /** Stable id, used by tests and the proof list. */
  id: string;
  kind: FindingKind;
  /** Fatal reports stop the VM once complete (hangs too: the kernel may never panic on them). */
  fatal: boolean;
  /** Matches the first line of the report (message body). */
  start: RegExp;
  /** A line just before the start that belongs to the report (`cut here`, `====`). */
  prelude?: RegExp;
  /** The line that completes the report (included). */
  end?: RegExp;
  /** `</TASK>` completes the report (reports made of one stack dump without end marker). */
  endAtTaskEnd?: boolean;
  /** The report goes on only while lines match this (kmemleak's indented block). */
  continueWhile?: RegExp;
  /** Later start lines that are part of this report rather than a new one. */
  absorbs?: string[];
  title: TitleRule;
  /** Where the kernel prints it. */
  source: string;
  /** Lines that carry no timestamp: printed by QEMU on the host, not by the guest kernel. */
  host?: boolean;
}

const END_TRACE = /^---\[ end trace [0-9a-f]+ \]---/;
const SEPARATOR = /^={20,}\s*$/;
const OOPS_HEADER = 'oops';

export const PATTERNS: readonly CrashPattern[] = [
  {
    id: 'kill-init',
    kind: 'kill-init',
    fatal: true,
    start: /^Kernel panic - not syncing: (Attempted to kill init!.*)$/,
    end: /^---\[ end Kernel panic/,
    title: { template: 'kernel panic: {1}' },
    source: 'kernel/exit.c: panic("Attempted to kill init! exitcode=0x%08x\\n")',
  },
  {
    id: 'panic',
    kind: 'panic',
    fatal: true,
    start: /^Kernel panic - not syncing: (.*?)\s*$/,
    end: /^---\[ end Kernel panic/,
    title: { template: 'kernel panic: {1}' },
    source: 'kernel/panic.c: pr_emerg("Kernel panic - not syncing: %s\\n")',
  },
  {
    id: 'null-deref',
    kind: 'oops',
    fatal: true,
    start: /^BUG: kernel NULL pointer dereference, address: /,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: 'BUG: unable to handle kernel NULL pointer dereference in {fn}', fn: 'rip' },
    source:
      'arch/x86/mm/fault.c: pr_alert("BUG: kernel NULL pointer dereference, address: %px\\n")',
  },
  {
    id: 'page-fault',
    kind: 'oops',
    fatal: true,
    start: /^BUG: unable to handle page fault for address: /,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: 'BUG: unable to handle kernel paging request in {fn}', fn: 'rip' },
    source: 'arch/x86/mm/fault.c: pr_alert("BUG: unable to handle page fault for address: %px\\n")',
  },
  {
    id: 'bug-at',
    kind: 'bug',
    fatal: true,
    start: /^kernel BUG at (\S+?)!?$/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: 'kernel BUG in {fn}', fn: 'rip' },
    source: 'lib/bug.c: pr_crit("kernel BUG at %s:%u!\\n")',
  },
  {
    // 6.12: "Oops: general protection fault, ...: 0000 [#1] PREEMPT SMP";
    // 6.1 and older print the reason without "Oops: " ("invalid opcode: 0000 [#1]").
    id: OOPS_HEADER,
    kind: 'oops',
    fatal: true,
    start:
      /^(?:Oops: )?((?:[a-z][-a-z0-9 ,]*?(?:, probably for [^:]+)?)|Oops): [0-9a-f]{4} \[#\d+\]/,
    end: END_TRACE,
    title: { template: 'Oops: {1} in {fn}', fn: 'rip', special: 'oops' },
    source: 'arch/x86/kernel/dumpstack.c: __die_header() printk("Oops: %s: %04lx [#%d]...")',
  },
  {
    id: 'warning',
    kind: 'warning',
    fatal: false,
    start: /^WARNING: CPU: \d+ PID: \d+ at (?:\S+:\d+ )?(\S+)/,
    prelude: /^-+\[ cut here \]-+\s*$/,
    end: END_TRACE,
    title: { template: 'WARNING in {fn}', fn: 'group:1' },
    source: 'kernel/panic.c: __warn() pr_warn("WARNING: CPU: %d PID: %d at %s:%d %pS\\n")',
  },
  {
    id: 'kasan',
    kind: 'kasan',
    fatal: false,
    start: /^BUG: KASAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: 'KASAN: {1} in {fn}', fn: 'group:2', special: 'kasan' },
    source: 'mm/kasan/report.c: pr_err("BUG: KASAN: %s in %pS\\n")',
  },
  {
    id: 'kfence',
    kind: 'kfence',
    fatal: false,
    start: /^BUG: KFENCE: (.+?) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: 'KFENCE: {1} in {fn}', fn: 'group:2' },
    source: 'mm/kfence/report.c: pr_err("BUG: KFENCE: %s in %pS\\n")',
  },
  {
    id: 'kcsan',
    kind: 'kcsan',
    fatal: false,
    start: /^BUG: KCSAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: 'KCSAN: {1} in {fn}', fn: 'group:2' },
    source: 'kernel/kcsan/report.c: pr_err("BUG: KCSAN: %s in %pS / %pS\\n")',
  },
  {
    id: 'kmsan',
    kind: 'kmsan',
    fatal: false,
    start: /^BUG: KMSAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: 'KMSAN: {1} in {fn}', fn: 'group:2' },
    source: 'mm/kmsan/report.c: pr_err("BUG: KMSAN: %s in %pSr\\n")',
  },
  {
    id: 'ubsan',
    kind: 'ubsan',
    fatal: false,
    start: /^UBSAN: (.+?) in (\S+?):\d+:\d+$/,
    prelude: SEPARATOR,
    // 6.12 ends with "---[ end trace ]---" (lib/ubsan.c ubsan_epilogue), older kernels with a row of "=".
    end: /^(?:={20,}\s*$|---\[ end trace(?: [0-9a-f]+)? \]---)/,
    title: { template: 'UBSAN: {1} in {fn}', fn: 'stack' },
    source: 'lib/ubsan.c: ubsan_prologue() pr_err("UBSAN: %s in %s:%d:%d\\n")',
  },
  {
    // Printed on the console only with kmemleak.verbose=1 (else only to the
    // debugfs reader): the default cmdline sets it.
    id: 'kmemleak',
    kind: 'kmemleak',
    fatal: false,
    start: /^(?:kmemleak: )?unreferenced object 0x[0-9a-f]+ \(size \d+\):/,
    continueWhile: /^(?:kmemleak: )?\s/,
    title: { template: 'memory leak in {fn}', fn: 'stack' },
    source: 'mm/kmemleak.c: print_unreferenced() "unreferenced object 0x%08lx (size %zu):\\n"',
  },
  {
    id: 'lockdep',
    kind: 'lockdep',
    fatal: false,
    start:
      /^(?:WARNING: (possible circular locking dependency detected|inconsistent lock state|possible recursive locking detected|suspicious RCU usage|possible irq lock inversion dependency detected|bad unlock balance detected!|held lock freed!|lock held when returning to user space!|Nested lock was not taken|\S+-safe -> \S+-unsafe lock order detected|\S+\/\d+ still has locks held!)|\[ BUG: (Invalid wait context) \])$/,
    prelude: /^(?:={20,}|-{20,})\s*$/,
    endAtTaskEnd: true,
    title: { template: 'lockdep: {1}{2} in {fn}', fn: 'stack' },
    source:
      'kernel/locking/lockdep.c: pr_warn("WARNING: possible circular locking dependency detected\\n") etc.',
  },
  {
    id: 'atomic-sleep',
    kind: 'bug',
    fatal: false,
    start: /^BUG: (sleeping function called from invalid context|scheduling while atomic)/,
    endAtTaskEnd: true,
    title: { template: 'BUG: {1} in {fn}', fn: 'stack' },
    source:
      'kernel/sched/core.c: __might_resched() pr_err("BUG: sleeping function called from invalid context at %s:%d\\n")',
  },
  {
    // Several CPUs' backtraces follow, with no end marker: completed by the quiet gap.
    id: 'rcu-stall',
    kind: 'rcu-stall',
    fatal: true,
    start: /^rcu: INFO: \S+ (?:detected stalls on CPUs\/tasks|self-detected stall on CPU)/,
    title: { template: 'INFO: rcu detected stall in {fn}', fn: 'rip-or-stack' },
    source: 'kernel/rcu/tree_stall.h: pr_err("INFO: %s detected stalls on CPUs/tasks:\\n")',
  },
  {
    id: 'hung-task',
    kind: 'hung-task',
    fatal: true,
    start: /^INFO: task (\S+):\d+ blocked for more than \d+ seconds\./,
    endAtTaskEnd: true,
    title: { template: 'INFO: task hung in {fn}', fn: 'stack' },
    source: 'kernel/hung_task.c: pr_err("INFO: task %s:%d blocked for more than %ld seconds.\\n")',
  },
  {
    id: 'soft-lockup',
    kind: 'soft-lockup',
    fatal: true,
    start: /^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s! \[(.+):\d+\]/,
    endAtTaskEnd: true,
    title: { template: 'BUG: soft lockup in {fn}', fn: 'rip-or-stack' },
    source: 'kernel/watchdog.c: pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\\n")',
  },
  {
    id: 'hard-lockup',
    kind: 'hard-lockup',
    fatal: true,
    start: /^(?:watchdog|NMI watchdog): Watchdog detected hard LOCKUP on cpu \d+/,
    endAtTaskEnd: true,
    title: { template: 'BUG: hard lockup in {fn}', fn: 'rip-or-stack' },
    source: 'kernel/watchdog.c: pr_emerg("Watchdog detected hard LOCKUP on cpu %d\\n")',
  },
  {
    id: 'ref-tracker',
    kind: 'ref-tracker',
    fatal: false,
    start: /^ref_tracker: (\S+?)@\S+ has \d+\/\d+ users at$/,
    continueWhile: /^\s/,
    title: { template: 'ref_tracker: {1} leak in {fn}', fn: 'stack' },
    source: 'lib/ref_tracker.c: pr_ostream("%s@%pK has %d/%d users at\\n%s\\n")',
  },
  {
    id: 'kvm-entry',
    kind: 'kvm',
    fatal: true,
    start: /^KVM: entry failed, hardware error (0x[0-9a-f]+)/,
    host: true,
    title: { template: 'KVM: entry failed, hardware error {1}' },
    source: 'QEMU target/i386/kvm/kvm.c: "KVM: entry failed, hardware error 0x%lx"',
  },
  {
    id: 'kvm-internal',
    kind: 'kvm',
    fatal: true,
    start: /^KVM internal error\. Suberror: (\d+)/,
    host: true,
    title: { template: 'KVM internal error: suberror {1}' },
    source: 'QEMU accel/kvm/kvm-all.c: "KVM internal error. Suberror: %d"',
  },
];

/**
 * Cheap test run on every kernel message before the table, at the start of
 * the message (every `start` is anchored there): a message that does not
 * begin like one of these cannot start a report. Oops headers of older
 * kernels begin with the trap's name ("invalid opcode: 0000 [#1]").
 */
export const START_PREFILTER =
  /Kernel panic|BUG|Oops|WARNING|UBSAN|unreferenced object|kmemleak: unreferenced|rcu: INFO|INFO: task|watchdog: |NMI watchdog|kernel BUG|ref_tracker: |\[ BUG|[a-z][-a-z0-9 ,]*(?:, probably for [^:]+)?: [0-9a-f]{4} \[#/y;

/** Panic messages that are the consequence of the report just before them, not a new problem. */
export const CONSEQUENCE_PANIC =
  /^Kernel panic - not syncing: (?:Fatal exception|Fatal exception in interrupt|hung_task: blocked tasks|softlockup: hung tasks|RCU Stall|\S+: panic_on_warn set|Hard LOCKUP|Oopsed too often|Attempted to kill init!)/;

export function patternById(id: string): CrashPattern {
  const p = PATTERNS.find((x) => x.id === id);
  if (!p) throw new Error(`no crash pattern '${id}'`);
  return p;
}
