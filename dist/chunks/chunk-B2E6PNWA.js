import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  LineSplitter
} from "./chunk-VGQD5WZU.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";

// src/system/initramfs.ts
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
var ROOT_MODULES = ["virtio_pci", "9pnet_virtio", "9p", "overlay"];
var BUSYBOX_CANDIDATES = ["/bin/busybox", "/usr/bin/busybox"];
var S_IFREG = 32768;
var S_IFDIR = 16384;
var S_IFCHR = 8192;
var file = (path, data, perm = 420) => ({
  path,
  mode: S_IFREG | perm,
  data: typeof data === "string" ? Buffer.from(data) : data
});
var dir = (path) => ({ path, mode: S_IFDIR | 493 });
var chr = (path, major, minor) => ({
  path,
  mode: S_IFCHR | 384,
  rdev: { major, minor }
});
function cpioNewc(entries) {
  const parts = [];
  const pad4 = (n) => Buffer.alloc((4 - n % 4) % 4);
  const hex = (n) => n.toString(16).padStart(8, "0");
  let ino = 1;
  const push = (e) => {
    const data = e.data ?? Buffer.alloc(0);
    const name = Buffer.from(`${e.path.replace(/^\/+/, "")}\0`);
    const header = "070701" + [
      ino++,
      e.mode,
      0,
      0,
      (e.mode & S_IFDIR) === S_IFDIR ? 2 : 1,
      0,
      data.length,
      0,
      0,
      e.rdev?.major ?? 0,
      e.rdev?.minor ?? 0,
      name.length,
      0
    ].map(hex).join("");
    parts.push(
      Buffer.from(header, "latin1"),
      name,
      pad4(110 + name.length),
      data,
      pad4(data.length)
    );
  };
  for (const e of entries) push(e);
  push({ path: "TRAILER!!!", mode: 0 });
  return Buffer.concat(parts);
}
function parseModulesDep(text) {
  const map = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line.slice(colon + 1).trim().split(/\s+/).filter(Boolean);
    map.set(moduleName(path), { path, deps });
  }
  return map;
}
function moduleName(path) {
  return basename(path).replace(/\.ko(\.(xz|zst|gz))?$/, "").replace(/-/g, "_");
}
function moduleLoadOrder(wanted, dep, builtin) {
  const order = [];
  const seen = /* @__PURE__ */ new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const entry = dep.get(moduleName(path));
    for (const d of [...entry?.deps ?? []].reverse()) visit(d);
    order.push(path);
  };
  for (const name of wanted) {
    const entry = dep.get(name);
    if (entry) visit(entry.path);
    else if (!builtin.has(name))
      throw new UsageError(`module ${name} is neither built in nor in modules.dep`);
  }
  return order;
}
function readModule(modulesDir, rel) {
  const path = join(modulesDir, rel);
  if (rel.endsWith(".gz")) return gunzipSync(readFileSync(path));
  if (rel.endsWith(".xz")) return execFileSync("xz", ["-dc", path], { maxBuffer: 1 << 28 });
  if (rel.endsWith(".zst")) return execFileSync("zstd", ["-dc", path], { maxBuffer: 1 << 28 });
  return readFileSync(path);
}
function initScript(modules, rootMount) {
  return `#!/bin/busybox sh
# kernel-ci initramfs: load what mounting the host's root needs, then hand over.
b=/bin/busybox
$b mount -t proc proc /proc
$b mount -t devtmpfs dev /dev 2>/dev/null
for m in ${modules.map((m) => basename(m).replace(/\.(xz|zst|gz)$/, "")).join(" ")}; do
  $b insmod /modules/$m || echo "kci-initramfs: insmod $m failed"
done
init=
for w in $($b cat /proc/cmdline); do
  case "$w" in kci.init=*) init=\${w#kci.init=} ;; esac
done
if ! $b mount -t 9p -o ${rootMount.options} ${rootMount.tag} /newroot; then
  echo "kci-initramfs: cannot mount the root filesystem (9p tag ${rootMount.tag})"
  $b poweroff -f
fi
$b umount /dev 2>/dev/null
$b umount /proc
exec $b switch_root /newroot "\${init:-/sbin/init}"
`;
}
function findBusybox() {
  const bb = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!bb)
    throw new UsageError("busybox not found: install busybox-static (scripts/setup-host.sh)");
  return bb;
}
function cachedInitramfs(modulesDir, cacheDir, rootMount, wanted = ROOT_MODULES) {
  const { order, script } = prepare(modulesDir, rootMount, wanted);
  const bb = findBusybox();
  const st = (p) => {
    const s = statSync(p);
    return `${p}:${s.size}:${s.mtimeMs}`;
  };
  const key = createHash("sha256").update([script, st(join(modulesDir, "modules.dep")), st(bb)].join("\n")).digest("hex").slice(0, 16);
  const path = join(cacheDir, `initramfs-${key}.cpio`);
  const info = { path, modules: order.map(moduleName) };
  if (existsSync(path)) return { ...info, cached: true };
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  write(tmp, modulesDir, order, script);
  renameSync(tmp, path);
  return { ...info, cached: false };
}
function prepare(modulesDir, rootMount, wanted) {
  const depFile = join(modulesDir, "modules.dep");
  if (!existsSync(depFile))
    throw new UsageError(
      `--modules ${modulesDir}: no modules.dep (not a lib/modules/<release> dir?)`
    );
  const dep = parseModulesDep(readFileSync(depFile, "utf8"));
  const builtinFile = join(modulesDir, "modules.builtin");
  const builtin = new Set(
    existsSync(builtinFile) ? readFileSync(builtinFile, "utf8").split("\n").filter(Boolean).map(moduleName) : []
  );
  const order = moduleLoadOrder(wanted, dep, builtin);
  return { order, script: initScript(order, rootMount) };
}
function write(out, modulesDir, order, script) {
  const entries = [
    dir("/bin"),
    dir("/dev"),
    chr("/dev/console", 5, 1),
    dir("/proc"),
    dir("/newroot"),
    dir("/modules"),
    file("/bin/busybox", readFileSync(findBusybox()), 493),
    file("/init", script, 493),
    ...order.map(
      (rel) => file(`/modules/${basename(rel).replace(/\.(xz|zst|gz)$/, "")}`, readModule(modulesDir, rel))
    )
  ];
  writeFileSync(out, cpioNewc(entries));
}

