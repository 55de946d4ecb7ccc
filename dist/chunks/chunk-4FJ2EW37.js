import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  bundleFlagDefaults,
  extractDebianKernel,
  isDebPath,
  isKernelBundle,
  kernelCacheRoot,
  modulesWithDep,
  unpackKernelBundle
} from "./chunk-7E3I45IO.js";
import {
  CrashDetector,
  checkDecodeInputs,
  collapseFindings,
  decodeFindings
} from "./chunk-GS65EVVR.js";
import {
  BUSYBOX_CANDIDATES,
  QEMU_BINARY,
  ROOT_9P_OPTIONS,
  ROOT_TAG,
  SHARE_TAG,
  Vm,
  cachedInitramfs,
  chooseAccel,
  defaultCpus,
  defaultMemoryMiB,
  kernelCmdline,
  kvmHangMemo,
  moduleName,
  qemuArgs,
  rememberKvmHang
} from "./chunk-B2E6PNWA.js";
import {
  findOnPath
} from "./chunk-Q7WCAKSK.js";
import {
  runFlags,
  wasGiven
} from "./chunk-ZKLSXLYR.js";
import {
  pathError,
  publishRun,
  readGuestFile,
  resultsProblem,
  safeDirSync,
  streamConsole,
  writeFresh
} from "./chunk-BOMWI6QC.js";
import {
  EXIT_STATUS_LEAF,
  SCHEMA_ID,
  addStatusLeaf,
  assembleKunit,
  assembleTest,
  bpfPlanTests,
  emptyCounts,
  exitCodeFor,
  finalExits,
  finalizeRun,
  fullName,
  isFailing,
  notRunTest,
  parseBpfFlag,
  parseShard,
  require_dist,
  shellQuote,
  shellWord,
  splitPlan,
  withSkipCauses
} from "./chunk-ENS4J5SQ.js";
import {
  UsageError
} from "./chunk-UF36CKJT.js";
import {
  __toESM
} from "./chunk-JXQP2R3W.js";

// src/pipeline/run.ts
import { randomBytes } from "node:crypto";
import { existsSync as existsSync7, mkdtempSync, readFileSync as readFileSync6, rmSync, statSync as statSync4 } from "node:fs";
import { tmpdir } from "node:os";
import { join as join6, resolve as resolve3 } from "node:path";

// src/system/guest-init.ts
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// src/core/markers.ts
var MARKER_TAG = "@@KCI@@";
var num = (s) => s === void 0 ? NaN : Number(s);
function parseMarker(line2, nonce) {
  const at = line2.indexOf(MARKER_TAG);
  if (at < 0) return null;
  const rest = line2.slice(at + MARKER_TAG.length).trim().split(/\s+/);
  if (rest[0] !== nonce) return null;
  const kv = {};
  for (const part of rest.slice(2)) {
    const eq = part.indexOf("=");
    if (eq > 0) kv[part.slice(0, eq)] = part.slice(eq + 1);
  }
  switch (rest[1]) {
    case "ready": {
      const uptime = num(kv.uptime);
      return Number.isFinite(uptime) ? { type: "ready", uptime } : null;
    }
    case "start": {
      const id = num(kv.id);
      const nameAt = line2.indexOf(" name=", at);
      if (!Number.isInteger(id) || nameAt < 0) return null;
      return { type: "start", id, name: line2.slice(nameAt + 6).trimEnd() };
    }
    case "end": {
      const id = num(kv.id), exit = num(kv.exit), ms = num(kv.ms), attempt = num(kv.attempt ?? "1");
      if (![id, exit, attempt].every(Number.isSafeInteger)) return null;
      if (!Number.isFinite(ms) || ms < 0 || attempt < 1) return null;
      return { type: "end", id, attempt, exit, ms, timedOut: kv.timeout === "1" };
    }
    case "done":
      return { type: "done" };
    default:
      return null;
  }
}

// src/system/guest-init.ts
var RW_BASE = "/run/kci/ovl";
var GUEST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
var fsPath = (p) => p.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
var line = (dev, dir, type, opts) => `${fsPath(dev)} ${fsPath(dir)} ${type} ${opts} 0 0`;
function layout(o) {
  const exists = o.exists ?? existsSync;
  const overlays = (o.overlays ?? DEFAULT_OVERLAYS).filter((d) => exists(d));
  const dirs = ["/dev/pts", "/dev/shm", "/run/lock"];
  for (const d of overlays) dirs.push(`${RW_BASE}${d}/u`, `${RW_BASE}${d}/w`);
  let modulesLines = "";
  if (o.modules) {
    const rel = o.modules.release;
    if (!exists("/lib/modules")) {
      modulesLines += `d="$(readlink -f /lib)/modules"
[ -d "$d" ] || { mkdir -p ${RW_BASE}/lib/u ${RW_BASE}/lib/w && mount -t overlay -o "lowerdir=$(readlink -f /lib),upperdir=${RW_BASE}/lib/u,workdir=${RW_BASE}/lib/w" overlay "$(readlink -f /lib)" && mkdir -p "$d"; }
mount -t tmpfs -o mode=755 modules "$d" && mkdir -p "$d"/${shellQuote(rel)} && mount -o bind ${shellQuote(o.modules.dir)} "$d"/${shellQuote(rel)}
`;
    } else if (basename(o.modules.dir) === rel) {
      modulesLines += `mount -o bind ${shellQuote(dirname(o.modules.dir))} /lib/modules
`;
    } else {
      modulesLines += `mount -t tmpfs -o mode=755 modules /lib/modules && mkdir -p /lib/modules/${shellQuote(rel)} && mount -o bind ${shellQuote(o.modules.dir)} /lib/modules/${shellQuote(rel)}
`;
    }
  }
  return { overlays, dirs, modulesLines };
}
function guestFstabs(o) {
  const { overlays } = layout(o);
  const join7 = (ls) => ls.join("\n") + "\n";
  const common = [
    line("devpts", "/dev/pts", "devpts", "gid=5,mode=620,ptmxmode=666"),
    line("shm", "/dev/shm", "tmpfs", "mode=1777")
  ];
  return {
    "fstab.base": join7([
      line("sysfs", "/sys", "sysfs", "defaults"),
      line("devtmpfs", "/dev", "devtmpfs", "defaults"),
      line("run", "/run", "tmpfs", "mode=755")
    ]),
    "fstab.rw": join7([
      ...common,
      ...overlays.map(
        (d) => line(
          "overlay",
          d,
          "overlay",
          `lowerdir=${d},upperdir=${RW_BASE}${d}/u,workdir=${RW_BASE}${d}/w`
        )
      )
    ]),
    // Without overlayfs, /etc stays read-only rather than empty.
    "fstab.rw-tmpfs": join7([
      ...common,
      ...overlays.filter((d) => d !== "/etc").map((d) => line("tmpfs", d, "tmpfs", d === "/tmp" ? "mode=1777" : "mode=755"))
    ]),
    "fstab.share": join7([
      line(o.shareTag, o.shareDir, "9p", "trans=virtio,version=9p2000.L,msize=262144")
    ]),
    "fstab.extra": join7([
      line("debugfs", "/sys/kernel/debug", "debugfs", "defaults"),
      line("tracefs", "/sys/kernel/tracing", "tracefs", "defaults"),
      line("cgroup2", "/sys/fs/cgroup", "cgroup2", "defaults"),
      line("bpf", "/sys/fs/bpf", "bpf", "defaults"),
      line("configfs", "/sys/kernel/config", "configfs", "defaults")
    ])
  };
}
var MARKERS_FILE = "markers.log";
var DEFAULT_OVERLAYS = ["/etc", "/var", "/tmp", "/root"];
var exportEnv = (env) => Object.entries(env ?? {}).map(([k, v]) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    throw new Error(`bad environment variable name '${k}'`);
  return `export ${k}=${shellQuote(v)}`;
}).join("\n");
function attemptOutput(base, attempt) {
  return attempt <= 1 ? `${base}.log` : `${base}.try${attempt}.log`;
}
function guestInitScript(o) {
  const m = `${MARKER_TAG} ${o.nonce}`;
  const tests = o.plan.tests.map((t) => {
    const envPrefix = t.env ? `${exportEnv(t.env).replace(/\n/g, "; ")}; ` : "";
    const final = finalExits(t).join(" ");
    if (/[\s]/.test(String(t.id)) || /[\r\n]/.test(t.name))
      throw new Error(`bad test name '${t.name}'`);
    return `t ${t.id} ${shellQuote(t.name)} ${shellQuote(t.cwd)} ${Math.max(0, Math.floor(t.timeoutSec))} ${t.retries ?? 0} ${shellQuote(` ${final} `)} ${shellQuote(o.outputBase(t))} ${shellQuote(envPrefix + t.command)}`;
  });
  const hooks = (cmds) => (cmds ?? []).map((c) => `/bin/sh -c ${shellQuote(c)} </dev/null 2>&1`).join("\n");
  const timeout = o.timeout ?? "/usr/bin/timeout";
  const { dirs, modulesLines } = layout(o);
  return `#!${o.shell ?? "/bin/sh"}
# kernel-ci guest init (generated): PID 1 of the test VM.
PATH=${GUEST_PATH}
export PATH HOME=/root TERM=dumb LANG=C.UTF-8 LC_ALL=C.UTF-8
${o.tcg ? "export KSFT_MACHINE_SLOW=yes" : ""}
${exportEnv(o.plan.env)}
M=${shellQuote(m)}
MF=${shellQuote(join(o.kciDir, MARKERS_FILE))}
# Every marker goes to the console (live) and to the share (survives a printk
# that garbles the console line).
mk() { echo "$M $1"; echo "$M $1" >> "$MF" 2>/dev/null; }
# Busybox runs most applets by exec'ing /proc/self/exe: /proc comes first.
# Then the mounts come from fstab files written by the host (one exec for
# many mounts: each exec is slow under TCG).
${o.shell?.endsWith(" sh") ? `${o.shell.slice(0, -3)} ` : ""}mount -t proc proc /proc
mount -a -T ${shellQuote(join(o.kciDir, "fstab.base"))}
mkdir -p ${dirs.map(shellQuote).join(" ")}
${(o.preload ?? []).map((f) => `${shellQuote(o.insmod ?? "insmod")} ${shellQuote(f)} 2>/dev/null`).join("\n")}
ovl=
while read -r a b; do [ "$a" = overlay ] || [ "$b" = overlay ] && ovl=1; done < /proc/filesystems
if [ -n "$ovl" ]; then
  mount -a -T ${shellQuote(join(o.kciDir, "fstab.rw"))}
else
  mount -a -T ${shellQuote(join(o.kciDir, "fstab.rw-tmpfs"))}
  mkdir -p ${shellQuote(o.shareDir)}
fi
mount -a -T ${shellQuote(join(o.kciDir, "fstab.share"))} || echo "kci-init: cannot mount the results share"
# debugfs, tracefs, bpf, configfs... can load modules (a modprobe exec under
# TCG each): mounted while the rest is set up, done before the first test.
mount -a -T ${shellQuote(join(o.kciDir, "fstab.extra"))} 2>/dev/null &
extra=$!
${modulesLines}[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
echo kci > /proc/sys/kernel/hostname
ip link set lo up 2>/dev/null
echo 1 > /proc/sys/kernel/sysrq
wait $extra
# Milliseconds since boot without forking: /proc/uptime has 2 decimals.
now() { read -r up _ < /proc/uptime; NOW=$(( \${up%.*} * 1000 + 1\${up#*.}0 - 1000 )); }
# t ID NAME CWD TIMEOUT RETRIES ' FINAL EXITS ' OUTPUT_BASE COMMAND
t() {
  mk "start id=$1 name=$2"
  a=1
  while :; do
    f=$7.log; [ $a -gt 1 ] && f=$7.try$a.log
    now; t0=$NOW
    {
      cd "$3" 2>/dev/null || cd /
      if [ "$4" -gt 0 ]; then ${shellQuote(timeout)} -k 10 "$4" /bin/sh -c "$8"; else /bin/sh -c "$8"; fi
      echo $? > /run/kci/rc
    } </dev/null 2>&1 | tee "$f"
    rc=255; [ -f /run/kci/rc ] && read -r rc < /run/kci/rc
    echo 255 > /run/kci/rc
    now; ms=$((NOW - t0)); to=0
    if [ "$4" -gt 0 ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; } && [ $ms -ge $(($4 * 1000 - 500)) ]; then to=1; fi
    mk "end id=$1 attempt=$a exit=$rc ms=$ms timeout=$to"
    case "$6" in *" $rc "*) break ;; esac
    [ $a -gt $5 ] && break
    a=$((a + 1))
  done
}
${hooks(o.plan.before)}
read -r up _ < /proc/uptime
: > "$MF" 2>/dev/null
mk "ready uptime=$up"
${tests.join("\n")}
${hooks(o.plan.after)}
cd /
mk done
sync
# systemd's poweroff needs -ff to act without a running systemd; busybox's takes -f.
poweroff -f -f 2>/dev/null || echo o > /proc/sysrq-trigger
while :; do sleep 60; done
`;
}

