import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  detach
} from "./chunk-VGQD5WZU.js";
import {
  kernelText
} from "./chunk-ENS4J5SQ.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/system/decode.ts
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

// src/core/crash/frames.ts
function canonicalFn(fn) {
  const dot = fn.indexOf(".");
  return dot > 0 ? fn.slice(0, dot) : fn;
}
var GENERIC_FRAMES = new RegExp(
  "^(?:" + [
    // reporting
    "dump_stack(?:_lvl)?",
    "show_stack",
    "show_trace_log_lvl",
    "show_regs",
    "__show_regs",
    "panic",
    "vpanic",
    "nmi_panic",
    "__warn",
    "warn_slowpath_fmt",
    "report_bug",
    "handle_bug",
    "check_panic_on_warn",
    "print_report",
    "print_address_description",
    "kasan_\\w+",
    "__kasan_\\w+",
    "kfence_\\w+",
    "ubsan_\\w+",
    "__ubsan_handle_\\w+",
    "print_\\w+_bug",
    "print_circular_bug",
    "check_noncircular",
    "check_prev_add",
    "check_prevs_add",
    "validate_chain",
    "lockdep_\\w+",
    "lock_acquire",
    "lock_release",
    "__lock_acquire",
    "rcu_dump_cpu_stacks",
    "print_cpu_stall\\w*",
    "check_cpu_stall",
    "rcu_pending",
    "rcu_sched_clock_irq",
    "update_process_times",
    "tick_\\w+",
    "nmi_cpu_backtrace\\w*",
    "nmi_trigger_cpumask_backtrace",
    "arch_trigger_cpumask_backtrace",
    "watchdog_timer_fn",
    "__might_resched",
    "__might_sleep",
    "__might_fault",
    // traps and faults
    "exc_\\w+",
    "asm_exc_\\w+",
    "do_error_trap",
    "do_trap",
    "die",
    "__die",
    "__die_body",
    "die_addr",
    "oops_end",
    "page_fault_oops",
    "kernelmode_fixup_or_oops",
    "__bad_area_nosemaphore",
    "bad_area_nosemaphore",
    "do_user_addr_fault",
    "do_kern_addr_fault",
    "handle_page_fault",
    "fixup_exception",
    // interrupts
    "__sysvec_\\w+",
    "sysvec_\\w+",
    "asm_sysvec_\\w+",
    "asm_common_interrupt",
    "common_interrupt",
    "__hrtimer_run_queues",
    "hrtimer_interrupt",
    "irq_exit_rcu",
    "__irq_exit_rcu",
    "__do_softirq",
    "handle_softirqs",
    "do_softirq\\w*",
    // scheduling, sleeping and locking
    "__schedule",
    "__schedule_bug",
    "schedule_debug",
    "schedule",
    "msleep\\w*",
    "usleep_range\\w*",
    "ssleep",
    "schedule_\\w+",
    "io_schedule\\w*",
    "preempt_schedule\\w*",
    "__cond_resched",
    "__mutex_lock\\w*",
    "mutex_lock\\w*",
    "__wait_for_common",
    "wait_for_common\\w*",
    "wait_for_completion\\w*",
    "do_wait_for_common",
    "rwsem_down_\\w+",
    "__down\\w*",
    "down_read\\w*",
    "down_write\\w*",
    "down",
    "_raw_spin_\\w+",
    "_raw_read_\\w+",
    "_raw_write_\\w+",
    "queued_spin_lock_slowpath",
    "native_queued_spin_lock_slowpath",
    "do_raw_spin_lock",
    "cpu_relax",
    // allocation (kmemleak traces start there)
    "__create_object",
    "create_object\\w*",
    "kmemleak_(?:alloc|vmalloc)\\w*",
    "slab_post_alloc_hook",
    "slab_alloc_node",
    "__do_kmalloc_node",
    "pcpu_alloc\\w*",
    "__alloc_percpu\\w*",
    "alloc_percpu\\w*",
    "kmem_cache_alloc\\w*",
    "__kmem_cache_alloc\\w*",
    "kmalloc\\w*",
    "__kmalloc\\w*",
    "kzalloc\\w*",
    "kvmalloc\\w*",
    "__kvmalloc\\w*",
    "krealloc\\w*",
    "kmemdup\\w*",
    "kstrdup\\w*",
    "__alloc_pages\\w*",
    "alloc_pages\\w*",
    "__vmalloc\\w*",
    "vmalloc\\w*",
    "___slab_alloc",
    "__slab_alloc",
    "alloc_slab_page",
    // entry
    "do_syscall_64",
    "x64_sys_call",
    "entry_SYSCALL_64\\w*",
    "ret_from_fork\\w*",
    "kthread",
    "worker_thread",
    "process_one_work"
  ].join("|") + ")$"
);
var SEEN = 512;
var seenName = new Array(SEEN).fill(void 0);
var seenGeneric = new Uint8Array(SEEN);
function isGeneric(fn) {
  const n = fn.length;
  const h = n * 31 + fn.charCodeAt(0) * 7 + fn.charCodeAt(n >> 1) * 3 + fn.charCodeAt(n - 1) & SEEN - 1;
  if (seenName[h] === fn) return seenGeneric[h] === 1;
  const g = GENERIC_FRAMES.test(fn);
  seenName[h] = detach(fn);
  seenGeneric[h] = g ? 1 : 0;
  return g;
}

