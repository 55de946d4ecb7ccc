// The crash pattern table: what a kernel report looks like on the console,
// as data, for the kernels maintainers still test (4.19, 5.4, 5.10, 5.15,
// 6.1, 6.6, 6.12, mainline). Each entry names the printk call site it comes
// from and the versions that print it that way, and is proven by a real
// console log: our own captures under __tests__/fixtures/console/, or
// syzkaller's public corpus under __tests__/fixtures/syzkaller/ (see
// __tests__/core/crash/patterns.test.ts, which fails when an entry has no
// sample, unless it is listed there as unproven with the reason).
//
// Matching happens on the message body of a kernel line, i.e. after the
// printk prefix `[   12.345678]` (and the optional caller id `[  T123]`), so
// every `start` is anchored at the beginning of the message.
//
// Titles follow syzkaller's pkg/report/linux.go (google/syzkaller, Apache
// License 2.0, see __tests__/fixtures/syzkaller/NOTES.md): the same formats,
// the same guilty-frame rules (guilty.ts), so that a report here carries the
// title syzbot and fix commits use for the same bug.

import type { FindingKind } from '../results.js';
import { RIP_FRAME, syz, type StackRule } from './guilty.js';

/**
 * One way to title a report (syzkaller's oopsFormat). Formats of an entry
 * are tried on the report's text (message bodies joined by newlines, from
 * the start line on); the one matching earliest wins, the first of equals.
 */
export interface TitleFormat {
  /** Picks the format; unanchored, may span lines. */
  title: RegExp;
  /** When set it must match too (else the next format is tried) and its groups fill the fmt. */
  report?: RegExp;
  /** `%[1]v`, `%[2]v`…: the regex groups, then one guilty frame per trace of `stack`. */
  fmt: string;
  /** Other titles of the same bug (syzkaller's ALT), for matching known issues. */
  alt?: readonly string[];
  stack?: StackRule;
  /** The format is a fallback for a garbled report. */
  corrupted?: boolean;
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
  absorbs?: readonly string[];
  /**
   * A report of one line, printed amid others (unregister_netdevice every
   * 10 s): recorded on its own, the report it interrupts goes on.
   */
  oneLine?: boolean;
  /**
   * Printed inside other reports (a double fault while oopsing, arm64's
   * "Internal error" after its fault line): with a report open on the same
   * caller, the line belongs to it (syzkaller's reportStartIgnores).
   */
  inReport?: boolean;
  /** Tried in order; none matching: the start line is the title. */
  titles: readonly TitleFormat[];
  /** Where the kernel prints it, and which versions print it this way. */
  source: string;
  /** Lines that carry no timestamp: printed by QEMU on the host, not by the guest kernel. */
  host?: boolean;
}

const END_TRACE = /^---\[ end trace [0-9a-f]+ \]---/;
const SEPARATOR = /^={20,}\s*$/;
const OOPS_HEADER = 'oops';

// Stack rules shared by many formats (syzkaller's parts lists).
const RIP_THEN_TRACE: StackRule = { parts: ['rip', 'call-trace', 'trace'] };
const CALL_TRACE: StackRule = { parts: ['call-trace', 'trace'] };
const RIP_ONLY: StackRule = { parts: ['rip'] };
/** WARNINGs trap: the RIP line names the function (4.14+), older kernels only print the stack. */
const warningStack = (...skip: string[]): StackRule => ({
  parts: [syz(`(?:${RIP_FRAME.source}|--- interrupt: [0-9]+ at {{FUNC}})`), 'trace'],
  otherwise: [['call-trace', 'trace']],
  skip,
});
const BAD_ACCESS = ['bad-access in %[1]v'];
/** Oops headers syzkaller titles itself (the oops entry's first formats). */
const SYZ_OOPS = '(?:general protection fault|stack segment|divide.error|invalid opcode|int3):';

const KASAN_FORMATS: TitleFormat[] = [
  {
    title: /BUG: KASAN:/,
    report: syz(
      'BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)',
    ),
    fmt: 'KASAN: %[1]v %[3]v in %[4]v',
    alt: ['bad-access in %[4]v'],
    stack: {
      parts: [syz('BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}'), 'call-trace', 'trace'],
      // Frames of KASAN_HW_TAGS reports (arm64 MTE).
      skip: ['kernel_fault', 'tag_check', 'mem_abort', '^el1_', '^el1h_'],
    },
  },
  {
    title: /BUG: KASAN:/,
    report: syz('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'),
    fmt: 'KASAN: invalid-free in %[2]v',
    alt: ['invalid-free in %[2]v'],
    stack: {
      parts: [
        syz('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'),
        'call-trace',
        'trace',
      ],
      skip: ['slab_', 'kfree', 'vunmap', 'vfree'],
    },
  },
  {
    title: /BUG: KASAN: ([a-z-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+)/,
    fmt: 'KASAN: %[1]v %[2]v',
  },
  { title: /BUG: KASAN: (.*)/, fmt: 'KASAN: %[1]v', corrupted: true },
];

const KMSAN_FORMATS: TitleFormat[] = [
  {
    title: /BUG: KMSAN: kernel-usb-infoleak/,
    report: syz('BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}'),
    fmt: 'KMSAN: kernel-usb-infoleak in %[2]v',
    alt: ['KMSAN origin in %[3]v'],
    stack: {
      parts: ['trace', /(Local variable .* created at:|Uninit was created at:)/, 'trace'],
      skip: [
        'alloc_skb',
        'usb_submit_urb',
        'usb_start_wait_urb',
        'usb_bulk_msg',
        'usb_interrupt_msg',
        'usb_control_msg',
      ],
    },
  },
  {
    title: /BUG: KMSAN:/,
    report: syz('BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}'),
    fmt: 'KMSAN: %[1]v in %[3]v',
    alt: ['bad-access in %[3]v'],
    stack: {
      parts: ['trace', /(Local variable .* created at:|Uninit was created at:)/, 'trace'],
      // Crypto code is where such bugs surface, rarely where they are.
      skip: [
        'alloc_skb',
        'netlink_ack',
        'netlink_rcv_skb',
        '_encrypt$',
        '^(?:crypto|cipher|drbg|rng)_',
      ],
    },
  },
];

const KFENCE_STACK: StackRule = {
  parts: [syz('BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}'), 'trace'],
};

const BAD_ACCESS_FORMATS: TitleFormat[] = [
  {
    title:
      /BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)/,
    fmt: 'BUG: unable to handle kernel paging request in %[1]v',
    alt: BAD_ACCESS,
    stack: RIP_THEN_TRACE,
  },
  {
    title:
      /BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)/,
    fmt: 'BUG: unable to handle kernel NULL pointer dereference in %[1]v',
    alt: BAD_ACCESS,
    stack: RIP_THEN_TRACE,
  },
  {
    // The second half of the line is a separate printk and may be lost.
    title: /BUG: (?:unable to handle kernel|Unable to handle kernel)/,
    fmt: 'BUG: unable to handle kernel',
    corrupted: true,
  },
];