// src/system/kernel-image.ts
import { closeSync, openSync, readSync, statSync } from "node:fs";
var HEAD_BYTES = 64 * 1024;
function parseBzImageHeader(buf) {
  if (buf.length < 528) return null;
  if (buf.readUInt16LE(510) !== 43605) return null;
  if (buf.toString("latin1", 514, 518) !== "HdrS") return null;
  const proto = buf.readUInt16LE(518);
  const out = { protocol: `${proto >> 8}.${proto & 255}` };
  const off = buf.readUInt16LE(526);
  if (off !== 0 && off + 512 < buf.length) {
    const start = off + 512;
    const end = buf.indexOf(0, start);
    const version = buf.toString(
      "latin1",
      start,
      end < 0 ? Math.min(buf.length, start + 256) : end
    );
    if (/^\d+\.\d+/.test(version)) {
      out.version = version;
      out.release = version.split(" ")[0];
    }
  }
  return out;
}
function readKernelImage(path5) {
  let fd;
  try {
    if (!statSync(path5).isFile()) throw new UsageError(`--kernel ${path5}: not a file`);
    fd = openSync(path5, "r");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = err.code;
    throw new UsageError(
      `--kernel ${path5}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "not readable" : String(code)}`
    );
  }
  const buf = Buffer.alloc(HEAD_BYTES);
  let n;
  try {
    n = readSync(fd, buf, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const header = parseBzImageHeader(buf.subarray(0, n));
  if (!header)
    throw new UsageError(`--kernel ${path5}: not a bzImage (no x86 boot header "HdrS" at 0x202)`);
  return { path: path5, ...header };
}

// src/core/plan/plan-builder.ts
import { posix as path2 } from "node:path";

// src/core/plan/glob.ts
var cache = /* @__PURE__ */ new Map();
function globToRegExp(glob) {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      re += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  let out;
  try {
    out = new RegExp(`^${re}$`, "s");
  } catch {
    throw new UsageError(`bad glob '${glob}': not a valid character class`);
  }
  cache.set(glob, out);
  return out;
}
function globMatches(glob, fullName2) {
  const re = globToRegExp(glob);
  if (re.test(fullName2)) return true;
  if (glob.includes("/")) return false;
  const base = fullName2.slice(fullName2.lastIndexOf("/") + 1);
  return re.test(base);
}
function selected(fullName2, only, except) {
  if (only.length > 0 && !only.some((g) => globMatches(g, fullName2))) return false;
  return !except.some((g) => globMatches(g, fullName2));
}

// src/core/plan/kselftest.ts
function settingsTimeout(text) {
  let timeout;
  for (const raw of text.split("\n")) {
    const line2 = raw.trim();
    if (line2.startsWith("#") || !line2.includes("=")) continue;
    const eq = line2.indexOf("=");
    if (line2.slice(0, eq).trim() !== "timeout") continue;
    const v = line2.slice(eq + 1).trim();
    if (/^\d+$/.test(v)) timeout = Number(v);
  }
  return timeout;
}
function parseKselftestList(text) {
  const out = [];
  for (const raw of text.split("\n")) {
    const line2 = raw.trim();
    const colon = line2.indexOf(":");
    if (!line2 || line2.startsWith("#") || colon <= 0) continue;
    out.push({ collection: line2.slice(0, colon), test: line2.slice(colon + 1) });
  }
  return out;
}
function makefileTests(text, wildcard) {
  const vars = /* @__PURE__ */ new Map();
  const joined = text.replace(/\\\r?\n/g, " ");
  for (const raw of joined.split("\n")) {
    const line2 = raw.replace(/#.*$/, "");
    const m = /^\s*(?:override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|:=|::=|\?=|=)\s*(.*)$/.exec(
      line2
    );
    if (!m) continue;
    const [, name, op, rhs] = m;
    const value = rhs.replace(
      /\$\(wildcard\s+([^)]*)\)/g,
      (all, pats) => wildcard ? pats.trim().split(/\s+/).flatMap((p) => wildcard(p)).join(" ") : all
    );
    const words = value.replace(/\$[({][^()]*\s[^()]*[)}]/g, "$?").trim().split(/\s+/).filter(Boolean);
    const expanded = words.flatMap((w) => {
      const ref = /^\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]$/.exec(w);
      return ref ? vars.get(ref[1]) ?? [w] : [w];
    });
    if (op === "+=") vars.set(name, [...vars.get(name) ?? [], ...expanded]);
    else if (op === "?=") {
      if (!vars.has(name)) vars.set(name, expanded);
    } else vars.set(name, expanded);
  }
  const tests = ["TEST_GEN_PROGS", "TEST_CUSTOM_PROGS", "TEST_PROGS"].flatMap(
    (v) => vars.get(v) ?? []
  );
  return [...new Set(tests.filter((t) => !t.includes("$")))];
}
function argsVariable(testBasename) {
  const sanitized = testBasename.replace(/[\s\p{Cc}]/gu, "").replace(/[^A-Za-z0-9_]/g, "_").toUpperCase();
  return `KSELFTEST_${sanitized}_ARGS`;
}
function kselftestCommand(test, info, opts = {}) {
  const base = shellWord(`./${test}`);
  if (!info.exists) return `echo '# Warning: file ${test} is missing!'; exit 1`;
  let argv;
  if (info.executable) argv = opts.argsVar ? `${base} $${argsVariable(test)}` : base;
  else if (info.ksftRunner) argv = `./ksft_runner.sh ${base}`;
  else if (info.interpreter) argv = `${info.interpreter} ${base}`;
  else return `echo '# Warning: file ${test} is not executable'; exit 1`;
  return `if [ -x /usr/bin/stdbuf ]; then set -- /usr/bin/stdbuf --output=L; fi; exec "$@" ${argv}`;
}

// src/core/plan/kunit-modules.ts
var KUNIT_DEBUGFS = "/sys/kernel/debug/kunit";
function kunitModuleCommand(module, debugfs = KUNIT_DEBUGFS) {
  const load = module.endsWith(".ko") ? `insmod ${shellWord(module)}` : `modprobe ${shellWord(module)}`;
  const d = shellWord(debugfs);
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
    `exit $rc`
  ].join("\n");
}

