// The guilty frame of a report, the way syzkaller's pkg/report picks it, so
// that our titles are the ones kernel developers already search for on
// syzbot and in fix commits. Ported from google/syzkaller pkg/report/report.go
// (extractStackFrame) and pkg/report/linux.go (linuxStackParams, the stall
// and hung-task extractors), Copyright 2015-2017 syzkaller project authors,
// Apache License 2.0; see __tests__/fixtures/syzkaller/NOTES.md.
//
// A title's stack rule is a list of parts matched one after the other over
// the report's message bodies: a regex (the first line it matches moves the
// cursor on, and its groups are frames), or `trace`: frames until the next
// stack start ("Call Trace:", "Allocated by task"). The first frame that is
// not in the skip list wins; no frame at all gives "corrupted".

import { detach } from '../console-lines.js';

/** One step of a stack rule: a shared regex by name, a regex, or a frame list. */
export type StackPart = 'rip' | 'call-trace' | 'trace' | RegExp;

export interface StackRule {
  parts: readonly StackPart[];
  /** Tried in order while no frame is found (WARNINGs without a RIP line, old kernels). */
  otherwise?: readonly (readonly StackPart[])[];
  /** More skipped functions for this kind of report (substring regexes, like SKIP_FRAMES). */
  skip?: readonly string[];
  /** Stalls and hangs name a frame deeper in the stack (see the extractors). */
  extractor?: 'stall' | 'hung';
}

/** syzkaller's shorthands in report regexes. */
export function syz(re: string, flags = ''): RegExp {
  return new RegExp(
    re
      .replaceAll('{{ADDR}}', '0x[0-9a-f]+')
      .replaceAll('{{PC}}', '\\[\\<?(?:0x)?[0-9a-f]+\\>?\\]')
      .replaceAll('{{FUNC}}', '([a-zA-Z0-9_]+)(?:\\.|\\+)')
      .replaceAll('{{SRC}}', '([a-zA-Z0-9-_/.]+\\.[a-z]+:[0-9]+)')
      .replaceAll('{{TASK}}', '[\\s\\S]{0,100}?'),
    flags,
  );
}

/** The faulting function: x86 `RIP:`, powerpc `NIP`, arm `PC is at`, arm64 `pc :`. */
export const RIP_FRAME = syz(
  '(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\))',
);
export const CALL_TRACE = /Call (?:T|t)race:|Backtrace:/;

/** Lines that begin a stack trace (and so end the one being read). */
export const STACK_STARTS: readonly RegExp[] = [
  /Call (?:T|t)race/,
  /Allocated:/,
  /Allocated by task [0-9]+:/,
  /Freed:/,
  /Freed by task [0-9]+:/,
  // "backtrace:" of kmemleak (with its crc since 6.x), not lockdep's "stack backtrace:".
  /[^k] backtrace(?: \(crc [0-9A-Fa-f]*\))?:/,
  /Backtrace:/,
  /Uninit was stored to memory at/,
  /status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}/,
];

/** All of STACK_STARTS in one regex (one scan per line). */
const STACK_START = new RegExp(STACK_STARTS.map((re) => re.source).join('|'));

const FRAME_RES: readonly RegExp[] = [
  syz('^ *(?:{{PC}} ){0,2}{{FUNC}}'),
  // arm: "[<80c1e5e8>] (__schedule) from [<80c1eb20>] (schedule+0x60/0xdc)".
  syz('^ *{{PC}} \\(([a-zA-Z0-9_.]+)\\) from {{PC}} \\({{FUNC}}'),
];

