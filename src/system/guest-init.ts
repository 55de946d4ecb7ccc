// The guest's PID 1: a small POSIX sh script generated per run. It makes the
// host's read-only root usable (tmpfs/overlays where programs write), mounts
// the results share, runs the plan one test at a time with a timeout, and
// prints the markers of src/core/markers.ts on the console as each test ends,
// so results reach the host even if the kernel dies on the next test.
// PID 1 never exits (that would panic the kernel): it ends with poweroff.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { finalExits, type Plan, type PlanTest } from '../core/plan/plan.js';
import { MARKER_TAG } from '../core/markers.js';
import { shellQuote as sq } from '../core/shell.js';

export interface GuestInitOptions {
  nonce: string;
  plan: Plan;
  /** Host path of the results share; mounted read-write at the same path. */
  shareDir: string;
  shareTag: string;
  /** Where each test's output goes, without extension: test id → path. */
  outputBase: (t: PlanTest) => string;
  /** The kernel's modules as the guest must see them at /lib/modules/<release>. */
  modules?: { dir: string; release: string };
  tcg: boolean;
  /** Directories made writable by an overlay (tmpfs when overlayfs is missing). */
  overlays?: string[];
  /**
   * The init's interpreter. Debian's busybox-static ash runs its applets
   * (mount, mkdir, tee...) without an exec: a static binary's exec costs
   * page faults over 9p, slow under TCG. Tests still run under /bin/sh.
   */
  shell?: string;
  /** GNU timeout (kills the test's process group); absolute, so no applet shadows it. */
  timeout?: string;
  /**
   * Module files loaded before anything is mounted: overlayfs when the
   * kernel has it as a module (Debian's), or /etc, /var and /lib/modules
   * could not be made writable over the read-only root.
   */
  preload?: string[];
  /** The insmod that loads them (kmod's reads compressed modules). */
  insmod?: string;
  /** Host dir (seen by the guest) holding init.sh and the fstab files. */
  kciDir: string;
  /** Checks the host's root, which is the guest's. */
  exists?: (path: string) => boolean;
}

const RW_BASE = '/run/kci/ovl';
/** The guest's PATH: where its commands (and the host-side checks of them) are found. */
export const GUEST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** fstab fields escape blanks as octal. */
const fsPath = (p: string) =>
  p.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
const line = (dev: string, dir: string, type: string, opts: string) =>
  `${fsPath(dev)} ${fsPath(dir)} ${type} ${opts} 0 0`;

function layout(o: GuestInitOptions) {
  const exists = o.exists ?? existsSync;
  const overlays = (o.overlays ?? DEFAULT_OVERLAYS).filter((d) => exists(d));
  const dirs = ['/dev/pts', '/dev/shm', '/run/lock'];
  for (const d of overlays) dirs.push(`${RW_BASE}${d}/u`, `${RW_BASE}${d}/w`);
  let modulesLines = '';
  if (o.modules) {
    const rel = o.modules.release;
    if (!exists('/lib/modules')) {
      // Hosts without modules (containers, a bare runner image) have no
      // /lib/modules to mount on: an overlay on the real /lib makes one. The
      // release dir is bound straight where modprobe looks (a bind of a
      // parent would not carry the submount).
      modulesLines += `d="$(readlink -f /lib)/modules"
[ -d "$d" ] || { mkdir -p ${RW_BASE}/lib/u ${RW_BASE}/lib/w && mount -t overlay -o "lowerdir=$(readlink -f /lib),upperdir=${RW_BASE}/lib/u,workdir=${RW_BASE}/lib/w" overlay "$(readlink -f /lib)" && mkdir -p "$d"; }
mount -t tmpfs -o mode=755 modules "$d" && mkdir -p "$d"/${sq(rel)} && mount -o bind ${sq(o.modules.dir)} "$d"/${sq(rel)}
`;
    } else if (basename(o.modules.dir) === rel) {
      modulesLines += `mount -o bind ${sq(dirname(o.modules.dir))} /lib/modules\n`;
    } else {
      modulesLines += `mount -t tmpfs -o mode=755 modules /lib/modules && mkdir -p /lib/modules/${sq(rel)} && mount -o bind ${sq(o.modules.dir)} /lib/modules/${sq(rel)}\n`;
    }
  }
  return { overlays, dirs, modulesLines };
}

/** The fstab files the init mounts from (names relative to kciDir). */
export function guestFstabs(o: GuestInitOptions): Record<string, string> {
  const { overlays } = layout(o);
  const join = (ls: string[]) => ls.join('\n') + '\n';
  const common = [
    line('devpts', '/dev/pts', 'devpts', 'gid=5,mode=620,ptmxmode=666'),
    line('shm', '/dev/shm', 'tmpfs', 'mode=1777'),
  ];
  return {
    'fstab.base': join([
      line('sysfs', '/sys', 'sysfs', 'defaults'),
      line('devtmpfs', '/dev', 'devtmpfs', 'defaults'),
      line('run', '/run', 'tmpfs', 'mode=755'),
    ]),
    'fstab.rw': join([
      ...common,
      ...overlays.map((d) =>
        line(
          'overlay',
          d,
          'overlay',
          `lowerdir=${d},upperdir=${RW_BASE}${d}/u,workdir=${RW_BASE}${d}/w`,
        ),
      ),
    ]),
    // Without overlayfs, /etc stays read-only rather than empty.
    'fstab.rw-tmpfs': join([
      ...common,
      ...overlays
        .filter((d) => d !== '/etc')
        .map((d) => line('tmpfs', d, 'tmpfs', d === '/tmp' ? 'mode=1777' : 'mode=755')),
    ]),
    'fstab.share': join([
      line(o.shareTag, o.shareDir, '9p', 'trans=virtio,version=9p2000.L,msize=262144'),
    ]),
    'fstab.extra': join([
      line('debugfs', '/sys/kernel/debug', 'debugfs', 'defaults'),
      line('tracefs', '/sys/kernel/tracing', 'tracefs', 'defaults'),
      line('cgroup2', '/sys/fs/cgroup', 'cgroup2', 'defaults'),
      line('bpf', '/sys/fs/bpf', 'bpf', 'defaults'),
      line('configfs', '/sys/kernel/config', 'configfs', 'defaults'),
    ]),
  };
}