// src/core/plan/packetdrill.ts
var PACKETDRILL_DEFAULT_ARGS = ["--send_omit_free"];
var VARIANT_ARGS = {
  ipv4: [
    "--ip_version=ipv4",
    "--local_ip=192.168.0.2",
    "--gateway_ip=192.168.0.1",
    "--netmask_ip=255.255.0.0",
    "--remote_ip=192.0.2.1/24",
    "-D",
    "TFO_COOKIE=de4f234f0f433a55",
    "-D",
    "CMSG_LEVEL_IP=SOL_IP",
    "-D",
    "CMSG_TYPE_RECVERR=IP_RECVERR"
  ],
  "ipv4-mapped-v6": [
    "--ip_version=ipv4-mapped-ipv6",
    "--local_ip=192.168.0.2",
    "--gateway_ip=192.168.0.1",
    "--netmask_ip=255.255.0.0",
    "--remote_ip=192.0.2.1/24",
    "-D",
    "TFO_COOKIE=de4f234f0f433a55",
    "-D",
    "CMSG_LEVEL_IP=SOL_IPV6",
    "-D",
    "CMSG_TYPE_RECVERR=IPV6_RECVERR"
  ],
  ipv6: [
    "--ip_version=ipv6",
    "--mtu=1520",
    "--local_ip=fd3d:fa7b:d17d::0",
    "--gateway_ip=fd3d:fa7b:d17d:8888::0",
    "--remote_ip=2001:DB8::1/32",
    "-D",
    "TFO_COOKIE=6aa6ae70c288023b",
    "-D",
    "CMSG_LEVEL_IP=SOL_IPV6",
    "-D",
    "CMSG_TYPE_RECVERR=IPV6_RECVERR"
  ]
};
var PACKETDRILL_DEFAULT_TOLERANCE_USECS = 4e3;
function packetdrillVariants(file) {
  const out = [];
  if (!file.endsWith("v6.pkt")) out.push("ipv4", "ipv4-mapped-v6");
  if (!file.endsWith("v4.pkt")) out.push("ipv6");
  return out;
}
function scriptTolerance(text) {
  const m = /^--tolerance_usecs=(\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : void 0;
}
function scaledTolerance(scriptText, factor) {
  const base = scriptTolerance(scriptText) ?? PACKETDRILL_DEFAULT_TOLERANCE_USECS;
  return Math.max(1, Math.round(base * factor));
}
function packetdrillRuns(script, tolerance) {
  const extra = tolerance === void 0 ? [] : [`--tolerance_usecs=${scaledTolerance(script.text, tolerance)}`];
  return packetdrillVariants(script.file).map((v) => ({
    name: `${script.file} (${v})`,
    dir: script.dir,
    args: [...PACKETDRILL_DEFAULT_ARGS, ...VARIANT_ARGS[v], ...extra, script.file]
  }));
}
var POOL_BODY = String.raw`
echo 'TAP version 13'
if [ ! -x "$PD" ]; then
  echo "1..0 # SKIP packetdrill binary $PD not found or not executable"
  exit 4
fi
echo "1..$K"
cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)
case $cpus in '' | *[!0-9]*) cpus=1 ;; esac
[ "$N" -gt "$cpus" ] && N=$cpus
[ "$N" -ge 1 ] || N=1
work=$(mktemp -d "${"$"}{TMPDIR:-/tmp}/kci-packetdrill.XXXXXX") || exit 1
cleanup() {
  for f in "$work"/*.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
mkfifo "$work/done" || exit 1
exec 3<>"$work/done"
if unshare -n true 2>/dev/null; then isolate=unshare; else isolate=ipnetns; fi
limit=
if [ "$T" -gt 0 ]; then
  if command -v timeout >/dev/null 2>&1; then limit="timeout -k 5 $T"; else echo '# no timeout(1): runs are not time-bounded'; fi
fi
echo "# packetdrill pool: $K runs, at most $N at once, timeout $T s, netns via $isolate"
running=0
failed=0
one() {
  id=$1 dir=$2
  shift 2
  cd "$dir" || return 1
  if [ $isolate = unshare ]; then
    $limit unshare -n sh -c 'ip link set lo up && exec "$@"' kci-netns "$PD" "$@" &
    echo $! >"$work/$id.pid"
    wait $!
  else
    ns=kci-pd-$$-$id
    ip netns add "$ns" || return 1
    ip -n "$ns" link set lo up
    $limit ip netns exec "$ns" "$PD" "$@" &
    echo $! >"$work/$id.pid"
    wait $!
    rc=$?
    ip netns del "$ns"
    return $rc
  fi
}
reap() {
  read -r rid rc <&3 || exit 1
  running=$((running - 1))
  rm -f "$work/$rid.pid"
  [ -s "$work/$rid.out" ] && sed 's/^/# /' "$work/$rid.out"
  name=$(cat "$work/$rid.name")
  case $rc in
    0) echo "ok $rid $name" ;;
    124 | 137) failed=1; echo "not ok $rid $name # TIMEOUT $T seconds" ;;
    *) failed=1; echo "not ok $rid $name # exit=$rc" ;;
  esac
}
run() {
  while [ "$running" -ge "$N" ]; do reap; done
  id=$1 name=$2
  shift 2
  printf '%s\n' "$name" >"$work/$id.name"
  (
    one "$id" "$@" >"$work/$id.out" 2>&1
    echo "$id $?" >&3
  ) &
  running=$((running + 1))
}
`;
var POOL_END = String.raw`
while [ "$running" -gt 0 ]; do reap; done
exit $failed
`;
function poolScript(o) {
  const head = [
    "# kernel-ci packetdrill pool",
    `PD=${shellWord(o.bin)}`,
    `N=${Math.max(1, Math.floor(o.jobs))}`,
    `T=${Math.max(0, Math.floor(o.timeoutSec))}`,
    `K=${o.runs.length}`
  ].join("\n");
  const calls = o.runs.map(
    (r, i) => `run ${i + 1} ${[r.name, r.dir, ...r.args].map(shellWord).join(" ")}`
  );
  return `${head}
${POOL_BODY.trim()}
${calls.join("\n")}
${POOL_END.trim()}
`;
}

// src/core/plan/plan-file.ts
var import_yaml = __toESM(require_dist(), 1);
import { posix as path } from "node:path";

// src/core/plan/plan-spec.ts
var PACKETDRILL_DEFAULT_TIMEOUT = 180;
var PACKETDRILL_DEFAULT_JOBS = 2;
function emptySpec() {
  return {
    kselftest: [],
    kunit: { builtin: false, modules: [] },
    packetdrill: [],
    bpf: [],
    commands: [],
    before: [],
    after: [],
    env: {},
    only: [],
    except: [],
    testTimeout: 45,
    skipIsFail: false,
    retries: 0,
    toolGuard: "warn"
  };
}

// src/core/plan/plan-file.ts
var Reader = class {
  constructor(file, lines) {
    this.file = file;
    this.lines = lines;
  }
  file;
  lines;
  fail(node, msg) {
    const at = node?.range ? this.lines.linePos(node.range[0]).line : void 0;
    throw new UsageError(`${this.file}${at ? `:${at}` : ""}: ${msg}`);
  }
  map(node, what, keys) {
    if (!(0, import_yaml.isMap)(node)) this.fail(node, `${what} must be a mapping`);
    const out = /* @__PURE__ */ new Map();
    for (const pair of node.items) {
      const k = pair.key;
      const name = (0, import_yaml.isScalar)(k) ? String(k.value) : "";
      if (!keys.includes(name))
        this.fail(k, `unknown key '${name}' in ${what} (known: ${keys.join(", ")})`);
      out.set(name, pair.value);
    }
    return out;
  }
  string(node, what) {
    if (!(0, import_yaml.isScalar)(node) || node.value === null || typeof node.value === "object")
      this.fail(node, `${what} must be a string`);
    const v = String(node.value);
    if (!v.trim()) this.fail(node, `${what} must not be empty`);
    return v;
  }
  int(node, what, min) {
    if (!(0, import_yaml.isScalar)(node) || typeof node.value !== "number" || !Number.isInteger(node.value))
      this.fail(node, `${what} must be a whole number`);
    if (node.value < min) this.fail(node, `${what} must be at least ${min}`);
    return node.value;
  }
  number(node, what) {
    if (!(0, import_yaml.isScalar)(node) || typeof node.value !== "number" || !(node.value > 0))
      this.fail(node, `${what} must be a positive number`);
    return node.value;
  }
  bool(node, what) {
    if (!(0, import_yaml.isScalar)(node) || typeof node.value !== "boolean")
      this.fail(node, `${what} must be true or false`);
    return node.value;
  }
  /** A list, or a single string standing for a list of one. */
  strings(node, what) {
    if ((0, import_yaml.isScalar)(node)) return [this.string(node, what)];
    if (!(0, import_yaml.isSeq)(node)) this.fail(node, `${what} must be a list of strings`);
    return node.items.map((n, i) => this.string(n, `${what}[${i + 1}]`));
  }
  globs(node, what) {
    const out = this.strings(node, what);
    for (const g of out) {
      try {
        globToRegExp(g);
      } catch (e) {
        this.fail(node, e.message);
      }
    }
    return out;
  }
  list(node, what) {
    if (!(0, import_yaml.isSeq)(node)) this.fail(node, `${what} must be a list`);
    return node.items;
  }
};
var TOP = [
  "kselftest",
  "kunit",
  "packetdrill",
  "bpf",
  "commands",
  "before",
  "after",
  "env",
  "only",
  "except",
  "test-timeout",
  "skip-is-fail",
  "retries",
  "tool-guard"
];
function parsePlanFile(text, file, defaults = emptySpec()) {
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const name = file;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line2 = lineCounter.linePos(e.pos[0]).line;
    throw new UsageError(`${name}:${line2}: ${e.message.split("\n")[0]}`);
  }
  const r = new Reader(name, lineCounter);
  const spec = defaults;
  if (doc.contents === null) return spec;
  const top = r.map(doc.contents, "the plan", TOP);
  const base = path.dirname(file);
  const abs = (p) => path.resolve(base, p);
  const ks = top.get("kselftest");
  if (ks !== void 0)
    for (const [i, n] of ((0, import_yaml.isScalar)(ks) ? [ks] : r.list(ks, "kselftest")).entries()) {
      const what = `kselftest[${i + 1}]`;
      if ((0, import_yaml.isScalar)(n)) {
        spec.kselftest.push({ dir: abs(r.string(n, what)), include: [], exclude: [] });
        continue;
      }
      const m = r.map(n, what, ["dir", "include", "exclude", "timeout"]);
      if (!m.has("dir")) r.fail(n, `${what} needs a dir`);
      spec.kselftest.push({
        dir: abs(r.string(m.get("dir"), `${what}.dir`)),
        include: m.has("include") ? r.globs(m.get("include"), `${what}.include`) : [],
        exclude: m.has("exclude") ? r.globs(m.get("exclude"), `${what}.exclude`) : [],
        ...m.has("timeout") ? { timeout: r.int(m.get("timeout"), `${what}.timeout`, 0) } : {}
      });
    }
  const ku = top.get("kunit");
  if (ku !== void 0) {
    if ((0, import_yaml.isScalar)(ku)) spec.kunit.builtin = r.bool(ku, "kunit");
    else {
      const m = r.map(ku, "kunit", ["builtin", "modules"]);
      if (m.has("builtin")) spec.kunit.builtin = r.bool(m.get("builtin"), "kunit.builtin");
      if (m.has("modules"))
        spec.kunit.modules = r.strings(m.get("modules"), "kunit.modules").map((x) => x.includes("/") ? abs(x) : x);
    }
  }
  const pd = top.get("packetdrill");
  if (pd !== void 0)
    for (const [i, n] of ((0, import_yaml.isMap)(pd) ? [pd] : r.list(pd, "packetdrill")).entries()) {
      const what = `packetdrill[${i + 1}]`;
      const m = r.map(n, what, [
        "dir",
        "bin",
        "jobs",
        "timeout",
        "tolerance",
        "include",
        "exclude"
      ]);
      if (!m.has("dir")) r.fail(n, `${what} needs a dir (of .pkt scripts)`);
      if (!m.has("bin")) r.fail(n, `${what} needs a bin (the packetdrill binary)`);
      spec.packetdrill.push({
        dir: abs(r.string(m.get("dir"), `${what}.dir`)),
        bin: abs(r.string(m.get("bin"), `${what}.bin`)),
        jobs: m.has("jobs") ? r.int(m.get("jobs"), `${what}.jobs`, 1) : PACKETDRILL_DEFAULT_JOBS,
        timeout: m.has("timeout") ? r.int(m.get("timeout"), `${what}.timeout`, 0) : PACKETDRILL_DEFAULT_TIMEOUT,
        ...m.has("tolerance") ? { tolerance: r.number(m.get("tolerance"), `${what}.tolerance`) } : {},
        include: m.has("include") ? r.globs(m.get("include"), `${what}.include`) : [],
        exclude: m.has("exclude") ? r.globs(m.get("exclude"), `${what}.exclude`) : []
      });
    }
  const bpf = top.get("bpf");
  if (bpf !== void 0)
    for (const [i, n] of ((0, import_yaml.isMap)(bpf) ? [bpf] : r.list(bpf, "bpf")).entries()) {
      const what = `bpf[${i + 1}]`;
      const m = r.map(n, what, ["dir", "run", "timeout"]);
      if (!m.has("dir") || !m.has("run"))
        r.fail(n, `${what} needs a dir (the built BPF selftests) and a run (test_progs ...)`);
      const run = r.string(m.get("run"), `${what}.run`);
      const dir = abs(r.string(m.get("dir"), `${what}.dir`));
      let s;
      try {
        s = parseBpfFlag(run, dir, `${what}.run`);
      } catch (e) {
        r.fail(m.get("run"), e.message);
      }
      if (m.has("timeout")) s.timeout = r.int(m.get("timeout"), `${what}.timeout`, 0);
      spec.bpf.push(s);
    }
  const cmds = top.get("commands");
  if (cmds !== void 0)
    for (const [i, n] of r.list(cmds, "commands").entries()) {
      const what = `commands[${i + 1}]`;
      const m = r.map(n, what, ["name", "run", "cwd", "timeout"]);
      if (!m.has("name") || !m.has("run")) r.fail(n, `${what} needs a name and a run`);
      const c = {
        name: r.string(m.get("name"), `${what}.name`),
        run: r.string(m.get("run"), `${what}.run`)
      };
      if (/[\s/]/.test(c.name))
        r.fail(m.get("name"), `${what}.name must not contain spaces or '/'`);
      if (m.has("cwd")) c.cwd = abs(r.string(m.get("cwd"), `${what}.cwd`));
      if (m.has("timeout")) c.timeout = r.int(m.get("timeout"), `${what}.timeout`, 0);
      spec.commands.push(c);
    }
  if (top.has("before")) spec.before = r.strings(top.get("before"), "before");
  if (top.has("after")) spec.after = r.strings(top.get("after"), "after");
  if (top.has("env")) {
    const envNode = top.get("env");
    if (!(0, import_yaml.isMap)(envNode)) r.fail(envNode, "env must be a mapping of NAME: value");
    for (const pair of envNode.items) {
      const k = pair.key;
      const key = (0, import_yaml.isScalar)(k) ? String(k.value) : "";
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) r.fail(k, `env: '${key}' is not a variable name`);
      const v = pair.value;
      if (!(0, import_yaml.isScalar)(v) || v.value === null || typeof v.value === "object")
        r.fail(v ?? k, `env.${key} must be a string, number or boolean`);
      spec.env[key] = String(v.value);
    }
  }
  if (top.has("only")) spec.only = r.globs(top.get("only"), "only");
  if (top.has("except")) spec.except = r.globs(top.get("except"), "except");
  if (top.has("test-timeout")) spec.testTimeout = r.int(top.get("test-timeout"), "test-timeout", 0);
  if (top.has("skip-is-fail")) spec.skipIsFail = r.bool(top.get("skip-is-fail"), "skip-is-fail");
  if (top.has("retries")) spec.retries = r.int(top.get("retries"), "retries", 0);
  if (top.has("tool-guard")) {
    const n = top.get("tool-guard");
    const v = r.string(n, "tool-guard");
    if (!["off", "warn", "error"].includes(v)) r.fail(n, `tool-guard must be off, warn or error`);
    spec.toolGuard = v;
  }
  return spec;
}

