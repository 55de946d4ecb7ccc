// The real console captures under __tests__/fixtures/console/ and what each
// must yield. Every capture was made here by crashing a real kernel in QEMU
// (TCG): see __tests__/fixtures/console/README.md for how.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingKind } from '../../../src/core/results.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'console');

export const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

export interface Expected {
  /** The pattern-table entry that must produce it. */
  pattern: string;
  kind: FindingKind;
  title: string;
  fatal: boolean;
  count?: number;
}

export const SAMPLES: Record<string, Expected[]> = {
  'panic-sysrq-6.1.log': [
    { pattern: 'panic', kind: 'panic', title: 'kernel panic: sysrq triggered crash', fatal: true },
  ],
  'panic-end-marker-6.1.log': [
    { pattern: 'panic', kind: 'panic', title: 'kernel panic: sysrq triggered crash', fatal: true },
  ],
  'boot-timer-panic-6.1.log': [
    {
      pattern: 'panic',
      kind: 'panic',
      // syzkaller's titles stop at 120 characters.
      title:
        "kernel panic: IO-APIC + timer doesn't work! Boot with apic=debug and send a report. Then try booting with the 'noapic'",
      fatal: true,
    },
  ],
  'kill-init-6.1.log': [
    {
      pattern: 'kill-init',
      kind: 'kill-init',
      title: 'kernel panic: Attempted to kill init!',
      fatal: true,
    },
  ],
  'warning-6.1.log': [
    { pattern: 'warning', kind: 'warning', title: 'WARNING in kci_warn', fatal: false },
  ],
  // panic_on_warn=1: the panic is part of the WARNING's report, which becomes fatal.
  'warning-panic-on-warn-6.1.log': [
    { pattern: 'warning', kind: 'warning', title: 'WARNING in kci_warn', fatal: true },
  ],
  // oops=panic: "Kernel panic - not syncing: Fatal exception" after the end trace joins the oops.
  'oops-null-deref-then-panic-6.1.log': [
    {
      pattern: 'null-deref',
      kind: 'oops',
      title: 'BUG: unable to handle kernel NULL pointer dereference in kci_null_deref',
      fatal: true,
    },
  ],
  'kernel-bug-6.1.log': [
    { pattern: 'bug-at', kind: 'bug', title: 'kernel BUG in kci_bug', fatal: true },
  ],
  'scheduling-while-atomic-6.1.log': [
    {
      pattern: 'atomic-sleep',
      kind: 'bug',
      // syzkaller skips only schedule* here: msleep is the guilty frame.
      title: 'BUG: scheduling while atomic in msleep',
      fatal: false,
    },
    { pattern: 'warning', kind: 'warning', title: 'WARNING in do_one_initcall', fatal: false },
  ],
  // Reported every check interval: one finding, counted twice.
  'hung-task-6.1.log': [
    {
      pattern: 'hung-task',
      kind: 'hung-task',
      title: 'INFO: task hung in kci_hang_thread',
      fatal: true,
      count: 2,
    },
  ],
  'page-fault-6.1.log': [
    {
      pattern: 'page-fault',
      kind: 'oops',
      title: 'BUG: unable to handle kernel paging request in kci_page_fault',
      fatal: true,
    },
  ],
  'gpf-6.1.log': [
    { pattern: 'oops', kind: 'oops', title: 'general protection fault in kci_gpf', fatal: true },
  ],
  // Two reports (3 s and 6 s stuck) on the same spin: one finding.
  'soft-lockup-6.1.log': [
    {
      pattern: 'soft-lockup',
      kind: 'soft-lockup',
      // Stalls are named after the frame above the dispatcher (here the syscall), as syzkaller does.
      title: 'BUG: soft lockup in finit_module',
      fatal: true,
      count: 2,
    },
  ],
  'rcu-stall-6.1.log': [
    {
      pattern: 'rcu-stall',
      kind: 'rcu-stall',
      title: 'INFO: rcu detected stall in finit_module',
      fatal: true,
      count: 2,
    },
  ],
  'userspace-noise-6.1.log': [],
  // The 6.12 debug capture kernel (PRINTK_CALLER: "[  T62]" caller ids), LKDTM and kmemleak-test.
  // The scan after the tests: 12 leaks of the same init function, one finding.
  'kmemleak-6.12.log': [
    {
      pattern: 'kmemleak',
      kind: 'kmemleak',
      title: 'memory leak in kmemleak_test_init',
      fatal: false,
      count: 12,
    },
  ],
  // Non-fatal reports one after the other, each during its own test; SPINLOCKUP
  // returns to user space holding a spinlock: lockdep, then the BUGs it causes.
  'warning-ubsan-lockdep-6.12.log': [
    { pattern: 'warning', kind: 'warning', title: 'WARNING in lkdtm_WARNING', fatal: false },
    {
      pattern: 'ubsan',
      kind: 'ubsan',
      title: 'UBSAN: array-index-out-of-bounds in lkdtm_ARRAY_BOUNDS',
      fatal: false,
    },
    {
      pattern: 'lockdep',
      kind: 'lockdep',
      title: 'WARNING: lock held when returning to user space in lkdtm_do_action',
      fatal: false,
    },
    {
      pattern: 'atomic-sleep',
      kind: 'bug',
      title: 'BUG: sleeping function called from invalid context in __fput',
      fatal: false,
    },
    {
      pattern: 'atomic-sleep',
      kind: 'bug',
      title: 'BUG: scheduling while atomic in p9_client_rpc',
      fatal: false,
    },
  ],
  'hung-task-6.12.log': [
    {
      pattern: 'hung-task',
      kind: 'hung-task',
      title: 'INFO: task hung in lkdtm_HUNG_TASK',
      fatal: true,
    },
  ],
  'soft-lockup-6.12.log': [
    {
      pattern: 'soft-lockup',
      kind: 'soft-lockup',
      title: 'BUG: soft lockup in full_proxy_write',
      fatal: true,
    },
  ],
  // The KASAN debug kernel (--preset debug, KASAN_GENERIC inline, KFENCE on),
  // one LKDTM test each, kasan_multi_shot: titles name the guilty LKDTM
  // function, not KASAN's reporting frames. VMALLOC_LINEAR_OVERFLOW runs into
  // vmalloc's guard page (a fault before KASAN sees it) and PANIC_ON_OOPS ends the run.
  'kasan-lkdtm-6.12.log': [
    {
      pattern: 'kasan',
      kind: 'kasan',
      title: 'KASAN: slab-use-after-free Read in lkdtm_READ_AFTER_FREE',
      fatal: false,
    },
    {
      pattern: 'kasan',
      kind: 'kasan',
      title: 'KASAN: slab-use-after-free Write in lkdtm_WRITE_AFTER_FREE',
      fatal: false,
    },
    {
      pattern: 'kasan',
      kind: 'kasan',
      title: 'KASAN: slab-out-of-bounds Write in lkdtm_SLAB_LINEAR_OVERFLOW',
      fatal: false,
    },
    {
      pattern: 'page-fault',
      kind: 'oops',
      title: 'BUG: unable to handle kernel paging request in lkdtm_VMALLOC_LINEAR_OVERFLOW',
      fatal: true,
    },
  ],
  // The same kernel, KFENCE at its default 100 ms sampling: LKDTM KFENCE_READ_AFTER_FREE,
  // and SLAB_FREE_DOUBLE whose object KFENCE happened to sample (so KFENCE, not
  // KASAN, saw the second free; kmem_cache_free was a tail call: the trace
  // starts in lkdtm_do_action, which the title says as syzkaller would).
  'kfence-lkdtm-6.12.log': [
    {
      pattern: 'kfence',
      kind: 'kfence',
      title: 'KFENCE: invalid free in lkdtm_do_action',
      fatal: false,
    },
    {
      pattern: 'kfence',
      kind: 'kfence',
      title: 'KFENCE: use-after-free read in lkdtm_KFENCE_READ_AFTER_FREE',
      fatal: false,
    },
  ],
  'oops-null-deref-6.12.log': [
    {
      pattern: 'null-deref',
      kind: 'oops',
      title: 'BUG: unable to handle kernel NULL pointer dereference in lkdtm_EXCEPTION',
      fatal: true,
    },
  ],
};

/** Entries no log can prove yet, ours or syzkaller's corpus, and why. The patterns test keeps this list honest. */
export const UNPROVEN: Record<string, string> = {
  'hard-lockup': 'the NMI watchdog needs a PMU: TCG has none',
  'ref-tracker': 'needs CONFIG_REF_TRACKER users (NET_DEV_REFCNT_TRACKER), off here',
  'kvm-entry': 'printed by QEMU on a KVM host: no /dev/kvm here',
  'kvm-internal': 'printed by QEMU on a KVM host: no /dev/kvm here',
};

/**
 * Entries proven only by syzkaller's logs (__tests__/fixtures/syzkaller/),
 * still wanting a capture of our own, and why there is none yet. The
 * patterns test fails when one of ours proves them: then they leave.
 */
export const NO_OWN_CAPTURE: Record<string, string> = {
  kcsan: 'needs a CONFIG_KCSAN kernel (clang)',
  kmsan: 'needs a CONFIG_KMSAN kernel (clang)',
};

/** Captures from the KASAN/KFENCE debug kernel whose vmlinux decodes them (decode.test.ts). */
export const DEBUG_CAPTURES = ['kasan-lkdtm-6.12.log', 'kfence-lkdtm-6.12.log'];