/** In kciDir: a copy of every marker the guest printed, written through the share. */
export const MARKERS_FILE = 'markers.log';

export const DEFAULT_OVERLAYS = ['/etc', '/var', '/tmp', '/root'];

/** Single-quotes for sh: safe for any byte string. */

const exportEnv = (env: Record<string, string> | undefined): string =>
  Object.entries(env ?? {})
    .map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
        throw new Error(`bad environment variable name '${k}'`);
      return `export ${k}=${sq(v)}`;
    })
    .join('\n');

/** How a test's output path is derived on both sides: attempt 1 → base.log, n → base.try<n>.log. */
export function attemptOutput(base: string, attempt: number): string {
  return attempt <= 1 ? `${base}.log` : `${base}.try${attempt}.log`;
}

export function guestInitScript(o: GuestInitOptions): string {
  const m = `${MARKER_TAG} ${o.nonce}`;
  const tests = o.plan.tests.map((t) => {
    const envPrefix = t.env ? `${exportEnv(t.env).replace(/\n/g, '; ')}; ` : '';
    const final = finalExits(t).join(' ');
    if (/[\s]/.test(String(t.id)) || /[\r\n]/.test(t.name))
      throw new Error(`bad test name '${t.name}'`);
    return `t ${t.id} ${sq(t.name)} ${sq(t.cwd)} ${Math.max(0, Math.floor(t.timeoutSec))} ${t.retries ?? 0} ${sq(` ${final} `)} ${sq(o.outputBase(t))} ${sq(envPrefix + t.command)}`;
  });
  const hooks = (cmds: string[] | undefined) =>
    (cmds ?? []).map((c) => `/bin/sh -c ${sq(c)} </dev/null 2>&1`).join('\n');
  const timeout = o.timeout ?? '/usr/bin/timeout';
  const { dirs, modulesLines } = layout(o);
  return `#!${o.shell ?? '/bin/sh'}
# kernel-ci guest init (generated): PID 1 of the test VM.
PATH=${GUEST_PATH}
export PATH HOME=/root TERM=dumb LANG=C.UTF-8 LC_ALL=C.UTF-8
${o.tcg ? 'export KSFT_MACHINE_SLOW=yes' : ''}
${exportEnv(o.plan.env)}
M=${sq(m)}
MF=${sq(join(o.kciDir, MARKERS_FILE))}
# Every marker goes to the console (live) and to the share (survives a printk
# that garbles the console line).
mk() { echo "$M $1"; echo "$M $1" >> "$MF" 2>/dev/null; }
# Busybox runs most applets by exec'ing /proc/self/exe: /proc comes first.
# Then the mounts come from fstab files written by the host (one exec for
# many mounts: each exec is slow under TCG).
${o.shell?.endsWith(' sh') ? `${o.shell.slice(0, -3)} ` : ''}mount -t proc proc /proc
mount -a -T ${sq(join(o.kciDir, 'fstab.base'))}
mkdir -p ${dirs.map(sq).join(' ')}
${(o.preload ?? []).map((f) => `${sq(o.insmod ?? 'insmod')} ${sq(f)} 2>/dev/null`).join('\n')}
ovl=
while read -r a b; do [ "$a" = overlay ] || [ "$b" = overlay ] && ovl=1; done < /proc/filesystems
if [ -n "$ovl" ]; then
  mount -a -T ${sq(join(o.kciDir, 'fstab.rw'))}
else
  mount -a -T ${sq(join(o.kciDir, 'fstab.rw-tmpfs'))}
  mkdir -p ${sq(o.shareDir)}
fi
mount -a -T ${sq(join(o.kciDir, 'fstab.share'))} || echo "kci-init: cannot mount the results share"
# debugfs, tracefs, bpf, configfs... can load modules (a modprobe exec under
# TCG each): mounted while the rest is set up, done before the first test.
mount -a -T ${sq(join(o.kciDir, 'fstab.extra'))} 2>/dev/null &
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
      if [ "$4" -gt 0 ]; then ${sq(timeout)} -k 10 "$4" /bin/sh -c "$8"; else /bin/sh -c "$8"; fi
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
${tests.join('\n')}
${hooks(o.plan.after)}
cd /
mk done
sync
# systemd's poweroff needs -ff to act without a running systemd; busybox's takes -f.
poweroff -f -f 2>/dev/null || echo o > /proc/sysrq-trigger
while :; do sleep 60; done
`;
}