// src/core/tool-guard.ts
var SS_PROBE = [
  "d=$(mktemp -d 2>/dev/null) || exit 0",
  "if command -v perl >/dev/null 2>&1; then",
  `  perl -MSocket -e 'socket(S, PF_UNIX, SOCK_STREAM, 0) && bind(S, pack_sockaddr_un($ARGV[0])) && listen(S, 1) or exit 3; exit(system(qw(ss -H -x -l -m src), $ARGV[0]) >> 8)' "$d/kci-probe"`,
  "elif command -v python3 >/dev/null 2>&1; then",
  `  python3 -c 'import socket, subprocess, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); sys.exit(subprocess.call(["ss", "-H", "-x", "-l", "-m", "src", sys.argv[1]]))' "$d/kci-probe"`,
  "fi",
  'rm -rf "$d"'
].join("\n");
var KNOWN_BAD_TOOLS = [
  {
    tool: "iproute2",
    command: "ss -V",
    // "ss utility, iproute2-6.7.0" (`ip -V` appends ", libbpf X")
    version: /iproute2-v?(\d[\w.]*?)(?:,|\s|$)/,
    prefix: "iproute2-",
    bad: ["6.7.0"],
    reason: "ss in iproute2 6.7.0 prints no extended info (-i, -m, -e, ...) without -p, which broke the MPTCP selftests; use a release or a distribution build with the fix (87d804ca)",
    link: "https://git.kernel.org/pub/scm/network/iproute2/iproute2.git/commit/?id=87d804ca0854b09c07872e9fd6036bf5d3e0cc85",
    probe: {
      command: SS_PROBE,
      fixed: "*kci-probe*skmem:\\(*",
      ran: "*kci-probe*",
      expect: "`ss -m` shows skmem without -p"
    }
  }
];
var TOOL_TAG = "@@KCI-TOOL@@";
var PROBE_LINE = /^probe=(fixed|broken|unknown)$/;
function badVersionBranch(t, b) {
  const flag = [`echo ${shellQuote(`# known-bad ${t.tool} ${b}: ${t.reason} (${t.link})`)}`, "bad=1"];
  if (!t.probe) return [`${flag.join("; ")} ;;`];
  const p = t.probe;
  return [
    `p=$( (`,
    p.command,
    `) 2>&1 | head -n 20)`,
    `printf '%s\\n' "$p" | sed 's/^/# probe: /'`,
    `case $p in ${p.fixed}) r=fixed ;; ${p.ran}) r=broken ;; *) r=unknown ;; esac`,
    `printf '%s %s probe=%s\\n' '${TOOL_TAG}' ${shellQuote(t.tool)} "$r"`,
    `if [ "$r" = fixed ]; then`,
    `echo ${shellQuote(`# ${t.tool} ${b} with the fix (${p.expect}): not flagged`)}`,
    `else`,
    `[ "$r" = unknown ] && echo ${shellQuote(`# the probe could not tell (${p.expect} expected): flagged by version`)}`,
    ...flag,
    `fi ;;`
  ];
}
function toolGuardCommand(tools = KNOWN_BAD_TOOLS) {
  const lines = ["bad=0"];
  const printed = /* @__PURE__ */ new Set();
  for (const t of tools) {
    if (!printed.has(t.tool)) {
      printed.add(t.tool);
      lines.push(
        `v=$(${t.command} 2>&1 | head -n 1)`,
        `printf '%s %s %s\\n' '${TOOL_TAG}' ${shellQuote(t.tool)} "$v"`
      );
    }
    for (const b of t.bad) {
      const at = `*${t.prefix}${b}`;
      lines.push(`case $v in ${at} | ${at}[!0-9A-Za-z.]*)`, ...badVersionBranch(t, b), "esac");
    }
  }
  lines.push("exit $bad");
  return lines.join("\n");
}
function reportedToolVersions(lines) {
  const out = /* @__PURE__ */ new Map();
  for (const line2 of lines) {
    const at = line2.indexOf(TOOL_TAG);
    if (at < 0) continue;
    const rest = line2.slice(at + TOOL_TAG.length).trim();
    const sp = rest.indexOf(" ");
    const tool = sp < 0 ? rest : rest.slice(0, sp);
    const raw = sp < 0 ? "" : rest.slice(sp + 1).trim();
    const spec = KNOWN_BAD_TOOLS.find((t) => t.tool === tool);
    if (!spec) continue;
    const probe = PROBE_LINE.exec(raw);
    const seen = out.get(tool);
    if (probe) {
      if (seen) seen.probe = probe[1];
      continue;
    }
    out.set(tool, { tool, version: spec.version.exec(raw)?.[1] ?? null, raw });
  }
  return [...out.values()];
}
function toolGuardHits(versions, tools = KNOWN_BAD_TOOLS) {
  const hits = [];
  for (const v of versions) {
    if (v.version === null || v.probe === "fixed") continue;
    for (const t of tools)
      if (t.tool === v.tool && t.bad.includes(v.version))
        hits.push({
          tool: t.tool,
          version: v.version,
          reason: t.reason,
          link: t.link,
          ...v.probe ? { probe: v.probe } : {}
        });
  }
  return hits;
}
function toolGuardAnnotations(hits, level) {
  if (level === "off") return [];
  return hits.map((h) => ({
    level: level === "error" ? "error" : "warning",
    title: `known-bad ${h.tool} ${h.version} in the guest`,
    message: `${h.tool} ${h.version}: ${h.reason} (${h.link})${h.probe === "unknown" ? "; the behavioural probe could not run here, so the version string decided" : ""}`
  }));
}

// src/core/plan/plan-builder.ts
var TOOL_GUARD_SUITE = "tool-guard";
var PASSTHROUGH_ENV = /^(SELFTESTS_MPTCP_LIB_|KSFT_|KSELFTEST_)/;
var scale = (sec, ctx) => sec === 0 ? 0 : ctx.scaleTimeout(sec);
function parseCommandFlag(raw) {
  const eq = raw.indexOf("=");
  const name = eq < 0 ? "" : raw.slice(0, eq).trim();
  const run = eq < 0 ? "" : raw.slice(eq + 1).trim();
  if (!name || !run) throw new UsageError(`--command: expected NAME=CMD, got '${raw}'`);
  checkTestName(name, "--command");
  return { name, run };
}
function checkTestName(name, where) {
  if (/[\s/]/.test(name) || name.startsWith("#"))
    throw new UsageError(`${where}: test name '${name}' must not contain spaces or '/'`);
}
function specFromFlags(flags, given, ctx) {
  const abs = (p) => path2.resolve(ctx.cwd, p);
  let spec = emptySpec();
  spec.testTimeout = flags["test-timeout"];
  spec.retries = flags.retries;
  spec.toolGuard = flags["tool-guard"];
  if (flags.plan) {
    const file = abs(flags.plan);
    let text;
    try {
      text = ctx.sources.readText(file);
    } catch {
      throw new UsageError(`--plan: cannot read ${flags.plan}`);
    }
    spec = parsePlanFile(text, file, spec);
  }
  for (const dir of flags.kselftest)
    spec.kselftest.push({ dir: abs(dir), include: [], exclude: [] });
  if (given("kunit")) spec.kunit.builtin = flags.kunit;
  for (const m of flags["kunit-module"]) spec.kunit.modules.push(m.includes("/") ? abs(m) : m);
  for (const c of flags.command) spec.commands.push(parseCommandFlag(c));
  spec.only.push(...flags.only);
  spec.except.push(...flags.except);
  if (given("test-timeout")) spec.testTimeout = flags["test-timeout"];
  if (given("skip-is-fail")) spec.skipIsFail = flags["skip-is-fail"];
  if (given("retries")) spec.retries = flags.retries;
  if (given("tool-guard")) spec.toolGuard = flags["tool-guard"];
  if (flags.bpf.length > 0 && !flags["bpf-dir"])
    throw new UsageError(
      "--bpf needs --bpf-dir DIR (the built BPF selftests: kernel-ci build --preset bpf puts them in OUT/bpf)"
    );
  for (const b of flags.bpf) spec.bpf.push(parseBpfFlag(b, abs(flags["bpf-dir"])));
  const pdDir = flags.packetdrill || void 0;
  const pdBin = flags["packetdrill-bin"] || void 0;
  if (pdDir) {
    if (!pdBin)
      throw new UsageError("--packetdrill needs --packetdrill-bin PATH (a built packetdrill)");
    spec.packetdrill.push({
      dir: abs(pdDir),
      bin: abs(pdBin),
      jobs: flags["packetdrill-jobs"],
      timeout: flags["packetdrill-timeout"],
      tolerance: parseTolerance(flags["packetdrill-tolerance"]),
      include: [],
      exclude: []
    });
  } else if (pdBin) {
    if (spec.packetdrill.length === 0)
      throw new UsageError(
        "--packetdrill-bin without --packetdrill DIR (or a plan file packetdrill entry)"
      );
    for (const p of spec.packetdrill) p.bin = abs(pdBin);
  }
  if (pdDir === void 0)
    for (const p of spec.packetdrill) {
      if (given("packetdrill-jobs")) p.jobs = flags["packetdrill-jobs"];
      if (given("packetdrill-timeout")) p.timeout = flags["packetdrill-timeout"];
      const tol = parseTolerance(flags["packetdrill-tolerance"]);
      if (tol !== void 0) p.tolerance = tol;
    }
  return spec;
}
function parseTolerance(v) {
  if (v === void 0 || v === "") return void 0;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--packetdrill-tolerance: expected a positive factor, got '${String(v)}'`);
  return n;
}
function buildPlan(spec, ctx) {
  const tests = [];
  const env = {};
  for (const [k, v] of Object.entries(ctx.env))
    if (v !== void 0 && PASSTHROUGH_ENV.test(k)) env[k] = v;
  Object.assign(env, spec.env);
  if (spec.skipIsFail && env.SELFTESTS_MPTCP_LIB_EXPECT_ALL_FEATURES === void 0)
    env.SELFTESTS_MPTCP_LIB_EXPECT_ALL_FEATURES = "1";
  for (const k of spec.kselftest) {
    for (const target of ctx.sources.kselftestTargets(k.dir)) {
      const timeout = k.timeout ?? target.timeout ?? spec.testTimeout;
      for (const t of target.tests) {
        const full = `${target.suite}/${t.name}`;
        if (k.include.length && !k.include.some((g) => selected(full, [g], []))) continue;
        if (k.exclude.some((g) => selected(full, [g], []))) continue;
        const base = path2.basename(t.name);
        tests.push({
          suite: target.suite,
          kind: "kselftest",
          name: t.name,
          cwd: path2.join(target.dir, path2.dirname(t.name)),
          command: kselftestCommand(base, t.info, {
            argsVar: env[argsVariable(base)] !== void 0
          }),
          timeoutSec: scale(timeout, ctx),
          file: path2.join(target.dir, t.name)
        });
      }
    }
  }
  for (const m of spec.kunit.modules) {
    if (!/^[\w./+-]+$/.test(m))
      throw new UsageError(`kunit module '${m}': not a module name or .ko path`);
    const name = path2.basename(m).replace(/\.ko$/, "");
    tests.push({
      suite: "kunit",
      kind: "kunit",
      name,
      cwd: "/",
      command: kunitModuleCommand(m),
      timeoutSec: scale(spec.testTimeout, ctx)
    });
  }
  for (const p of spec.packetdrill) {
    if (!ctx.sources.isExecutable(p.bin))
      throw new UsageError(`packetdrill: ${p.bin} is not an executable packetdrill binary`);
    const scripts = ctx.sources.packetdrillScripts(p.dir).filter((s) => {
      const rel = s.group ? `${s.group}/${s.file}` : s.file;
      if (p.include.length && !p.include.some((g) => selected(rel, [g], []))) return false;
      return !p.exclude.some((g) => selected(rel, [g], []));
    });
    const groups = /* @__PURE__ */ new Map();
    for (const s of scripts) groups.set(s.group, [...groups.get(s.group) ?? [], s]);
    const jobs = Math.max(1, Math.min(p.jobs, ctx.cpus));
    const perRun = scale(p.timeout, ctx);
    for (const [group, members] of groups) {
      const runs = members.flatMap((s) => packetdrillRuns(s, p.tolerance));
      const waves = Math.ceil(runs.length / jobs);
      tests.push({
        suite: "packetdrill",
        kind: "packetdrill",
        name: group || path2.basename(p.dir.replace(/\.pkt$/, "")),
        cwd: p.dir.endsWith(".pkt") ? path2.dirname(p.dir) : p.dir,
        command: poolScript({ bin: p.bin, jobs, timeoutSec: perRun, runs }),
        timeoutSec: perRun === 0 ? 0 : waves * (perRun + 10) + 60
      });
    }
  }
  const isFile2 = (f) => {
    try {
      ctx.sources.readText(f);
      return true;
    } catch {
      return false;
    }
  };
  tests.push(
    ...bpfPlanTests(
      spec.bpf,
      { isExecutable: (f) => ctx.sources.isExecutable(f), isFile: isFile2 },
      (s) => scale(s, ctx)
    )
  );
  for (const c of spec.commands)
    tests.push({
      suite: "commands",
      kind: "command",
      name: c.name,
      cwd: c.cwd ?? ctx.cwd,
      command: c.run,
      timeoutSec: scale(c.timeout ?? spec.testTimeout, ctx)
    });
  const seen = /* @__PURE__ */ new Set();
  for (const t of tests) {
    const full = `${t.suite}/${t.name}`;
    if (seen.has(full)) throw new UsageError(`test '${full}' is in the plan twice`);
    seen.add(full);
  }
  let chosen = tests.filter((t) => selected(`${t.suite}/${t.name}`, spec.only, spec.except));
  if (tests.length > 0 && chosen.length === 0)
    throw new UsageError(
      `--only/--except leave none of the plan's ${tests.length} test(s) (names look like '${tests[0].suite}/${tests[0].name}')`
    );
  if (spec.toolGuard === "error" && chosen.length > 0)
    chosen = [
      {
        suite: TOOL_GUARD_SUITE,
        kind: "command",
        name: "versions",
        cwd: "/",
        command: toolGuardCommand(),
        timeoutSec: scale(30, ctx)
      },
      ...chosen
    ];
  const plan = {
    tests: chosen.map((t, i) => ({
      ...t,
      id: i + 1,
      ...spec.retries > 0 && t.suite !== TOOL_GUARD_SUITE ? { retries: spec.retries } : {},
      ...spec.skipIsFail ? { skipIsFail: true } : {}
    })),
    // At 'warn' the host runs the guard (system/tool-versions.ts): same root, no boot cost.
    before: [...spec.before],
    after: [...spec.after],
    env,
    kunitBuiltin: spec.kunit.builtin,
    toolGuard: spec.toolGuard
  };
  return plan;
}
function planFromFlags(flags, given, ctx) {
  return buildPlan(specFromFlags(flags, given, ctx), ctx);
}

// src/system/accel.ts
var TCG_TIMEOUT_FACTOR = 4;
function scaleTimeout(seconds, accel) {
  if (seconds <= 0) return 0;
  return accel === "tcg" ? Math.ceil(seconds * TCG_TIMEOUT_FACTOR) : seconds;
}