const LOCKDEP_FORMATS: TitleFormat[] = [
  {
    title: /WARNING: possible circular locking dependency detected/,
    report:
      /WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock/,
    fmt: 'possible deadlock in %[1]v',
    stack: {
      parts: [syz('at: (?:{{PC}} +)?{{FUNC}}'), syz('at: (?:{{PC}} +)?{{FUNC}}'), 'trace'],
      // Locks of work items: deadlocks there belong to the work's subsystem.
      skip: ['process_one_work', 'flush_workqueue', 'drain_workqueue', 'destroy_workqueue'],
    },
  },
  {
    title: /WARNING: possible irq lock inversion dependency detected/,
    report: syz(
      'WARNING: possible irq lock inversion dependency detected(?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /WARNING: .*-safe -> .*-unsafe lock order detected/,
    fmt: 'possible deadlock in %[1]v',
    stack: { parts: [/which became (?:.*) at:/, 'trace'] },
  },
  {
    title: /WARNING: possible recursive locking detected/,
    report: syz(
      'WARNING: possible recursive locking detected(?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /WARNING: inconsistent lock state/,
    report: syz(
      'WARNING: inconsistent lock state(?:.*\\n)+?.*takes(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}',
    ),
    fmt: 'inconsistent lock state in %[2]v',
    stack: CALL_TRACE,
  },
  {
    title: /WARNING: suspicious RCU usage/,
    report: syz('WARNING: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}'),
    fmt: 'WARNING: suspicious RCU usage in %[2]v',
    stack: { ...CALL_TRACE, skip: ['rcu', 'kmem', 'slab'] },
  },
  {
    title: /WARNING: .*still has locks held!/,
    report: syz('WARNING: .*still has locks held!(?:.*\\n)+?.*at: {{FUNC}}'),
    fmt: 'WARNING: still has locks held in %[1]v',
  },
  {
    title: /WARNING: Nested lock was not taken/,
    fmt: 'WARNING: nested lock was not taken in %[1]v',
    stack: warningStack(),
  },
  {
    title: /WARNING: lock held when returning to user space/,
    report: syz(
      'WARNING: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}',
    ),
    fmt: 'WARNING: lock held when returning to user space in %[1]v',
  },
  {
    title: /WARNING: bad unlock balance detected!/,
    fmt: 'WARNING: bad unlock balance in %[1]v',
    stack: { parts: [syz('{{PC}} +{{FUNC}}'), 'call-trace', 'trace'] },
  },
  {
    title: /WARNING: held lock freed!/,
    report: syz('WARNING: held lock freed!(?:.*\\n)+?.*at:(?: {{PC}})? +{{FUNC}}'),
    fmt: 'WARNING: held lock freed in %[1]v',
  },
  // 4.x: lockdep's banners as "[ BUG: ... ]" / "[ INFO: ... ]".
  {
    title: /BUG: .*still has locks held!/,
    report: syz('BUG: .*still has locks held!(?:.*\\n)+?.*{{PC}} +{{FUNC}}'),
    fmt: 'BUG: still has locks held in %[1]v',
  },
  {
    title: /BUG: lock held when returning to user space/,
    report: syz(
      'BUG: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}',
    ),
    fmt: 'BUG: lock held when returning to user space in %[1]v',
  },
  {
    title: /BUG: bad unlock balance detected!/,
    fmt: 'BUG: bad unlock balance in %[1]v',
    stack: { parts: [syz('{{PC}} +{{FUNC}}'), 'call-trace', 'trace'] },
  },
  {
    title: /BUG: held lock freed!/,
    report: syz('BUG: held lock freed!(?:.*\\n)+?.*{{PC}} +{{FUNC}}'),
    fmt: 'BUG: held lock freed in %[1]v',
  },
  {
    // arm/arm64 print it as BUG, x86 as WARNING: one title for both.
    title: /BUG: Invalid wait context/,
    fmt: 'WARNING: locking bug in %[1]v',
    stack: { ...CALL_TRACE, skip: ['lock_sock', 'release_sock'] },
  },
  {
    title: /INFO: possible circular locking dependency detected/,
    report: syz(
      'INFO: possible circular locking dependency detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /INFO: possible irq lock inversion dependency detected/,
    report: syz(
      'INFO: possible irq lock inversion dependency detected \\](?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected/,
    report: syz(
      'INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\](?:.*\\n)+?.*is trying to acquire(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /INFO: possible recursive locking detected/,
    report: syz(
      'INFO: possible recursive locking detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}',
    ),
    fmt: 'possible deadlock in %[1]v',
  },
  {
    title: /INFO: inconsistent lock state/,
    report: syz(
      'INFO: inconsistent lock state \\](?:.*\\n)+?.*takes(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}',
    ),
    fmt: 'inconsistent lock state in %[1]v',
  },
  {
    title: /INFO: suspicious RCU usage/,
    report: syz('INFO: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}'),
    fmt: 'INFO: suspicious RCU usage in %[2]v',
    stack: { ...CALL_TRACE, skip: ['rcu', 'kmem', 'slab'] },
  },
];

const WARNING_FORMATS: TitleFormat[] = [
  {
    title: /WARNING: .*lib\/debugobjects\.c.* (?:debug_print|debug_check|at)/,
    fmt: 'WARNING: ODEBUG bug in %[1]v',
    // ODEBUG's users too: timers, work, percpu, vfree.
    stack: warningStack(
      'debug_',
      'rcu',
      'hrtimer_',
      'timer_',
      'work_',
      'percpu_',
      'vunmap',
      'vfree',
      '__free_',
      'debug_check',
      'kobject_',
    ),
  },
  {
    title: /WARNING: .*mm\/usercopy\.c.* (?:usercopy_warn|at)/,
    fmt: 'WARNING: bad usercopy in %[1]v',
    stack: warningStack('usercopy', '__check'),
  },
  {
    title: /WARNING: .*lib\/kobject\.c.* (?:kobject_|at)/,
    fmt: 'WARNING: kobject bug in %[1]v',
    stack: warningStack('kobject_'),
  },
  {
    title: /WARNING: .*fs\/proc\/generic\.c.* (?:proc_register|at)/,
    fmt: 'WARNING: proc registration bug in %[1]v',
    stack: warningStack('proc_'),
  },
  {
    title: /WARNING: .*lib\/refcount\.c.* (?:refcount_|at)/,
    fmt: 'WARNING: refcount bug in %[1]v',
    stack: warningStack('refcount', 'kobject_'),
  },
  {
    title: /WARNING: .*kernel\/locking\/lockdep\.c.*lock_/,
    fmt: 'WARNING: locking bug in %[1]v',
    stack: warningStack('lock_sock', 'release_sock'),
  },
  {
    title: /WARNING: .*mm\/.*\.c.* k?.?malloc/,
    fmt: 'WARNING: kmalloc bug in %[1]v',
    stack: warningStack('kmalloc', 'krealloc', 'slab', 'kmem'),
  },
  {
    title: /WARNING: .*mm\/vmalloc.c.*__vmalloc_node/,
    fmt: 'WARNING: zero-size vmalloc in %[1]v',
    stack: warningStack(),
  },
  {
    title: /WARNING: .* usb_submit_urb/,
    fmt: 'WARNING in %[1]v/usb_submit_urb',
    stack: warningStack(
      'usb_submit_urb',
      'usb_start_wait_urb',
      'usb_bulk_msg',
      'usb_interrupt_msg',
      'usb_control_msg',
    ),
  },
  {
    // Mainline since late 2025: "WARNING: kernel/foo.c:12 at 0x..., CPU#0: comm/pid".
    title: syz('WARNING: {{SRC}} at 0x\\d+, CPU#\\d+'),
    fmt: 'WARNING in %[2]v',
    stack: warningStack(),
  },
  { title: syz('WARNING: .* at {{SRC}} {{FUNC}}'), fmt: 'WARNING in %[3]v', stack: warningStack() },
  { title: syz('WARNING: {{SRC}} at {{FUNC}}'), fmt: 'WARNING in %[3]v', stack: warningStack() },
  {
    title: syz('WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*'),
    fmt: 'WARNING in %[3]v',
    stack: warningStack(),
  },
  {
    title: /WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value/,
    fmt: "WARNING: kernel stack regs has bad '%[1]v' value",
  },
  {
    title: /WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value/,
    fmt: 'WARNING: kernel stack frame pointer has bad value',
  },
  // %p prints "(ptrval)" before the random seed is ready.
  {
    title: /WARNING: kernel stack regs .* has bad 'bp' value/,
    fmt: 'WARNING: kernel stack regs has bad value',
  },
  {
    title: /WARNING: kernel stack frame pointer .* has bad value/,
    fmt: 'WARNING: kernel stack regs has bad value',
  },
  { title: /WARNING:\s*(?:\n|$)/, fmt: 'WARNING: corrupted', corrupted: true },
];

const KERNEL_PANIC_FORMATS: TitleFormat[] = [
  // The kernel may fail to print the symbol or unwind a corrupted stack.
  {
    title: /Kernel panic - not syncing: stack-protector:/,
    report: syz(
      'Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}',
    ),
    fmt: 'kernel panic: stack is corrupted in %[1]v',
  },
  {
    title: /Kernel panic - not syncing: stack-protector:/,
    report: /Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+/,
    fmt: 'kernel panic: stack is corrupted in %[1]v',
    stack: { ...CALL_TRACE, skip: ['stack_chk'] },
  },
  {
    title: /Kernel panic - not syncing: corrupted stack end/,
    report: /Kernel panic - not syncing: corrupted stack end detected inside scheduler/,
    fmt: 'kernel panic: corrupted stack end in %[1]v',
    alt: ['stack-overflow in %[1]v'],
    stack: { ...CALL_TRACE, skip: ['schedule', 'retint_kernel'], extractor: 'stall' },
  },
  {
    title: /Kernel panic - not syncing: kernel stack overflow/,
    fmt: 'kernel stack overflow in %[1]v',
    alt: ['stack-overflow in %[1]v'],
    stack: { ...CALL_TRACE, skip: ['bad_stack'], extractor: 'stall' },
  },
  {
    title: /Kernel panic - not syncing: Attempted to kill init!/,
    fmt: 'kernel panic: Attempted to kill init!',
  },
  {
    title: /Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+/,
    fmt: "kernel panic: Couldn't open N_TTY ldisc",
  },
  // Panics that follow a report whose start was lost.
  {
    title: /Kernel panic - not syncing: Fatal exception/,
    fmt: 'kernel panic: Fatal exception',
    corrupted: true,
  },
  {
    title: /Kernel panic - not syncing: panic_on_warn set/,
    fmt: 'kernel panic: panic_on_warn set',
    corrupted: true,
  },
  {
    title: /Kernel panic - not syncing: hung_task: blocked tasks/,
    fmt: 'kernel panic: hung_task: blocked tasks',
    corrupted: true,
  },
  { title: /Kernel panic - not syncing: (.*)/, fmt: 'kernel panic: %[1]v' },
];

const MEMORY_LEAK: TitleFormat = {
  title: /BUG: memory leak|unreferenced object/,
  fmt: 'memory leak in %[1]v',
  stack: {
    parts: [/backtrace(?: \(crc [0-9A-Fa-f]*\))?:/, 'trace'],
    // kmemleak's own frames and the allocators'. syzkaller skips every
    // "kmemleak" and "kmem" name; the kernel's kmemleak-test module
    // (samples/kmemleak) is named after them and is what is guilty there.
    skip: [
      'kmemleak(?!_test)',
      'mmap',
      'kmem(?!leak_test)',
      'slab',
      'alloc',
      'create_object',
      'idr_get',
      'list_lru_init',
      'kasprintf',
      'kvasprintf',
      'pcpu_create',
      'strdup',
      'strndup',
      'memdup',
    ],
  },
};

export const PATTERNS: readonly CrashPattern[] = [
  {
    id: 'kill-init',
    kind: 'kill-init',
    fatal: true,
    start: /^Kernel panic - not syncing: (Attempted to kill init!.*)$/,
    end: /^---\[ end Kernel panic/,
    titles: KERNEL_PANIC_FORMATS,
    source: 'kernel/exit.c: panic("Attempted to kill init! exitcode=0x%08x\\n") (4.19-mainline)',
  },
  {
    id: 'panic',
    kind: 'panic',
    fatal: true,
    start: /^Kernel panic - not syncing: (.*?)\s*$/,
    end: /^---\[ end Kernel panic/,
    titles: KERNEL_PANIC_FORMATS,
    source: 'kernel/panic.c: pr_emerg("Kernel panic - not syncing: %s\\n") (4.19-mainline)',
  },
  {
    id: 'null-deref',
    kind: 'oops',
    fatal: true,
    start:
      /^BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: BAD_ACCESS_FORMATS,
    source:
      'arch/x86/mm/fault.c: show_fault_oops() pr_alert("BUG: kernel NULL pointer dereference, address: %px\\n") (5.0+; 4.19: "BUG: unable to handle kernel NULL pointer dereference at %px"); powerpc "Kernel NULL pointer dereference"',
  },
  {
    id: 'page-fault',
    kind: 'oops',
    fatal: true,
    start: /^BUG: (?:unable to handle |Unable to handle kernel )/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: BAD_ACCESS_FORMATS,
    source:
      'arch/x86/mm/fault.c: show_fault_oops() pr_alert("BUG: unable to handle page fault for address: %px\\n") (5.0+; 4.19: "BUG: unable to handle kernel paging request at %px"); powerpc "Unable to handle kernel data access"',
  },
  {
    id: 'kasan',
    kind: 'kasan',
    fatal: false,
    start: /^BUG: KASAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: KASAN_FORMATS,
    source:
      'mm/kasan/report.c: print_error_description() pr_err("BUG: KASAN: %s in %pS\\n") (4.19-mainline; 4.x old: "BUG: KASAN: %s in %pS at addr %p", "%s of size %zu by task")',
  },
  {
    id: 'kfence',
    kind: 'kfence',
    fatal: false,
    start: /^BUG: KFENCE: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: [
      {
        title: syz('BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}'),
        fmt: 'KFENCE: %[1]v %[2]v in %[4]v',
        alt: ['bad-access in %[4]v'],
        stack: KFENCE_STACK,
      },
      {
        title: syz('BUG: KFENCE: invalid free in {{FUNC}}'),
        fmt: 'KFENCE: invalid free in %[2]v',
        alt: ['invalid-free in %[2]v'],
        stack: KFENCE_STACK,
      },
      {
        title: syz('BUG: KFENCE: invalid (read|write) in {{FUNC}}'),
        fmt: 'KFENCE: invalid %[1]v in %[3]v',
        alt: ['bad-access in %[3]v'],
        stack: KFENCE_STACK,
      },
      {
        title: syz('BUG: KFENCE: memory corruption in {{FUNC}}'),
        fmt: 'KFENCE: memory corruption in %[2]v',
        stack: KFENCE_STACK,
      },
    ],
    source: 'mm/kfence/report.c: kfence_report_error() pr_err("BUG: KFENCE: %s in %pS\\n") (5.12+)',
  },
  {
    id: 'kcsan',
    kind: 'kcsan',
    fatal: false,
    start: /^BUG: KCSAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: [{ title: /BUG: KCSAN:/, report: /BUG: KCSAN: (.*)/, fmt: 'KCSAN: %[1]v' }],
    source: 'kernel/kcsan/report.c: print_report() pr_err("BUG: KCSAN: %s in %pS / %pS\\n") (5.8+)',
  },
  {
    id: 'kmsan',
    kind: 'kmsan',
    fatal: false,
    start: /^BUG: KMSAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: KMSAN_FORMATS,
    source: 'mm/kmsan/report.c: kmsan_report() pr_err("BUG: KMSAN: %s in %pSr\\n") (6.1+)',
  },
  {
    id: 'ubsan',
    kind: 'ubsan',
    fatal: false,
    start: /^UBSAN: /,
    prelude: SEPARATOR,
    // 6.12 ends with "---[ end trace ]---" (lib/ubsan.c ubsan_epilogue), older kernels with a row of "=".
    end: /^(?:={20,}\s*$|---\[ end trace(?: [0-9a-f]+)? \]---)/,
    titles: [
      {
        title: /UBSAN:/,
        report: /UBSAN: Undefined behaviour in/,
        fmt: 'UBSAN: undefined-behaviour in %[1]v',
        stack: { ...CALL_TRACE, skip: ['ubsan', 'overflow'] },
      },
      {
        title: /UBSAN: array-index-out-of-bounds in/,
        fmt: 'UBSAN: array-index-out-of-bounds in %[1]v',
        alt: BAD_ACCESS,
        stack: { ...CALL_TRACE, skip: ['ubsan', 'overflow'] },
      },
      {
        title: /UBSAN:/,
        report: /UBSAN: (.*?) in/,
        fmt: 'UBSAN: %[1]v in %[2]v',
        stack: { ...CALL_TRACE, skip: ['ubsan', 'overflow'] },
      },
    ],
    source:
      'lib/ubsan.c: ubsan_prologue() pr_err("UBSAN: %s in %s:%d:%d\\n") (5.11+; 4.19-5.10: "UBSAN: Undefined behaviour in %s:%d:%d")',
  },
  {
    id: 'kmemleak',
    kind: 'kmemleak',
    fatal: false,
    start: /^(?:kmemleak: )?unreferenced object 0x[0-9a-f]+ \(size \d+\):/,
    continueWhile: /^(?:kmemleak: )?\s/,
    titles: [MEMORY_LEAK],
    // Printed on the console only with kmemleak.verbose=1 (else only to the
    // debugfs reader): the default cmdline sets it.
    source:
      'mm/kmemleak.c: print_unreferenced() "unreferenced object 0x%08lx (size %zu):\\n" (4.19-mainline; "backtrace (crc %x):" since 6.7)',
  },
  {
    // What syzkaller prints before the debugfs kmemleak report it read.
    id: 'memory-leak',
    kind: 'kmemleak',
    fatal: false,
    start: /^BUG: memory leak$/,
    absorbs: ['kmemleak'],
    titles: [MEMORY_LEAK],
    source:
      'syzkaller pkg/report: "BUG: memory leak" then /sys/kernel/debug/kmemleak (mm/kmemleak.c print_unreferenced)',
  },
  {
    id: 'lockdep',
    kind: 'lockdep',
    fatal: false,
    start:
      /^(?:\[ )?(?:WARNING: (?:possible circular locking dependency detected|inconsistent lock state|possible recursive locking detected|suspicious RCU usage|possible irq lock inversion dependency detected|bad unlock balance detected!|held lock freed!|lock held when returning to user space!?|Nested lock was not taken|\S+-safe -> \S+-unsafe lock order detected|.*still has locks held!)|BUG: (?:Invalid wait context|bad unlock balance detected!|held lock freed!|lock held when returning to user space!?|.*still has locks held!)|INFO: (?:possible circular locking dependency detected|possible irq lock inversion dependency detected|SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected|possible recursive locking detected|inconsistent lock state|suspicious RCU usage))/,
    prelude: /^(?:={20,}|-{20,})\s*$/,
    endAtTaskEnd: true,
    titles: LOCKDEP_FORMATS,
    source:
      'kernel/locking/lockdep.c: print_circular_bug_header() pr_warn("WARNING: possible circular locking dependency detected\\n") etc. (4.15+; 4.14 and older: "[ INFO: ... ]" / "[ BUG: ... ]" banners); kernel/rcu/update.c lockdep_rcu_suspicious()',
  },
  {
    id: 'non-static-key',
    kind: 'lockdep',
    fatal: false,
    start: /^INFO: trying to register non-static key/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /INFO: trying to register non-static key/,
        fmt: 'INFO: trying to register non-static key in %[1]v',
        stack: { ...CALL_TRACE, skip: ['stack', 'lock', 'IRQ'] },
      },
    ],
    source:
      'kernel/locking/lockdep.c: assign_lock_key() pr_err("INFO: trying to register non-static key.\\n") (4.19-mainline)',
  },
  {
    id: 'spinlock',
    kind: 'bug',
    fatal: false,
    start: /^BUG: (?:spinlock|rwlock) /,
    endAtTaskEnd: true,
    titles: [
      {
        title:
          /BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)/,
        fmt: 'BUG: %[1]v %[2]v in %[3]v',
        stack: { ...CALL_TRACE, skip: ['spin_', '_lock', '_unlock'] },
      },
    ],
    source:
      'kernel/locking/spinlock_debug.c: spin_dump() printk("BUG: spinlock %s on CPU#%d, %s/%d\\n") (4.19-mainline; "lockup suspected" up to 4.x)',
  },
  {
    id: 'atomic-sleep',
    kind: 'bug',
    fatal: false,
    start: /^BUG: (?:sleeping function called from invalid context|scheduling while atomic)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: scheduling while atomic/,
        fmt: 'BUG: scheduling while atomic in %[1]v',
        stack: { ...CALL_TRACE, skip: ['schedule'] },
      },
      {
        title: /BUG: sleeping function called from invalid context at (.*)/,
        fmt: 'BUG: sleeping function called from invalid context in %[2]v',
        stack: CALL_TRACE,
      },
    ],
    source:
      'kernel/sched/core.c: __might_resched() pr_err("BUG: sleeping function called from invalid context at %s:%d\\n"), __schedule_bug() "BUG: scheduling while atomic: %s/%d/0x%08x" (4.19-mainline)',
  },
  {
    id: 'preemptible',
    kind: 'bug',
    fatal: false,
    start: /^BUG: using [a-z_]+\(\) in preemptible/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: using ([a-z_]+)\(\) in preemptible/,
        fmt: 'BUG: using %[1]v() in preemptible code in %[2]v',
        stack: {
          ...CALL_TRACE,
          skip: ['dump_stack', 'preemption', 'preempt', 'debug_', 'processor_id', 'this_cpu'],
        },
      },
    ],
    source:
      'lib/smp_processor_id.c: check_preemption_disabled() printk("BUG: using %s%s() in preemptible [%08x] code: %s/%d\\n") (4.19-mainline)',
  },
  {
    id: 'bad-page',
    kind: 'bug',
    fatal: false,
    start:
      /^BUG: (?:Bad page (?:state|cache|map)|Bad rss-counter state|non-zero nr_p[mt]ds on freeing mm)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: Bad page (state|cache)/,
        fmt: 'BUG: Bad page %[1]v in %[2]v',
        stack: {
          parts: [/page last allocated/, 'trace'],
          skip: [
            '(free|put|get|update|release)_page',
            'free_unref',
            '^_*folio',
            'truncate_inode_pages',
            'page_frag_free',
            'alloc',
            'vmap',
            'page_owner',
          ],
        },
      },
      { title: /BUG: Bad page map/, fmt: 'BUG: Bad page map' },
      { title: /BUG: Bad rss-counter state/, fmt: 'BUG: Bad rss-counter state' },
      { title: /BUG: non-zero nr_ptes on freeing mm/, fmt: 'BUG: non-zero nr_ptes on freeing mm' },
      { title: /BUG: non-zero nr_pmds on freeing mm/, fmt: 'BUG: non-zero nr_pmds on freeing mm' },
    ],
    source:
      'mm/page_alloc.c: bad_page() pr_alert("BUG: Bad page state in process %s  pfn:%05lx\\n"); mm/memory.c print_bad_pte() "BUG: Bad page map"; kernel/fork.c check_mm() "BUG: Bad rss-counter state" (4.19-mainline)',
  },
  {
    id: 'workqueue',
    kind: 'bug',
    fatal: false,
    start: /^BUG: workqueue (?:lockup|leaked lock or atomic)/,
    endAtTaskEnd: true,
    titles: [
      { title: /BUG: workqueue lockup/, fmt: 'BUG: workqueue lockup' },
      {
        title: /BUG: workqueue leaked lock or atomic/,
        report: /BUG: workqueue leaked lock or atomic(?:.*\n)+?.*last function: ([a-zA-Z0-9_]+)\n/,
        fmt: 'BUG: workqueue leaked lock or atomic in %[1]v',
      },
    ],
    source:
      'kernel/workqueue.c: process_one_work() pr_err("BUG: workqueue leaked lock or atomic: %s/0x%08x/%d\\n"), wq_watchdog_timer_fn() "BUG: workqueue lockup - pool" (4.19-mainline)',
  },
  {
    id: 'stack-guard',
    kind: 'oops',
    fatal: true,
    start: /^BUG: .*stack guard page was hit at/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: [
      {
        title: /BUG: .*stack guard page was hit at/,
        fmt: 'BUG: stack guard page was hit in %[1]v',
        alt: ['stack-overflow in %[1]v'],
        stack: { ...RIP_THEN_TRACE, extractor: 'stall' },
      },
    ],
    source:
      'arch/x86/kernel/traps.c: handle_stack_overflow() pr_emerg("BUG: %s stack guard page was hit at %p (stack is %p..%p)\\n") (4.19-mainline)',
  },
  {
    // Several CPUs' backtraces follow, with no end marker: completed by the quiet gap.
    id: 'rcu-stall',
    kind: 'rcu-stall',
    fatal: true,
    start:
      /^(?:rcu: )?INFO: rcu_(?:preempt|sched|bh|tasks)\w* (?:self-)?detected(?: expedited)? stall/,
    titles: [
      {
        title: /INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall/,
        fmt: 'INFO: rcu detected stall in %[1]v',
        alt: ['stall in %[1]v'],
        stack: {
          parts: [/apic_timer_interrupt/, 'rip', 'trace'],
          otherwise: [
            [/(?:apic_timer_interrupt|Exception stack|el1h_64_irq)/, 'trace'],
            // Ours: 5.x-6.x self-detected stalls print the interrupted
            // registers and the task's stack, no interrupt frame.
            ['rip', 'call-trace', 'trace'],
          ],
          skip: ['apic_timer_interrupt', 'rcu'],
          extractor: 'stall',
        },
      },
    ],
    source:
      'kernel/rcu/tree_stall.h: print_other_cpu_stall() pr_err("INFO: %s detected stalls on CPUs/tasks:\\n") (5.0+ prefixed "rcu: "; 4.19 in kernel/rcu/tree.c, no prefix)',
  },
  {
    id: 'hung-task',
    kind: 'hung-task',
    fatal: true,
    start:
      /^INFO: task .+:\d+ (?:blocked (?:in I\/O wait )?for more than \d+ seconds|can't die for more than)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: syz('INFO: task {{TASK}} blocked (?:in I/O wait )?for more than [0-9]+ seconds'),
        fmt: 'INFO: task hung in %[1]v',
        alt: ['hang in %[1]v'],
        stack: { ...CALL_TRACE, extractor: 'hung' },
      },
      {
        title: syz("INFO: task {{TASK}} can't die for more than .* seconds"),
        fmt: "INFO: task can't die in %[1]v",
        alt: ['hang in %[1]v'],
        stack: { ...CALL_TRACE, skip: ['schedule'] },
      },
    ],
    source:
      'kernel/hung_task.c: check_hung_task() pr_err("INFO: task %s:%d blocked for more than %ld seconds.\\n") (4.19-mainline)',
  },
  {
    id: 'soft-lockup',
    kind: 'soft-lockup',
    fatal: true,
    start: /^(?:(?:NMI )?watchdog: )?BUG: soft lockup - CPU#\d+ stuck for \d+s!/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: soft lockup/,
        fmt: 'BUG: soft lockup in %[1]v',
        alt: ['stall in %[1]v'],
        stack: { ...RIP_THEN_TRACE, extractor: 'stall' },
      },
    ],
    source:
      'kernel/watchdog.c: watchdog_timer_fn() pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\\n") (4.19-mainline; "watchdog: " prefix since 4.x pr_fmt)',
  },
  {
    id: 'hard-lockup',
    kind: 'hard-lockup',
    fatal: true,
    start: /^(?:watchdog|NMI watchdog): Watchdog detected hard LOCKUP on cpu \d+/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /hard LOCKUP/,
        fmt: 'BUG: hard lockup in %[1]v',
        stack: { ...RIP_THEN_TRACE, extractor: 'stall' },
      },
    ],
    source:
      'kernel/watchdog_perf.c: watchdog_overflow_callback() pr_emerg("Watchdog detected hard LOCKUP on cpu %d\\n") (4.19-mainline; kernel/watchdog_hld.c before 6.6)',
  },
  {
    id: 'bug-at',
    kind: 'bug',
    fatal: true,
    start: /^(?:kernel BUG at \S+?!?$|Kernel BUG )/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER, 'arm-internal-error'],
    titles: [
      {
        title: /kernel BUG at mm\/usercopy.c/,
        fmt: 'BUG: bad usercopy in %[1]v',
        stack: { ...CALL_TRACE, skip: ['usercopy', '__check'] },
      },
      {
        title: /kernel BUG at lib\/list_debug.c/,
        fmt: 'BUG: corrupted list in %[1]v',
        alt: BAD_ACCESS,
        stack: CALL_TRACE,
      },
      {
        title: /kernel BUG at (.*)/,
        fmt: 'kernel BUG in %[2]v',
        // skb helpers BUG_ON what their caller got wrong.
        stack: { ...RIP_THEN_TRACE, skip: ['^skb_'] },
      },
      { title: /Kernel BUG (.*)/, fmt: 'kernel BUG %[1]v' },
    ],
    source:
      'lib/bug.c: report_bug() pr_crit("kernel BUG at %s:%u!\\n") (4.19-mainline); arch/powerpc "Kernel BUG"',
  },
  {
    // 6.12: "Oops: general protection fault, ...: 0000 [#1] PREEMPT SMP";
    // 6.1 and older print the reason without "Oops: " ("invalid opcode: 0000 [#1]").
    id: OOPS_HEADER,
    kind: 'oops',
    fatal: true,
    start:
      /^(?:kasan: GPF could be caused by NULL-ptr deref or user memory access)?(?:Oops: )?((?:[a-z][-_a-z0-9 ,]*?(?:, probably for [^:]+)?)|Oops): [0-9a-f]{4} \[#\d+\]/,
    end: END_TRACE,
    titles: [
      {
        title: /general protection fault.*:/,
        fmt: 'general protection fault in %[1]v',
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE,
      },
      { title: /stack segment: /, fmt: 'stack segment fault in %[1]v', stack: RIP_THEN_TRACE },
      // "divide_error" is 5.9-5.10's spelling (IDTENTRY conversion).
      { title: /divide(?: |_)error: /, fmt: 'divide error in %[1]v', stack: RIP_ONLY },
      { title: /invalid opcode: /, fmt: 'invalid opcode in %[1]v', stack: RIP_ONLY },
      { title: /int3: /, fmt: 'int3 in %[1]v', stack: RIP_THEN_TRACE },
      // Ours: headers syzkaller leaves to the report before them.
      {
        title: new RegExp(`^(?!.*${SYZ_OOPS})(?:Oops: )?Oops: [0-9a-f]{4} \\[#`),
        fmt: 'Oops in %[1]v',
        stack: RIP_THEN_TRACE,
      },
      {
        title: new RegExp(`^(?!.*${SYZ_OOPS})(?:Oops: )?([a-z][-_a-z0-9 ]*?): [0-9a-f]{4} \\[#`),
        fmt: 'Oops: %[1]v in %[2]v',
        stack: RIP_THEN_TRACE,
      },
    ],
    source:
      'arch/x86/kernel/dumpstack.c: __die_header() printk("%s: %04lx [#%d]%s%s%s%s%s\\n") (4.19-6.11; 6.12+: "Oops: %s: %04lx [#%d]")',
  },
  {
    id: 'double-fault',
    kind: 'oops',
    fatal: true,
    start: /^PANIC: double fault/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    inReport: true,
    titles: [
      { title: /PANIC: double fault/, fmt: 'PANIC: double fault in %[1]v', stack: RIP_ONLY },
    ],
    source:
      'arch/x86/kernel/traps.c: exc_double_fault() pr_emerg("PANIC: double fault, error_code: 0x%lx\\n") (4.19-mainline)',
  },
  {
    id: 'warning',
    kind: 'warning',
    fatal: false,
    // Only the shapes __warn() and the unwinder print: boot messages use
    // "WARNING: " loosely (mitigations, deprecated options, sshd's moduli).
    start: /^WARNING: (?:CPU: \d+ PID: \d+ at |[\w/.-]+:\d+ at |at |\[|kernel stack )/,
    prelude: /^-+\[ cut here \]-+\s*$/,
    end: END_TRACE,
    titles: WARNING_FORMATS,
    source:
      'kernel/panic.c: __warn() pr_warn("WARNING: CPU: %d PID: %d at %pS\\n") (4.19-6.x: "at %s:%d %pS"; mainline 2025+: "WARNING: %s:%d at %pS, CPU#%d: %s/%d"); arch/x86/kernel/unwind_frame.c "WARNING: kernel stack regs at %p in %s:%d has bad \'bp\' value"',
  },
  {
    id: 'unregister-netdevice',
    kind: 'bug',
    fatal: false,
    start: /^unregister_netdevice: waiting for \S+ to become free/,
    oneLine: true,
    titles: [
      {
        title: /unregister_netdevice: waiting for (?:.*) to become free/,
        fmt: 'unregister_netdevice: waiting for DEV to become free',
      },
    ],
    source:
      'net/core/dev.c: netdev_wait_allrefs() pr_emerg("unregister_netdevice: waiting for %s to become free. Usage count = %d\\n") (4.19-mainline)',
  },
  {
    id: 'vfs',
    kind: 'bug',
    fatal: false,
    start: /^VFS: (?:Close: file count is 0|Busy inodes after unmount)/,
    oneLine: true,
    titles: [
      {
        title: /VFS: Close: file count is 0/,
        fmt: 'VFS: Close: file count is zero (use-after-free)',
      },
      {
        title: /VFS: Busy inodes after unmount/,
        fmt: 'VFS: Busy inodes after unmount (use-after-free)',
      },
    ],
    source:
      'fs/super.c: generic_shutdown_super() printk("VFS: Busy inodes after unmount of %s. Self-destruct in 5 seconds.  Have a nice day...\\n") (4.19-6.5); fs/open.c filp_close() "VFS: Close: file count is 0" (before 4.x)',
  },
  {
    // SLUB's debug checks; their "INFO: Allocated in" lines belong to them.
    id: 'slub',
    kind: 'bug',
    fatal: false,
    start: /^BUG [\w.:-]+ \([^)]*\): /,
    absorbs: ['slub-track'],
    endAtTaskEnd: true,
    titles: [{ title: /BUG kmalloc-.*: Object already free/, fmt: 'BUG: Object already free' }],
    source: 'mm/slub.c: slab_bug() pr_err("BUG %s (%s): %pV\\n") (4.19-mainline)',
  },
  {
    // A SLUB track line alone: the report it belonged to was garbled.
    id: 'slub-track',
    kind: 'bug',
    fatal: false,
    start: /^INFO: (?:Freed|Allocated) in /,
    oneLine: true,
    titles: [
      { title: /INFO: (Freed|Allocated) in (.*)/, fmt: 'INFO: %[1]v in %[2]v', corrupted: true },
    ],
    source:
      'mm/slub.c: print_track() pr_err("INFO: %s in %pS age=%lu cpu=%u pid=%d\\n") (4.19-5.x)',
  },
  {
    // Any other BUG line of the kernel (lockdep's "MAX_STACK_TRACE_ENTRIES too low!", dcache's "Dentry still in use").
    id: 'bug',
    kind: 'bug',
    fatal: false,
    start: /^BUG:(?! no syscalls can create resource)/,
    endAtTaskEnd: true,
    titles: [
      {
        // Device names (loop0/1/2) and fs types make duplicates: left out.
        title: /BUG: Dentry .* still in use/,
        report: /BUG: Dentry .* still in use \([0-9]+\) \[(unmount) of ([^\]]+)\]/,
        fmt: 'BUG: Dentry still in use in %[1]v',
        alt: ['BUG: Dentry still in use [%[1]v of %[2]v]'],
      },
      { title: /BUG:\s*(?:\n|$)/, fmt: 'BUG: corrupted', corrupted: true },
    ],
    source:
      'printk("BUG: ...") sites: kernel/locking/lockdep.c "BUG: MAX_STACK_TRACE_ENTRIES too low!", fs/dcache.c umount_check() "BUG: Dentry %p{i=%lx,n=%pd} still in use (%d) [unmount of %s %s]" (4.19-mainline)',
  },
  {
    id: 'rust-panic',
    kind: 'panic',
    fatal: true,
    start: /^rust_kernel: panicked at/,
    end: END_TRACE,
    absorbs: ['bug-at', OOPS_HEADER],
    titles: [
      {
        title: /rust_kernel: panicked/,
        report: /rust_kernel: panicked at [^\n]*?\n(.+?)\n/,
        fmt: '%[1]v in %[2]v',
        stack: { ...CALL_TRACE, skip: ['__rustc::rust_begin_unwind', 'rust_begin_unwind'] },
      },
    ],
    source:
      'rust/kernel/lib.rs: panic handler pr_emerg!("{}\\n", info) as "rust_kernel: panicked at" (6.1+)',
  },
  // arm and arm64 (LKFT's boards and QEMU virt).
  {
    id: 'arm-bad-access',
    kind: 'oops',
    fatal: true,
    start: /^Unable to handle kernel /,
    end: END_TRACE,
    absorbs: ['arm-internal-error'],
    titles: [
      {
        title:
          /Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)/,
        fmt: 'BUG: unable to handle kernel %[1]v in %[2]v',
        alt: ['bad-access in %[2]v'],
        stack: RIP_THEN_TRACE,
      },
    ],
    source:
      'arch/arm64/mm/fault.c: die_kernel_fault() pr_alert("Unable to handle kernel %s at virtual address %016lx\\n"); arch/arm/mm/fault.c __do_kernel_fault() (4.19-mainline)',
  },
  {
    id: 'arm-internal-error',
    kind: 'oops',
    fatal: true,
    start: /^Internal error: /,
    end: END_TRACE,
    inReport: true,
    titles: [
      {
        title: /Internal error:/,
        fmt: 'Internal error in %[1]v',
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE,
      },
    ],
    source:
      'arch/arm64/kernel/traps.c: __die() pr_emerg("Internal error: %s: %016lx [#%d]" S_PREEMPT S_SMP "\\n") (4.19-mainline); arch/arm/kernel/traps.c',
  },
  {
    id: 'arm-unhandled-fault',
    kind: 'oops',
    fatal: true,
    start: /^(?:Unhandled fault|Alignment trap): /,
    end: END_TRACE,
    absorbs: ['arm-internal-error'],
    titles: [
      {
        title: /Unhandled fault:/,
        fmt: 'Unhandled fault in %[1]v',
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE,
      },
      { title: /Alignment trap:/, fmt: 'Alignment trap in %[1]v', stack: RIP_THEN_TRACE },
    ],
    source:
      'arch/arm/mm/fault.c: do_DataAbort() pr_alert("Unhandled fault: %s (0x%03x) at 0x%08lx\\n"); arch/arm/mm/alignment.c "Alignment trap: %s (%d) PC=0x%08lx" (4.19-mainline)',
  },
  {
    id: 'trusty',
    kind: 'bug',
    fatal: false,
    start: /^trusty: panic/,
    oneLine: true,
    titles: [
      {
        title: /trusty: panic.* ASSERT FAILED/,
        report: /trusty: panic \(.*?\):(?: DEBUG)? ASSERT FAILED at \(.*?\): (.+)/,
        fmt: 'trusty: ASSERT FAILED: %[1]v',
      },
      {
        title: /trusty: panic.* ASSERT FAILED.*: *(.*)/,
        fmt: 'trusty: ASSERT FAILED: %[1]v',
        corrupted: true,
      },
      {
        title: /trusty: panic/,
        report: /trusty: panic \(.*?\): (.+)/,
        fmt: 'trusty: panic: %[1]v',
      },
    ],
    source: 'Android drivers/trusty/trusty-log.c: the secure OS log, "trusty: panic (%s): %s"',
  },
  {
    id: 'ref-tracker',
    kind: 'ref-tracker',
    fatal: false,
    start: /^ref_tracker: \S+?@\S+ has \d+\/\d+ users at$/,
    continueWhile: /^\s/,
    titles: [
      {
        title: /ref_tracker: (\S+?)@/,
        fmt: 'ref_tracker: %[1]v leak in %[2]v',
        stack: { parts: ['trace'], skip: ['ref_tracker'] },
      },
    ],
    source: 'lib/ref_tracker.c: pr_ostream("%s@%pK has %d/%d users at\\n%s\\n") (5.17+)',
  },
  {
    id: 'kvm-entry',
    kind: 'kvm',
    fatal: true,
    start: /^KVM: entry failed, hardware error (0x[0-9a-f]+)/,
    host: true,
    titles: [
      {
        title: /KVM: entry failed, hardware error (0x[0-9a-f]+)/,
        fmt: 'KVM: entry failed, hardware error %[1]v',
      },
    ],
    source: 'QEMU target/i386/kvm/kvm.c: "KVM: entry failed, hardware error 0x%lx"',
  },
  {
    id: 'kvm-internal',
    kind: 'kvm',
    fatal: true,
    start: /^KVM internal error\. Suberror: (\d+)/,
    host: true,
    titles: [
      { title: /KVM internal error\. Suberror: (\d+)/, fmt: 'KVM internal error: suberror %[1]v' },
    ],
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
  /Kernel panic|BUG|Oops|WARNING|kasan: GPF|UBSAN|unreferenced object|kmemleak: unreferenced|rcu: INFO|INFO: |watchdog: |NMI watchdog|kernel BUG|Kernel BUG|ref_tracker: |\[ (?:BUG|INFO|WARNING)|PANIC: double|unregister_netdevice: waiting|VFS: |Unable to handle kernel|Internal error: |Unhandled fault|Alignment trap|rust_kernel: panicked|trusty: panic|[a-z][-_a-z0-9 ,]*(?:, probably for [^:]+)?: [0-9a-f]{4} \[#/y;

/** Panic messages that are the consequence of the report just before them, not a new problem. */
export const CONSEQUENCE_PANIC =
  /^Kernel panic - not syncing: (?:Fatal exception|Fatal exception in interrupt|hung_task: blocked tasks|softlockup: hung tasks|RCU Stall|\S+: panic_on_warn set|panic_on_warn set|Hard LOCKUP|Oopsed too often|Attempted to kill init!|Machine halted)/;

export function patternById(id: string): CrashPattern {
  const p = PATTERNS.find((x) => x.id === id);
  if (!p) throw new Error(`no crash pattern '${id}'`);
  return p;
}