// src/system/decode.ts
function checkDecodeInputs(vmlinux, source, modules) {
  const v = resolve(vmlinux);
  const s = resolve(source);
  const m = modules === void 0 ? void 0 : resolve(modules);
  if (m !== void 0 && (!existsSync(m) || !statSync(m).isDirectory()))
    throw new UsageError(`--modules ${m}: not a directory`);
  if (!existsSync(v) || !statSync(v).isFile()) throw new UsageError(`--vmlinux ${v}: no such file`);
  if (!existsSync(join(s, "scripts", "decode_stacktrace.sh")))
    throw new UsageError(`--source ${s}: not a kernel tree (no scripts/decode_stacktrace.sh)`);
  return { vmlinux: v, source: s, ...m === void 0 ? {} : { modules: m } };
}
function decodeReport(report, opts) {
  return new Promise((done, fail) => {
    const script = join(opts.source, "scripts", "decode_stacktrace.sh");
    const base = opts.source.replace(/\/+$/, "");
    const args = [script, opts.vmlinux, base, ...opts.modules ? [opts.modules] : []];
    if (opts.signal?.aborted) return fail(new Error("cancelled"));
    const child = spawn("bash", args, {
      stdio: ["pipe", "pipe", "pipe"],
      detached: true
    });
    const killAll = () => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const out = [];
    const err = [];
    const timer = setTimeout(killAll, opts.timeoutMs ?? 12e4);
    opts.signal?.addEventListener("abort", killAll, { once: true });
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", killAll);
      fail(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", killAll);
      if (code === 0) done(Buffer.concat(out).toString("utf8").replace(/\n$/, ""));
      else
        fail(
          new Error(
            `decode_stacktrace.sh failed (${signal ?? `exit ${code}`}): ${Buffer.concat(err).toString("utf8").trim().split("\n").pop() ?? ""}`
          )
        );
    });
    child.stdin.end(report.endsWith("\n") ? report : `${report}
`);
  });
}
var DECODED_FRAME = /(?:^|[\s:?])([A-Za-z_][\w.$]*) \(((?:[^\s()]+\.[chSs]:\d+ ?)+)/;
var LAST_LOCATION = /([^\s()]+\.[chSs]):(\d+) ?$/;
function firstLocation(decoded, guilty) {
  let first;
  for (const l of decoded.split("\n")) {
    if (/\s\?\s/.test(l)) continue;
    const m = DECODED_FRAME.exec(l);
    if (!m) continue;
    const [, fn, locations] = m;
    const [, file, line] = LAST_LOCATION.exec(locations);
    if (file.startsWith("/")) continue;
    const here = { file, line: Number(line) };
    if (guilty !== void 0 && canonicalFn(fn) === guilty) return here;
    if (!first && !isGeneric(canonicalFn(fn))) {
      first = here;
      if (guilty === void 0) return first;
    }
  }
  return first;
}
function titleFunction(title) {
  const m = / in ([A-Za-z_][\w.]*)$/.exec(title);
  return m && m[1] !== "corrupted" ? canonicalFn(m[1]) : void 0;
}
async function decodeFindings(findings, opts, warn = () => {
}) {
  for (const f of findings) {
    if (opts.signal?.aborted) {
      warn("decoding cancelled: the remaining findings keep their raw reports");
      return;
    }
    try {
      const decoded = await decodeReport(f.report, opts);
      f.decoded = decoded;
      const loc = firstLocation(decoded, titleFunction(f.title));
      if (loc) f.location = loc;
    } catch (e) {
      warn(`decode of '${f.title}': ${e.message}`);
    }
  }
}

// src/core/crash/guilty.ts
function syz(re, flags = "") {
  return new RegExp(
    re.replaceAll("{{ADDR}}", "0x[0-9a-f]+").replaceAll("{{PC}}", "\\[\\<?(?:0x)?[0-9a-f]+\\>?\\]").replaceAll("{{FUNC}}", "([a-zA-Z0-9_]+)(?:\\.|\\+)").replaceAll("{{SRC}}", "([a-zA-Z0-9-_/.]+\\.[a-z]+:[0-9]+)").replaceAll("{{TASK}}", "[\\s\\S]{0,100}?"),
    flags
  );
}
var RIP_FRAME = syz(
  "(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\))"
);
var CALL_TRACE = /Call (?:T|t)race:|Backtrace:/;
var STACK_STARTS = [
  /Call (?:T|t)race/,
  /Allocated:/,
  /Allocated by task [0-9]+:/,
  /Freed:/,
  /Freed by task [0-9]+:/,
  // "backtrace:" of kmemleak (with its crc since 6.x), not lockdep's "stack backtrace:".
  /[^k] backtrace(?: \(crc [0-9A-Fa-f]*\))?:/,
  /Backtrace:/,
  /Uninit was stored to memory at/,
  /status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}/
];
var STACK_START = new RegExp(STACK_STARTS.map((re) => re.source).join("|"));
var FRAME_RES = [
  syz("^ *(?:{{PC}} ){0,2}{{FUNC}}"),
  // arm: "[<80c1e5e8>] (__schedule) from [<80c1eb20>] (schedule+0x60/0xdc)".
  syz("^ *{{PC}} \\(([a-zA-Z0-9_.]+)\\) from {{PC}} \\({{FUNC}}")
];
var CORRUPTED_LINE = /^( \[<?(?:0x)?[0-9a-f]+>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x/;
var SKIP_FRAMES = [
  "__sanitizer",
  "__asan",
  "kasan",
  "hwasan",
  "__msan",
  "kmsan",
  "kcsan_setup_watchpoint",
  "check_memory_region",
  "check_heap_object",
  "check_object",
  "read_word_at_a_time",
  "(read|write)_once_.*nocheck",
  "print_address_description",
  "panic",
  "invalid_op",
  "report_bug",
  "fixup_bug",
  "print_report",
  "print_usage_bug",
  "do_error",
  "_trap$|do_trap",
  "show_stack",
  "dump_stack",
  "walk_stack",
  "dump_backtrace",
  "warn_slowpath",
  "warn_alloc",
  "warn_bogus",
  "__warn",
  "alloc_page",
  "k?v?(?:m|z|c)alloc",
  "krealloc",
  "kmem_cache",
  "allocate_slab",
  "__alloc_frozen_pages_noprof",
  "folio_(?:alloc|unlock)",
  "filemap_alloc_folio",
  "__filemap_get_folio",
  "find_or_create_page",
  "do_read_cache_folio",
  "read_cache_page",
  "pagecache_get_page",
  "grab_cache_page_write_begin",
  "slab_",
  "debug_object",
  "timer_is_static_object",
  "work_is_static_object",
  "__might_fault",
  "print_unlock",
  "imbalance_bug",
  "lockdep",
  "bh_enable",
  "bh_disable",
  "perf_trace",
  "lock_acquire",
  "lock_release",
  "lock_class",
  "mark_lock",
  "(reacquire|mark)_held_locks",
  "raw_spin_rq",
  "spin_lock",
  "spin_trylock",
  "spin_unlock",
  "read_lock",
  "read_trylock",
  "write_lock",
  "write_trylock",
  "read_unlock",
  "write_unlock",
  "^down$",
  "down_read",
  "down_write",
  "down_read_trylock",
  "down_write_trylock",
  "down_trylock",
  "up_read",
  "up_write",
  "^mutex_",
  "^__mutex_",
  "^rt_mutex_",
  "owner_on_cpu",
  "osq_lock",
  "osq_unlock",
  "atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
  "(set|clear|change|test)_bit",
  "__wake_up",
  "^refcount_",
  "^kref_",
  "ref_tracker",
  "seqprop_assert",
  "memcpy",
  "memcmp",
  "memset",
  "memchr",
  "memmove",
  "memdup",
  "strcmp",
  "strncmp",
  "strcpy",
  "strlcpy",
  "strncpy",
  "strscpy",
  "strlen",
  "strstr",
  "strnstr",
  "strnlen",
  "strchr",
  "strdup",
  "strndup",
  "copy_to_user",
  "copy_from_user",
  "copy_to_iter",
  "copy_from_iter",
  "copy_page_to_iter",
  "copy_page_from_iter",
  "copy_folio_to_iter",
  "^copyin$",
  "^copyout$",
  "put_user",
  "get_user",
  "might_fault",
  "might_sleep",
  "list_add",
  "list_del",
  "list_replace",
  "list_move",
  "list_splice",
  "^rb_",
  "^__rb_",
  "_indirect_thunk_",
  "string",
  "pointer",
  "snprintf",
  "scnprintf",
  "kasprintf",
  "kvasprintf",
  "printk",
  "va_format",
  "dev_info",
  "dev_notice",
  "dev_warn",
  "dev_err",
  "dev_alert",
  "dev_crit",
  "dev_emerg",
  "program_check_exception",
  "program_check_common",
  "del_timer",
  "flush_work",
  "__cancel_work_timer",
  "cancel_work_sync",
  "try_to_grab_pending",
  "flush_workqueue",
  "drain_workqueue",
  "destroy_workqueue",
  "queue_work",
  "finish_wait",
  "kthread_stop",
  "kobject_",
  "add_uevent_var",
  "get_device_parent",
  "device_add",
  "device_del",
  "device_unregister",
  "device_destroy",
  "device_release",
  "devres_release_all",
  "hwrng_unregister",
  "i2c_del_adapter",
  "__unregister_client",
  "device_for_each_child",
  "rollback_registered",
  "unregister_netdev",
  "sysfs_remove",
  "device_remove_file",
  "tty_unregister_device",
  "dummy_urb_enqueue",
  "usb_kill_urb",
  "usb_kill_anchored_urbs",
  "usb_control_msg",
  "usb_hcd_submit_urb",
  "usb_submit_urb",
  "^complete$",
  "wait_for_completion",
  "^kv?free$",
  "kfree_skb",
  "readb$",
  "readw$",
  "readl$",
  "readq$",
  "writeb$",
  "writew$",
  "writel$",
  "writeq$",
  "logic_in",
  "logic_out",
  "^crc\\d+",
  "crc_itu_t",
  "__might_resched",
  "assertfail",
  "^iput$",
  "^iput_final$",
  "^ihold$",
  "hex_dump_to_buffer",
  "print_hex_dump",
  "^klist_",
  "(trace|lockdep)_(hard|soft)irq",
  "^(un)?lock_page",
  "stack_trace_consume_entry",
  "arch_stack_walk",
  "stack_trace_save",
  "insert_work",
  "__queue_delayed_work",
  "queue_delayed_work_on",
  "ida_free",
  // arm64 translation fault path.
  "do_(kernel|translation)_fault",
  "do_mem_abort",
  "el1_abort",
  "el1h_64_sync(?:_handler)?",
  "print_tainted",
  "xas_(?:start|load|find)",
  "find_lock_entries",
  "truncate_inode_pages_range",
  "__phys_addr",
  "__fortify_report",
  "cleanup_srcu_struct",
  "rhashtable_lookup",
  "extract_(user|iter)_to_sg",
  "drop_nlink",
  "^get_taint$",
  "^put_device$",
  "lock_timer_base",
  "__timer_delete_sync",
  "sk_stop_timer_sync",
  "__mod_timer",
  "fast_dput",
  "dput",
  "mark_buffer_dirty"
];
var STRIP_PREFIXES = [
  "SYSC_",
  "SyS_",
  "sys_",
  "__x64_",
  "__ia32_",
  "__arm64_",
  "____sys_",
  "___sys_",
  "__sys_",
  "__se_",
  "__se_sys_",
  "__do_sys_",
  "compat_SYSC_",
  "compat_SyS_",
  "ksys_"
];
function stripFrame(fn) {
  let best = fn;
  for (const p of STRIP_PREFIXES)
    if (fn.startsWith(p) && fn.length - p.length < best.length) best = fn.slice(p.length);
  return best;
}
var STALL_ANCHORS = [
  "process_one_work",
  "do_syscall_",
  "do_fast_syscall_",
  "sysenter_dispatch",
  "tracesys_phase2",
  "el0_svc_handler",
  "invoke_syscall",
  "ret_fast_syscall",
  "netif_receive_skb",
  "do_softirq",
  "call_timer_fn",
  "_run_timers",
  "run_timer_softirq",
  "hrtimer_run",
  "run_ksoftirqd",
  "smpboot_thread_fn",
  "^kthread$",
  "start_secondary",
  "cpu_startup_entry",
  "ret_from_fork",
  "vfs_write",
  "vfs_read",
  "vfs_iter_read",
  "vfs_iter_write",
  "do_iter_read",
  "do_iter_write",
  "call_read_iter",
  "call_write_iter",
  "new_sync_read",
  "new_sync_write",
  "vfs_ioctl",
  "ksys_ioctl",
  "compat_ioctl",
  "compat_sys_ioctl",
  "blkdev_driver_ioctl",
  "blkdev_ioctl",
  "^call_read_iter",
  "^call_write_iter",
  "do_iter_readv_writev",
  "^call_mmap",
  "mmap_region",
  "do_mmap",
  "do_dentry_open",
  "vfs_open",
  "^sock_sendmsg",
  "^sock_recvmsg",
  "^sock_release",
  "^__sock_release",
  "^setsockopt$",
  "kernel_setsockopt",
  "sock_common_setsockopt",
  "^listen$",
  "kernel_listen",
  "sk_common_release",
  "^sock_mmap",
  "^accept$",
  "kernel_accept",
  "^sock_do_ioctl",
  "^sock_ioctl",
  "^compat_sock_ioctl",
  "^nfnetlink_rcv_msg",
  "^rtnetlink_rcv_msg",
  "^netlink_dump",
  "^(sys_)?(socketpair|connect|ioctl)",
  "__do_fault",
  "do_page_fault",
  "^page_fault$",
  "__fput",
  "task_work_run",
  "exit_to_usermode",
  "smp_call_function",
  "tasklet_action",
  "tasklet_hi_action"
].map((s) => new RegExp(s));
function stallFrame(frames) {
  let prev = 0;
  for (let i = 0; i < frames.length; i++) {
    if (STALL_ANCHORS.some((re) => re.test(frames[i]))) return prev;
    prev = i;
  }
  return -1;
}
var HUNG_ANCHORS = [
  ["rtnl_lock", ""],
  ["synchronize_rcu", "synchronize_rcu"],
  ["synchronize_srcu", "synchronize_rcu"],
  ["synchronize_net", "synchronize_rcu"],
  ["synchronize_sched", "synchronize_rcu"]
];
var HUNG_SKIP = [
  "sched",
  "_lock",
  "_slowlock",
  "down",
  "rwsem",
  "completion",
  "kthread",
  "wait",
  "synchronize",
  "context_switch",
  "__switch_to",
  "cancel_delayed_work",
  "rcu_barrier"
];
function hungFrame(frames) {
  for (let i = 0; i < frames.length; i++)
    for (const [anchor, repl] of HUNG_ANCHORS)
      if (frames[i].includes(anchor)) return repl ? { i, name: repl } : { i };
  for (let i = 0; i < frames.length; i++)
    if (!HUNG_SKIP.some((s) => frames[i].includes(s))) return { i };
  return { i: -1 };
}
var Skip = class {
  re;
  seen = /* @__PURE__ */ new Map();
  constructor(list) {
    this.re = new RegExp(list.join("|"));
  }
  test(fn) {
    let v = this.seen.get(fn);
    if (v === void 0) {
      v = this.re.test(fn);
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.set(detach(fn), v);
    }
    return v;
  }
};
var skipCache = /* @__PURE__ */ new WeakMap();
var DEFAULT_SKIP = new Skip(SKIP_FRAMES);
function skipOf(rule) {
  if (!rule.skip?.length) return DEFAULT_SKIP;
  let sk = skipCache.get(rule);
  if (!sk) skipCache.set(rule, sk = new Skip([...SKIP_FRAMES, ...rule.skip]));
  return sk;
}
var corruptedLine = (ln) => ln.includes("should_fail") && CORRUPTED_LINE.test(ln);
function partRe(p) {
  return p === "rip" ? RIP_FRAME : p === "call-trace" ? CALL_TRACE : p;
}
function pick(raw, rule) {
  if (raw.length === 0) return void 0;
  const stripped = raw.map(stripFrame);
  if (rule.extractor === "stall") {
    const i = stallFrame(stripped);
    return i < 0 ? void 0 : { canonical: stripped[i], raw: raw[i] };
  }
  if (rule.extractor === "hung") {
    const h = hungFrame(stripped);
    return h.i < 0 ? void 0 : { canonical: h.name ?? stripped[h.i], raw: raw[h.i] };
  }
  return { canonical: stripped[0], raw: raw[0] };
}
function addFrames(out, m, skip) {
  if (!m) return;
  for (let i = 1; i < m.length; i++) {
    const f = m[i];
    if (f !== void 0 && !skip.test(f)) out.push(f);
  }
}
function framesOf(lines, parts, rule) {
  const skip = skipOf(rule);
  const results = [];
  let raw = [];
  let ok = true;
  let traces = 0;
  let li = 0;
  const flush = () => {
    const f = pick(raw, rule);
    if (f) results.push(f);
    else {
      results.push({ canonical: "corrupted", raw: "corrupted" });
      ok = false;
    }
    raw = [];
  };
  for (let pi = 0; ; pi++) {
    if (pi === parts.length || parts[pi] === "trace" && traces > 0) flush();
    if (pi === parts.length) break;
    const part = parts[pi];
    if (part === "trace") {
      traces++;
      const next = pi + 1 < parts.length ? parts[pi + 1] : void 0;
      const nextRe = next === void 0 || next === "trace" ? void 0 : partRe(next);
      const firstWins = next === void 0 && rule.extractor === void 0;
      while (li < lines.length) {
        if (firstWins && raw.length > 0) break;
        const ln = lines[li++];
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
        const ln = lines[li++];
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
function guiltyFrames(lines, rule) {
  let r = framesOf(lines, rule.parts, rule);
  for (const parts of rule.otherwise ?? []) {
    if (r.ok) break;
    r = framesOf(lines, parts, rule);
  }
  return r;
}

// src/core/crash/patterns.ts
var END_TRACE = /^---\[ end trace [0-9a-f]+ \]---/;
var SEPARATOR = /^={20,}\s*$/;
var OOPS_HEADER = "oops";
var RIP_THEN_TRACE = { parts: ["rip", "call-trace", "trace"] };
var CALL_TRACE2 = { parts: ["call-trace", "trace"] };
var RIP_ONLY = { parts: ["rip"] };
var warningStack = (...skip) => ({
  parts: [syz(`(?:${RIP_FRAME.source}|--- interrupt: [0-9]+ at {{FUNC}})`), "trace"],
  otherwise: [["call-trace", "trace"]],
  skip
});
var BAD_ACCESS = ["bad-access in %[1]v"];
var SYZ_OOPS = "(?:general protection fault|stack segment|divide.error|invalid opcode|int3):";
var KASAN_FORMATS = [
  {
    title: /BUG: KASAN:/,
    report: syz(
      "BUG: KASAN: ([a-z\\-]+) in {{FUNC}}(?:.*\\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)"
    ),
    fmt: "KASAN: %[1]v %[3]v in %[4]v",
    alt: ["bad-access in %[4]v"],
    stack: {
      parts: [syz("BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}"), "call-trace", "trace"],
      // Frames of KASAN_HW_TAGS reports (arm64 MTE).
      skip: ["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"]
    }
  },
  {
    title: /BUG: KASAN:/,
    report: syz("BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"),
    fmt: "KASAN: invalid-free in %[2]v",
    alt: ["invalid-free in %[2]v"],
    stack: {
      parts: [
        syz("BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"),
        "call-trace",
        "trace"
      ],
      skip: ["slab_", "kfree", "vunmap", "vfree"]
    }
  },
  {
    title: /BUG: KASAN: ([a-z-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+)/,
    fmt: "KASAN: %[1]v %[2]v"
  },
  { title: /BUG: KASAN: (.*)/, fmt: "KASAN: %[1]v", corrupted: true }
];
var KMSAN_FORMATS = [
  {
    title: /BUG: KMSAN: kernel-usb-infoleak/,
    report: syz("BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}"),
    fmt: "KMSAN: kernel-usb-infoleak in %[2]v",
    alt: ["KMSAN origin in %[3]v"],
    stack: {
      parts: ["trace", /(Local variable .* created at:|Uninit was created at:)/, "trace"],
      skip: [
        "alloc_skb",
        "usb_submit_urb",
        "usb_start_wait_urb",
        "usb_bulk_msg",
        "usb_interrupt_msg",
        "usb_control_msg"
      ]
    }
  },
  {
    title: /BUG: KMSAN:/,
    report: syz("BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}"),
    fmt: "KMSAN: %[1]v in %[3]v",
    alt: ["bad-access in %[3]v"],
    stack: {
      parts: ["trace", /(Local variable .* created at:|Uninit was created at:)/, "trace"],
      // Crypto code is where such bugs surface, rarely where they are.
      skip: [
        "alloc_skb",
        "netlink_ack",
        "netlink_rcv_skb",
        "_encrypt$",
        "^(?:crypto|cipher|drbg|rng)_"
      ]
    }
  }
];
var KFENCE_STACK = {
  parts: [syz("BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}"), "trace"]
};
var BAD_ACCESS_FORMATS = [
  {
    title: /BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)/,
    fmt: "BUG: unable to handle kernel paging request in %[1]v",
    alt: BAD_ACCESS,
    stack: RIP_THEN_TRACE
  },
  {
    title: /BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)/,
    fmt: "BUG: unable to handle kernel NULL pointer dereference in %[1]v",
    alt: BAD_ACCESS,
    stack: RIP_THEN_TRACE
  },
  {
    // The second half of the line is a separate printk and may be lost.
    title: /BUG: (?:unable to handle kernel|Unable to handle kernel)/,
    fmt: "BUG: unable to handle kernel",
    corrupted: true
  }
];
var LOCKDEP_FORMATS = [
  {
    title: /WARNING: possible circular locking dependency detected/,
    report: /WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock/,
    fmt: "possible deadlock in %[1]v",
    stack: {
      parts: [syz("at: (?:{{PC}} +)?{{FUNC}}"), syz("at: (?:{{PC}} +)?{{FUNC}}"), "trace"],
      // Locks of work items: deadlocks there belong to the work's subsystem.
      skip: ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"]
    }
  },
  {
    title: /WARNING: possible irq lock inversion dependency detected/,
    report: syz(
      "WARNING: possible irq lock inversion dependency detected(?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /WARNING: .*-safe -> .*-unsafe lock order detected/,
    fmt: "possible deadlock in %[1]v",
    stack: { parts: [/which became (?:.*) at:/, "trace"] }
  },
  {
    title: /WARNING: possible recursive locking detected/,
    report: syz(
      "WARNING: possible recursive locking detected(?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /WARNING: inconsistent lock state/,
    report: syz(
      "WARNING: inconsistent lock state(?:.*\\n)+?.*takes(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"
    ),
    fmt: "inconsistent lock state in %[2]v",
    stack: CALL_TRACE2
  },
  {
    title: /WARNING: suspicious RCU usage/,
    report: syz("WARNING: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}"),
    fmt: "WARNING: suspicious RCU usage in %[2]v",
    stack: { ...CALL_TRACE2, skip: ["rcu", "kmem", "slab"] }
  },
  {
    title: /WARNING: .*still has locks held!/,
    report: syz("WARNING: .*still has locks held!(?:.*\\n)+?.*at: {{FUNC}}"),
    fmt: "WARNING: still has locks held in %[1]v"
  },
  {
    title: /WARNING: Nested lock was not taken/,
    fmt: "WARNING: nested lock was not taken in %[1]v",
    stack: warningStack()
  },
  {
    title: /WARNING: lock held when returning to user space/,
    report: syz(
      "WARNING: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"
    ),
    fmt: "WARNING: lock held when returning to user space in %[1]v"
  },
  {
    title: /WARNING: bad unlock balance detected!/,
    fmt: "WARNING: bad unlock balance in %[1]v",
    stack: { parts: [syz("{{PC}} +{{FUNC}}"), "call-trace", "trace"] }
  },
  {
    title: /WARNING: held lock freed!/,
    report: syz("WARNING: held lock freed!(?:.*\\n)+?.*at:(?: {{PC}})? +{{FUNC}}"),
    fmt: "WARNING: held lock freed in %[1]v"
  },
  // 4.x: lockdep's banners as "[ BUG: ... ]" / "[ INFO: ... ]".
  {
    title: /BUG: .*still has locks held!/,
    report: syz("BUG: .*still has locks held!(?:.*\\n)+?.*{{PC}} +{{FUNC}}"),
    fmt: "BUG: still has locks held in %[1]v"
  },
  {
    title: /BUG: lock held when returning to user space/,
    report: syz(
      "BUG: lock held when returning to user space(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"
    ),
    fmt: "BUG: lock held when returning to user space in %[1]v"
  },
  {
    title: /BUG: bad unlock balance detected!/,
    fmt: "BUG: bad unlock balance in %[1]v",
    stack: { parts: [syz("{{PC}} +{{FUNC}}"), "call-trace", "trace"] }
  },
  {
    title: /BUG: held lock freed!/,
    report: syz("BUG: held lock freed!(?:.*\\n)+?.*{{PC}} +{{FUNC}}"),
    fmt: "BUG: held lock freed in %[1]v"
  },
  {
    // arm/arm64 print it as BUG, x86 as WARNING: one title for both.
    title: /BUG: Invalid wait context/,
    fmt: "WARNING: locking bug in %[1]v",
    stack: { ...CALL_TRACE2, skip: ["lock_sock", "release_sock"] }
  },
  {
    title: /INFO: possible circular locking dependency detected/,
    report: syz(
      "INFO: possible circular locking dependency detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /INFO: possible irq lock inversion dependency detected/,
    report: syz(
      "INFO: possible irq lock inversion dependency detected \\](?:.*\\n)+?.*just changed the state of lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected/,
    report: syz(
      "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\](?:.*\\n)+?.*is trying to acquire(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /INFO: possible recursive locking detected/,
    report: syz(
      "INFO: possible recursive locking detected \\](?:.*\\n)+?.*is trying to acquire lock(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"
    ),
    fmt: "possible deadlock in %[1]v"
  },
  {
    title: /INFO: inconsistent lock state/,
    report: syz(
      "INFO: inconsistent lock state \\](?:.*\\n)+?.*takes(?:.*\\n)+?.*at: {{PC}} +{{FUNC}}"
    ),
    fmt: "inconsistent lock state in %[1]v"
  },
  {
    title: /INFO: suspicious RCU usage/,
    report: syz("INFO: suspicious RCU usage(?:.*\\n)+?.*?{{SRC}}"),
    fmt: "INFO: suspicious RCU usage in %[2]v",
    stack: { ...CALL_TRACE2, skip: ["rcu", "kmem", "slab"] }
  }
];
var WARNING_FORMATS = [
  {
    title: /WARNING: .*lib\/debugobjects\.c.* (?:debug_print|debug_check|at)/,
    fmt: "WARNING: ODEBUG bug in %[1]v",
    // ODEBUG's users too: timers, work, percpu, vfree.
    stack: warningStack(
      "debug_",
      "rcu",
      "hrtimer_",
      "timer_",
      "work_",
      "percpu_",
      "vunmap",
      "vfree",
      "__free_",
      "debug_check",
      "kobject_"
    )
  },
  {
    title: /WARNING: .*mm\/usercopy\.c.* (?:usercopy_warn|at)/,
    fmt: "WARNING: bad usercopy in %[1]v",
    stack: warningStack("usercopy", "__check")
  },
  {
    title: /WARNING: .*lib\/kobject\.c.* (?:kobject_|at)/,
    fmt: "WARNING: kobject bug in %[1]v",
    stack: warningStack("kobject_")
  },
  {
    title: /WARNING: .*fs\/proc\/generic\.c.* (?:proc_register|at)/,
    fmt: "WARNING: proc registration bug in %[1]v",
    stack: warningStack("proc_")
  },
  {
    title: /WARNING: .*lib\/refcount\.c.* (?:refcount_|at)/,
    fmt: "WARNING: refcount bug in %[1]v",
    stack: warningStack("refcount", "kobject_")
  },
  {
    title: /WARNING: .*kernel\/locking\/lockdep\.c.*lock_/,
    fmt: "WARNING: locking bug in %[1]v",
    stack: warningStack("lock_sock", "release_sock")
  },
  {
    title: /WARNING: .*mm\/.*\.c.* k?.?malloc/,
    fmt: "WARNING: kmalloc bug in %[1]v",
    stack: warningStack("kmalloc", "krealloc", "slab", "kmem")
  },
  {
    title: /WARNING: .*mm\/vmalloc.c.*__vmalloc_node/,
    fmt: "WARNING: zero-size vmalloc in %[1]v",
    stack: warningStack()
  },
  {
    title: /WARNING: .* usb_submit_urb/,
    fmt: "WARNING in %[1]v/usb_submit_urb",
    stack: warningStack(
      "usb_submit_urb",
      "usb_start_wait_urb",
      "usb_bulk_msg",
      "usb_interrupt_msg",
      "usb_control_msg"
    )
  },
  {
    // Mainline since late 2025: "WARNING: kernel/foo.c:12 at 0x..., CPU#0: comm/pid".
    title: syz("WARNING: {{SRC}} at 0x\\d+, CPU#\\d+"),
    fmt: "WARNING in %[2]v",
    stack: warningStack()
  },
  { title: syz("WARNING: .* at {{SRC}} {{FUNC}}"), fmt: "WARNING in %[3]v", stack: warningStack() },
  { title: syz("WARNING: {{SRC}} at {{FUNC}}"), fmt: "WARNING in %[3]v", stack: warningStack() },
  {
    title: syz("WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*"),
    fmt: "WARNING in %[3]v",
    stack: warningStack()
  },
  {
    title: /WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value/,
    fmt: "WARNING: kernel stack regs has bad '%[1]v' value"
  },
  {
    title: /WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value/,
    fmt: "WARNING: kernel stack frame pointer has bad value"
  },
  // %p prints "(ptrval)" before the random seed is ready.
  {
    title: /WARNING: kernel stack regs .* has bad 'bp' value/,
    fmt: "WARNING: kernel stack regs has bad value"
  },
  {
    title: /WARNING: kernel stack frame pointer .* has bad value/,
    fmt: "WARNING: kernel stack regs has bad value"
  },
  { title: /WARNING:\s*(?:\n|$)/, fmt: "WARNING: corrupted", corrupted: true }
];
var KERNEL_PANIC_FORMATS = [
  // The kernel may fail to print the symbol or unwind a corrupted stack.
  {
    title: /Kernel panic - not syncing: stack-protector:/,
    report: syz(
      "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}"
    ),
    fmt: "kernel panic: stack is corrupted in %[1]v"
  },
  {
    title: /Kernel panic - not syncing: stack-protector:/,
    report: /Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+/,
    fmt: "kernel panic: stack is corrupted in %[1]v",
    stack: { ...CALL_TRACE2, skip: ["stack_chk"] }
  },
  {
    title: /Kernel panic - not syncing: corrupted stack end/,
    report: /Kernel panic - not syncing: corrupted stack end detected inside scheduler/,
    fmt: "kernel panic: corrupted stack end in %[1]v",
    alt: ["stack-overflow in %[1]v"],
    stack: { ...CALL_TRACE2, skip: ["schedule", "retint_kernel"], extractor: "stall" }
  },
  {
    title: /Kernel panic - not syncing: kernel stack overflow/,
    fmt: "kernel stack overflow in %[1]v",
    alt: ["stack-overflow in %[1]v"],
    stack: { ...CALL_TRACE2, skip: ["bad_stack"], extractor: "stall" }
  },
  {
    title: /Kernel panic - not syncing: Attempted to kill init!/,
    fmt: "kernel panic: Attempted to kill init!"
  },
  {
    title: /Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+/,
    fmt: "kernel panic: Couldn't open N_TTY ldisc"
  },
  // Panics that follow a report whose start was lost.
  {
    title: /Kernel panic - not syncing: Fatal exception/,
    fmt: "kernel panic: Fatal exception",
    corrupted: true
  },
  {
    title: /Kernel panic - not syncing: panic_on_warn set/,
    fmt: "kernel panic: panic_on_warn set",
    corrupted: true
  },
  {
    title: /Kernel panic - not syncing: hung_task: blocked tasks/,
    fmt: "kernel panic: hung_task: blocked tasks",
    corrupted: true
  },
  { title: /Kernel panic - not syncing: (.*)/, fmt: "kernel panic: %[1]v" }
];
var MEMORY_LEAK = {
  title: /BUG: memory leak|unreferenced object/,
  fmt: "memory leak in %[1]v",
  stack: {
    parts: [/backtrace(?: \(crc [0-9A-Fa-f]*\))?:/, "trace"],
    // kmemleak's own frames and the allocators'. syzkaller skips every
    // "kmemleak" and "kmem" name; the kernel's kmemleak-test module
    // (samples/kmemleak) is named after them and is what is guilty there.
    skip: [
      "kmemleak(?!_test)",
      "mmap",
      "kmem(?!leak_test)",
      "slab",
      "alloc",
      "create_object",
      "idr_get",
      "list_lru_init",
      "kasprintf",
      "kvasprintf",
      "pcpu_create",
      "strdup",
      "strndup",
      "memdup"
    ]
  }
};
var PATTERNS = [
  {
    id: "kill-init",
    kind: "kill-init",
    fatal: true,
    start: /^Kernel panic - not syncing: (Attempted to kill init!.*)$/,
    end: /^---\[ end Kernel panic/,
    titles: KERNEL_PANIC_FORMATS,
    source: 'kernel/exit.c: panic("Attempted to kill init! exitcode=0x%08x\\n") (4.19-mainline)'
  },
  {
    id: "panic",
    kind: "panic",
    fatal: true,
    start: /^Kernel panic - not syncing: (.*?)\s*$/,
    end: /^---\[ end Kernel panic/,
    titles: KERNEL_PANIC_FORMATS,
    source: 'kernel/panic.c: pr_emerg("Kernel panic - not syncing: %s\\n") (4.19-mainline)'
  },
  {
    id: "null-deref",
    kind: "oops",
    fatal: true,
    start: /^BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: BAD_ACCESS_FORMATS,
    source: 'arch/x86/mm/fault.c: show_fault_oops() pr_alert("BUG: kernel NULL pointer dereference, address: %px\\n") (5.0+; 4.19: "BUG: unable to handle kernel NULL pointer dereference at %px"); powerpc "Kernel NULL pointer dereference"'
  },
  {
    id: "page-fault",
    kind: "oops",
    fatal: true,
    start: /^BUG: (?:unable to handle |Unable to handle kernel )/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: BAD_ACCESS_FORMATS,
    source: 'arch/x86/mm/fault.c: show_fault_oops() pr_alert("BUG: unable to handle page fault for address: %px\\n") (5.0+; 4.19: "BUG: unable to handle kernel paging request at %px"); powerpc "Unable to handle kernel data access"'
  },
  {
    id: "kasan",
    kind: "kasan",
    fatal: false,
    start: /^BUG: KASAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: KASAN_FORMATS,
    source: 'mm/kasan/report.c: print_error_description() pr_err("BUG: KASAN: %s in %pS\\n") (4.19-mainline; 4.x old: "BUG: KASAN: %s in %pS at addr %p", "%s of size %zu by task")'
  },
  {
    id: "kfence",
    kind: "kfence",
    fatal: false,
    start: /^BUG: KFENCE: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: [
      {
        title: syz("BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}"),
        fmt: "KFENCE: %[1]v %[2]v in %[4]v",
        alt: ["bad-access in %[4]v"],
        stack: KFENCE_STACK
      },
      {
        title: syz("BUG: KFENCE: invalid free in {{FUNC}}"),
        fmt: "KFENCE: invalid free in %[2]v",
        alt: ["invalid-free in %[2]v"],
        stack: KFENCE_STACK
      },
      {
        title: syz("BUG: KFENCE: invalid (read|write) in {{FUNC}}"),
        fmt: "KFENCE: invalid %[1]v in %[3]v",
        alt: ["bad-access in %[3]v"],
        stack: KFENCE_STACK
      },
      {
        title: syz("BUG: KFENCE: memory corruption in {{FUNC}}"),
        fmt: "KFENCE: memory corruption in %[2]v",
        stack: KFENCE_STACK
      }
    ],
    source: 'mm/kfence/report.c: kfence_report_error() pr_err("BUG: KFENCE: %s in %pS\\n") (5.12+)'
  },
  {
    id: "kcsan",
    kind: "kcsan",
    fatal: false,
    start: /^BUG: KCSAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: [{ title: /BUG: KCSAN:/, report: /BUG: KCSAN: (.*)/, fmt: "KCSAN: %[1]v" }],
    source: 'kernel/kcsan/report.c: print_report() pr_err("BUG: KCSAN: %s in %pS / %pS\\n") (5.8+)'
  },
  {
    id: "kmsan",
    kind: "kmsan",
    fatal: false,
    start: /^BUG: KMSAN: /,
    prelude: SEPARATOR,
    end: SEPARATOR,
    titles: KMSAN_FORMATS,
    source: 'mm/kmsan/report.c: kmsan_report() pr_err("BUG: KMSAN: %s in %pSr\\n") (6.1+)'
  },
  {
    id: "ubsan",
    kind: "ubsan",
    fatal: false,
    start: /^UBSAN: /,
    prelude: SEPARATOR,
    // 6.12 ends with "---[ end trace ]---" (lib/ubsan.c ubsan_epilogue), older kernels with a row of "=".
    end: /^(?:={20,}\s*$|---\[ end trace(?: [0-9a-f]+)? \]---)/,
    titles: [
      {
        title: /UBSAN:/,
        report: /UBSAN: Undefined behaviour in/,
        fmt: "UBSAN: undefined-behaviour in %[1]v",
        stack: { ...CALL_TRACE2, skip: ["ubsan", "overflow"] }
      },
      {
        title: /UBSAN: array-index-out-of-bounds in/,
        fmt: "UBSAN: array-index-out-of-bounds in %[1]v",
        alt: BAD_ACCESS,
        stack: { ...CALL_TRACE2, skip: ["ubsan", "overflow"] }
      },
      {
        title: /UBSAN:/,
        report: /UBSAN: (.*?) in/,
        fmt: "UBSAN: %[1]v in %[2]v",
        stack: { ...CALL_TRACE2, skip: ["ubsan", "overflow"] }
      }
    ],
    source: 'lib/ubsan.c: ubsan_prologue() pr_err("UBSAN: %s in %s:%d:%d\\n") (5.11+; 4.19-5.10: "UBSAN: Undefined behaviour in %s:%d:%d")'
  },
  {
    id: "kmemleak",
    kind: "kmemleak",
    fatal: false,
    start: /^(?:kmemleak: )?unreferenced object 0x[0-9a-f]+ \(size \d+\):/,
    continueWhile: /^(?:kmemleak: )?\s/,
    titles: [MEMORY_LEAK],
    // Printed on the console only with kmemleak.verbose=1 (else only to the
    // debugfs reader): the default cmdline sets it.
    source: 'mm/kmemleak.c: print_unreferenced() "unreferenced object 0x%08lx (size %zu):\\n" (4.19-mainline; "backtrace (crc %x):" since 6.7)'
  },
  {
    // What syzkaller prints before the debugfs kmemleak report it read.
    id: "memory-leak",
    kind: "kmemleak",
    fatal: false,
    start: /^BUG: memory leak$/,
    absorbs: ["kmemleak"],
    titles: [MEMORY_LEAK],
    source: 'syzkaller pkg/report: "BUG: memory leak" then /sys/kernel/debug/kmemleak (mm/kmemleak.c print_unreferenced)'
  },
  {
    id: "lockdep",
    kind: "lockdep",
    fatal: false,
    start: /^(?:\[ )?(?:WARNING: (?:possible circular locking dependency detected|inconsistent lock state|possible recursive locking detected|suspicious RCU usage|possible irq lock inversion dependency detected|bad unlock balance detected!|held lock freed!|lock held when returning to user space!?|Nested lock was not taken|\S+-safe -> \S+-unsafe lock order detected|.*still has locks held!)|BUG: (?:Invalid wait context|bad unlock balance detected!|held lock freed!|lock held when returning to user space!?|.*still has locks held!)|INFO: (?:possible circular locking dependency detected|possible irq lock inversion dependency detected|SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected|possible recursive locking detected|inconsistent lock state|suspicious RCU usage))/,
    prelude: /^(?:={20,}|-{20,})\s*$/,
    endAtTaskEnd: true,
    titles: LOCKDEP_FORMATS,
    source: 'kernel/locking/lockdep.c: print_circular_bug_header() pr_warn("WARNING: possible circular locking dependency detected\\n") etc. (4.15+; 4.14 and older: "[ INFO: ... ]" / "[ BUG: ... ]" banners); kernel/rcu/update.c lockdep_rcu_suspicious()'
  },
  {
    id: "non-static-key",
    kind: "lockdep",
    fatal: false,
    start: /^INFO: trying to register non-static key/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /INFO: trying to register non-static key/,
        fmt: "INFO: trying to register non-static key in %[1]v",
        stack: { ...CALL_TRACE2, skip: ["stack", "lock", "IRQ"] }
      }
    ],
    source: 'kernel/locking/lockdep.c: assign_lock_key() pr_err("INFO: trying to register non-static key.\\n") (4.19-mainline)'
  },
  {
    id: "spinlock",
    kind: "bug",
    fatal: false,
    start: /^BUG: (?:spinlock|rwlock) /,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)/,
        fmt: "BUG: %[1]v %[2]v in %[3]v",
        stack: { ...CALL_TRACE2, skip: ["spin_", "_lock", "_unlock"] }
      }
    ],
    source: 'kernel/locking/spinlock_debug.c: spin_dump() printk("BUG: spinlock %s on CPU#%d, %s/%d\\n") (4.19-mainline; "lockup suspected" up to 4.x)'
  },
  {
    id: "atomic-sleep",
    kind: "bug",
    fatal: false,
    start: /^BUG: (?:sleeping function called from invalid context|scheduling while atomic)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: scheduling while atomic/,
        fmt: "BUG: scheduling while atomic in %[1]v",
        stack: { ...CALL_TRACE2, skip: ["schedule"] }
      },
      {
        title: /BUG: sleeping function called from invalid context at (.*)/,
        fmt: "BUG: sleeping function called from invalid context in %[2]v",
        stack: CALL_TRACE2
      }
    ],
    source: 'kernel/sched/core.c: __might_resched() pr_err("BUG: sleeping function called from invalid context at %s:%d\\n"), __schedule_bug() "BUG: scheduling while atomic: %s/%d/0x%08x" (4.19-mainline)'
  },
  {
    id: "preemptible",
    kind: "bug",
    fatal: false,
    start: /^BUG: using [a-z_]+\(\) in preemptible/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: using ([a-z_]+)\(\) in preemptible/,
        fmt: "BUG: using %[1]v() in preemptible code in %[2]v",
        stack: {
          ...CALL_TRACE2,
          skip: ["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"]
        }
      }
    ],
    source: 'lib/smp_processor_id.c: check_preemption_disabled() printk("BUG: using %s%s() in preemptible [%08x] code: %s/%d\\n") (4.19-mainline)'
  },
  {
    id: "bad-page",
    kind: "bug",
    fatal: false,
    start: /^BUG: (?:Bad page (?:state|cache|map)|Bad rss-counter state|non-zero nr_p[mt]ds on freeing mm)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: Bad page (state|cache)/,
        fmt: "BUG: Bad page %[1]v in %[2]v",
        stack: {
          parts: [/page last allocated/, "trace"],
          skip: [
            "(free|put|get|update|release)_page",
            "free_unref",
            "^_*folio",
            "truncate_inode_pages",
            "page_frag_free",
            "alloc",
            "vmap",
            "page_owner"
          ]
        }
      },
      { title: /BUG: Bad page map/, fmt: "BUG: Bad page map" },
      { title: /BUG: Bad rss-counter state/, fmt: "BUG: Bad rss-counter state" },
      { title: /BUG: non-zero nr_ptes on freeing mm/, fmt: "BUG: non-zero nr_ptes on freeing mm" },
      { title: /BUG: non-zero nr_pmds on freeing mm/, fmt: "BUG: non-zero nr_pmds on freeing mm" }
    ],
    source: 'mm/page_alloc.c: bad_page() pr_alert("BUG: Bad page state in process %s  pfn:%05lx\\n"); mm/memory.c print_bad_pte() "BUG: Bad page map"; kernel/fork.c check_mm() "BUG: Bad rss-counter state" (4.19-mainline)'
  },
  {
    id: "workqueue",
    kind: "bug",
    fatal: false,
    start: /^BUG: workqueue (?:lockup|leaked lock or atomic)/,
    endAtTaskEnd: true,
    titles: [
      { title: /BUG: workqueue lockup/, fmt: "BUG: workqueue lockup" },
      {
        title: /BUG: workqueue leaked lock or atomic/,
        report: /BUG: workqueue leaked lock or atomic(?:.*\n)+?.*last function: ([a-zA-Z0-9_]+)\n/,
        fmt: "BUG: workqueue leaked lock or atomic in %[1]v"
      }
    ],
    source: 'kernel/workqueue.c: process_one_work() pr_err("BUG: workqueue leaked lock or atomic: %s/0x%08x/%d\\n"), wq_watchdog_timer_fn() "BUG: workqueue lockup - pool" (4.19-mainline)'
  },
  {
    id: "stack-guard",
    kind: "oops",
    fatal: true,
    start: /^BUG: .*stack guard page was hit at/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    titles: [
      {
        title: /BUG: .*stack guard page was hit at/,
        fmt: "BUG: stack guard page was hit in %[1]v",
        alt: ["stack-overflow in %[1]v"],
        stack: { ...RIP_THEN_TRACE, extractor: "stall" }
      }
    ],
    source: 'arch/x86/kernel/traps.c: handle_stack_overflow() pr_emerg("BUG: %s stack guard page was hit at %p (stack is %p..%p)\\n") (4.19-mainline)'
  },
  {
    // Several CPUs' backtraces follow, with no end marker: completed by the quiet gap.
    id: "rcu-stall",
    kind: "rcu-stall",
    fatal: true,
    start: /^(?:rcu: )?INFO: rcu_(?:preempt|sched|bh|tasks)\w* (?:self-)?detected(?: expedited)? stall/,
    titles: [
      {
        title: /INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall/,
        fmt: "INFO: rcu detected stall in %[1]v",
        alt: ["stall in %[1]v"],
        stack: {
          parts: [/apic_timer_interrupt/, "rip", "trace"],
          otherwise: [
            [/(?:apic_timer_interrupt|Exception stack|el1h_64_irq)/, "trace"],
            // Ours: 5.x-6.x self-detected stalls print the interrupted
            // registers and the task's stack, no interrupt frame.
            ["rip", "call-trace", "trace"]
          ],
          skip: ["apic_timer_interrupt", "rcu"],
          extractor: "stall"
        }
      }
    ],
    source: 'kernel/rcu/tree_stall.h: print_other_cpu_stall() pr_err("INFO: %s detected stalls on CPUs/tasks:\\n") (5.0+ prefixed "rcu: "; 4.19 in kernel/rcu/tree.c, no prefix)'
  },
  {
    id: "hung-task",
    kind: "hung-task",
    fatal: true,
    start: /^INFO: task .+:\d+ (?:blocked (?:in I\/O wait )?for more than \d+ seconds|can't die for more than)/,
    endAtTaskEnd: true,
    titles: [
      {
        title: syz("INFO: task {{TASK}} blocked (?:in I/O wait )?for more than [0-9]+ seconds"),
        fmt: "INFO: task hung in %[1]v",
        alt: ["hang in %[1]v"],
        stack: { ...CALL_TRACE2, extractor: "hung" }
      },
      {
        title: syz("INFO: task {{TASK}} can't die for more than .* seconds"),
        fmt: "INFO: task can't die in %[1]v",
        alt: ["hang in %[1]v"],
        stack: { ...CALL_TRACE2, skip: ["schedule"] }
      }
    ],
    source: 'kernel/hung_task.c: check_hung_task() pr_err("INFO: task %s:%d blocked for more than %ld seconds.\\n") (4.19-mainline)'
  },
  {
    id: "soft-lockup",
    kind: "soft-lockup",
    fatal: true,
    start: /^(?:(?:NMI )?watchdog: )?BUG: soft lockup - CPU#\d+ stuck for \d+s!/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /BUG: soft lockup/,
        fmt: "BUG: soft lockup in %[1]v",
        alt: ["stall in %[1]v"],
        stack: { ...RIP_THEN_TRACE, extractor: "stall" }
      }
    ],
    source: 'kernel/watchdog.c: watchdog_timer_fn() pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\\n") (4.19-mainline; "watchdog: " prefix since 4.x pr_fmt)'
  },
  {
    id: "hard-lockup",
    kind: "hard-lockup",
    fatal: true,
    start: /^(?:watchdog|NMI watchdog): Watchdog detected hard LOCKUP on cpu \d+/,
    endAtTaskEnd: true,
    titles: [
      {
        title: /hard LOCKUP/,
        fmt: "BUG: hard lockup in %[1]v",
        stack: { ...RIP_THEN_TRACE, extractor: "stall" }
      }
    ],
    source: 'kernel/watchdog_perf.c: watchdog_overflow_callback() pr_emerg("Watchdog detected hard LOCKUP on cpu %d\\n") (4.19-mainline; kernel/watchdog_hld.c before 6.6)'
  },
  {
    id: "bug-at",
    kind: "bug",
    fatal: true,
    start: /^(?:kernel BUG at \S+?!?$|Kernel BUG )/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER, "arm-internal-error"],
    titles: [
      {
        title: /kernel BUG at mm\/usercopy.c/,
        fmt: "BUG: bad usercopy in %[1]v",
        stack: { ...CALL_TRACE2, skip: ["usercopy", "__check"] }
      },
      {
        title: /kernel BUG at lib\/list_debug.c/,
        fmt: "BUG: corrupted list in %[1]v",
        alt: BAD_ACCESS,
        stack: CALL_TRACE2
      },
      {
        title: /kernel BUG at (.*)/,
        fmt: "kernel BUG in %[2]v",
        // skb helpers BUG_ON what their caller got wrong.
        stack: { ...RIP_THEN_TRACE, skip: ["^skb_"] }
      },
      { title: /Kernel BUG (.*)/, fmt: "kernel BUG %[1]v" }
    ],
    source: 'lib/bug.c: report_bug() pr_crit("kernel BUG at %s:%u!\\n") (4.19-mainline); arch/powerpc "Kernel BUG"'
  },
  {
    // 6.12: "Oops: general protection fault, ...: 0000 [#1] PREEMPT SMP";
    // 6.1 and older print the reason without "Oops: " ("invalid opcode: 0000 [#1]").
    id: OOPS_HEADER,
    kind: "oops",
    fatal: true,
    start: /^(?:kasan: GPF could be caused by NULL-ptr deref or user memory access)?(?:Oops: )?((?:[a-z][-_a-z0-9 ,]*?(?:, probably for [^:]+)?)|Oops): [0-9a-f]{4} \[#\d+\]/,
    end: END_TRACE,
    titles: [
      {
        title: /general protection fault.*:/,
        fmt: "general protection fault in %[1]v",
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE
      },
      { title: /stack segment: /, fmt: "stack segment fault in %[1]v", stack: RIP_THEN_TRACE },
      // "divide_error" is 5.9-5.10's spelling (IDTENTRY conversion).
      { title: /divide(?: |_)error: /, fmt: "divide error in %[1]v", stack: RIP_ONLY },
      { title: /invalid opcode: /, fmt: "invalid opcode in %[1]v", stack: RIP_ONLY },
      { title: /int3: /, fmt: "int3 in %[1]v", stack: RIP_THEN_TRACE },
      // Ours: headers syzkaller leaves to the report before them.
      {
        title: new RegExp(`^(?!.*${SYZ_OOPS})(?:Oops: )?Oops: [0-9a-f]{4} \\[#`),
        fmt: "Oops in %[1]v",
        stack: RIP_THEN_TRACE
      },
      {
        title: new RegExp(`^(?!.*${SYZ_OOPS})(?:Oops: )?([a-z][-_a-z0-9 ]*?): [0-9a-f]{4} \\[#`),
        fmt: "Oops: %[1]v in %[2]v",
        stack: RIP_THEN_TRACE
      }
    ],
    source: 'arch/x86/kernel/dumpstack.c: __die_header() printk("%s: %04lx [#%d]%s%s%s%s%s\\n") (4.19-6.11; 6.12+: "Oops: %s: %04lx [#%d]")'
  },
  {
    id: "double-fault",
    kind: "oops",
    fatal: true,
    start: /^PANIC: double fault/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    inReport: true,
    titles: [
      { title: /PANIC: double fault/, fmt: "PANIC: double fault in %[1]v", stack: RIP_ONLY }
    ],
    source: 'arch/x86/kernel/traps.c: exc_double_fault() pr_emerg("PANIC: double fault, error_code: 0x%lx\\n") (4.19-mainline)'
  },
  {
    id: "warning",
    kind: "warning",
    fatal: false,
    // Only the shapes __warn() and the unwinder print: boot messages use
    // "WARNING: " loosely (mitigations, deprecated options, sshd's moduli).
    start: /^WARNING: (?:CPU: \d+ PID: \d+ at |[\w/.-]+:\d+ at |at |\[|kernel stack )/,
    prelude: /^-+\[ cut here \]-+\s*$/,
    end: END_TRACE,
    titles: WARNING_FORMATS,
    source: `kernel/panic.c: __warn() pr_warn("WARNING: CPU: %d PID: %d at %pS\\n") (4.19-6.x: "at %s:%d %pS"; mainline 2025+: "WARNING: %s:%d at %pS, CPU#%d: %s/%d"); arch/x86/kernel/unwind_frame.c "WARNING: kernel stack regs at %p in %s:%d has bad 'bp' value"`
  },
  {
    id: "unregister-netdevice",
    kind: "bug",
    fatal: false,
    start: /^unregister_netdevice: waiting for \S+ to become free/,
    oneLine: true,
    titles: [
      {
        title: /unregister_netdevice: waiting for (?:.*) to become free/,
        fmt: "unregister_netdevice: waiting for DEV to become free"
      }
    ],
    source: 'net/core/dev.c: netdev_wait_allrefs() pr_emerg("unregister_netdevice: waiting for %s to become free. Usage count = %d\\n") (4.19-mainline)'
  },
  {
    id: "vfs",
    kind: "bug",
    fatal: false,
    start: /^VFS: (?:Close: file count is 0|Busy inodes after unmount)/,
    oneLine: true,
    titles: [
      {
        title: /VFS: Close: file count is 0/,
        fmt: "VFS: Close: file count is zero (use-after-free)"
      },
      {
        title: /VFS: Busy inodes after unmount/,
        fmt: "VFS: Busy inodes after unmount (use-after-free)"
      }
    ],
    source: 'fs/super.c: generic_shutdown_super() printk("VFS: Busy inodes after unmount of %s. Self-destruct in 5 seconds.  Have a nice day...\\n") (4.19-6.5); fs/open.c filp_close() "VFS: Close: file count is 0" (before 4.x)'
  },
  {
    // SLUB's debug checks; their "INFO: Allocated in" lines belong to them.
    id: "slub",
    kind: "bug",
    fatal: false,
    start: /^BUG [\w.:-]+ \([^)]*\): /,
    absorbs: ["slub-track"],
    endAtTaskEnd: true,
    titles: [{ title: /BUG kmalloc-.*: Object already free/, fmt: "BUG: Object already free" }],
    source: 'mm/slub.c: slab_bug() pr_err("BUG %s (%s): %pV\\n") (4.19-mainline)'
  },
  {
    // A SLUB track line alone: the report it belonged to was garbled.
    id: "slub-track",
    kind: "bug",
    fatal: false,
    start: /^INFO: (?:Freed|Allocated) in /,
    oneLine: true,
    titles: [
      { title: /INFO: (Freed|Allocated) in (.*)/, fmt: "INFO: %[1]v in %[2]v", corrupted: true }
    ],
    source: 'mm/slub.c: print_track() pr_err("INFO: %s in %pS age=%lu cpu=%u pid=%d\\n") (4.19-5.x)'
  },
  {
    // Any other BUG line of the kernel (lockdep's "MAX_STACK_TRACE_ENTRIES too low!", dcache's "Dentry still in use").
    id: "bug",
    kind: "bug",
    fatal: false,
    start: /^BUG:(?! no syscalls can create resource)/,
    endAtTaskEnd: true,
    titles: [
      {
        // Device names (loop0/1/2) and fs types make duplicates: left out.
        title: /BUG: Dentry .* still in use/,
        report: /BUG: Dentry .* still in use \([0-9]+\) \[(unmount) of ([^\]]+)\]/,
        fmt: "BUG: Dentry still in use in %[1]v",
        alt: ["BUG: Dentry still in use [%[1]v of %[2]v]"]
      },
      { title: /BUG:\s*(?:\n|$)/, fmt: "BUG: corrupted", corrupted: true }
    ],
    source: 'printk("BUG: ...") sites: kernel/locking/lockdep.c "BUG: MAX_STACK_TRACE_ENTRIES too low!", fs/dcache.c umount_check() "BUG: Dentry %p{i=%lx,n=%pd} still in use (%d) [unmount of %s %s]" (4.19-mainline)'
  },
  {
    id: "rust-panic",
    kind: "panic",
    fatal: true,
    start: /^rust_kernel: panicked at/,
    end: END_TRACE,
    absorbs: ["bug-at", OOPS_HEADER],
    titles: [
      {
        title: /rust_kernel: panicked/,
        report: /rust_kernel: panicked at [^\n]*?\n(.+?)\n/,
        fmt: "%[1]v in %[2]v",
        stack: { ...CALL_TRACE2, skip: ["__rustc::rust_begin_unwind", "rust_begin_unwind"] }
      }
    ],
    source: 'rust/kernel/lib.rs: panic handler pr_emerg!("{}\\n", info) as "rust_kernel: panicked at" (6.1+)'
  },
  // arm and arm64 (LKFT's boards and QEMU virt).
  {
    id: "arm-bad-access",
    kind: "oops",
    fatal: true,
    start: /^Unable to handle kernel /,
    end: END_TRACE,
    absorbs: ["arm-internal-error"],
    titles: [
      {
        title: /Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)/,
        fmt: "BUG: unable to handle kernel %[1]v in %[2]v",
        alt: ["bad-access in %[2]v"],
        stack: RIP_THEN_TRACE
      }
    ],
    source: 'arch/arm64/mm/fault.c: die_kernel_fault() pr_alert("Unable to handle kernel %s at virtual address %016lx\\n"); arch/arm/mm/fault.c __do_kernel_fault() (4.19-mainline)'
  },
  {
    id: "arm-internal-error",
    kind: "oops",
    fatal: true,
    start: /^Internal error: /,
    end: END_TRACE,
    inReport: true,
    titles: [
      {
        title: /Internal error:/,
        fmt: "Internal error in %[1]v",
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE
      }
    ],
    source: 'arch/arm64/kernel/traps.c: __die() pr_emerg("Internal error: %s: %016lx [#%d]" S_PREEMPT S_SMP "\\n") (4.19-mainline); arch/arm/kernel/traps.c'
  },
  {
    id: "arm-unhandled-fault",
    kind: "oops",
    fatal: true,
    start: /^(?:Unhandled fault|Alignment trap): /,
    end: END_TRACE,
    absorbs: ["arm-internal-error"],
    titles: [
      {
        title: /Unhandled fault:/,
        fmt: "Unhandled fault in %[1]v",
        alt: BAD_ACCESS,
        stack: RIP_THEN_TRACE
      },
      { title: /Alignment trap:/, fmt: "Alignment trap in %[1]v", stack: RIP_THEN_TRACE }
    ],
    source: 'arch/arm/mm/fault.c: do_DataAbort() pr_alert("Unhandled fault: %s (0x%03x) at 0x%08lx\\n"); arch/arm/mm/alignment.c "Alignment trap: %s (%d) PC=0x%08lx" (4.19-mainline)'
  },
  {
    id: "trusty",
    kind: "bug",
    fatal: false,
    start: /^trusty: panic/,
    oneLine: true,
    titles: [
      {
        title: /trusty: panic.* ASSERT FAILED/,
        report: /trusty: panic \(.*?\):(?: DEBUG)? ASSERT FAILED at \(.*?\): (.+)/,
        fmt: "trusty: ASSERT FAILED: %[1]v"
      },
      {
        title: /trusty: panic.* ASSERT FAILED.*: *(.*)/,
        fmt: "trusty: ASSERT FAILED: %[1]v",
        corrupted: true
      },
      {
        title: /trusty: panic/,
        report: /trusty: panic \(.*?\): (.+)/,
        fmt: "trusty: panic: %[1]v"
      }
    ],
    source: 'Android drivers/trusty/trusty-log.c: the secure OS log, "trusty: panic (%s): %s"'
  },
  {
    id: "ref-tracker",
    kind: "ref-tracker",
    fatal: false,
    start: /^ref_tracker: \S+?@\S+ has \d+\/\d+ users at$/,
    continueWhile: /^\s/,
    titles: [
      {
        title: /ref_tracker: (\S+?)@/,
        fmt: "ref_tracker: %[1]v leak in %[2]v",
        stack: { parts: ["trace"], skip: ["ref_tracker"] }
      }
    ],
    source: 'lib/ref_tracker.c: pr_ostream("%s@%pK has %d/%d users at\\n%s\\n") (5.17+)'
  },
  {
    id: "kvm-entry",
    kind: "kvm",
    fatal: true,
    start: /^KVM: entry failed, hardware error (0x[0-9a-f]+)/,
    host: true,
    titles: [
      {
        title: /KVM: entry failed, hardware error (0x[0-9a-f]+)/,
        fmt: "KVM: entry failed, hardware error %[1]v"
      }
    ],
    source: 'QEMU target/i386/kvm/kvm.c: "KVM: entry failed, hardware error 0x%lx"'
  },
  {
    id: "kvm-internal",
    kind: "kvm",
    fatal: true,
    start: /^KVM internal error\. Suberror: (\d+)/,
    host: true,
    titles: [
      { title: /KVM internal error\. Suberror: (\d+)/, fmt: "KVM internal error: suberror %[1]v" }
    ],
    source: 'QEMU accel/kvm/kvm-all.c: "KVM internal error. Suberror: %d"'
  }
];
var START_PREFILTER = /Kernel panic|BUG|Oops|WARNING|kasan: GPF|UBSAN|unreferenced object|kmemleak: unreferenced|rcu: INFO|INFO: |watchdog: |NMI watchdog|kernel BUG|Kernel BUG|ref_tracker: |\[ (?:BUG|INFO|WARNING)|PANIC: double|unregister_netdevice: waiting|VFS: |Unable to handle kernel|Internal error: |Unhandled fault|Alignment trap|rust_kernel: panicked|trusty: panic|[a-z][-_a-z0-9 ,]*(?:, probably for [^:]+)?: [0-9a-f]{4} \[#/y;
var CONSEQUENCE_PANIC = /^Kernel panic - not syncing: (?:Fatal exception|Fatal exception in interrupt|hung_task: blocked tasks|softlockup: hung tasks|RCU Stall|\S+: panic_on_warn set|panic_on_warn set|Hard LOCKUP|Oopsed too often|Attempted to kill init!|Machine halted)/;

// src/core/crash/recent-memo.ts
var RecentMemo = class {
  constructor(size = 16) {
    this.size = size;
  }
  size;
  entries = [];
  next = 0;
  find(matches) {
    for (const e of this.entries) if (matches(e)) return e;
    return void 0;
  }
  add(e) {
    this.entries[this.next] = e;
    this.next = (this.next + 1) % this.size;
    return e;
  }
};

// src/core/crash/title.ts
var QUESTIONABLE = /(?:\[<[0-9a-f]+>\])? \? /;
var CALLER_ID = /\]\[ *[CT]\d+\]/;
var STACK_NOTICES = [
  "vmalloc: allocation failure:",
  "FAULT_INJECTION: forcing a failure",
  "FAULT_FLAG_ALLOW_RETRY missing"
];
var REPORT_MIN_LINES = 22;
function reportText(r, from = 0) {
  const out = [];
  const first = r.lines[from];
  const untagged = first !== void 0 && !CALLER_ID.test(first.slice(0, r.offs[from]));
  for (let i = from; i < r.lines.length; i++) {
    const line = r.lines[i];
    const off = r.offs[i];
    let body = off === 0 ? line : line.slice(off);
    if (body.startsWith("kmemleak: ")) body = body.slice(10);
    if (i > from) {
      if (body.includes(" ? ") && !body.includes("<EOI>") && QUESTIONABLE.test(body)) continue;
      if (body.endsWith(" (unreliable)")) continue;
      if (body.includes("Disabling lock debugging due to kernel taint")) continue;
      if (untagged && STACK_NOTICES.some((n) => body.includes(n))) break;
      if (out.length + 1 > REPORT_MIN_LINES && (body.includes("Kernel panic - not syncing") || body.includes("WARNING: possible circular locking dependency detected")))
        break;
    }
    out.push(body);
  }
  return out.join("\n");
}
function format(fmt, args) {
  return fmt.replace(/%\[(\d+)\][vs]/g, (_, n) => args[Number(n) - 1] ?? "%!v(MISSING)");
}
var REPLACEMENTS = [
  [/syz-executor\.?[0-9]+((\/|:)[0-9]+)?/g, "syz-executor"],
  [/syzkaller[0-9]+((\/|:)[0-9]+)?/g, "syzkaller"],
  [/([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}/g, "$1ADDR"],
  [/([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})/g, "IP"],
  [/(\.\w+)(:[0-9]+)+/g, "$1:LINE"],
  [/([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+\/0x[0-9a-z]+/g, "$1"],
  [/CPU#[0-9]+/g, "CPU"],
  [/(\W)(\d+)(\W|$)/g, "$1NUM$3"],
  [/(\d+){7,}/g, "NUM"]
];
var MAX_TITLE = 120;
function sanitizeTitle(title) {
  let t = title;
  for (const [re, by] of REPLACEMENTS)
    for (let prev2 = ""; prev2 !== t; ) {
      prev2 = t;
      t = t.replace(re, by);
    }
  let out = "";
  let prev = " ";
  for (let i = 0; i < t.length && i < MAX_TITLE; i++) {
    let c = t[i];
    if (c === "	") c = " ";
    else if (c < " " || c >= "\x7F") continue;
    if (c === " " && prev === " ") continue;
    out += c;
    prev = c;
  }
  return out.trim();
}
function groups(m) {
  const g = [];
  for (let i = 1; i < m.length; i++) g.push(m[i] ?? "");
  return g;
}
function describe(formats, text) {
  let best = text.length;
  let title = "";
  let alts = [];
  let corrupted = false;
  let chosen;
  for (const f of formats) {
    let m = f.title.exec(text);
    if (!m || m.index > best) continue;
    if (m.index === best && title !== "") continue;
    if (m.index < best) {
      title = "";
      chosen = void 0;
      best = m.index;
    }
    if (f.report) {
      m = f.report.exec(text);
      if (!m) continue;
    }
    const args = groups(m);
    const raw = [];
    corrupted = false;
    if (f.stack) {
      const at2 = m.index === 0 ? text : text.slice(m.index);
      const g = guiltyFrames(at2.split("\n"), f.stack);
      if (!g.ok) corrupted = true;
      for (const fr of g.frames) {
        args.push(fr.canonical);
        raw.push(fr.raw);
      }
    }
    title = format(f.fmt, args);
    alts = (f.alt ?? []).map((a) => format(a, args));
    if (raw.length > 0 && raw.some((r, i) => r !== args[args.length - raw.length + i])) {
      const rawArgs = [...args.slice(0, args.length - raw.length), ...raw];
      alts.push(format(f.fmt, rawArgs), ...(f.alt ?? []).map((a) => format(a, rawArgs)));
    }
    chosen = f;
  }
  if (title === "") return void 0;
  if (chosen?.corrupted) corrupted = true;
  const clean = sanitizeTitle(title);
  return {
    title: clean,
    alts: [...new Set(alts.map(sanitizeTitle))].filter((a) => a !== clean),
    corrupted
  };
}
var TITLED_PER_PATTERN = 32;
var TITLED_MAX_CHARS = 16 * 1024;
var titled = /* @__PURE__ */ new Map();
function sameBodies(e, r, start) {
  const n = e.lengths.length;
  if (n !== r.lines.length - start) return false;
  for (let i = 0, at2 = 0; i < n; i++) {
    const len = e.lengths[i];
    const line = r.lines[start + i];
    const off = r.offs[start + i];
    if (line.length - off !== len || line.slice(off) !== e.joined.slice(at2, at2 + len)) return false;
    at2 += len + 1;
  }
  return true;
}
function makeTitle(p, r, start = 0) {
  let memo = titled.get(p);
  if (!memo) titled.set(p, memo = new RecentMemo(TITLED_PER_PATTERN));
  const hit = memo.find((e) => sameBodies(e, r, start));
  if (hit) return hit.title;
  const text = reportText(r, start);
  const nl = text.indexOf("\n");
  const t = describe(p.titles, text) ?? {
    title: sanitizeTitle(nl < 0 ? text : text.slice(0, nl)),
    alts: [],
    corrupted: true
  };
  const title = { title: detach(t.title), alts: t.alts.map(detach), corrupted: t.corrupted };
  if (text.length > TITLED_MAX_CHARS) return title;
  const bodies = [];
  for (let i = start; i < r.lines.length; i++) bodies.push(r.lines[i].slice(r.offs[i]));
  const lengths = Int32Array.from(bodies, (b) => b.length);
  const joined = bodies.length === 1 ? detach(bodies[0]) : bodies.join("\n");
  return memo.add({ joined, lengths, title }).title;
}

// src/core/crash/fingerprint.ts
import { createHash } from "node:crypto";
function fingerprintKey(kind, title) {
  const stableTitle = title.replace(/0x[0-9a-f]+/gi, "?").replace(/\b[0-9a-f]{8,}\b/gi, "?").replace(/\d+/g, "N");
  return `${kind}|${stableTitle}`;
}
var known = /* @__PURE__ */ new Map();
var KNOWN_MAX = 256;
function fingerprint(kind, title) {
  const key = fingerprintKey(kind, title);
  const hit = known.get(key);
  if (hit) return hit;
  const fp = createHash("sha256").update(key).digest("hex").slice(0, 16);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(detach(key), fp);
  return fp;
}

// src/core/crash/regex.ts
function sticky(re) {
  const src = re.source.startsWith("^") ? re.source.slice(1) : re.source;
  return new RegExp(src, `${re.flags.replace(/[gy]/g, "")}y`);
}
function leadChars(re) {
  if (re.flags.includes("i") || re.flags.includes("u") || re.flags.includes("v")) return void 0;
  const src = re.source.startsWith("^") ? re.source.slice(1) : re.source;
  const set = new Uint8Array(128);
  for (const branch of topLevelBranches(src)) if (!addLead(branch, set)) return void 0;
  return set;
}
function topLevelBranches(src) {
  const out = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}
var SYNTAX = /* @__PURE__ */ new Set([...".()*+?{}^$|"]);
function addLead(branch, set) {
  let rest;
  if (branch.startsWith("[")) {
    const close = branch.indexOf("]", 1);
    const body = close > 1 ? branch.slice(1, close) : "";
    if (body === "" || body.startsWith("^") || body.includes("\\")) return false;
    for (let i = 0; i < body.length; i++) {
      const lo = body.charCodeAt(i);
      let hi = lo;
      if (body[i + 1] === "-" && i + 2 < body.length) {
        hi = body.charCodeAt(i + 2);
        i += 2;
      }
      if (hi >= 128 || hi < lo) return false;
      set.fill(1, lo, hi + 1);
    }
    rest = branch.slice(close + 1);
  } else if (branch.startsWith("\\")) {
    const c = branch[1];
    if (c === void 0 || /[0-9A-Za-z]/.test(c)) return false;
    set[c.charCodeAt(0)] = 1;
    rest = branch.slice(2);
  } else {
    const c = branch[0];
    if (c === void 0 || SYNTAX.has(c) || c.charCodeAt(0) >= 128) return false;
    set[c.charCodeAt(0)] = 1;
    rest = branch.slice(1);
  }
  return !(rest.startsWith("?") || rest.startsWith("*") || /^\{0[,}]/.test(rest));
}

// src/core/crash/detector.ts
var KERNEL_PATTERNS = PATTERNS.filter((p) => !p.host);
var KERNEL_LEADS = KERNEL_PATTERNS.map((p) => leadChars(p.start));
var HOST_PATTERNS = PATTERNS.filter((p) => p.host);
var PANIC_IDS = /* @__PURE__ */ new Set(["panic", "kill-init"]);
var PANIC_PATTERN = PATTERNS.find((p) => p.id === "panic");
var LINE_TESTS = /* @__PURE__ */ new Map();
for (const p of PATTERNS)
  for (const re of [p.end, p.prelude, p.continueWhile])
    if (re && !LINE_TESTS.has(re)) LINE_TESTS.set(re, { re: sticky(re), lead: leadChars(re) });
var lineTest = (re) => re === void 0 ? void 0 : LINE_TESTS.get(re);
var at = (t, line, off) => {
  if (t.lead !== void 0) {
    const c = line.charCodeAt(off);
    if (!(c < 128 && t.lead[c] === 1)) return false;
  }
  t.re.lastIndex = off;
  return t.re.test(line);
};
var START_LEAD = leadChars(START_PREFILTER);
var TASK_END = /\s*<\/TASK>\s*$/y;
var PRELUDE_LOOKBACK = 3;
var MAX_CALLERS = 64;
var Recent = class {
  lines = [];
  nos = [];
  at = 0;
  add(line, lineNo) {
    this.at = (this.at + 1) % PRELUDE_LOOKBACK;
    this.lines[this.at] = line;
    this.nos[this.at] = lineNo;
  }
  /** back = 1 is the last line added. */
  index(back) {
    return (this.at - back + 1 + PRELUDE_LOOKBACK) % PRELUDE_LOOKBACK;
  }
  get(back) {
    return back <= this.lines.length ? this.lines[this.index(back)] : void 0;
  }
  lineNo(back) {
    return this.nos[this.index(back)];
  }
};
var CONSEQUENCE_WINDOW = 60;
var PrefixScan = class {
  /** The printk timestamp, seconds. */
  ts = 0;
  /** The printk caller id (`T123`, `C1`), '' when the line has none. */
  caller = "";
  /** The id string of the previous line, reused while the caller stays the same. */
  lastCallerId = "";
};
function scanPrefix(s, out = new PrefixScan()) {
  let i = s.charCodeAt(0) === 91 ? 0 : s.indexOf("[");
  while (i >= 0) {
    let j = i + 1;
    let c = s.charCodeAt(j);
    while (c === 32) c = s.charCodeAt(++j);
    const d0 = j;
    let secs = 0;
    while (c >= 48 && c <= 57) {
      secs = secs * 10 + (c - 48);
      c = s.charCodeAt(++j);
    }
    if (j > d0 && c === 46) {
      const f0 = ++j;
      c = s.charCodeAt(j);
      let frac = 0;
      let scale = 1;
      while (c >= 48 && c <= 57) {
        frac = frac * 10 + (c - 48);
        scale *= 10;
        c = s.charCodeAt(++j);
      }
      if (j > f0 && c === 93) {
        out.ts = secs + frac / scale;
        j++;
        if (s.charCodeAt(j) === 91) j = scanCallerId(s, j, out);
        else out.caller = "";
        if (s.charCodeAt(j) === 32) j++;
        return j;
      }
    }
    i = s.indexOf("[", i + 1);
  }
  return -1;
}
function isSpace(c) {
  return c === 32 || c >= 9 && c <= 13 || c === 160 || c === 5760 || c >= 8192 && c <= 8202 || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}
function scanCallerId(s, open, out) {
  let k = open + 1;
  while (isSpace(s.charCodeAt(k))) k++;
  const id0 = k;
  const t = s.charCodeAt(k);
  if (t === 84 || t === 67) {
    k++;
    let c = 0;
    while ((c = s.charCodeAt(k)) >= 48 && c <= 57) k++;
    const id1 = k;
    if (id1 > id0 + 1) {
      while (isSpace(s.charCodeAt(k))) k++;
      if (s.charCodeAt(k) === 93 && k - open <= 12) {
        const prev = out.lastCallerId;
        out.lastCallerId = prev.length === id1 - id0 && s.startsWith(prev, id0) ? prev : s.slice(id0, id1);
        out.caller = out.lastCallerId;
        return k + 1;
      }
    }
  }
  out.caller = "";
  return open;
}
var HAS_TIMESTAMP = /\[ *\d+\.\d+\]/;
var hasPrintkTimestamp = (text) => HAS_TIMESTAMP.test(text);
var COLLECTOR_DATE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;
function untimedOffset(line) {
  const m = COLLECTOR_DATE.exec(line);
  return m ? m[0].length : 0;
}
var CrashDetector = class _CrashDetector {
  /** Called once, when the first stop-worthy finding is complete. */
  onStop;
  stop = false;
  scan = new PrefixScan();
  scratch = new PrefixScan();
  stopOn;
  quietGapMs;
  kernelGapS;
  maxReportLines;
  maxLineChars;
  open = /* @__PURE__ */ new Map();
  /**
   * Last kernel lines per caller: a report's prelude (`cut here`) comes
   * before its start, sometimes with the WARN() message in between.
   */
  prev = /* @__PURE__ */ new Map();
  /** Completed findings by fingerprint (first occurrence, with the count), in order. */
  done = /* @__PURE__ */ new Map();
  /** The last completed finding, not folded yet: the panic it causes may still reopen it. */
  pending;
  reports = [];
  keepAll;
  untimed;
  lastDone;
  test;
  lastTs = 0;
  /**
   * The printk time and arrival time of the kernel line being pushed, in
   * fields rather than arguments: a double passed to a call is a new heap
   * number, on every line.
   */
  lineTs = 0;
  lineMs = 0;
  /** The caller of the last kernel line and its Recent (consoles rarely switch callers). */
  recentCaller;
  recent;
  constructor(opts = {}) {
    this.stopOn = opts.stopOn ?? "fatal";
    this.quietGapMs = opts.quietGapMs ?? 300;
    this.kernelGapS = opts.kernelGapS ?? 1;
    this.maxReportLines = opts.maxReportLines ?? 1e3;
    this.maxLineChars = opts.maxLineChars ?? 4096;
    this.keepAll = opts.keepAll ?? false;
    this.untimed = opts.untimed ?? false;
  }
  get stopRequested() {
    return this.stop;
  }
  /** The test running now ("suite/test"), recorded on the findings that start during it. */
  setTest(test) {
    this.test = test;
  }
  /** One console line (without its newline), its 1-based number in console.log, and the time it arrived. */
  push(raw, lineNo, nowMs = 0) {
    const line = kernelText(raw, this.maxLineChars);
    const scan = this.scan;
    let off = scanPrefix(line, scan);
    if (off < 0) {
      if (line.charCodeAt(0) === 75 && line.startsWith("KVM")) this.hostLine(line, lineNo);
      if (!this.untimed) return;
      off = untimedOffset(line);
      scan.ts = this.lastTs;
      scan.caller = "";
    }
    const ts = scan.ts;
    const caller = scan.caller;
    if (ts + 1 < this.lastTs) this.lastDone = void 0;
    this.lastTs = ts;
    this.lineTs = ts;
    this.lineMs = nowMs;
    let r = this.open.size === 0 ? void 0 : this.open.get(caller);
    if (r && (ts - r.lastTs > this.kernelGapS || ts + 1 < r.lastTs || nowMs - r.lastMs >= this.quietGapMs)) {
      this.complete(caller, r);
      r = void 0;
    }
    let so = off;
    let c = line.charCodeAt(so);
    while (c === 32 && so - off < 2) c = line.charCodeAt(++so);
    let hit = START_LEAD === void 0 || c < 128 && START_LEAD[c] === 1;
    if (hit) {
      START_PREFILTER.lastIndex = so;
      hit = START_PREFILTER.test(line);
    }
    if (!(hit && this.startLine(line, so, lineNo, caller, r)) && r)
      this.continueLine(r, caller, line, off, lineNo);
    this.remember(caller, line, lineNo);
  }
  /** Where the message of a kept line starts. */
  msgOffset(line) {
    const off = scanPrefix(line, this.scratch);
    return off < 0 && this.untimed ? untimedOffset(line) : off;
  }
  remember(caller, line, lineNo) {
    let p = this.recent;
    if (caller !== this.recentCaller || p === void 0) {
      p = this.prev.get(caller);
      if (p) this.prev.delete(caller);
      else p = new Recent();
      this.prev.set(caller, p);
      if (this.prev.size > MAX_CALLERS) this.prev.delete(this.prev.keys().next().value);
      this.recentCaller = caller;
      this.recent = p;
    }
    p.add(line, lineNo);
  }
  /** Live runs: call now and then; completes reports that went quiet. */
  tick(nowMs) {
    for (const [caller, r] of this.open) {
      if (nowMs - r.lastMs >= this.quietGapMs) this.complete(caller, r);
    }
  }
  /** End of the console: completes what is still open. */
  finish() {
    for (const [caller, r] of this.open) this.complete(caller, r);
  }
  /** Completed findings, duplicates (same fingerprint) collapsed into the first with a count. */
  findings() {
    const all = [...this.done.values()];
    if (this.pending) all.push(this.pending);
    return collapseFindings(all);
  }
  /** Every completed report in console order, repeats included (needs `keepAll`). */
  allReports() {
    return [...this.reports];
  }
  fold(f) {
    const seen = this.done.get(f.fingerprint);
    if (seen) seen.count += f.count;
    else this.done.set(f.fingerprint, f);
  }
  hostLine(raw, lineNo) {
    const line = raw.trimEnd();
    for (const p of HOST_PATTERNS) {
      if (!p.start.test(line)) continue;
      const r = this.newOpen(p, line, 0, lineNo, 0, 0, void 0);
      this.lastDone = void 0;
      this.finalize(r);
      return;
    }
  }
  /** Returns true when the line was consumed as (part of) a report start. */
  startLine(line, off, lineNo, caller, r) {
    const ts = this.lineTs;
    const body = line.slice(off).trimEnd();
    const c0 = body.charCodeAt(0);
    let p;
    for (let i = 0; i < KERNEL_PATTERNS.length; i++) {
      const lead = KERNEL_LEADS[i];
      if (lead !== void 0 && !(c0 < 128 && lead[c0] === 1)) continue;
      if (KERNEL_PATTERNS[i].start.test(body)) {
        p = KERNEL_PATTERNS[i];
        break;
      }
    }
    if (!p) return false;
    if (PANIC_IDS.has(p.id)) {
      const target = r ?? this.mostRecentOpen();
      if (target) {
        this.becomesPanic(target);
        this.append(target, line, off, lineNo);
        return true;
      }
      const last = this.lastDone;
      if (last && lineNo - last.lineNo <= CONSEQUENCE_WINDOW && // same boot, moments later
      ts + 1 >= last.open.lastTs && ts - last.open.lastTs <= this.kernelGapS * 5 && CONSEQUENCE_PANIC.test(body)) {
        this.lastDone = void 0;
        const again = last.open;
        this.becomesPanic(again);
        this.open.set(caller, again);
        this.append(again, line, off, lineNo);
        return true;
      }
    }
    if (r && (p.inReport || r.pat.absorbs?.includes(p.id))) {
      this.append(r, line, off, lineNo);
      return true;
    }
    if (p.oneLine) {
      this.finalize(this.newOpen(p, line, off, lineNo, this.lineMs, ts, this.test));
      return true;
    }
    if (r) this.complete(caller, r);
    const o = this.newOpen(p, line, off, lineNo, this.lineMs, ts, this.test);
    const recent = this.prev.get(caller);
    if (p.prelude && recent) {
      for (let back = 1; back <= PRELUDE_LOOKBACK; back++) {
        const pl = recent.get(back);
        if (pl === void 0) break;
        if (!at(lineTest(p.prelude), pl, this.msgOffset(pl))) continue;
        for (let k = back; k >= 1; k--) {
          const l = recent.get(k);
          o.lines.splice(o.lines.length - 1, 0, l);
          o.offs.splice(o.offs.length - 1, 0, this.msgOffset(l));
        }
        o.first = recent.lineNo(back);
        o.start = back;
        break;
      }
    }
    this.open.set(caller, o);
    return true;
  }
  continueLine(r, caller, line, off, lineNo) {
    if (r.continueWhile && !at(r.continueWhile, line, off)) {
      this.complete(caller, r);
      return;
    }
    this.append(r, line, off, lineNo);
    if (r.end && at(r.end, line, off)) return this.complete(caller, r);
    if (r.endAtTaskEnd && _CrashDetector.taskEnd(line, off)) return this.complete(caller, r);
    if (r.lines.length >= this.maxReportLines) this.complete(caller, r);
  }
  /** `</TASK>` alone on the message (a character test first: most lines end otherwise). */
  static taskEnd(line, off) {
    const c = line.charCodeAt(line.length - 1);
    if (c !== 62 && c > 32 && c < 127) return false;
    TASK_END.lastIndex = off;
    return TASK_END.test(line);
  }
  becomesPanic(r) {
    r.fatal = true;
    r.end = lineTest(PANIC_PATTERN.end);
    r.endAtTaskEnd = false;
    r.continueWhile = void 0;
  }
  mostRecentOpen() {
    let best;
    for (const r of this.open.values()) if (!best || r.last > best.last) best = r;
    return best;
  }
  newOpen(p, line, off, lineNo, nowMs, ts, test) {
    return {
      pat: p,
      lines: [line],
      offs: [off],
      first: lineNo,
      last: lineNo,
      lastMs: nowMs,
      lastTs: ts,
      fatal: p.fatal,
      end: lineTest(p.end),
      endAtTaskEnd: p.endAtTaskEnd ?? false,
      continueWhile: lineTest(p.continueWhile),
      test,
      start: 0
    };
  }
  append(r, line, off, lineNo) {
    r.lines.push(line);
    r.offs.push(off);
    r.last = lineNo;
    r.lastMs = this.lineMs;
    r.lastTs = this.lineTs;
  }
  complete(caller, r) {
    this.open.delete(caller);
    this.lastDone = { open: r, lineNo: r.last };
    this.finalize(r);
  }
  finalize(r) {
    let { title } = makeTitle(r.pat, r, r.start);
    const fp = fingerprint(r.pat.kind, title);
    const repeat = r.finding === void 0 && (this.done.has(fp) || this.pending?.fingerprint === fp);
    const report = repeat ? "" : r.lines.join("\n");
    if (!repeat) title = detach(title);
    let f = r.finding;
    if (f) {
      f.kind = r.pat.kind;
      f.title = title;
      f.fatal = r.fatal;
      f.fingerprint = fp;
      f.lines = { first: r.first, last: r.last };
      f.report = report;
    } else {
      f = {
        kind: r.pat.kind,
        title,
        fatal: r.fatal,
        fingerprint: fp,
        lines: { first: r.first, last: r.last },
        report,
        count: 1
      };
      if (r.test !== void 0) f.test = r.test;
      r.finding = f;
      if (this.pending) this.fold(this.pending);
      this.pending = f;
      if (this.keepAll) this.reports.push(f);
    }
    const stops = this.stopOn === "any" || this.stopOn === "fatal" && f.fatal;
    if (stops && !this.stop) {
      this.stop = true;
      this.onStop?.(f);
    }
  }
};
function collapseFindings(all) {
  const byFp = /* @__PURE__ */ new Map();
  for (const f of all) {
    const seen = byFp.get(f.fingerprint);
    if (seen) seen.count += f.count;
    else byFp.set(f.fingerprint, { ...f });
  }
  return [...byFp.values()];
}

export {
  checkDecodeInputs,
  decodeFindings,
  hasPrintkTimestamp,
  CrashDetector,
  collapseFindings
};