// src/system/plan-sources.ts
import { accessSync, constants, existsSync as existsSync2, readdirSync, readFileSync, statSync as statSync2 } from "node:fs";
import path3 from "node:path";
var LIST = "kselftest-list.txt";
var IN_TREE = `${path3.sep}tools${path3.sep}testing${path3.sep}selftests${path3.sep}`;
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync2(file).isFile();
  } catch {
    return false;
  }
}
function fileInfo(file) {
  if (!existsSync2(file)) return { exists: false, executable: false };
  const info = {
    exists: true,
    executable: isExecutable(file),
    ksftRunner: isExecutable(path3.join(path3.dirname(file), "ksft_runner.sh"))
  };
  if (!info.executable) {
    const head = readFileSync(file).subarray(0, 256).toString("latin1").split("\n")[0] ?? "";
    if (head.startsWith("#!")) info.interpreter = head.slice(2).trim();
  }
  return info;
}
function globFiles(dir, pattern) {
  if (pattern.includes("/")) return [];
  const re = globToRegExp(pattern);
  return readdirSync(dir).filter((f) => re.test(f)).sort();
}
function timeoutOf(dir) {
  const f = path3.join(dir, "settings");
  return existsSync2(f) ? settingsTimeout(readFileSync(f, "utf8")) : void 0;
}
function fromList(root, only) {
  const byCollection = /* @__PURE__ */ new Map();
  for (const { collection, test } of parseKselftestList(
    readFileSync(path3.join(root, LIST), "utf8")
  )) {
    if (only && collection !== only && !collection.startsWith(`${only}/`)) continue;
    byCollection.set(collection, [...byCollection.get(collection) ?? [], test]);
  }
  return [...byCollection].map(([suite, tests]) => {
    const dir = path3.join(root, suite);
    return {
      suite,
      dir,
      timeout: timeoutOf(dir),
      tests: tests.map((name) => ({ name, info: fileInfo(path3.join(dir, name)) }))
    };
  });
}
function kselftestTargets(dirArg) {
  const dir = path3.resolve(dirArg);
  if (!existsSync2(dir) || !statSync2(dir).isDirectory())
    throw new UsageError(`kselftest: no such directory: ${dirArg}`);
  if (existsSync2(path3.join(dir, LIST))) {
    const targets = fromList(dir);
    if (targets.length === 0)
      throw new UsageError(`kselftest: ${path3.join(dirArg, LIST)} lists no test`);
    return targets;
  }
  for (let up = path3.dirname(dir), depth = 0; depth < 4 && up !== path3.dirname(up); depth++) {
    if (existsSync2(path3.join(up, LIST))) {
      const targets = fromList(up, path3.relative(up, dir));
      if (targets.length > 0) return targets;
      break;
    }
    up = path3.dirname(up);
  }
  const makefile = path3.join(dir, "Makefile");
  if (!existsSync2(makefile))
    throw new UsageError(
      `kselftest: ${dirArg} has neither ${LIST} (installed selftests) nor a Makefile (in-tree target)`
    );
  const tests = makefileTests(readFileSync(makefile, "utf8"), (pattern) => globFiles(dir, pattern));
  if (tests.length === 0)
    throw new UsageError(`kselftest: ${makefile} defines no TEST_PROGS / TEST_GEN_PROGS`);
  const at = (dir + path3.sep).lastIndexOf(IN_TREE);
  const suite = at >= 0 ? dir.slice(at + IN_TREE.length) : path3.basename(dir);
  return [
    {
      suite,
      dir,
      timeout: timeoutOf(dir),
      tests: tests.map((name) => ({ name, info: fileInfo(path3.join(dir, name)) }))
    }
  ];
}
function packetdrillScripts(dirArg) {
  const root = path3.resolve(dirArg);
  if (!existsSync2(root)) throw new UsageError(`packetdrill: no such file or directory: ${dirArg}`);
  const read = (dir, file, group) => ({
    dir,
    file,
    group,
    text: readFileSync(path3.join(dir, file), "utf8")
  });
  if (statSync2(root).isFile()) {
    if (!root.endsWith(".pkt")) throw new UsageError(`packetdrill: ${dirArg} is not a .pkt script`);
    return [read(path3.dirname(root), path3.basename(root), "")];
  }
  const out = [];
  const walk2 = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort(
      (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    );
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith(".pkt"))
        out.push(read(dir, e.name, path3.relative(root, dir)));
    }
    for (const e of entries) if (e.isDirectory()) walk2(path3.join(dir, e.name));
  };
  walk2(root);
  if (out.length === 0) throw new UsageError(`packetdrill: no .pkt script under ${dirArg}`);
  return out;
}
var fsPlanSources = {
  kselftestTargets,
  packetdrillScripts,
  readText: (file) => readFileSync(file, "utf8"),
  isExecutable
};

// src/pipeline/run-plan.ts
var KMEMLEAK_SCAN = 'f=/sys/kernel/debug/kmemleak; mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug; if [ -w "$f" ]; then echo scan > "$f"; sleep 5; echo scan > "$f"; else echo "kmemleak-scan: this kernel has no kmemleak (CONFIG_DEBUG_KMEMLEAK)"; fi';
function buildPlan2(flags, ctx) {
  const plan = planFromFlags(flags, (name) => wasGiven(flags, name), {
    scaleTimeout: (s) => scaleTimeout(s, ctx.accel),
    cpus: ctx.cpus,
    env: process.env,
    cwd: ctx.cwd,
    sources: fsPlanSources
  });
  if (flags["kmemleak-scan"]) plan.after = [...plan.after ?? [], KMEMLEAK_SCAN];
  return plan;
}

// src/pipeline/progress.ts
var spent = /* @__PURE__ */ new WeakMap();
function timeLeft(spentMs, ended, left) {
  if (left <= 0 || ended <= 0) return "";
  const ms = spentMs / ended * left;
  return ms < 6e4 ? "\u2248 under a minute left" : `\u2248 ${Math.round(ms / 6e4)} min left`;
}
function progressLine(plan, test, name, a) {
  const ms = (spent.get(plan) ?? 0) + a.ms;
  spent.set(plan, ms);
  const i = plan.tests.indexOf(test) + 1;
  const n = plan.tests.length;
  const eta = timeLeft(ms, i, n - i);
  return `[${i}/${n}] ${name}: exit ${a.exit}${a.timedOut ? " (timeout)" : ""} in ${(a.ms / 1e3).toFixed(1)} s${a.attempt > 1 ? ` [attempt ${a.attempt}]` : ""}${eta ? ` (${eta})` : ""}`;
}

// src/pipeline/shard-plan.ts
import { readFileSync as readFileSync2 } from "node:fs";
function previousRun(path5) {
  let json;
  try {
    json = JSON.parse(readFileSync2(path5, "utf8"));
  } catch (err) {
    const e = err;
    throw new UsageError(
      `--shard-durations: ${path5}: ${e.code === "ENOENT" ? "no such file" : e.code ? `cannot read (${e.code})` : `not valid JSON (${e.message})`}`
    );
  }
  const problem = resultsProblem(json);
  if (problem)
    throw new UsageError(`--shard-durations: ${path5}: not a kernel-ci results file: ${problem}`);
  return json;
}
function shardFromFlags(plan, flags) {
  const raw = flags.shard;
  const durations = flags["shard-durations"];
  if (!raw) {
    if (durations) throw new UsageError("--shard-durations needs --shard I/N");
    return { plan };
  }
  const shard = parseShard(raw);
  const previous = durations ? previousRun(durations) : void 0;
  return { plan: splitPlan(plan, shard, previous), shard };
}

// src/pipeline/run-hooks.ts
import { existsSync as existsSync6, readFileSync as readFileSync5 } from "node:fs";
import { join as join5 } from "node:path";

// src/core/known-issues.ts
var import_yaml2 = __toESM(require_dist(), 1);
var EFFECTS = ["xfail", "flaky", "skip"];
var KEYS = /* @__PURE__ */ new Set(["match", "effect", "reason", "link", "kernel", "arch"]);
var COMPARATOR = /^(>=|<=|>|<|==|=)?v?(\d+(?:\.\d+){0,2})$/;
function parseKnownIssues(text, file = "known-issues.yml") {
  const lc = new import_yaml2.LineCounter();
  const doc = (0, import_yaml2.parseDocument)(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const lineOf = (n) => n?.range ? lc.linePos(n.range[0]).line : 1;
  const fail = (line2, msg) => {
    throw new UsageError(`${file}:${line2}: ${msg}`);
  };
  const err = doc.errors[0];
  if (err)
    fail(
      err.linePos?.[0].line ?? 1,
      `invalid YAML: ${err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`
    );
  let list = doc.contents;
  if (list === null) return [];
  if ((0, import_yaml2.isMap)(list)) {
    const issues = list.get("issues", true);
    if (!issues || list.items.length !== 1)
      fail(lineOf(list), 'expected a list of entries, or a mapping with only "issues:"');
    list = issues ?? null;
  }
  if (list === null) return [];
  if (!(0, import_yaml2.isSeq)(list)) return fail(lineOf(list), "expected a list of entries");
  return list.items.map((item) => {
    const line2 = lineOf(item);
    if (!(0, import_yaml2.isMap)(item)) return fail(line2, "each entry must be a mapping with match, effect, reason");
    const e = item.toJSON();
    for (const pair of item.items) {
      const k = String(pair.key?.value ?? pair.key);
      if (!KEYS.has(k))
        fail(lineOf(pair.key), `unknown key "${k}" (expected ${[...KEYS].join(", ")})`);
    }
    const keyLine = (k) => {
      const p = item.items.find((x) => String(x.key?.value) === k);
      return p ? lineOf(p.value) : line2;
    };
    const strings = (k) => {
      const v = e[k];
      if (v === void 0 || v === null) return void 0;
      const arr = Array.isArray(v) ? v : [v];
      if (arr.length === 0 || !arr.every((x) => typeof x === "string" && x.trim() !== ""))
        fail(keyLine(k), `"${k}" must be a non-empty string or list of strings`);
      return arr.map((x) => String(x).trim());
    };
    const patterns = strings("match");
    if (!patterns) return fail(line2, 'missing "match" (a name or glob)');
    const effect = e.effect;
    if (typeof effect !== "string" || !EFFECTS.includes(effect))
      fail(
        keyLine("effect"),
        `"effect" must be one of ${EFFECTS.join(", ")}, got ${JSON.stringify(effect ?? null)}`
      );
    const reason = strings("reason")?.join(" ");
    if (!reason) return fail(line2, 'missing "reason"');
    const issue = { patterns, effect, reason, line: line2 };
    const link = strings("link");
    if (link) issue.link = link.join(" ");
    const kernel = strings("kernel");
    if (kernel) {
      issue.kernel = kernel.join(" ");
      for (const tok of issue.kernel.split(/\s+/))
        if (!COMPARATOR.test(tok))
          fail(keyLine("kernel"), `bad kernel range "${issue.kernel}": use e.g. ">=6.6 <6.9"`);
    }
    const arch = strings("arch");
    if (arch) issue.arch = arch;
    return issue;
  });
}
function versionParts(v) {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1].split(".").map(Number) : [];
}
function cmp(have, want) {
  for (let i = 0; i < want.length; i++) {
    const d = (have[i] ?? 0) - want[i];
    if (d !== 0) return d;
  }
  return 0;
}
function kernelInRange(version, range) {
  const have = versionParts(version);
  if (have.length === 0) return false;
  return range.trim().split(/\s+/).every((tok) => {
    const m = COMPARATOR.exec(tok);
    if (!m) return false;
    const c = cmp(have, m[2].split(".").map(Number));
    switch (m[1]) {
      case ">=":
        return c >= 0;
      case "<=":
        return c <= 0;
      case ">":
        return c > 0;
      case "<":
        return c < 0;
      default:
        return c === 0;
    }
  });
}
var ARCH_ALIASES = { amd64: "x86_64", x64: "x86_64", arm64: "aarch64" };
var normArch = (a) => ARCH_ALIASES[a.toLowerCase()] ?? a.toLowerCase();
function applies(issue, ctx) {
  if (issue.kernel && !(ctx.kernelVersion && kernelInRange(ctx.kernelVersion, issue.kernel)))
    return false;
  if (issue.arch && !(ctx.arch && issue.arch.map(normArch).includes(normArch(ctx.arch))))
    return false;
  return true;
}
function matches(issue, name, path5) {
  for (const p of issue.patterns) {
    const re = globToRegExp(p);
    if (re.test(name) || re.test(path5)) return p;
  }
  return null;
}
function effectOn(status, effect) {
  if (status === "crashed") return status;
  switch (effect) {
    case "xfail":
      return isFailing(status) ? "xfail" : status === "pass" ? "xpass" : status;
    case "flaky":
      return isFailing(status) ? "flaky" : status;
    case "skip":
      return "skip";
  }
}
function mark(t, m) {
  const before = t.status;
  t.status = effectOn(t.status, m.issue.effect);
  const match = {
    pattern: m.pattern,
    effect: m.issue.effect,
    reason: m.issue.reason
  };
  if (m.issue.link) match.link = m.issue.link;
  t.knownIssue = match;
  if (t.status !== before)
    t.reason = `known issue (${before}): ${m.issue.reason}${t.reason ? `; ${t.reason}` : ""}`;
  for (const s of t.subtests) mark(s, m);
}
function hasFailingLeaf(t) {
  return t.subtests.length === 0 ? isFailing(t.status) : t.subtests.some(hasFailingLeaf);
}
function walk(t, path5, active) {
  for (const issue of active) {
    const pattern = matches(issue, t.name, path5);
    if (pattern !== null) {
      mark(t, { issue, pattern });
      return;
    }
  }
  for (const s of t.subtests) walk(s, `${path5}/${s.name}`, active);
  if (t.subtests.length > 0 && isFailing(t.status) && !hasFailingLeaf(t)) {
    const kids = t.subtests.map((s) => s.status);
    t.status = kids.includes("xfail") ? "xfail" : kids.includes("flaky") ? "flaky" : "skip";
  }
}
function applyKnownIssues(suites, issues, ctx = {}) {
  const active = issues.filter((i) => applies(i, ctx));
  const out = structuredClone(suites);
  if (active.length === 0) return out;
  for (const suite of out) for (const t of suite.tests) walk(t, `${suite.name}/${t.name}`, active);
  return out;
}