// src/system/qemu-args.ts
import { cpus as hostCpus } from "node:os";
var QEMU_BINARY = "qemu-system-x86_64";
var ROOT_TAG = "kci_root";
var SHARE_TAG = "kci_out";
var ROOT_9P_OPTIONS = "trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro";
var defaultCpus = () => Math.max(1, hostCpus().length);
var defaultMemoryMiB = (cpus) => 1024 + 512 * cpus;
var accelArgs = (accel) => accel === "kvm" ? ["-accel", "kvm", "-cpu", "host"] : ["-accel", "tcg,thread=multi", "-cpu", "max"];
var machineArgs = () => [
  "-machine",
  "pc",
  "-nodefaults",
  "-no-user-config",
  "-display",
  "none",
  // A guest that panics (panic=-1) or powers off makes QEMU exit.
  "-no-reboot"
];
var sizeArgs = (cpus, memoryMiB) => [
  "-smp",
  String(cpus),
  "-m",
  `${memoryMiB}M`
];
var serialConsoleArgs = () => [
  "-chardev",
  "stdio,id=console,signal=off",
  "-serial",
  "chardev:console"
];
var monitorArgs = (socket) => [
  "-monitor",
  `unix:${socket},server=on,wait=off`
];
var share9pArgs = (id, path, tag, readonly) => [
  "-fsdev",
  `local,id=${id},path=${path},security_model=none,multidevs=remap${readonly ? ",readonly=on" : ""}`,
  "-device",
  `virtio-9p-pci,fsdev=${id},mount_tag=${tag}`
];
function kernelCmdline(c) {
  const parts = [
    "console=ttyS0,115200",
    "panic=-1",
    "sysrq_always_enabled=1",
    // The crash detector keys on printk timestamps; hangs become panics where
    // the kernel allows, so they stop the VM at once; kmemleak prints its
    // reports on the console; no_timer_check avoids a false "IO-APIC + timer
    // doesn't work" boot panic on a loaded TCG host.
    "printk.time=1",
    "softlockup_panic=1",
    "hung_task_panic=1",
    "kmemleak.verbose=1",
    "no_timer_check",
    `root=${ROOT_TAG}`,
    "rootfstype=9p",
    `rootflags=${ROOT_9P_OPTIONS.replace(/,ro$/, "")}`,
    "ro",
    // With an initramfs its /init reads kci.init; without one the kernel runs init= itself.
    c.initrd ? `kci.init=${c.init}` : `init=${c.init}`
  ];
  if (c.extraCmdline?.trim()) parts.push(c.extraCmdline.trim());
  return parts.join(" ");
}
function kernelArgs(c) {
  return [
    "-kernel",
    c.kernel,
    ...c.initrd ? ["-initrd", c.initrd] : [],
    "-append",
    kernelCmdline(c)
  ];
}
function qemuArgs(c) {
  return [
    ...machineArgs(),
    ...accelArgs(c.accel),
    ...sizeArgs(c.cpus, c.memoryMiB),
    ...serialConsoleArgs(),
    ...monitorArgs(c.monitorSocket),
    ...share9pArgs("root", "/", ROOT_TAG, true),
    ...share9pArgs("out", c.shareDir, SHARE_TAG, false),
    ...kernelArgs(c),
    ...c.extraArgs ?? []
  ];
}

