import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  detach
} from "./chunk-VGQD5WZU.js";
import {
  kernelText
} from "./chunk-QOP67GUT.js";
import {
  UsageError
} from "./chunk-2IEND4WE.js";

// src/system/decode.ts
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

// src/core/crash/frames.ts
var FRAME = /\s*(?:kmemleak:\s+)?(\?\s+)?(?:\[<[0-9a-f]+>\]\s+)?(?:\?\s+)?([A-Za-z_][\w.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/y;
var RIP = /RIP: 0010:([A-Za-z_][\w.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/y;
function canonicalFn(fn) {
  const dot = fn.indexOf(".");
  return dot > 0 ? fn.slice(0, dot) : fn;
}
function symbolFn(sym) {
  const m = /^([A-Za-z_][\w.$]*)(?:\+0x[0-9a-f]+(?:\/0x[0-9a-f]+)?)?/.exec(sym);
  return m ? canonicalFn(m[1]) : void 0;
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
var SIGNIFICANT_FRAMES = 4;
var FrameScan = class {
  rip = void 0;
  stack = [];
  significant = [];
  /** True when later lines cannot change the result. */
  get complete() {
    return this.rip !== void 0 && this.significant.length >= SIGNIFICANT_FRAMES;
  }
  /** One report line whose message starts at `off`. */
  add(line, off) {
    if (this.rip === void 0 && line.charCodeAt(off) === 82) {
      RIP.lastIndex = off;
      const m2 = RIP.exec(line);
      if (m2) return void (this.rip = canonicalFn(m2[1]));
    }
    if (this.significant.length >= SIGNIFICANT_FRAMES || line.indexOf("+0x", off) < 0) return;
    let i = off;
    let c = line.charCodeAt(i);
    while (c === 32 || c === 9) c = line.charCodeAt(++i);
    if (c === 63) return;
    FRAME.lastIndex = off;
    const m = FRAME.exec(line);
    if (!m || m[1]) return;
    const fn = canonicalFn(m[2]);
    this.stack.push(fn);
    if (!isGeneric(fn)) this.significant.push(fn);
  }
};
function reportFrames(r) {
  const scan = new FrameScan();
  for (let i = 0; i < r.lines.length && !scan.complete; i++) scan.add(r.lines[i], r.offs[i]);
  return scan;
}
function significantFns(frames, n) {
  if (frames.significant) return frames.significant.slice(0, n);
  const out = [];
  for (const fn of frames.stack) {
    if (isGeneric(fn)) continue;
    out.push(fn);
    if (out.length === n) break;
  }
  return out;
}
function firstSignificant(frames) {
  return frames.significant ? frames.significant[0] : significantFns(frames, 1)[0];
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
    const child = spawn("bash", args, {
      stdio: ["pipe", "pipe", "pipe"]
    });
    const out = [];
    const err = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 12e4);
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
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
var DECODED_FRAME = /(?:^|[\s:?])([A-Za-z_][\w.$]*) \(([^\s()]+\.[chSs]):(\d+)/;
function firstLocation(decoded) {
  for (const l of decoded.split("\n")) {
    if (/\s\?\s/.test(l)) continue;
    const m = DECODED_FRAME.exec(l);
    if (!m) continue;
    const [, fn, file, line] = m;
    if (file.startsWith("/") || isGeneric(canonicalFn(fn))) continue;
    return { file, line: Number(line) };
  }
  return void 0;
}
async function decodeFindings(findings, opts, warn = () => {
}) {
  for (const f of findings) {
    try {
      const decoded = await decodeReport(f.report, opts);
      f.decoded = decoded;
      const loc = firstLocation(decoded);
      if (loc) f.location = loc;
    } catch (e) {
      warn(`decode of '${f.title}': ${e.message}`);
    }
  }
}

// src/core/crash/patterns.ts
var END_TRACE = /^---\[ end trace [0-9a-f]+ \]---/;
var SEPARATOR = /^={20,}\s*$/;
var OOPS_HEADER = "oops";
var PATTERNS = [
  {
    id: "kill-init",
    kind: "kill-init",
    fatal: true,
    start: /^Kernel panic - not syncing: (Attempted to kill init!.*)$/,
    end: /^---\[ end Kernel panic/,
    title: { template: "kernel panic: {1}" },
    source: 'kernel/exit.c: panic("Attempted to kill init! exitcode=0x%08x\\n")'
  },
  {
    id: "panic",
    kind: "panic",
    fatal: true,
    start: /^Kernel panic - not syncing: (.*?)\s*$/,
    end: /^---\[ end Kernel panic/,
    title: { template: "kernel panic: {1}" },
    source: 'kernel/panic.c: pr_emerg("Kernel panic - not syncing: %s\\n")'
  },
  {
    id: "null-deref",
    kind: "oops",
    fatal: true,
    start: /^BUG: kernel NULL pointer dereference, address: /,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: "BUG: unable to handle kernel NULL pointer dereference in {fn}", fn: "rip" },
    source: 'arch/x86/mm/fault.c: pr_alert("BUG: kernel NULL pointer dereference, address: %px\\n")'
  },
  {
    id: "page-fault",
    kind: "oops",
    fatal: true,
    start: /^BUG: unable to handle page fault for address: /,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: "BUG: unable to handle kernel paging request in {fn}", fn: "rip" },
    source: 'arch/x86/mm/fault.c: pr_alert("BUG: unable to handle page fault for address: %px\\n")'
  },
  {
    id: "bug-at",
    kind: "bug",
    fatal: true,
    start: /^kernel BUG at (\S+?)!?$/,
    end: END_TRACE,
    absorbs: [OOPS_HEADER],
    title: { template: "kernel BUG in {fn}", fn: "rip" },
    source: 'lib/bug.c: pr_crit("kernel BUG at %s:%u!\\n")'
  },
  {
    // 6.12: "Oops: general protection fault, ...: 0000 [#1] PREEMPT SMP";
    // 6.1 and older print the reason without "Oops: " ("invalid opcode: 0000 [#1]").
    id: OOPS_HEADER,
    kind: "oops",
    fatal: true,
    start: /^(?:Oops: )?((?:[a-z][-a-z0-9 ,]*?(?:, probably for [^:]+)?)|Oops): [0-9a-f]{4} \[#\d+\]/,
    end: END_TRACE,
    title: { template: "Oops: {1} in {fn}", fn: "rip", special: "oops" },
    source: 'arch/x86/kernel/dumpstack.c: __die_header() printk("Oops: %s: %04lx [#%d]...")'
  },
  {
    id: "warning",
    kind: "warning",
    fatal: false,
    start: /^WARNING: CPU: \d+ PID: \d+ at (?:\S+:\d+ )?(\S+)/,
    prelude: /^-+\[ cut here \]-+\s*$/,
    end: END_TRACE,
    title: { template: "WARNING in {fn}", fn: "group:1" },
    source: 'kernel/panic.c: __warn() pr_warn("WARNING: CPU: %d PID: %d at %s:%d %pS\\n")'
  },
  {
    id: "kasan",
    kind: "kasan",
    fatal: false,
    start: /^BUG: KASAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: "KASAN: {1} in {fn}", fn: "group:2", special: "kasan" },
    source: 'mm/kasan/report.c: pr_err("BUG: KASAN: %s in %pS\\n")'
  },
  {
    id: "kfence",
    kind: "kfence",
    fatal: false,
    start: /^BUG: KFENCE: (.+?) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: "KFENCE: {1} in {fn}", fn: "group:2" },
    source: 'mm/kfence/report.c: pr_err("BUG: KFENCE: %s in %pS\\n")'
  },
  {
    id: "kcsan",
    kind: "kcsan",
    fatal: false,
    start: /^BUG: KCSAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: "KCSAN: {1} in {fn}", fn: "group:2" },
    source: 'kernel/kcsan/report.c: pr_err("BUG: KCSAN: %s in %pS / %pS\\n")'
  },
  {
    id: "kmsan",
    kind: "kmsan",
    fatal: false,
    start: /^BUG: KMSAN: (\S+) in (\S+)/,
    prelude: SEPARATOR,
    end: SEPARATOR,
    title: { template: "KMSAN: {1} in {fn}", fn: "group:2" },
    source: 'mm/kmsan/report.c: pr_err("BUG: KMSAN: %s in %pSr\\n")'
  },
  {
    id: "ubsan",
    kind: "ubsan",
    fatal: false,
    start: /^UBSAN: (.+?) in (\S+?):\d+:\d+$/,
    prelude: SEPARATOR,
    // 6.12 ends with "---[ end trace ]---" (lib/ubsan.c ubsan_epilogue), older kernels with a row of "=".
    end: /^(?:={20,}\s*$|---\[ end trace(?: [0-9a-f]+)? \]---)/,
    title: { template: "UBSAN: {1} in {fn}", fn: "stack" },
    source: 'lib/ubsan.c: ubsan_prologue() pr_err("UBSAN: %s in %s:%d:%d\\n")'
  },
  {
    // Printed on the console only with kmemleak.verbose=1 (else only to the
    // debugfs reader): the default cmdline sets it.
    id: "kmemleak",
    kind: "kmemleak",
    fatal: false,
    start: /^(?:kmemleak: )?unreferenced object 0x[0-9a-f]+ \(size \d+\):/,
    continueWhile: /^(?:kmemleak: )?\s/,
    title: { template: "memory leak in {fn}", fn: "stack" },
    source: 'mm/kmemleak.c: print_unreferenced() "unreferenced object 0x%08lx (size %zu):\\n"'
  },
  {
    id: "lockdep",
    kind: "lockdep",
    fatal: false,
    start: /^(?:WARNING: (possible circular locking dependency detected|inconsistent lock state|possible recursive locking detected|suspicious RCU usage|possible irq lock inversion dependency detected|bad unlock balance detected!|held lock freed!|lock held when returning to user space!|Nested lock was not taken|\S+-safe -> \S+-unsafe lock order detected|\S+\/\d+ still has locks held!)|\[ BUG: (Invalid wait context) \])$/,
    prelude: /^(?:={20,}|-{20,})\s*$/,
    endAtTaskEnd: true,
    title: { template: "lockdep: {1}{2} in {fn}", fn: "stack" },
    source: 'kernel/locking/lockdep.c: pr_warn("WARNING: possible circular locking dependency detected\\n") etc.'
  },
  {
    id: "atomic-sleep",
    kind: "bug",
    fatal: false,
    start: /^BUG: (sleeping function called from invalid context|scheduling while atomic)/,
    endAtTaskEnd: true,
    title: { template: "BUG: {1} in {fn}", fn: "stack" },
    source: 'kernel/sched/core.c: __might_resched() pr_err("BUG: sleeping function called from invalid context at %s:%d\\n")'
  },
  {
    // Several CPUs' backtraces follow, with no end marker: completed by the quiet gap.
    id: "rcu-stall",
    kind: "rcu-stall",
    fatal: true,
    start: /^rcu: INFO: \S+ (?:detected stalls on CPUs\/tasks|self-detected stall on CPU)/,
    title: { template: "INFO: rcu detected stall in {fn}", fn: "rip-or-stack" },
    source: 'kernel/rcu/tree_stall.h: pr_err("INFO: %s detected stalls on CPUs/tasks:\\n")'
  },
  {
    id: "hung-task",
    kind: "hung-task",
    fatal: true,
    start: /^INFO: task (\S+):\d+ blocked for more than \d+ seconds\./,
    endAtTaskEnd: true,
    title: { template: "INFO: task hung in {fn}", fn: "stack" },
    source: 'kernel/hung_task.c: pr_err("INFO: task %s:%d blocked for more than %ld seconds.\\n")'
  },
  {
    id: "soft-lockup",
    kind: "soft-lockup",
    fatal: true,
    start: /^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s! \[(.+):\d+\]/,
    endAtTaskEnd: true,
    title: { template: "BUG: soft lockup in {fn}", fn: "rip-or-stack" },
    source: 'kernel/watchdog.c: pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\\n")'
  },
  {
    id: "hard-lockup",
    kind: "hard-lockup",
    fatal: true,
    start: /^(?:watchdog|NMI watchdog): Watchdog detected hard LOCKUP on cpu \d+/,
    endAtTaskEnd: true,
    title: { template: "BUG: hard lockup in {fn}", fn: "rip-or-stack" },
    source: 'kernel/watchdog.c: pr_emerg("Watchdog detected hard LOCKUP on cpu %d\\n")'
  },
  {
    id: "ref-tracker",
    kind: "ref-tracker",
    fatal: false,
    start: /^ref_tracker: (\S+?)@\S+ has \d+\/\d+ users at$/,
    continueWhile: /^\s/,
    title: { template: "ref_tracker: {1} leak in {fn}", fn: "stack" },
    source: 'lib/ref_tracker.c: pr_ostream("%s@%pK has %d/%d users at\\n%s\\n")'
  },
  {
    id: "kvm-entry",
    kind: "kvm",
    fatal: true,
    start: /^KVM: entry failed, hardware error (0x[0-9a-f]+)/,
    host: true,
    title: { template: "KVM: entry failed, hardware error {1}" },
    source: 'QEMU target/i386/kvm/kvm.c: "KVM: entry failed, hardware error 0x%lx"'
  },
  {
    id: "kvm-internal",
    kind: "kvm",
    fatal: true,
    start: /^KVM internal error\. Suberror: (\d+)/,
    host: true,
    title: { template: "KVM internal error: suberror {1}" },
    source: 'QEMU accel/kvm/kvm-all.c: "KVM internal error. Suberror: %d"'
  }
];
var START_PREFILTER = /Kernel panic|BUG|Oops|WARNING|UBSAN|unreferenced object|kmemleak: unreferenced|rcu: INFO|INFO: task|watchdog: |NMI watchdog|kernel BUG|ref_tracker: |\[ BUG|[a-z][-a-z0-9 ,]*(?:, probably for [^:]+)?: [0-9a-f]{4} \[#/y;
var CONSEQUENCE_PANIC = /^Kernel panic - not syncing: (?:Fatal exception|Fatal exception in interrupt|hung_task: blocked tasks|softlockup: hung tasks|RCU Stall|\S+: panic_on_warn set|Hard LOCKUP|Oopsed too often|Attempted to kill init!)/;

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
function sameList(a, b, offset = 0) {
  if (a.length !== b.length - offset) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i + offset]) return false;
  return true;
}

// src/core/crash/title.ts
function reportFn(p, match, frames) {
  const how = p.title.fn;
  if (!how) return void 0;
  if (how.startsWith("group:")) {
    const g = match[Number(how.slice(6))];
    const fn = g === void 0 ? void 0 : symbolFn(g);
    return fn && !isGeneric(fn) ? fn : firstSignificant(frames);
  }
  if (how === "rip") return frames.rip ?? firstSignificant(frames);
  if (how === "stack") return firstSignificant(frames);
  const rip = frames.rip;
  return rip && !isGeneric(rip) ? rip : firstSignificant(frames);
}
function fill(template, match, fn) {
  let t = fn === void 0 ? template.replace(" in {fn}", "") : template.replace("{fn}", fn);
  t = t.replace(/\{(\d+)\}/g, (_, n) => match[Number(n)] ?? "");
  return t.replace(/\s+/g, " ").trim();
}
var filled = new RecentMemo();
function fillOnce(p, match, fn) {
  const hit = filled.find((e) => e.p === p && e.fn === fn && sameList(e.groups, match, 1));
  if (hit) return hit.title;
  return filled.add({
    p,
    fn: fn === void 0 ? fn : detach(fn),
    groups: match.slice(1).map((g) => g === void 0 ? g : detach(g)),
    title: detach(fill(p.title.template, match, fn))
  }).title;
}
var KERNEL_BUG_AT = /kernel BUG at /y;
var KASAN_ACCESS = /(Read|Write) of size/y;
function oopsTitle(match, r, fn) {
  const reason = match[1] ?? "Oops";
  const where = fn === void 0 ? "" : ` in ${fn}`;
  if (reason.startsWith("general protection fault")) return `general protection fault${where}`;
  if (r.lines.some((l, i) => (KERNEL_BUG_AT.lastIndex = r.offs[i], KERNEL_BUG_AT.test(l))))
    return `kernel BUG${where}`;
  if (reason === "Oops") return `Oops${where}`;
  return `Oops: ${reason}${where}`;
}
function makeTitle(p, match, r, frames = reportFrames(r)) {
  const fn = reportFn(p, match, frames);
  if (p.title.special === "oops") return { title: oopsTitle(match, r, fn), fn };
  let title = fillOnce(p, match, fn);
  if (p.title.special === "kasan") {
    for (let i = 0; i < r.lines.length; i++) {
      KASAN_ACCESS.lastIndex = r.offs[i];
      const access = KASAN_ACCESS.exec(r.lines[i]);
      if (!access) continue;
      title = title.replace(/^(KASAN: \S+)/, `$1 ${access[1]}`);
      break;
    }
  }
  return { title, fn };
}

// src/core/crash/fingerprint.ts
import { createHash } from "node:crypto";
var FINGERPRINT_FRAMES = SIGNIFICANT_FRAMES;
function fingerprintKey(kind, title, frames) {
  const stableTitle = title.replace(/0x[0-9a-f]+/gi, "?").replace(/\b[0-9a-f]{8,}\b/gi, "?").replace(/\d+/g, "N");
  return [kind, stableTitle, ...significantFns(frames, FINGERPRINT_FRAMES)].join("|");
}
var known = new RecentMemo();
function fingerprint(kind, title, frames) {
  const fns = significantFns(frames, FINGERPRINT_FRAMES);
  const hit = known.find((e) => e.kind === kind && e.title === title && sameList(e.fns, fns));
  if (hit) return hit.fp;
  const fp = createHash("sha256").update(fingerprintKey(kind, title, frames)).digest("hex").slice(0, 16);
  return known.add({ kind, title: detach(title), fns: fns.map(detach), fp }).fp;
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
var scanTs = new Float64Array(1);
var scanCaller = "";
function scanPrefix(s) {
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
        scanTs[0] = secs + frac / scale;
        j++;
        if (s.charCodeAt(j) === 91) j = scanCallerId(s, j);
        else scanCaller = "";
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
function scanCallerId(s, open) {
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
        const prev = lastCallerId;
        lastCallerId = prev.length === id1 - id0 && s.startsWith(prev, id0) ? prev : s.slice(id0, id1);
        scanCaller = lastCallerId;
        return k + 1;
      }
    }
  }
  scanCaller = "";
  return open;
}
var lastCallerId = "";
var CrashDetector = class _CrashDetector {
  /** Called once, when the first stop-worthy finding is complete. */
  onStop;
  stop = false;
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
    this.maxReportLines = opts.maxReportLines ?? 500;
    this.maxLineChars = opts.maxLineChars ?? 4096;
    this.keepAll = opts.keepAll ?? false;
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
    const off = scanPrefix(line);
    if (off < 0) {
      if (line.charCodeAt(0) === 75 && line.startsWith("KVM")) this.hostLine(line, lineNo);
      return;
    }
    const ts = scanTs[0];
    const caller = scanCaller;
    if (ts + 1 < this.lastTs) this.lastDone = void 0;
    this.lastTs = ts;
    this.lineTs = ts;
    this.lineMs = nowMs;
    let r = this.open.size === 0 ? void 0 : this.open.get(caller);
    if (r && (ts - r.lastTs > this.kernelGapS || ts + 1 < r.lastTs || nowMs - r.lastMs >= this.quietGapMs)) {
      this.complete(caller, r);
      r = void 0;
    }
    const c = line.charCodeAt(off);
    let hit = START_LEAD === void 0 || c < 128 && START_LEAD[c] === 1;
    if (hit) {
      START_PREFILTER.lastIndex = off;
      hit = START_PREFILTER.test(line);
    }
    if (!(hit && this.startLine(line, off, lineNo, caller, r)) && r)
      this.continueLine(r, caller, line, off, lineNo);
    this.remember(caller, line, lineNo);
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
      const m = p.start.exec(line);
      if (!m) continue;
      const r = this.newOpen(p, m, line, 0, lineNo, 0, 0, void 0);
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
    let m = null;
    for (let i = 0; i < KERNEL_PATTERNS.length; i++) {
      const lead = KERNEL_LEADS[i];
      if (lead !== void 0 && !(c0 < 128 && lead[c0] === 1)) continue;
      m = KERNEL_PATTERNS[i].start.exec(body);
      if (m) {
        p = KERNEL_PATTERNS[i];
        break;
      }
    }
    if (!p || !m) return false;
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
    if (r && r.pat.absorbs?.includes(p.id)) {
      this.append(r, line, off, lineNo);
      return true;
    }
    if (r) this.complete(caller, r);
    const o = this.newOpen(p, m, line, off, lineNo, this.lineMs, ts, this.test);
    const recent = this.prev.get(caller);
    if (p.prelude && recent) {
      for (let back = 1; back <= PRELUDE_LOOKBACK; back++) {
        const pl = recent.get(back);
        if (pl === void 0) break;
        if (!at(lineTest(p.prelude), pl, scanPrefix(pl))) continue;
        for (let k = back; k >= 1; k--) {
          const l = recent.get(k);
          o.lines.splice(o.lines.length - 1, 0, l);
          o.offs.splice(o.offs.length - 1, 0, scanPrefix(l));
        }
        o.first = recent.lineNo(back);
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
  newOpen(p, m, line, off, lineNo, nowMs, ts, test) {
    return {
      pat: p,
      match: m,
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
      frames: new FrameScan(),
      scanned: 0
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
    const frames = r.frames;
    for (; r.scanned < r.lines.length && !frames.complete; r.scanned++)
      frames.add(r.lines[r.scanned], r.offs[r.scanned]);
    let { title } = makeTitle(r.pat, r.match, r, frames);
    const fp = fingerprint(r.pat.kind, title, frames);
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
  CrashDetector,
  collapseFindings
};