// src/pipeline/crash-plugin.ts
function crashPlugin(ctx, opts = {}) {
  const quietGapMs = opts.quietGapMs ?? 300;
  const make = () => {
    const d = new CrashDetector({ stopOn: opts.stopOn ?? "fatal", quietGapMs });
    d.onStop = (f) => ctx.stopVm("crash", `${f.title} (console lines ${f.lines.first}-${f.lines.last})`);
    return d;
  };
  let detector = make();
  let named = void 0;
  const earlier = [];
  const timer = setInterval(() => detector.tick(Date.now()), opts.tickMs ?? 50);
  timer.unref();
  return {
    listener: {
      onLine(line2, lineNo) {
        const t = ctx.currentTest();
        if (t !== named) {
          named = t;
          detector.setTest(t ? fullName(t) : void 0);
        }
        detector.push(line2, lineNo, Date.now());
      },
      onBoot() {
        detector.finish();
        earlier.push(...detector.findings());
        detector = make();
        named = void 0;
      }
    },
    findings() {
      clearInterval(timer);
      detector.finish();
      return collapseFindings([...earlier, ...detector.findings()]);
    }
  };
}

// src/pipeline/reproduce.ts
import { spawnSync } from "node:child_process";
import { existsSync as existsSync3, readFileSync as readFileSync3 } from "node:fs";
import { dirname as dirname2, isAbsolute, join as join2, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
var VERSION = true ? "0.1.0" : "dev";
var git = (cwd, ...args) => {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8", timeout: 1e4 });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : void 0;
};
function checkoutOf(dir) {
  const root = git(dir, "rev-parse", "--show-toplevel");
  if (!root) return void 0;
  const url = git(root, "remote", "get-url", "origin");
  const commit = git(root, "rev-parse", "HEAD");
  return { root, ...url ? { url } : {}, ...commit ? { commit } : {} };
}
function npmGitSpec(url, ref) {
  const gh = /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(
    url
  );
  if (gh) return `github:${gh[1]}#${ref}`;
  if (/^[a-z+]+:\/\//.test(url)) return `${url.startsWith("git+") ? "" : "git+"}${url}#${ref}`;
  return `git+file://${resolve(url)}#${ref}`;
}
var DEFAULT_REPOSITORY = "kernel-ci-actions/kernel-ci-actions";
function cliSpec(env, version, here = fileURLToPath(import.meta.url)) {
  const actionRepo = env.GITHUB_ACTION_REPOSITORY;
  const actionRef = env.GITHUB_ACTION_REF;
  if (actionRepo && actionRef && /kernel-ci/i.test(actionRepo))
    return `github:${actionRepo}#${actionRef}`;
  for (let dir = dirname2(here); dir !== dirname2(dir); dir = dirname2(dir)) {
    const pkg = join2(dir, "package.json");
    if (!existsSync3(pkg)) continue;
    try {
      if (JSON.parse(readFileSync3(pkg, "utf8")).name !== "kernel-ci-actions")
        break;
    } catch {
      break;
    }
    const own = checkoutOf(dir);
    if (own?.commit && own.root === dir) return npmGitSpec(own.url ?? dir, own.commit);
    break;
  }
  return `github:${DEFAULT_REPOSITORY}#v${version}`;
}
function reproduceContext(version, env = process.env) {
  const cwd = process.cwd();
  let tree;
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_REPOSITORY && env.GITHUB_WORKSPACE) {
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    tree = {
      root: env.GITHUB_WORKSPACE,
      url: `${server}/${env.GITHUB_REPOSITORY}`,
      ...env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}
    };
  } else tree = checkoutOf(cwd);
  return { env, cwd, ...tree ? { tree } : {}, cli: cliSpec(env, version) };
}
var PATHISH = /DIR|FILE|PATH|BZIMAGE|BUNDLE|DEB|RESULTS/;
function portablePath(value, ctx) {
  const abs = resolve(ctx.cwd, value);
  if (!ctx.tree) return value;
  const rel = relative(ctx.tree.root, abs);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return value;
  return isAbsolute(value) || existsSync3(abs) ? rel : value;
}
function reproduceLine(cmd, flags, specs, ctx = reproduceContext(VERSION)) {
  const parts = ["npx", "--yes", `--package=${ctx.cli}`, "kernel-ci", cmd];
  for (const [k, spec] of Object.entries(specs)) {
    const v = flags[k];
    if (v === void 0 || v === spec.default && !wasGiven(flags, k)) continue;
    const value = (x) => shellWord(spec.arg && PATHISH.test(spec.arg) ? portablePath(x, ctx) : x);
    if (Array.isArray(v)) for (const x of v) parts.push(`--${k}`, value(x));
    else if (spec.type === "bool") {
      if (v === true) parts.push(`--${k}`);
      else if (v === false && spec.default === true) parts.push(`--no-${k}`);
    } else parts.push(`--${k}`, value(String(v)));
  }
  const lines = [];
  const t = ctx.tree;
  if (t?.url) {
    const dir = t.url.replace(/\/+$/, "").replace(/\.git$/, "").split(/[/:]/).pop() || "tree";
    lines.push(
      `git clone ${shellWord(t.url)} ${shellWord(dir)} && cd ${shellWord(dir)}${t.commit ? ` && git checkout ${t.commit}` : ""}`
    );
  } else if (t?.commit) lines.push(`# in the tested tree: git checkout ${t.commit}`);
  const e = ctx.env;
  if (e.GITHUB_ACTIONS === "true" && e.GITHUB_RUN_ID && e.GITHUB_REPOSITORY)
    lines.push(
      `# the kernel and the results of run ${e.GITHUB_RUN_ID}: gh run download ${e.GITHUB_RUN_ID} -R ${e.GITHUB_REPOSITORY} (put the kernel bundle where --kernel says)`
    );
  lines.push(parts.join(" "));
  return lines.join("\n");
}

// src/pipeline/run-results.ts
import { existsSync as existsSync4 } from "node:fs";
import { relative as relative2 } from "node:path";

// src/core/retries.ts
function toAttempt(t) {
  const a = { status: t.status, durationMs: t.durationMs };
  if (t.exitCode !== void 0) a.exitCode = t.exitCode;
  if (t.outputPath) a.outputPath = t.outputPath;
  return a;
}
var path4 = (prefix, name) => prefix ? `${prefix}\0${name}` : name;
function failedPaths(tests, prefix, out) {
  for (const t of tests) {
    const p = path4(prefix, t.name);
    if (isFailing(t.status)) out.add(p);
    failedPaths(t.subtests, p, out);
  }
  return out;
}
function markFlaky(tests, failedBefore, prefix) {
  for (const t of tests) {
    const p = path4(prefix, t.name);
    markFlaky(t.subtests, failedBefore, p);
    if (t.subtests.length === 0 && failedBefore.has(p) && (t.status === "pass" || t.status === "flaky")) {
      t.status = "flaky";
      t.reason = "failed in an earlier attempt, passed on retry";
    }
  }
}
function mergeAttempts(attempts) {
  if (attempts.length === 0) throw new Error("mergeAttempts: no attempt");
  const last = attempts[attempts.length - 1];
  if (attempts.length === 1) return last;
  const merged = structuredClone(last);
  merged.attempts = attempts.map(toAttempt);
  const earlier = attempts.slice(0, -1);
  const failures = earlier.filter((a) => isFailing(a.status));
  if (last.status === "skip" && failures.length > 0) {
    const first = failures[0];
    merged.status = "fail";
    merged.reason = `attempt 1 ${first.status}${first.reason ? ` (${first.reason})` : ""}, attempt ${attempts.length} skip: no pass to call it flaky`;
    addStatusLeaf(merged, EXIT_STATUS_LEAF, "fail", merged.reason);
  } else if (!isFailing(last.status) && failures.length > 0) {
    const failed = /* @__PURE__ */ new Set();
    for (const a of failures) failedPaths(a.subtests, "", failed);
    markFlaky(merged.subtests, failed, "");
    const first = failures[0];
    merged.status = "flaky";
    merged.reason = `attempt 1 ${first.status}${first.reason ? ` (${first.reason})` : ""}, attempt ${attempts.length} ${last.status}`;
    addStatusLeaf(merged, EXIT_STATUS_LEAF, "flaky", merged.reason);
  } else if (isFailing(last.status)) {
    merged.reason = `${last.reason ? `${last.reason}; ` : ""}failed all ${attempts.length} attempts`;
  }
  return merged;
}

// src/pipeline/run-results.ts
var MarkerCollector = class _MarkerCollector {
  constructor(plan, nonce, outputBase, events = {}) {
    this.plan = plan;
    this.nonce = nonce;
    this.outputBase = outputBase;
    this.events = events;
    this.byId = new Map(plan.tests.map((t) => [t.id, t]));
  }
  plan;
  nonce;
  outputBase;
  events;
  ready = false;
  done = false;
  current;
  byId;
  started = /* @__PURE__ */ new Map();
  startedIds = /* @__PURE__ */ new Set();
  ended = /* @__PURE__ */ new Map();
  ends = /* @__PURE__ */ new Map();
  onBoot() {
    this.ready = this.done = false;
    this.current = void 0;
    this.started.clear();
    this.startedIds.clear();
    this.ended.clear();
    this.ends.clear();
  }
  onLine(line2, lineNo) {
    const m = parseMarker(line2, this.nonce);
    if (!m) return;
    if (m.type === "ready") {
      this.ready = true;
      this.events.onReady?.(m.uptime);
    } else if (m.type === "start") {
      const t = this.byId.get(m.id);
      if (!t) return;
      this.current = t;
      this.started.set(t.id, lineNo);
      this.startedIds.add(t.id);
      this.events.onStart?.(t);
    } else if (m.type === "end") {
      const t = this.byId.get(m.id);
      if (!t) return;
      const a = {
        attempt: m.attempt,
        exit: m.exit,
        ms: m.ms,
        timedOut: m.timedOut,
        output: attemptOutput(this.outputBase(t), m.attempt)
      };
      const list = this.ends.get(t.id) ?? [];
      list.push(a);
      this.ends.set(t.id, list);
      this.ended.set(t.id, lineNo);
      if (isFinal(t, a)) this.current = void 0;
      this.events.onEnd?.(t, a);
    } else {
      this.done = true;
      this.current = void 0;
      this.events.onDone?.();
    }
  }
  /**
   * After the VM ended: the guest's copy of its markers (written through the
   * share) fills in what the console lost — a marker line garbled by a
   * printk in its middle. Returns how many markers were recovered.
   */
  recover(copy) {
    const f = new _MarkerCollector(this.plan, this.nonce, this.outputBase);
    for (const line2 of copy.split("\n")) f.onLine(line2, 0);
    let n = 0;
    if (f.ready && !this.ready) {
      this.ready = true;
      n++;
    }
    for (const id of f.startedIds)
      if (!this.startedIds.has(id)) {
        this.startedIds.add(id);
        n++;
      }
    for (const [id, list] of f.ends) {
      const have = this.ends.get(id) ?? [];
      if (list.length > have.length) {
        n += list.length - have.length;
        this.ends.set(id, list);
      }
    }
    if (f.done && !this.done) {
      this.done = true;
      n++;
    }
    if (n) this.current = void 0;
    return n;
  }
  outcomes() {
    return this.plan.tests.map((test) => {
      const attempts = this.ends.get(test.id) ?? [];
      const started = this.startedIds.has(test.id);
      const last = attempts.at(-1);
      const first = this.started.get(test.id);
      return {
        test,
        started,
        attempts,
        outputBase: this.outputBase(test),
        unfinished: started && (!last || !isFinal(test, last)),
        lines: first === void 0 ? void 0 : { first, last: this.ended.get(test.id) ?? first }
      };
    });
  }
};
function isFinal(t, a) {
  return finalExits(t).includes(a.exit) || a.attempt > (t.retries ?? 0);
}
var MAX_OUTPUT = 32 * 1024 * 1024;
var readOutput = (path5) => readGuestFile(path5, MAX_OUTPUT);
var TEST_PROGS_EXITS = {
  2: "test_progs ran no test: its selection matched none (exit 2)",
  3: "test_progs could not set itself up (exit 3)"
};
function commandExit(t, exit, kind) {
  if (exit !== 2 && exit !== 3) return t;
  const r = {
    ...t,
    status: "fail",
    reason: (kind === "bpf" ? TEST_PROGS_EXITS[exit] : void 0) ?? `exit code ${exit}`,
    subtests: [...t.subtests]
  };
  addStatusLeaf(r, EXIT_STATUS_LEAF, "fail", r.reason);
  return r;
}
function assembleOutcome(o, outDir, cut) {
  const t = o.test;
  if (!o.started)
    return notRunTest(t, cut ? `not run: ${cut.reason}` : "not run: the plan did not reach it");
  const rel = (p) => relative2(outDir, p);
  const tries = o.attempts.map((a) => {
    const r = assembleTest(
      t,
      { exit: a.exit, ms: a.ms, timedOut: a.timedOut },
      readOutput(a.output),
      {
        outputPath: rel(a.output)
      }
    );
    return t.kind === "kselftest" ? r : commandExit(r, a.exit, t.kind);
  });
  if (o.unfinished) {
    const file = attemptOutput(o.outputBase, o.attempts.length + 1);
    const r = assembleTest(t, null, readOutput(file), {
      outputPath: existsSync4(file) ? rel(file) : void 0,
      interrupted: cut?.running === "timeout" ? "timeout" : "crash"
    });
    if (cut) r.reason = cut.reason;
    tries.push(r);
  }
  return mergeAttempts(tries);
}
function groupSuites(plan, results) {
  const suites = [];
  for (const t of plan.tests) {
    let s = suites.find((x) => x.name === t.suite);
    if (!s) suites.push(s = { name: t.suite, kind: t.kind, durationMs: 0, tests: [] });
    const r = results.get(t.id);
    s.tests.push(r);
    if (r.durationMs !== null) s.durationMs = (s.durationMs ?? 0) + r.durationMs;
  }
  return suites;
}