// src/system/vm.ts
import { spawn } from "node:child_process";
import { closeSync, constants, existsSync as existsSync2, openSync, unlinkSync, writeSync } from "node:fs";
import { connect } from "node:net";
var SYSRQ_DUMP_KEYS = ["w", "d", "l"];
var SYSRQ_SETTLE_MS = 2e3;
var STOP_GRACE_MS = 1e3;
var live = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function trackChild(child) {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of live) c.kill("SIGKILL");
    });
  }
}
function spawnGuarded(argv) {
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync2(p));
  const [cmd, ...args] = setpriv ? [setpriv, "--pdeathsig", "KILL", "--", ...argv] : argv;
  return spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
}
function hmp(socket, commands, settleMs = 200) {
  return new Promise((resolve) => {
    const s = connect(socket);
    let timer;
    const done = (ok) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    s.once("error", () => done(false));
    s.once("close", () => done(true));
    s.once("connect", () => {
      s.resume();
      s.write(commands.map((c) => `${c}
`).join(""));
      timer = setTimeout(() => done(true), settleMs);
    });
  });
}
function openConsoleLog(path, append) {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
  try {
    return openSync(path, flags, 420);
  } catch (e) {
    if (e.code !== "ELOOP") throw e;
    unlinkSync(path);
    return openSync(path, flags, 420);
  }
}
var Vm = class {
  constructor(o) {
    this.o = o;
    this.lineNo = o.firstLineNo ?? 0;
  }
  o;
  listeners = [];
  child;
  stopReason;
  lineNo;
  tail = [];
  fd;
  alive = false;
  addListener(l) {
    this.listeners.push(l);
  }
  /** Stops the VM as soon as possible; run() then resolves with end 'stopped'. */
  stop(reason) {
    if (this.stopReason !== void 0) return;
    this.stopReason = reason;
    this.kill();
  }
  get stopping() {
    return this.stopReason !== void 0;
  }
  /** Asks the guest kernel for its blocked tasks, held locks and CPU backtraces. */
  async sysrqDump(keys = SYSRQ_DUMP_KEYS) {
    if (!this.o.monitorSocket || !this.child || this.child.exitCode !== null) return false;
    let ok = true;
    for (const k of keys) {
      ok = await hmp(this.o.monitorSocket, [`sendkey alt-sysrq-${k}`]) && ok;
      await new Promise((r) => setTimeout(r, SYSRQ_SETTLE_MS / keys.length));
    }
    return ok;
  }
  kill() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (this.o.monitorSocket) void hmp(this.o.monitorSocket, ["quit"], STOP_GRACE_MS);
    const t = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => clearTimeout(t));
  }
  write(lines) {
    if (lines.length === 0 || this.fd === void 0) return;
    writeSync(this.fd, lines.join("\n") + "\n");
  }
  emit(lines) {
    let ready = false;
    this.write(lines);
    for (const line of lines) {
      this.lineNo++;
      this.tail.push(line);
      if (this.tail.length > (this.o.tailLines ?? 50)) this.tail.shift();
      if (this.o.isReady(line)) ready = true;
      if (!this.alive && (this.o.isAlive?.(line) ?? true)) this.alive = true;
      for (const l of this.listeners) l.onLine(line, this.lineNo);
    }
    if (lines.length) this.o.onChunk?.(lines);
    return ready;
  }
  async run() {
    this.fd = openConsoleLog(this.o.consoleLog, this.o.append === true);
    const t0 = Date.now();
    const stderr = [];
    let boots = 0;
    try {
      if (this.o.preamble) this.emit(this.o.preamble);
      for (; ; ) {
        boots++;
        if (boots > 1) this.emit([`==== kernel-ci: boot attempt ${boots} ====`]);
        for (const l of this.listeners) l.onBoot?.(boots);
        const r = await this.attempt(t0, stderr);
        const base = {
          boots,
          exitCode: r.code,
          signal: r.signal,
          lines: this.lineNo,
          stderr: [...stderr]
        };
        if (this.stopReason !== void 0)
          return {
            ...base,
            end: "stopped",
            message: `stopped: ${this.stopReason}`,
            stopReason: this.stopReason,
            bootSeconds: r.bootSeconds,
            tail: this.tailWith(stderr)
          };
        if (r.end === "no-output")
          return {
            ...base,
            end: "no-output",
            message: `no kernel output within ${(this.o.firstOutputTimeoutMs ?? 0) / 1e3} s`,
            bootSeconds: null,
            tail: this.tailWith(stderr)
          };
        if (r.end === "no-ready" || r.end === "boot-timeout") {
          const why = r.end === "boot-timeout" ? `no ready marker within ${this.o.bootTimeoutMs / 1e3} s` : `QEMU exited (${r.signal ?? r.code}) before the guest was ready`;
          if (boots <= this.o.bootRetries && Date.now() - t0 < this.o.runTimeoutMs) continue;
          return {
            ...base,
            end: "boot-failure",
            message: `boot failure after ${boots} attempt(s): ${why}`,
            bootSeconds: null,
            tail: this.tailWith(stderr)
          };
        }
        const message = r.end === "timeout" ? `the run exceeded its ${this.o.runTimeoutMs / 1e3} s timeout` : r.end === "inactivity" ? `no console output for ${this.o.inactivityTimeoutMs / 1e3} s` : `QEMU exited (${r.signal ?? r.code})`;
        return {
          ...base,
          end: r.end,
          message,
          bootSeconds: r.bootSeconds,
          tail: this.tailWith(stderr)
        };
      }
    } finally {
      closeSync(this.fd);
      this.fd = void 0;
    }
  }
  tailWith(stderr) {
    return stderr.length ? [...this.tail, ...stderr.map((l) => `qemu: ${l}`)] : [...this.tail];
  }
  attempt(runStart, stderr) {
    const start = Date.now();
    const child = spawnGuarded(this.o.argv);
    this.child = child;
    trackChild(child);
    const split = new LineSplitter();
    const errSplit = new LineSplitter();
    let ready = null;
    let why;
    this.alive = false;
    const timers = [];
    const onTimeout = async (kind) => {
      if (why || this.stopReason !== void 0) return;
      why = kind;
      if (this.o.sysrqOnTimeout !== false && ready !== null) {
        this.emit([
          `==== kernel-ci: ${kind === "timeout" ? "run timeout" : "console inactivity"}: SysRq w, d, l ====`
        ]);
        await this.sysrqDump();
      }
      this.kill();
    };
    let idle;
    const kick = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => void onTimeout("inactivity"), this.o.inactivityTimeoutMs);
    };
    kick();
    timers.push(
      setTimeout(
        () => void onTimeout("timeout"),
        Math.max(0, this.o.runTimeoutMs - (start - runStart))
      ),
      setTimeout(() => {
        if (ready === null && !why) {
          why = "boot-timeout";
          this.kill();
        }
      }, this.o.bootTimeoutMs)
    );
    if (this.o.firstOutputTimeoutMs !== void 0)
      timers.push(
        setTimeout(() => {
          if (!this.alive && !why && this.stopReason === void 0) {
            why = "no-output";
            child.kill("SIGKILL");
          }
        }, this.o.firstOutputTimeoutMs)
      );
    child.stdout.on("data", (d) => {
      kick();
      if (this.emit(split.push(d)) && ready === null) ready = Date.now();
    });
    child.stderr.on("data", (d) => {
      for (const l of errSplit.push(d)) if (l.trim()) stderr.push(l);
    });
    return new Promise((resolve) => {
      let spawnError;
      child.once("error", (e) => spawnError = e);
      child.once("close", (code, signal) => {
        for (const t of timers) clearTimeout(t);
        if (idle) clearTimeout(idle);
        if (this.emit(split.end()) && ready === null) ready = Date.now();
        stderr.push(...errSplit.end().filter((l) => l.trim()));
        if (spawnError) stderr.push(spawnError.message);
        const bootSeconds = ready === null ? null : (ready - start) / 1e3;
        const end = why === "timeout" || why === "inactivity" || why === "no-output" ? why : ready === null ? why === "boot-timeout" ? "boot-timeout" : "no-ready" : "exited";
        resolve({ end, code, signal, bootSeconds });
      });
    });
  }
};

