// packetdrill the way its run_all.py runs it: every script in the ipv4,
// ipv4-mapped-ipv6 and ipv6 variants (a `*v4.pkt` only in the first two, a
// `*v6.pkt` only in the last), each run in a fresh network namespace. We add
// what run_all.py lacks: a hard bound on concurrent runs that holds however
// slow the machine is, per-run timeouts, and TAP output (one subtest per run).
import { shellWord as shellQuote } from '../shell.js';

export type PacketdrillVariant = 'ipv4' | 'ipv4-mapped-v6' | 'ipv6';

/** run_all.py's default_args plus its per-variant arguments, verbatim. */
export const PACKETDRILL_DEFAULT_ARGS = ['--send_omit_free'];
export const VARIANT_ARGS: Record<PacketdrillVariant, string[]> = {
  ipv4: [
    '--ip_version=ipv4',
    '--local_ip=192.168.0.2',
    '--gateway_ip=192.168.0.1',
    '--netmask_ip=255.255.0.0',
    '--remote_ip=192.0.2.1/24',
    '-D',
    'TFO_COOKIE=de4f234f0f433a55',
    '-D',
    'CMSG_LEVEL_IP=SOL_IP',
    '-D',
    'CMSG_TYPE_RECVERR=IP_RECVERR',
  ],
  'ipv4-mapped-v6': [
    '--ip_version=ipv4-mapped-ipv6',
    '--local_ip=192.168.0.2',
    '--gateway_ip=192.168.0.1',
    '--netmask_ip=255.255.0.0',
    '--remote_ip=192.0.2.1/24',
    '-D',
    'TFO_COOKIE=de4f234f0f433a55',
    '-D',
    'CMSG_LEVEL_IP=SOL_IPV6',
    '-D',
    'CMSG_TYPE_RECVERR=IPV6_RECVERR',
  ],
  ipv6: [
    '--ip_version=ipv6',
    '--mtu=1520',
    '--local_ip=fd3d:fa7b:d17d::0',
    '--gateway_ip=fd3d:fa7b:d17d:8888::0',
    '--remote_ip=2001:DB8::1/32',
    '-D',
    'TFO_COOKIE=6aa6ae70c288023b',
    '-D',
    'CMSG_LEVEL_IP=SOL_IPV6',
    '-D',
    'CMSG_TYPE_RECVERR=IPV6_RECVERR',
  ],
};

/** packetdrill's own default (config.c) when a script sets no --tolerance_usecs. */
export const PACKETDRILL_DEFAULT_TOLERANCE_USECS = 4000;

/** Variants of a script, in run_all.py's start order. */
export function packetdrillVariants(file: string): PacketdrillVariant[] {
  const out: PacketdrillVariant[] = [];
  if (!file.endsWith('v6.pkt')) out.push('ipv4', 'ipv4-mapped-v6');
  if (!file.endsWith('v4.pkt')) out.push('ipv6');
  return out;
}

/** The `--tolerance_usecs=N` option line a script sets for itself, if any. */
export function scriptTolerance(text: string): number | undefined {
  const m = /^--tolerance_usecs=(\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Command-line options override a script's own (config.c parses the script's
 * options first), so a scaled tolerance is passed on the command line.
 */
export function scaledTolerance(scriptText: string, factor: number): number {
  const base = scriptTolerance(scriptText) ?? PACKETDRILL_DEFAULT_TOLERANCE_USECS;
  return Math.max(1, Math.round(base * factor));
}

export interface PoolRun {
  /** TAP subtest name, e.g. "connect_send.pkt (ipv6)". */
  name: string;
  /** Directory the script runs from (scripts source ../common/defaults.sh). */
  dir: string;
  /** packetdrill arguments, the script file last. */
  args: string[];
}

export interface PoolOptions {
  bin: string;
  /** At most this many runs at once (the script also caps it at the guest's CPUs). */
  jobs: number;
  /** Per-run timeout in seconds, 0 = none. */
  timeoutSec: number;
  runs: PoolRun[];
}

export function packetdrillRuns(
  script: { dir: string; file: string; text: string },
  tolerance?: number,
): PoolRun[] {
  const extra =
    tolerance === undefined ? [] : [`--tolerance_usecs=${scaledTolerance(script.text, tolerance)}`];
  return packetdrillVariants(script.file).map((v) => ({
    name: `${script.file} (${v})`,
    dir: script.dir,
    args: [...PACKETDRILL_DEFAULT_ARGS, ...VARIANT_ARGS[v], ...extra, script.file],
  }));
}

// POSIX sh (dash and busybox ash): the dispatcher starts a run only after it
// has read a finished run's id from a FIFO, and the run writes its id only
// once packetdrill has exited, so no more than N are ever alive. The single
// dispatcher prints every result, so TAP lines never interleave; ids are
// start order and may complete out of order.
const POOL_BODY = String.raw`
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
work=$(mktemp -d "${'$'}{TMPDIR:-/tmp}/kci-packetdrill.XXXXXX") || exit 1
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

const POOL_END = String.raw`
while [ "$running" -gt 0 ]; do reap; done
exit $failed
`;

/** A self-contained POSIX sh script (run with `sh -c`) printing TAP, exit 0 iff every run passed. */
export function poolScript(o: PoolOptions): string {
  const head = [
    '# kernel-ci packetdrill pool',
    `PD=${shellQuote(o.bin)}`,
    `N=${Math.max(1, Math.floor(o.jobs))}`,
    `T=${Math.max(0, Math.floor(o.timeoutSec))}`,
    `K=${o.runs.length}`,
  ].join('\n');
  const calls = o.runs.map(
    (r, i) => `run ${i + 1} ${[r.name, r.dir, ...r.args].map(shellQuote).join(' ')}`,
  );
  return `${head}\n${POOL_BODY.trim()}\n${calls.join('\n')}\n${POOL_END.trim()}\n`;
}
