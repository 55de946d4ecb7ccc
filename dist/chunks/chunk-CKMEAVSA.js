import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  UsageError
} from "./chunk-2IEND4WE.js";

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
      if (![id, exit, ms, attempt].every(Number.isFinite)) return null;
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
      modulesLines += `mount -t tmpfs -o mode=755 modules /run/kci/modules && mkdir -p /run/kci/modules/${sq(rel)} && mount -o bind ${sq(o.modules.dir)} /run/kci/modules/${sq(rel)}
mount -o bind /run/kci/modules "$(readlink -f /lib)/modules" 2>/dev/null || { mkdir -p ${RW_BASE}/lib/u ${RW_BASE}/lib/w && mount -t overlay -o "lowerdir=$(readlink -f /lib),upperdir=${RW_BASE}/lib/u,workdir=${RW_BASE}/lib/w" overlay "$(readlink -f /lib)" && mkdir -p /lib/modules && mount -o bind /run/kci/modules /lib/modules; }
`;
      dirs.push("/run/kci/modules");
    } else if (basename(o.modules.dir) === rel) {
      modulesLines += `mount -o bind ${sq(dirname(o.modules.dir))} /lib/modules
`;
    } else {
      modulesLines += `mount -t tmpfs -o mode=755 modules /lib/modules && mkdir -p /lib/modules/${sq(rel)} && mount -o bind ${sq(o.modules.dir)} /lib/modules/${sq(rel)}
`;
    }
  }
  return { overlays, dirs, modulesLines };
}
function guestFstabs(o) {
  const { overlays } = layout(o);
  const join2 = (ls) => ls.join("\n") + "\n";
  const common = [
    line("devpts", "/dev/pts", "devpts", "gid=5,mode=620,ptmxmode=666"),
    line("shm", "/dev/shm", "tmpfs", "mode=1777")
  ];
  return {
    "fstab.base": join2([
      line("sysfs", "/sys", "sysfs", "defaults"),
      line("devtmpfs", "/dev", "devtmpfs", "defaults"),
      line("run", "/run", "tmpfs", "mode=755")
    ]),
    "fstab.rw": join2([
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
    "fstab.rw-tmpfs": join2([
      ...common,
      ...overlays.filter((d) => d !== "/etc").map((d) => line("tmpfs", d, "tmpfs", d === "/tmp" ? "mode=1777" : "mode=755"))
    ]),
    "fstab.share": join2([
      line(o.shareTag, o.shareDir, "9p", "trans=virtio,version=9p2000.L,msize=262144")
    ]),
    "fstab.extra": join2([
      line("debugfs", "/sys/kernel/debug", "debugfs", "defaults"),
      line("tracefs", "/sys/kernel/tracing", "tracefs", "defaults"),
      line("cgroup2", "/sys/fs/cgroup", "cgroup2", "defaults"),
      line("bpf", "/sys/fs/bpf", "bpf", "defaults"),
      line("configfs", "/sys/kernel/config", "configfs", "defaults")
    ])
  };
}
var DEFAULT_OVERLAYS = ["/etc", "/var", "/tmp", "/root"];
var sq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
var exportEnv = (env) => Object.entries(env ?? {}).map(([k, v]) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    throw new Error(`bad environment variable name '${k}'`);
  return `export ${k}=${sq(v)}`;
}).join("\n");
function attemptOutput(base, attempt) {
  return attempt <= 1 ? `${base}.log` : `${base}.try${attempt}.log`;
}
function guestInitScript(o) {
  const m = `${MARKER_TAG} ${o.nonce}`;
  const tests = o.plan.tests.map((t) => {
    const envPrefix = t.env ? `${exportEnv(t.env).replace(/\n/g, "; ")}; ` : "";
    const skipOk = t.kind === "kselftest" && !t.skipIsFail ? 1 : 0;
    if (/[\s]/.test(String(t.id)) || /[\r\n]/.test(t.name))
      throw new Error(`bad test name '${t.name}'`);
    return `t ${t.id} ${sq(t.name)} ${sq(t.cwd)} ${Math.max(0, Math.floor(t.timeoutSec))} ${t.retries ?? 0} ${skipOk} ${sq(o.outputBase(t))} ${sq(envPrefix + t.command)}`;
  });
  const hooks = (cmds) => (cmds ?? []).map((c) => `/bin/sh -c ${sq(c)} </dev/null 2>&1`).join("\n");
  const timeout = o.timeout ?? "/usr/bin/timeout";
  const { dirs, modulesLines } = layout(o);
  return `#!${o.shell ?? "/bin/sh"}
# kernel-ci guest init (generated): PID 1 of the test VM.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH HOME=/root TERM=dumb LANG=C.UTF-8 LC_ALL=C.UTF-8
${o.tcg ? "export KSFT_MACHINE_SLOW=yes" : ""}
${exportEnv(o.plan.env)}
M=${sq(m)}
# Busybox runs most applets by exec'ing /proc/self/exe: /proc comes first.
# Then the mounts come from fstab files written by the host (one exec for
# many mounts: each exec is slow under TCG).
${o.shell?.endsWith(" sh") ? `${o.shell.slice(0, -3)} ` : ""}mount -t proc proc /proc
mount -a -T ${sq(join(o.kciDir, "fstab.base"))}
mkdir -p ${dirs.map(sq).join(" ")}
ovl=
while read -r a b; do [ "$a" = overlay ] || [ "$b" = overlay ] && ovl=1; done < /proc/filesystems
if [ -n "$ovl" ]; then
  mount -a -T ${sq(join(o.kciDir, "fstab.rw"))}
else
  mount -a -T ${sq(join(o.kciDir, "fstab.rw-tmpfs"))}
  mkdir -p ${sq(o.shareDir)}
fi
mount -a -T ${sq(join(o.kciDir, "fstab.share"))} || echo "kci-init: cannot mount the results share"
mount -a -T ${sq(join(o.kciDir, "fstab.extra"))} 2>/dev/null
${modulesLines}[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
echo kci > /proc/sys/kernel/hostname
ip link set lo up 2>/dev/null
echo 1 > /proc/sys/kernel/sysrq
# Milliseconds since boot without forking: /proc/uptime has 2 decimals.
now() { read -r up _ < /proc/uptime; NOW=$(( \${up%.*} * 1000 + 1\${up#*.}0 - 1000 )); }
# t ID NAME CWD TIMEOUT RETRIES SKIP_OK OUTPUT_BASE COMMAND
t() {
  echo "$M start id=$1 name=$2"
  a=1
  while :; do
    f=$7.log; [ $a -gt 1 ] && f=$7.try$a.log
    now; t0=$NOW
    {
      cd "$3" 2>/dev/null || cd /
      if [ "$4" -gt 0 ]; then ${sq(timeout)} -k 10 "$4" /bin/sh -c "$8"; else /bin/sh -c "$8"; fi
      echo $? > /run/kci/rc
    } </dev/null 2>&1 | tee "$f"
    rc=255; [ -f /run/kci/rc ] && read -r rc < /run/kci/rc
    echo 255 > /run/kci/rc
    now; ms=$((NOW - t0)); to=0
    if [ "$4" -gt 0 ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; } && [ $ms -ge $(($4 * 1000 - 500)) ]; then to=1; fi
    echo "$M end id=$1 attempt=$a exit=$rc ms=$ms timeout=$to"
    [ $rc -eq 0 ] && break
    [ $rc -eq 4 ] && [ $6 -eq 1 ] && break
    [ $a -gt $5 ] && break
    a=$((a + 1))
  done
}
${hooks(o.plan.before)}
read -r up _ < /proc/uptime
echo "$M ready uptime=$up"
${tests.join("\n")}
${hooks(o.plan.after)}
cd /
echo "$M done"
sync
# systemd's poweroff needs -ff to act without a running systemd; busybox's takes -f.
poweroff -f -f 2>/dev/null || echo o > /proc/sysrq-trigger
while :; do sleep 60; done
`;
}

// src/core/glob.ts
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
function globMatches(glob, fullName) {
  const re = globToRegExp(glob);
  if (re.test(fullName)) return true;
  if (glob.includes("/")) return false;
  const base = fullName.slice(fullName.lastIndexOf("/") + 1);
  return re.test(base);
}
function selected(fullName, only, except) {
  if (only.length > 0 && !only.some((g) => globMatches(g, fullName))) return false;
  return !except.some((g) => globMatches(g, fullName));
}

// src/core/tool-guard.ts
var KNOWN_BAD_TOOLS = [
  {
    tool: "iproute2",
    command: "ip -V",
    // "ip utility, iproute2-6.7.0" (newer ones append ", libbpf X")
    version: /iproute2-v?(\d[\w.]*?)(?:,|\s|$)/,
    prefix: "iproute2-",
    bad: ["6.7.0"],
    reason: "ss in iproute2 6.7.0 has a regression that broke the MPTCP selftests; use an earlier or a later release",
    link: "https://git.kernel.org/pub/scm/network/iproute2/iproute2.git/log/misc/ss.c?h=v6.8.0"
  }
];
var TOOL_TAG = "@@KCI-TOOL@@";
var sq2 = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
function toolGuardCommand(tools = KNOWN_BAD_TOOLS) {
  const lines = ["bad=0"];
  const printed = /* @__PURE__ */ new Set();
  for (const t of tools) {
    if (!printed.has(t.tool)) {
      printed.add(t.tool);
      lines.push(
        `v=$(${t.command} 2>&1 | head -n 1)`,
        `printf '%s %s %s\\n' '${TOOL_TAG}' ${sq2(t.tool)} "$v"`
      );
    }
    for (const b of t.bad) {
      const at = `*${t.prefix}${b}`;
      lines.push(
        `case $v in ${at} | ${at}[!0-9A-Za-z.]*) echo ${sq2(`# known-bad ${t.tool} ${b}: ${t.reason} (${t.link})`)}; bad=1 ;; esac`
      );
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
    out.set(tool, { tool, version: spec.version.exec(raw)?.[1] ?? null, raw });
  }
  return [...out.values()];
}
function toolGuardHits(versions, tools = KNOWN_BAD_TOOLS) {
  const hits = [];
  for (const v of versions) {
    if (v.version === null) continue;
    for (const t of tools)
      if (t.tool === v.tool && t.bad.includes(v.version))
        hits.push({ tool: t.tool, version: v.version, reason: t.reason, link: t.link });
  }
  return hits;
}
function toolGuardAnnotations(hits, level) {
  if (level === "off") return [];
  return hits.map((h) => ({
    level: level === "error" ? "error" : "warning",
    title: `known-bad ${h.tool} ${h.version} in the guest`,
    message: `${h.tool} ${h.version}: ${h.reason} (${h.link})`
  }));
}

export {
  parseMarker,
  guestFstabs,
  attemptOutput,
  guestInitScript,
  globToRegExp,
  selected,
  TOOL_TAG,
  toolGuardCommand,
  reportedToolVersions,
  toolGuardHits,
  toolGuardAnnotations
};