// src/system/kvm-probe.ts
import { execFile } from "node:child_process";
import { createHash as createHash2 } from "node:crypto";
import {
  accessSync,
  constants as constants2,
  existsSync as existsSync3,
  lstatSync,
  mkdirSync as mkdirSync2,
  readFileSync as readFileSync2,
  realpathSync,
  writeFileSync as writeFileSync2
} from "node:fs";
import { release } from "node:os";
import { dirname, join as join2 } from "node:path";
import { promisify } from "node:util";
var exec = promisify(execFile);
var PROBE_TIMEOUT_MS = 5e3;
function probeGuest(accel, qemu = QEMU_BINARY, timeoutMs = PROBE_TIMEOUT_MS) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawnGuarded([
      qemu,
      ...machineArgs(),
      ...accelArgs(accel),
      "-m",
      "64M",
      "-chardev",
      "stdio,id=dbg,signal=off",
      "-device",
      "isa-debugcon,iobase=0x402,chardev=dbg"
    ]);
    let out = "";
    let err = "";
    let settled = false;
    const finish = (ok, detail) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve({ ok, ms: Date.now() - t0, detail });
    };
    const timer = setTimeout(
      () => finish(false, `a ${accel} probe guest printed nothing in ${timeoutMs / 1e3} s (hung)`),
      timeoutMs
    );
    child.stdout.on("data", (d) => {
      out += d.toString("latin1");
      if (out.includes("SeaBIOS"))
        finish(true, `a ${accel} probe guest ran SeaBIOS in ${Date.now() - t0} ms`);
    });
    child.stderr.on("data", (d) => err += d.toString());
    child.on("error", (e) => finish(false, `cannot start ${qemu}: ${e.message}`));
    child.on("close", (code) => {
      const first = err.trim().split("\n")[0] ?? "";
      if (code === 126 || code === 127) finish(false, `cannot start ${qemu}: ${first}`);
      else finish(false, `the ${accel} probe guest exited (${code}): ${first}`);
    });
  });
}
function kvmAccessible(dev) {
  try {
    accessSync(dev, constants2.R_OK | constants2.W_OK);
    return true;
  } catch {
    return false;
  }
}
async function grantKvmAccess() {
  const rule = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"';
  const script = `echo '${rule}' > /etc/udev/rules.d/99-kvm4all.rules && udevadm control --reload-rules && udevadm trigger --name-match=kvm`;
  try {
    await exec("sudo", ["-n", "sh", "-c", script], { timeout: 1e4 });
    return "added the udev rule MODE=0666 for /dev/kvm via sudo";
  } catch (e) {
    return `could not add the udev rule via sudo (${e.message.split("\n")[0]})`;
  }
}
var KVM_HANG_MEMO_MS = 24 * 36e5;
function kvmHangMemo(dev, qemu, cacheRoot) {
  let flags = "";
  try {
    flags = /^flags\s*:.*$/m.exec(readFileSync2("/proc/cpuinfo", "utf8"))?.[0] ?? "";
  } catch {
  }
  let exe = qemu;
  try {
    exe = realpathSync(qemu);
  } catch {
  }
  const key = createHash2("sha256").update([dev, exe, release(), flags].join("\0")).digest("hex").slice(0, 16);
  return join2(cacheRoot, "kvm-hangs", key);
}
function rememberKvmHang(memo, reason) {
  try {
    mkdirSync2(dirname(memo), { recursive: true });
    writeFileSync2(memo, `${reason}
`);
  } catch {
  }
}
function recentKvmHang(memo) {
  if (!memo) return void 0;
  try {
    const st = lstatSync(memo);
    const age = Date.now() - st.mtimeMs;
    if (!st.isFile() || age > KVM_HANG_MEMO_MS) return void 0;
    const mins = Math.max(1, Math.round(age / 6e4));
    return `KVM hung a Linux guest on this host ${mins < 120 ? `${mins} min` : `${Math.round(mins / 60)} h`} ago (${memo}: delete it to try KVM again)`;
  } catch {
    return void 0;
  }
}
async function chooseAccel(mode, o = {}) {
  if (mode === "tcg") return { accel: "tcg", reason: "requested with --accel tcg" };
  const dev = o.dev ?? process.env.KERNEL_CI_KVM_DEVICE ?? "/dev/kvm";
  const probe = o.probe ?? ((a) => probeGuest(a, o.qemu));
  const fallback = (why) => ({ accel: "tcg", reason: `${why}; using TCG` });
  if (!existsSync3(dev)) return fallback(`${dev} does not exist`);
  let note = "";
  if (!kvmAccessible(dev)) {
    note = await grantKvmAccess();
    for (let i = 0; i < 10 && !kvmAccessible(dev); i++)
      await new Promise((r) => setTimeout(r, 100));
    if (!kvmAccessible(dev)) return fallback(`${dev} is not accessible and ${note}`);
    note = ` (${note})`;
  }
  const hung = recentKvmHang(o.memo);
  if (hung) return fallback(`${dev} is accessible but ${hung}`);
  const p = await probe("kvm");
  if (!p.ok) return fallback(`${dev} is accessible but ${p.detail}`);
  return { accel: "kvm", reason: `${dev} is accessible and ${p.detail}${note}` };
}

export {
  BUSYBOX_CANDIDATES,
  moduleName,
  cachedInitramfs,
  QEMU_BINARY,
  ROOT_TAG,
  SHARE_TAG,
  ROOT_9P_OPTIONS,
  defaultCpus,
  defaultMemoryMiB,
  kernelCmdline,
  qemuArgs,
  Vm,
  kvmAccessible,
  grantKvmAccess,
  kvmHangMemo,
  rememberKvmHang,
  chooseAccel
};