/** Fault-injection stacks mixed into a report make it unreliable. */
const CORRUPTED_LINE = /^( \[<?(?:0x)?[0-9a-f]+>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x/;

/**
 * Functions that are never the guilty frame: sanitizer runtime, WARN/BUG
 * and panic helpers, stack dumping, allocators, locking primitives,
 * refcount/kref, mem and string helpers, usercopy checks, list and tree
 * helpers, printk, device-model and workqueue plumbing. Substring regexes
 * (syzkaller's linuxStackParams.skipPatterns).
 */
export const SKIP_FRAMES: readonly string[] = [
  '__sanitizer',
  '__asan',
  'kasan',
  'hwasan',
  '__msan',
  'kmsan',
  'kcsan_setup_watchpoint',
  'check_memory_region',
  'check_heap_object',
  'check_object',
  'read_word_at_a_time',
  '(read|write)_once_.*nocheck',
  'print_address_description',
  'panic',
  'invalid_op',
  'report_bug',
  'fixup_bug',
  'print_report',
  'print_usage_bug',
  'do_error',
  '_trap$|do_trap',
  'show_stack',
  'dump_stack',
  'walk_stack',
  'dump_backtrace',
  'warn_slowpath',
  'warn_alloc',
  'warn_bogus',
  '__warn',
  'alloc_page',
  'k?v?(?:m|z|c)alloc',
  'krealloc',
  'kmem_cache',
  'allocate_slab',
  '__alloc_frozen_pages_noprof',
  'folio_(?:alloc|unlock)',
  'filemap_alloc_folio',
  '__filemap_get_folio',
  'find_or_create_page',
  'do_read_cache_folio',
  'read_cache_page',
  'pagecache_get_page',
  'grab_cache_page_write_begin',
  'slab_',
  'debug_object',
  'timer_is_static_object',
  'work_is_static_object',
  '__might_fault',
  'print_unlock',
  'imbalance_bug',
  'lockdep',
  'bh_enable',
  'bh_disable',
  'perf_trace',
  'lock_acquire',
  'lock_release',
  'lock_class',
  'mark_lock',
  '(reacquire|mark)_held_locks',
  'raw_spin_rq',
  'spin_lock',
  'spin_trylock',
  'spin_unlock',
  'read_lock',
  'read_trylock',
  'write_lock',
  'write_trylock',
  'read_unlock',
  'write_unlock',
  '^down$',
  'down_read',
  'down_write',
  'down_read_trylock',
  'down_write_trylock',
  'down_trylock',
  'up_read',
  'up_write',
  '^mutex_',
  '^__mutex_',
  '^rt_mutex_',
  'owner_on_cpu',
  'osq_lock',
  'osq_unlock',
  'atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)',
  '(set|clear|change|test)_bit',
  '__wake_up',
  '^refcount_',
  '^kref_',
  'ref_tracker',
  'seqprop_assert',
  'memcpy',
  'memcmp',
  'memset',
  'memchr',
  'memmove',
  'memdup',
  'strcmp',
  'strncmp',
  'strcpy',
  'strlcpy',
  'strncpy',
  'strscpy',
  'strlen',
  'strstr',
  'strnstr',
  'strnlen',
  'strchr',
  'strdup',
  'strndup',
  'copy_to_user',
  'copy_from_user',
  'copy_to_iter',
  'copy_from_iter',
  'copy_page_to_iter',
  'copy_page_from_iter',
  'copy_folio_to_iter',
  '^copyin$',
  '^copyout$',
  'put_user',
  'get_user',
  'might_fault',
  'might_sleep',
  'list_add',
  'list_del',
  'list_replace',
  'list_move',
  'list_splice',
  '^rb_',
  '^__rb_',
  '_indirect_thunk_',
  'string',
  'pointer',
  'snprintf',
  'scnprintf',
  'kasprintf',
  'kvasprintf',
  'printk',
  'va_format',
  'dev_info',
  'dev_notice',
  'dev_warn',
  'dev_err',
  'dev_alert',
  'dev_crit',
  'dev_emerg',
  'program_check_exception',
  'program_check_common',
  'del_timer',
  'flush_work',
  '__cancel_work_timer',
  'cancel_work_sync',
  'try_to_grab_pending',
  'flush_workqueue',
  'drain_workqueue',
  'destroy_workqueue',
  'queue_work',
  'finish_wait',
  'kthread_stop',
  'kobject_',
  'add_uevent_var',
  'get_device_parent',
  'device_add',
  'device_del',
  'device_unregister',
  'device_destroy',
  'device_release',
  'devres_release_all',
  'hwrng_unregister',
  'i2c_del_adapter',
  '__unregister_client',
  'device_for_each_child',
  'rollback_registered',
  'unregister_netdev',
  'sysfs_remove',
  'device_remove_file',
  'tty_unregister_device',
  'dummy_urb_enqueue',
  'usb_kill_urb',
  'usb_kill_anchored_urbs',
  'usb_control_msg',
  'usb_hcd_submit_urb',
  'usb_submit_urb',
  '^complete$',
  'wait_for_completion',
  '^kv?free$',
  'kfree_skb',
  'readb$',
  'readw$',
  'readl$',
  'readq$',
  'writeb$',
  'writew$',
  'writel$',
  'writeq$',
  'logic_in',
  'logic_out',
  '^crc\\d+',
  'crc_itu_t',
  '__might_resched',
  'assertfail',
  '^iput$',
  '^iput_final$',
  '^ihold$',
  'hex_dump_to_buffer',
  'print_hex_dump',
  '^klist_',
  '(trace|lockdep)_(hard|soft)irq',
  '^(un)?lock_page',
  'stack_trace_consume_entry',
  'arch_stack_walk',
  'stack_trace_save',
  'insert_work',
  '__queue_delayed_work',
  'queue_delayed_work_on',
  'ida_free',
  // arm64 translation fault path.
  'do_(kernel|translation)_fault',
  'do_mem_abort',
  'el1_abort',
  'el1h_64_sync(?:_handler)?',
  'print_tainted',
  'xas_(?:start|load|find)',
  'find_lock_entries',
  'truncate_inode_pages_range',
  '__phys_addr',
  '__fortify_report',
  'cleanup_srcu_struct',
  'rhashtable_lookup',
  'extract_(user|iter)_to_sg',
  'drop_nlink',
  '^get_taint$',
  '^put_device$',
  'lock_timer_base',
  '__timer_delete_sync',
  'sk_stop_timer_sync',
  '__mod_timer',
  'fast_dput',
  'dput',
  'mark_buffer_dirty',
];

/** Syscall wrappers name the same syscall on every arch: the shortest stripped name is used. */
const STRIP_PREFIXES = [
  'SYSC_',
  'SyS_',
  'sys_',
  '__x64_',
  '__ia32_',
  '__arm64_',
  '____sys_',
  '___sys_',
  '__sys_',
  '__se_',
  '__se_sys_',
  '__do_sys_',
  'compat_SYSC_',
  'compat_SyS_',
  'ksys_',
];

function stripFrame(fn: string): string {
  let best = fn;
  for (const p of STRIP_PREFIXES)
    if (fn.startsWith(p) && fn.length - p.length < best.length) best = fn.slice(p.length);
  return best;
}

/**
 * Where stalls are caught, the stack shows a random point of the looping
 * code: the frame just above the dispatcher (syscall entry, workqueue,
 * timer, file or socket operation) names the stall instead.
 */
const STALL_ANCHORS: readonly RegExp[] = [
  'process_one_work',
  'do_syscall_',
  'do_fast_syscall_',
  'sysenter_dispatch',
  'tracesys_phase2',
  'el0_svc_handler',
  'invoke_syscall',
  'ret_fast_syscall',
  'netif_receive_skb',
  'do_softirq',
  'call_timer_fn',
  '_run_timers',
  'run_timer_softirq',
  'hrtimer_run',
  'run_ksoftirqd',
  'smpboot_thread_fn',
  '^kthread$',
  'start_secondary',
  'cpu_startup_entry',
  'ret_from_fork',
  'vfs_write',
  'vfs_read',
  'vfs_iter_read',
  'vfs_iter_write',
  'do_iter_read',
  'do_iter_write',
  'call_read_iter',
  'call_write_iter',
  'new_sync_read',
  'new_sync_write',
  'vfs_ioctl',
  'ksys_ioctl',
  'compat_ioctl',
  'compat_sys_ioctl',
  'blkdev_driver_ioctl',
  'blkdev_ioctl',
  '^call_read_iter',
  '^call_write_iter',
  'do_iter_readv_writev',
  '^call_mmap',
  'mmap_region',
  'do_mmap',
  'do_dentry_open',
  'vfs_open',
  '^sock_sendmsg',
  '^sock_recvmsg',
  '^sock_release',
  '^__sock_release',
  '^setsockopt$',
  'kernel_setsockopt',
  'sock_common_setsockopt',
  '^listen$',
  'kernel_listen',
  'sk_common_release',
  '^sock_mmap',
  '^accept$',
  'kernel_accept',
  '^sock_do_ioctl',
  '^sock_ioctl',
  '^compat_sock_ioctl',
  '^nfnetlink_rcv_msg',
  '^rtnetlink_rcv_msg',
  '^netlink_dump',
  '^(sys_)?(socketpair|connect|ioctl)',
  '__do_fault',
  'do_page_fault',
  '^page_fault$',
  '__fput',
  'task_work_run',
  'exit_to_usermode',
  'smp_call_function',
  'tasklet_action',
  'tasklet_hi_action',
].map((s) => new RegExp(s));

function stallFrame(frames: readonly string[]): number {
  let prev = 0;
  for (let i = 0; i < frames.length; i++) {
    if (STALL_ANCHORS.some((re) => re.test(frames[i]!))) return prev;
    prev = i;
  }
  return -1;
}

/** Hung tasks wait in a victim's stack: RCU and rtnl waits are grouped, scheduler waits skipped. */
const HUNG_ANCHORS: readonly [string, string][] = [
  ['rtnl_lock', ''],
  ['synchronize_rcu', 'synchronize_rcu'],
  ['synchronize_srcu', 'synchronize_rcu'],
  ['synchronize_net', 'synchronize_rcu'],
  ['synchronize_sched', 'synchronize_rcu'],
];
const HUNG_SKIP = [
  'sched',
  '_lock',
  '_slowlock',
  'down',
  'rwsem',
  'completion',
  'kthread',
  'wait',
  'synchronize',
  'context_switch',
  '__switch_to',
  'cancel_delayed_work',
  'rcu_barrier',
];

function hungFrame(frames: readonly string[]): { i: number; name?: string } {
  for (let i = 0; i < frames.length; i++)
    for (const [anchor, repl] of HUNG_ANCHORS)
      if (frames[i]!.includes(anchor)) return repl ? { i, name: repl } : { i };
  for (let i = 0; i < frames.length; i++)
    if (!HUNG_SKIP.some((s) => frames[i]!.includes(s))) return { i };
  return { i: -1 };
}

export interface GuiltyFrame {
  /** With syscall prefixes stripped (the title's). */
  canonical: string;
  /** As printed (alternative titles). */
  raw: string;
}

/**
 * A skip list as one regex, with the verdicts on the names it has seen:
 * the same few hundred functions come back in every report.
 */
class Skip {
  private readonly re: RegExp;
  private readonly seen = new Map<string, boolean>();
  constructor(list: readonly string[]) {
    this.re = new RegExp(list.join('|'));
  }
  test(fn: string): boolean {
    let v = this.seen.get(fn);
    if (v === undefined) {
      v = this.re.test(fn);
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.set(detach(fn), v);
    }
    return v;
  }
}

const skipCache = new WeakMap<StackRule, Skip>();
const DEFAULT_SKIP = new Skip(SKIP_FRAMES);

function skipOf(rule: StackRule): Skip {
  if (!rule.skip?.length) return DEFAULT_SKIP;
  let sk = skipCache.get(rule);
  if (!sk) skipCache.set(rule, (sk = new Skip([...SKIP_FRAMES, ...rule.skip])));
  return sk;
}

const corruptedLine = (ln: string): boolean =>
  ln.includes('should_fail') && CORRUPTED_LINE.test(ln);

function partRe(p: Exclude<StackPart, 'trace'>): RegExp {
  return p === 'rip' ? RIP_FRAME : p === 'call-trace' ? CALL_TRACE : p;
}

function pick(raw: readonly string[], rule: StackRule): GuiltyFrame | undefined {
  if (raw.length === 0) return undefined;
  const stripped = raw.map(stripFrame);
  if (rule.extractor === 'stall') {
    const i = stallFrame(stripped);
    return i < 0 ? undefined : { canonical: stripped[i]!, raw: raw[i]! };
  }
  if (rule.extractor === 'hung') {
    const h = hungFrame(stripped);
    return h.i < 0 ? undefined : { canonical: h.name ?? stripped[h.i]!, raw: raw[h.i]! };
  }
  return { canonical: stripped[0]!, raw: raw[0]! };
}

function addFrames(out: string[], m: RegExpExecArray | null, skip: Skip): void {
  if (!m) return;
  for (let i = 1; i < m.length; i++) {
    const f = m[i];
    if (f !== undefined && !skip.test(f)) out.push(f);
  }
}

function framesOf(
  lines: readonly string[],
  parts: readonly StackPart[],
  rule: StackRule,
): { frames: GuiltyFrame[]; ok: boolean } {
  const skip = skipOf(rule);
  const results: GuiltyFrame[] = [];
  let raw: string[] = [];
  let ok = true;
  let traces = 0;
  let li = 0;
  const flush = () => {
    const f = pick(raw, rule);
    if (f) results.push(f);
    else {
      results.push({ canonical: 'corrupted', raw: 'corrupted' });
      ok = false;
    }
    raw = [];
  };
  for (let pi = 0; ; pi++) {
    if (pi === parts.length || (parts[pi] === 'trace' && traces > 0)) flush();
    if (pi === parts.length) break;
    const part = parts[pi]!;
    if (part === 'trace') {
      traces++;
      const next = pi + 1 < parts.length ? parts[pi + 1]! : undefined;
      const nextRe = next === undefined || next === 'trace' ? undefined : partRe(next);
      // The last trace of a rule without extractor: its first frame is the answer.
      const firstWins = next === undefined && rule.extractor === undefined;
      while (li < lines.length) {
        if (firstWins && raw.length > 0) break;
        const ln = lines[li++]!;
        if (corruptedLine(ln)) {
          ok = false;
          break;
        }
        if (STACK_START.test(ln)) break;
        if (nextRe) {
          const m = nextRe.exec(ln);
          if (m) {
            addFrames(raw, m, skip);
            pi++;
            break;
          }
        }
        for (const re of FRAME_RES) {
          const m = re.exec(ln);
          if (m) {
            addFrames(raw, m, skip);
            break;
          }
        }
      }
    } else {
      const re = partRe(part);
      while (li < lines.length) {
        const ln = lines[li++]!;
        if (corruptedLine(ln)) {
          ok = false;
          break;
        }
        const m = re.exec(ln);
        if (!m) continue;
        addFrames(raw, m, skip);
        break;
      }
    }
  }
  return { frames: results, ok };
}

/**
 * The guilty frames of a report (one per trace the rule reads), from its
 * message bodies starting at the title's line; `ok` is false when a frame
 * was not found (the title then says "corrupted").
 */
export function guiltyFrames(
  lines: readonly string[],
  rule: StackRule,
): { frames: GuiltyFrame[]; ok: boolean } {
  let r = framesOf(lines, rule.parts, rule);
  for (const parts of rule.otherwise ?? []) {
    if (r.ok) break;
    r = framesOf(lines, parts, rule);
  }
  return r;
}