// src/pipeline/skip-causes.ts
import { join as join4 } from "node:path";

// src/system/selftests-version.ts
import { existsSync as existsSync5, readFileSync as readFileSync4, realpathSync, statSync as statSync3 } from "node:fs";
import { dirname as dirname3, join as join3, relative as relative3, resolve as resolve2, sep } from "node:path";
function makefileVersion(text) {
  const get = (k) => new RegExp(`^${k}\\s*=\\s*(\\S*)\\s*$`, "m").exec(text)?.[1];
  const [v, p, s, e] = ["VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"].map(get);
  if (!v || !/^\d+$/.test(v) || p === void 0 || !/^\d+$/.test(p)) return null;
  return `${v}.${p}${s ? `.${s}` : ""}${e ?? ""}`;
}
var isFile = (f) => {
  try {
    return statSync3(f).isFile();
  } catch {
    return false;
  }
};
var real = (p) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};
function fromManifest(file, dir) {
  try {
    const b = JSON.parse(readFileSync4(file, "utf8"));
    if (typeof b.release !== "string") return null;
    let sel;
    if (b.schema === "kernel-ci/build@1")
      sel = typeof b.selftestsDir === "string" ? resolve2(b.selftestsDir) : join3(dirname3(file), "selftests");
    else if (b.schema === "kernel-ci/bundle@1" && typeof b.files?.selftests === "string")
      sel = resolve2(dirname3(file), b.files.selftests);
    else return null;
    const rel = relative3(real(sel), real(dir));
    return rel === "" || !rel.startsWith("..") && !rel.startsWith(sep) ? b.release : null;
  } catch {
    return null;
  }
}
function selftestsTree(dir) {
  const abs = resolve2(dir);
  for (let d = abs; ; d = dirname3(d)) {
    for (const [name, from] of [
      ["build.json", "build.json"],
      ["kernel-ci-bundle.json", "bundle"]
    ]) {
      const f = join3(d, name);
      const v = isFile(f) ? fromManifest(f, abs) : null;
      if (v) return { dir: abs, version: v, from };
    }
    const mk = join3(d, "Makefile");
    if (existsSync5(join3(d, "Kbuild")) && isFile(mk)) {
      const v = makefileVersion(readFileSync4(mk, "utf8").slice(0, 4096));
      if (v) return { dir: abs, version: v, from: "Makefile" };
    }
    if (dirname3(d) === d) return { dir: abs };
  }
}

// src/pipeline/skip-causes.ts
function recordSelftestsAndSkips(run, ctx) {
  const trees = /* @__PURE__ */ new Map();
  const bySuite = /* @__PURE__ */ new Map();
  for (const t of ctx.plan.tests) {
    if (t.kind !== "kselftest") continue;
    let tree = trees.get(t.cwd);
    if (!tree) trees.set(t.cwd, tree = selftestsTree(t.cwd));
    if (!bySuite.has(t.suite)) bySuite.set(t.suite, tree);
  }
  if (trees.size === 0) return run;
  const judged = withSkipCauses(
    run,
    (suite) => {
      const tree = bySuite.get(suite);
      return tree && { kernel: run.vm?.kernelRelease, selftests: tree.version };
    },
    {
      // written by the guest: read as something it could have replaced
      output: (t) => {
        if (!t.outputPath) return void 0;
        try {
          return readGuestFile(join4(ctx.outDir, t.outputPath), 16 << 20);
        } catch {
          return void 0;
        }
      }
    }
  );
  return { ...judged, selftests: [...trees.values()] };
}

// src/system/tool-versions.ts
import { spawnSync as spawnSync2 } from "node:child_process";
function hostToolLines() {
  const r = spawnSync2("/bin/sh", ["-c", toolGuardCommand()], {
    env: { PATH: GUEST_PATH, LANG: "C", LC_ALL: "C" },
    encoding: "utf8",
    timeout: 1e4
  });
  return (r.stdout ?? "").split("\n").filter((l) => l.trim() !== "");
}

// src/pipeline/tool-guard-plugin.ts
function toolGuardPlugin(ctx, hostCheck = hostToolLines) {
  const level = ctx.plan.toolGuard ?? ctx.flags["tool-guard"];
  const lines = level === "warn" ? hostCheck() : [];
  return {
    listener: {
      onLine(line2) {
        if (level !== "off" && line2.includes(TOOL_TAG)) lines.push(line2);
      }
    },
    findings() {
      for (const a of toolGuardAnnotations(toolGuardHits(reportedToolVersions(lines)), level))
        ctx.host.annotate(a);
      return [];
    }
  };
}

// src/pipeline/run-hooks.ts
function loadKnownIssues(flags) {
  const file = flags["known-issues"];
  if (!file) return [];
  if (!existsSync6(file)) throw new UsageError(`--known-issues ${file}: no such file`);
  let text;
  try {
    text = readFileSync5(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `--known-issues ${file}: cannot read (${err.code})`
    );
  }
  return parseKnownIssues(text, file);
}
function decodeOptions(flags) {
  const { vmlinux, source } = flags;
  if (vmlinux === void 0 && source === void 0) return void 0;
  if (vmlinux === void 0 || source === void 0)
    throw new UsageError("--vmlinux and --source go together (decoding needs both)");
  return checkDecodeInputs(vmlinux, source);
}
function integratedRunHooks(flags, opts = {}) {
  const issues = loadKnownIssues(flags);
  let decode = decodeOptions(flags);
  const reproduce = opts.reproduce ?? reproduceLine("run", flags, runFlags);
  return {
    plugins: (ctx) => [crashPlugin(ctx, { stopOn: flags["stop-on"] }), toolGuardPlugin(ctx)],
    assembleTest: async (o, ctx, cut) => assembleOutcome(o, ctx.outDir, cut),
    async finalize(run, ctx) {
      let suites = run.suites;
      const consoleLog = join5(ctx.outDir, "console.log");
      if (ctx.plan.kunitBuiltin && existsSync6(consoleLog))
        suites = [...suites, ...assembleKunit(readGuestFile(consoleLog, 256 << 20).split("\n"))];
      if (issues.length > 0)
        suites = applyKnownIssues(suites, issues, {
          kernelVersion: run.vm?.kernelRelease,
          arch: "x86_64"
        });
      decode ??= decodeOptions(flags);
      if (decode && run.findings.length > 0)
        await decodeFindings(
          run.findings,
          { ...decode, signal: ctx.signal },
          (m) => ctx.host.warn(m)
        );
      return recordSelftestsAndSkips({ ...run, suites, reproduce }, ctx);
    },
    async report(run, ctx) {
      await publishRun(run, ctx.outDir, ctx.host, {
        consoleTail: !streamConsole(flags, ctx.host),
        vmlinux: flags.vmlinux,
        config: opts.config
      });
    }
  };
}

// src/pipeline/run-end.ts
function classifyEnd(vm, requested, bootCrash, planDone) {
  if (vm.end === "boot-failure" || vm.end === "no-output")
    return {
      abort: {
        kind: "boot-failure",
        message: bootCrash ? `${vm.message}; ${bootCrash}` : vm.message
      },
      cut: { running: "crashed", reason: "the kernel did not boot" }
    };
  if (vm.end === "stopped" && requested)
    return {
      abort: { kind: requested.kind, message: requested.message },
      cut: { running: "crashed", reason: requested.message }
    };
  if (vm.end === "timeout" || vm.end === "inactivity")
    return {
      abort: { kind: vm.end, message: vm.message },
      cut: { running: "timeout", reason: vm.message }
    };
  if (!planDone)
    return {
      abort: { kind: "crash", message: `the guest stopped before the plan ended (${vm.message})` },
      cut: { running: "crashed", reason: "the guest stopped while this test ran" }
    };
  return {};
}

