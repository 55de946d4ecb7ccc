// Stack frames out of a kernel report, and which of them say nothing about
// where the problem is (the reporting, trap, scheduler, locking, allocation
// and syscall-entry machinery every trace goes through): decoding picks the
// first frame left for a finding's file:line. Titles use syzkaller's
// guilty-frame rules instead (guilty.ts), so that they match syzbot's.

import { detach } from '../console-lines.js';

export interface Frame {
  fn: string;
  /** `? func+...`: a stale stack slot, not a real caller. */
  unreliable: boolean;
}

/**
 * A report's console lines and where each message starts (after the printk
 * prefix): matching at an offset spares a substring per line.
 */
export interface ReportText {
  lines: readonly string[];
  offs: readonly number[];
}

/** Message bodies as a ReportText (tests, callers holding bare messages). */
export function fromBodies(bodies: readonly string[]): ReportText {
  return { lines: bodies, offs: bodies.map(() => 0) };
}

// "  func+0x1b/0x30", "  ? func+0x1b/0x30 [mod]", "    [<ffffffff81000000>] func+0x1b/0x30"
const FRAME =
  /\s*(?:kmemleak:\s+)?(\?\s+)?(?:\[<[0-9a-f]+>\]\s+)?(?:\?\s+)?([A-Za-z_][\w.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/y;

/** `foo.constprop.0`, `foo.isra.3`, `foo.cold`, `foo.part.1`, `foo.llvm.123` → `foo`: compiler clones, not different code. */
export function canonicalFn(fn: string): string {
  const dot = fn.indexOf('.');
  return dot > 0 ? fn.slice(0, dot) : fn;
}

export function parseFrame(body: string, at = 0): Frame | undefined {
  FRAME.lastIndex = at;
  const m = FRAME.exec(body);
  if (!m) return undefined;
  return { fn: canonicalFn(m[2]!), unreliable: Boolean(m[1]) };
}

const GENERIC_FRAMES = new RegExp(
  '^(?:' +
    [
      // reporting
      'dump_stack(?:_lvl)?',
      'show_stack',
      'show_trace_log_lvl',
      'show_regs',
      '__show_regs',
      'panic',
      'vpanic',
      'nmi_panic',
      '__warn',
      'warn_slowpath_fmt',
      'report_bug',
      'handle_bug',
      'check_panic_on_warn',
      'print_report',
      'print_address_description',
      'kasan_\\w+',
      '__kasan_\\w+',
      'kfence_\\w+',
      'ubsan_\\w+',
      '__ubsan_handle_\\w+',
      'print_\\w+_bug',
      'print_circular_bug',
      'check_noncircular',
      'check_prev_add',
      'check_prevs_add',
      'validate_chain',
      'lockdep_\\w+',
      'lock_acquire',
      'lock_release',
      '__lock_acquire',
      'rcu_dump_cpu_stacks',
      'print_cpu_stall\\w*',
      'check_cpu_stall',
      'rcu_pending',
      'rcu_sched_clock_irq',
      'update_process_times',
      'tick_\\w+',
      'nmi_cpu_backtrace\\w*',
      'nmi_trigger_cpumask_backtrace',
      'arch_trigger_cpumask_backtrace',
      'watchdog_timer_fn',
      '__might_resched',
      '__might_sleep',
      '__might_fault',
      // traps and faults
      'exc_\\w+',
      'asm_exc_\\w+',
      'do_error_trap',
      'do_trap',
      'die',
      '__die',
      '__die_body',
      'die_addr',
      'oops_end',
      'page_fault_oops',
      'kernelmode_fixup_or_oops',
      '__bad_area_nosemaphore',
      'bad_area_nosemaphore',
      'do_user_addr_fault',
      'do_kern_addr_fault',
      'handle_page_fault',
      'fixup_exception',
      // interrupts
      '__sysvec_\\w+',
      'sysvec_\\w+',
      'asm_sysvec_\\w+',
      'asm_common_interrupt',
      'common_interrupt',
      '__hrtimer_run_queues',
      'hrtimer_interrupt',
      'irq_exit_rcu',
      '__irq_exit_rcu',
      '__do_softirq',
      'handle_softirqs',
      'do_softirq\\w*',
      // scheduling, sleeping and locking
      '__schedule',
      '__schedule_bug',
      'schedule_debug',
      'schedule',
      'msleep\\w*',
      'usleep_range\\w*',
      'ssleep',
      'schedule_\\w+',
      'io_schedule\\w*',
      'preempt_schedule\\w*',
      '__cond_resched',
      '__mutex_lock\\w*',
      'mutex_lock\\w*',
      '__wait_for_common',
      'wait_for_common\\w*',
      'wait_for_completion\\w*',
      'do_wait_for_common',
      'rwsem_down_\\w+',
      '__down\\w*',
      'down_read\\w*',
      'down_write\\w*',
      'down',
      '_raw_spin_\\w+',
      '_raw_read_\\w+',
      '_raw_write_\\w+',
      'queued_spin_lock_slowpath',
      'native_queued_spin_lock_slowpath',
      'do_raw_spin_lock',
      'cpu_relax',
      // allocation (kmemleak traces start there)
      '__create_object',
      'create_object\\w*',
      'kmemleak_(?:alloc|vmalloc)\\w*',
      'slab_post_alloc_hook',
      'slab_alloc_node',
      '__do_kmalloc_node',
      'pcpu_alloc\\w*',
      '__alloc_percpu\\w*',
      'alloc_percpu\\w*',
      'kmem_cache_alloc\\w*',
      '__kmem_cache_alloc\\w*',
      'kmalloc\\w*',
      '__kmalloc\\w*',
      'kzalloc\\w*',
      'kvmalloc\\w*',
      '__kvmalloc\\w*',
      'krealloc\\w*',
      'kmemdup\\w*',
      'kstrdup\\w*',
      '__alloc_pages\\w*',
      'alloc_pages\\w*',
      '__vmalloc\\w*',
      'vmalloc\\w*',
      '___slab_alloc',
      '__slab_alloc',
      'alloc_slab_page',
      // entry
      'do_syscall_64',
      'x64_sys_call',
      'entry_SYSCALL_64\\w*',
      'ret_from_fork\\w*',
      'kthread',
      'worker_thread',
      'process_one_work',
    ].join('|') +
    ')$',
);

// The same few hundred function names come back in every report: the
// verdict of the big alternation is remembered in a small direct-mapped
// table, indexed by a few characters of the name (no string hashing: the
// names are fresh substrings of each report).
const SEEN = 512;
const seenName: (string | undefined)[] = new Array<string | undefined>(SEEN).fill(undefined);
const seenGeneric = new Uint8Array(SEEN);

export function isGeneric(fn: string): boolean {
  const n = fn.length;
  const h =
    (n * 31 + fn.charCodeAt(0) * 7 + fn.charCodeAt(n >> 1) * 3 + fn.charCodeAt(n - 1)) & (SEEN - 1);
  if (seenName[h] === fn) return seenGeneric[h] === 1;
  const g = GENERIC_FRAMES.test(fn);
  seenName[h] = detach(fn);
  seenGeneric[h] = g ? 1 : 0;
  return g;
}