// src/pipeline/run.ts
async function resolveKernel(flags) {
  const kernelFlag = flags.kernel;
  if (!kernelFlag)
    throw new UsageError(
      "--kernel is required (a bzImage, a Debian linux-image-*.deb or a kernel-ci bundle)"
    );
  let modulesDir = flags.modules;
  let kernel = resolve3(kernelFlag);
  let release;
  if (isDebPath(kernel)) {
    const deb = await extractDebianKernel(kernel);
    kernel = deb.kernel;
    release = deb.release;
    modulesDir ??= deb.modulesDir;
  } else if (isKernelBundle(kernel)) {
    const b = await unpackKernelBundle(kernel);
    kernel = b.kernel;
    release = b.release;
    modulesDir ??= b.modulesDir;
    bundleFlagDefaults(flags, b);
  }
  const image = readKernelImage(kernel);
  release ??= image.release;
  if (modulesDir !== void 0) {
    modulesDir = resolve3(modulesDir);
    if (!existsSync7(modulesDir) || !statSync4(modulesDir).isDirectory())
      throw new UsageError(`--modules ${modulesDir}: not a directory`);
    if (!existsSync7(join6(modulesDir, "modules.dep"))) {
      if (release === void 0)
        throw new UsageError(
          `--modules ${modulesDir}: no modules.dep, and the kernel image names no release to run depmod for`
        );
      modulesDir = await modulesWithDep(modulesDir, release);
    }
  }
  return { kernel, release, modulesDir };
}
function needsInitramfs(modulesDir, config) {
  if (config && existsSync7(config)) {
    const text = readFileSync6(config, "utf8");
    return !["CONFIG_9P_FS", "CONFIG_NET_9P_VIRTIO", "CONFIG_VIRTIO_PCI"].every(
      (o) => new RegExp(`^${o}=y$`, "m").test(text)
    );
  }
  const file = join6(modulesDir, "modules.builtin");
  if (!existsSync7(file)) return true;
  const builtin = new Set(readFileSync6(file, "utf8").split("\n").filter(Boolean).map(moduleName));
  return !["9p", "9pnet_virtio", "virtio_pci"].every((m) => builtin.has(m));
}
function preloadModules(modulesDir) {
  const builtin = join6(modulesDir, "modules.builtin");
  if (existsSync7(builtin) && /(^|\/)overlay\.ko$/m.test(readFileSync6(builtin, "utf8"))) return [];
  const dir = join6(modulesDir, "kernel", "fs", "overlayfs");
  return ["overlay.ko", "overlay.ko.xz", "overlay.ko.zst", "overlay.ko.gz"].map((f) => join6(dir, f)).filter((f) => existsSync7(f)).slice(0, 1);
}
var PRINTK_LINE = /^\s*(?:<\d+>)?\[\s*\d+\.\d+\]|Linux version \d/;
function writeGuestFiles(accel, o, plan) {
  const { kernel: k, work } = o;
  const nonce = randomBytes(6).toString("hex");
  const busybox = BUSYBOX_CANDIDATES.find((p) => existsSync7(p));
  const init = join6(work, "init.sh");
  const guest = {
    nonce,
    plan,
    shareDir: o.outDir,
    shareTag: SHARE_TAG,
    outputBase: o.outputBase,
    modules: k.modulesDir && k.release ? { dir: k.modulesDir, release: k.release } : void 0,
    tcg: accel.accel === "tcg",
    shell: busybox ? `${busybox} sh` : "/bin/sh",
    timeout: findOnPath("timeout") ?? "/usr/bin/timeout",
    insmod: findOnPath("insmod"),
    // An initramfs loads overlayfs with the root's modules already.
    preload: k.modulesDir && !o.initrd ? preloadModules(k.modulesDir) : [],
    kciDir: work
  };
  for (const [name, text] of Object.entries(guestFstabs(guest))) writeFresh(join6(work, name), text);
  writeFresh(init, guestInitScript(guest), 493);
  return { nonce, init };
}
function progressCollector(plan, nonce, outputBase, host) {
  return new MarkerCollector(plan, nonce, outputBase, {
    onReady: (up) => host.info(`guest ready (kernel uptime ${up} s)`),
    onEnd: (t, a) => host.info(progressLine(plan, t, fullName(t), a))
  });
}
function launch(accel, o, again) {
  const { flags, host, kernel: k, outDir, outputBase } = o;
  const cpus = flags.cpus ?? defaultCpus();
  const memoryMiB = flags.memory ?? defaultMemoryMiB(cpus);
  const { plan, shard } = shardFromFlags(
    buildPlan2(flags, { accel: accel.accel, cpus, cwd: process.cwd() }),
    flags
  );
  if (shard && !again)
    host.info(`shard ${shard.index}/${shard.total}: ${plan.tests.length} test(s)`);
  const { nonce, init } = writeGuestFiles(accel, o, plan);
  const config = {
    qemu: o.qemu,
    kernel: k.kernel,
    initrd: o.initrd,
    accel: accel.accel,
    cpus,
    memoryMiB,
    init,
    shareDir: outDir,
    monitorSocket: o.monitorSocket,
    extraCmdline: flags.cmdline,
    extraArgs: flags["qemu-arg"]
  };
  const collector = progressCollector(plan, nonce, outputBase, host);
  const vm = new Vm({
    argv: [o.qemu, ...qemuArgs(config)],
    consoleLog: join6(outDir, "console.log"),
    monitorSocket: config.monitorSocket,
    isReady: (line2) => collector.ready || line2.includes(nonce) && line2.includes(" ready "),
    isAlive: (line2) => PRINTK_LINE.test(line2) || line2.includes(nonce),
    firstOutputTimeoutMs: accel.accel === "kvm" ? o.firstOutputMs : void 0,
    bootTimeoutMs: flags["boot-timeout"] * 1e3,
    runTimeoutMs: Math.max(1e3, flags.timeout * 1e3 - (again?.spentMs ?? 0)),
    inactivityTimeoutMs: flags["inactivity-timeout"] * 1e3,
    bootRetries: flags["boot-retries"],
    // console.log always; the terminal only with --console (report.ts streamConsole).
    onChunk: streamConsole(flags, host) ? (lines) => host.untrusted(lines) : void 0,
    append: again?.append,
    firstLineNo: again?.firstLineNo,
    preamble: again?.preamble
  });
  vm.addListener(collector);
  const state = {};
  const ctx = {
    flags,
    host,
    outDir,
    plan,
    accel,
    currentTest: () => collector.current,
    stopVm: (kind, message) => {
      if (kind === "crash" && !collector.ready) {
        state.bootCrash ??= message;
        return;
      }
      state.requested ??= { kind, message };
      vm.stop(message);
    }
  };
  const plugins = o.hooks.plugins(ctx);
  for (const p of plugins) if (p.listener) vm.addListener(p.listener);
  return {
    plan,
    shard,
    config,
    collector,
    vm,
    ctx,
    plugins,
    get requested() {
      return state.requested;
    },
    get bootCrash() {
      return state.bootCrash;
    }
  };
}
var Cancellation = class {
  constructor(host) {
    this.host = host;
  }
  host;
  controller = new AbortController();
  /** Set while a VM may run. */
  stopVm;
  reason;
  signal = this.controller.signal;
  onSignal = (sig) => {
    if (this.reason === void 0) {
      this.reason = `cancelled by ${sig}`;
      this.host.warn(`${sig}: cancelling the run (results so far are kept)`);
      this.controller.abort(new Error(this.reason));
    }
    this.stopVm?.(this.reason);
  };
};
var notStarted = (reason) => ({
  end: "stopped",
  message: `stopped: ${reason}`,
  stopReason: reason,
  boots: 0,
  bootSeconds: null,
  exitCode: null,
  signal: null,
  lines: 0,
  tail: [],
  stderr: []
});
async function runCommand(flags, host, hooks = integratedRunHooks(flags), extras = {}) {
  const cancel = new Cancellation(host);
  process.on("SIGINT", cancel.onSignal);
  process.on("SIGTERM", cancel.onSignal);
  try {
    return await runCancellable(flags, host, hooks, extras, cancel);
  } finally {
    process.off("SIGINT", cancel.onSignal);
    process.off("SIGTERM", cancel.onSignal);
  }
}
async function runCancellable(flags, host, hooks, extras, cancel) {
  const startedAt = /* @__PURE__ */ new Date();
  const inputs = await checkInputs(flags);
  const mode = flags.accel;
  const picked = await pickAccel(mode, inputs.qemu, host, cancel);
  const outputBase = clearOutputs(inputs.outDir);
  const initrd = initramfsFor(inputs.kernel, extras, host);
  const booted = await boot(
    {
      flags,
      host,
      hooks,
      kernel: inputs.kernel,
      outDir: inputs.outDir,
      work: inputs.work,
      outputBase,
      initrd,
      qemu: inputs.qemu,
      monitorSocket: "",
      firstOutputMs: flags["first-output-timeout"] * 1e3
    },
    { mode, ...picked, startedAt },
    cancel
  );
  let run = await collectResults(booted, flags, hooks, inputs, extras, startedAt);
  writeResults(inputs.outDir, run);
  if (hooks.finalize)
    run = settle(await hooks.finalize(run, { ...booted.l.ctx, signal: cancel.signal }), booted);
  if (cancel.reason !== void 0 && !run.abort) {
    run = settle({ ...run, abort: { kind: "cancelled", message: cancel.reason } }, booted);
    host.warn(`cancelled: ${cancel.reason}`);
  }
  writeResults(inputs.outDir, run);
  await hooks.report(run, booted.l.ctx);
  return exitCodeFor(run.verdict);
}
async function checkInputs(flags) {
  const qemu = findOnPath(QEMU_BINARY);
  if (!qemu)
    throw new UsageError(
      `${QEMU_BINARY} not found on PATH: install qemu-system-x86 (scripts/setup-host.sh)`
    );
  const kernel = await resolveKernel(flags);
  const outDir = resolve3(flags.out);
  try {
    safeDirSync(outDir);
    rmSync(join6(outDir, "tests"), { recursive: true, force: true });
    safeDirSync(outDir, "tests");
    return { qemu, kernel, outDir, work: safeDirSync(outDir, ".kci") };
  } catch (err) {
    throw pathError("--out", outDir, err);
  }
}
async function pickAccel(mode, qemu, host, cancel) {
  const t0 = Date.now();
  const kvmDev = process.env.KERNEL_CI_KVM_DEVICE ?? "/dev/kvm";
  const memo = kvmHangMemo(kvmDev, qemu, kernelCacheRoot());
  const accel = cancel.reason ? { accel: "tcg", reason: `not chosen: ${cancel.reason}` } : await chooseAccel(mode, { qemu, dev: kvmDev, memo: mode === "auto" ? memo : void 0 });
  if (mode === "kvm" && accel.accel !== "kvm" && cancel.reason === void 0)
    throw new UsageError(
      `--accel kvm: KVM is not usable: ${accel.reason.replace(/; using TCG$/, "")}`
    );
  host.info(`accel: ${accel.accel} (${accel.reason}) [${((Date.now() - t0) / 1e3).toFixed(1)} s]`);
  return { accel, memo };
}
function clearOutputs(outDir) {
  for (const f of ["results.json", "console.log", join6(".kci", MARKERS_FILE)])
    rmSync(join6(outDir, f), { force: true });
  const safe = (s) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  return (t) => join6(outDir, "tests", `${t.id}-${safe(t.suite)}-${safe(t.name)}`);
}
function initramfsFor(k, extras, host) {
  if (!k.modulesDir || !needsInitramfs(k.modulesDir, extras.config)) return void 0;
  const info = cachedInitramfs(k.modulesDir, join6(kernelCacheRoot(), "initramfs"), {
    tag: ROOT_TAG,
    options: ROOT_9P_OPTIONS
  });
  host.info(`initramfs${info.cached ? " (cached)" : ""}: busybox + ${info.modules.join(", ")}`);
  return info.path;
}
async function boot(o, a, cancel) {
  const sockDir = mkdtempSync(join6(tmpdir(), "kci-mon-"));
  const launchOptions = { ...o, monitorSocket: join6(sockDir, "m") };
  let accel = a.accel;
  let l = launch(accel, launchOptions);
  let vmResult;
  cancel.stopVm = (message) => l.ctx.stopVm("cancelled", message);
  const runVm = (title) => {
    if (cancel.reason === void 0) return o.host.group(title, () => l.vm.run());
    l.ctx.stopVm("cancelled", cancel.reason);
    return Promise.resolve(notStarted(cancel.reason));
  };
  const k = o.kernel;
  const say = (what) => o.host.info(
    `booting ${k.kernel}${k.release ? ` (${k.release})` : ""} under ${what}: ${l.config.cpus} CPU(s), ${l.config.memoryMiB} MiB, ${l.plan.tests.length} test(s)`
  );
  try {
    say(accel.accel.toUpperCase());
    const kvmStart = Date.now();
    vmResult = await runVm("QEMU console");
    if (vmResult.end === "no-output" && a.mode === "auto" && l.requested === void 0) {
      const why = `no kernel output in ${o.firstOutputMs / 1e3} s under KVM`;
      const lost = ((Date.now() - kvmStart) / 1e3).toFixed(1);
      accel = {
        accel: "tcg",
        reason: `kvm \u2192 tcg: ${why} (${lost} s lost; before: ${accel.reason})`
      };
      o.host.warn(`${why}: KVM cannot run this guest here; booting again under TCG`);
      rememberKvmHang(a.memo, accel.reason);
      l = launch(accel, launchOptions, {
        append: true,
        firstLineNo: vmResult.lines,
        preamble: [`==== kernel-ci: ${why}: booting again under TCG ====`],
        spentMs: Date.now() - a.startedAt.getTime()
      });
      say("TCG");
      vmResult = await runVm("QEMU console (TCG)");
    }
  } finally {
    cancel.stopVm = void 0;
    rmSync(sockDir, { recursive: true, force: true });
  }
  return { l, vmResult, accel };
}
async function collectResults({ l, vmResult, accel }, flags, hooks, inputs, extras, startedAt) {
  const { plan, collector, ctx, plugins, config } = l;
  const copy = join6(inputs.work, MARKERS_FILE);
  if (existsSync7(copy)) {
    const n = collector.recover(readGuestFile(copy, 16 << 20));
    if (n) ctx.host.warn(`${n} marker(s) garbled on the console were recovered from ${copy}`);
  }
  const { abort, cut } = classifyEnd(vmResult, l.requested, l.bootCrash, collector.done);
  const results = /* @__PURE__ */ new Map();
  for (const o of collector.outcomes())
    results.set(o.test.id, await hooks.assembleTest(o, ctx, cut));
  const suites = groupSuites(plan, results);
  const run = {
    schema: SCHEMA_ID,
    verdict: "success",
    conclusion: "",
    name: flags.name ?? suites[0]?.name ?? "boot",
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    vm: {
      accel: accel.accel,
      accelReason: accel.reason,
      bootSeconds: vmResult.bootSeconds,
      cpus: config.cpus,
      memoryMiB: config.memoryMiB,
      kernelRelease: inputs.kernel.release,
      cmdline: kernelCmdline(config),
      boots: vmResult.boots
    },
    counts: emptyCounts(),
    suites,
    findings: plugins.flatMap((p) => p.findings?.() ?? []),
    files: { console: "console.log" }
  };
  if (extras.build) run.build = extras.build;
  if (abort) {
    run.abort = abort;
    run.consoleTail = vmResult.tail;
    ctx.host.warn(`${abort.kind}: ${abort.message}`);
  }
  return settle(run, { l });
}
function settle(run, { l }) {
  const done = finalizeRun(run);
  if (l.shard) done.shard = { index: l.shard.index, total: l.shard.total };
  return done;
}
var writeResults = (outDir, run) => writeFresh(join6(outDir, "results.json"), JSON.stringify(run, null, 2) + "\n");

export {
  reproduceLine,
  integratedRunHooks,
  resolveKernel,
  runCommand
};
