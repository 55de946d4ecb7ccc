// Tool versions known to break tests. The guest prints the version of each
// tool listed here before the first test; the host compares them with this
// table and warns (or fails the run when configured), so a red run caused by a
// broken userspace tool says so instead of blaming the kernel.
import type { ToolGuardLevel } from './plan/plan-spec.js';
import { shellQuote as sq } from './shell.js';

export interface KnownBadTool {
  /** Package name, as the user knows it. */
  tool: string;
  /** Guest command printing the version on its first line. */
  command: string;
  /** Extracts the version from that line. */
  version: RegExp;
  /** What precedes the version on that line, for the guest's own check. */
  prefix: string;
  bad: string[];
  reason: string;
  link: string;
  /**
   * Run when the version is a bad one: distributions backport the fix
   * without changing the version string, so the tool's behaviour decides.
   */
  probe?: ToolProbe;
}

/** A behavioural check of the broken case, in POSIX sh (the guest has no Node). */
export interface ToolProbe {
  /** Prints what the tool does in the case that was broken. */
  command: string;
  /** sh `case` pattern: the probe ran and the output shows the fix. */
  fixed: string;
  /** sh `case` pattern: the probe ran (without `fixed`, the bug is there). */
  ran: string;
  /** What a fixed tool does, for the logs. */
  expect: string;
}

export type ProbeVerdict = 'fixed' | 'broken' | 'unknown';

// A listening AF_UNIX socket of the probe's own (a fresh guest may have no
// socket at all) listed with `ss -m`: iproute2 6.7.0 (1607bf53) prints no
// extended info (-m, -i, -e, ...) unless -p is also given; 87d804ca (6.8.0,
// backported by distributions into their 6.7.0) restores it. perl-base is
// essential on Debian and Ubuntu, python3 is the fallback.
const SS_PROBE = [
  'd=$(mktemp -d 2>/dev/null) || exit 0',
  'if command -v perl >/dev/null 2>&1; then',
  `  perl -MSocket -e 'socket(S, PF_UNIX, SOCK_STREAM, 0) && bind(S, pack_sockaddr_un($ARGV[0])) && listen(S, 1) or exit 3; exit(system(qw(ss -H -x -l -m src), $ARGV[0]) >> 8)' "$d/kci-probe"`,
  'elif command -v python3 >/dev/null 2>&1; then',
  `  python3 -c 'import socket, subprocess, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); sys.exit(subprocess.call(["ss", "-H", "-x", "-l", "-m", "src", sys.argv[1]]))' "$d/kci-probe"`,
  'fi',
  'rm -rf "$d"',
].join('\n');

export const KNOWN_BAD_TOOLS: readonly KnownBadTool[] = [
  {
    tool: 'iproute2',
    command: 'ss -V',
    // "ss utility, iproute2-6.7.0" (`ip -V` appends ", libbpf X")
    version: /iproute2-v?(\d[\w.]*?)(?:,|\s|$)/,
    prefix: 'iproute2-',
    bad: ['6.7.0'],
    reason:
      'ss in iproute2 6.7.0 prints no extended info (-i, -m, -e, ...) without -p, which broke the MPTCP selftests; use a release or a distribution build with the fix (87d804ca)',
    link: 'https://git.kernel.org/pub/scm/network/iproute2/iproute2.git/commit/?id=87d804ca0854b09c07872e9fd6036bf5d3e0cc85',
    probe: {
      command: SS_PROBE,
      fixed: '*kci-probe*skmem:\\(*',
      ran: '*kci-probe*',
      expect: '`ss -m` shows skmem without -p',
    },
  },
];

export const TOOL_TAG = '@@KCI-TOOL@@';

/** The tagged line carrying a probe's verdict ("@@KCI-TOOL@@ iproute2 probe=fixed"). */
const PROBE_LINE = /^probe=(fixed|broken|unknown)$/;

/** sh: the version is a bad one; the probe (if any) decides, its output kept as comments. */
function badVersionBranch(t: KnownBadTool, b: string): string[] {
  const flag = [`echo ${sq(`# known-bad ${t.tool} ${b}: ${t.reason} (${t.link})`)}`, 'bad=1'];
  if (!t.probe) return [`${flag.join('; ')} ;;`];
  const p = t.probe;
  return [
    `p=$( (`,
    p.command,
    `) 2>&1 | head -n 20)`,
    `printf '%s\\n' "$p" | sed 's/^/# probe: /'`,
    `case $p in ${p.fixed}) r=fixed ;; ${p.ran}) r=broken ;; *) r=unknown ;; esac`,
    `printf '%s %s probe=%s\\n' '${TOOL_TAG}' ${sq(t.tool)} "$r"`,
    `if [ "$r" = fixed ]; then`,
    `echo ${sq(`# ${t.tool} ${b} with the fix (${p.expect}): not flagged`)}`,
    `else`,
    `[ "$r" = unknown ] && echo ${sq(`# the probe could not tell (${p.expect} expected): flagged by version`)}`,
    ...flag,
    `fi ;;`,
  ];
}

/**
 * Guest-side: one tagged line per tool (e.g. "@@KCI-TOOL@@ iproute2 ss
 * utility, iproute2-6.7.0") for the host to evaluate, and the same check done
 * in the guest: a known-bad version whose probe does not show the fix is
 * explained on stdout and makes the command exit 1, so as a plan test
 * (tool-guard: error) it fails the run.
 */
export function toolGuardCommand(tools: readonly KnownBadTool[] = KNOWN_BAD_TOOLS): string {
  const lines = ['bad=0'];
  const printed = new Set<string>();
  for (const t of tools) {
    if (!printed.has(t.tool)) {
      printed.add(t.tool);
      lines.push(
        `v=$(${t.command} 2>&1 | head -n 1)`,
        `printf '%s %s %s\\n' '${TOOL_TAG}' ${sq(t.tool)} "$v"`,
      );
    }
    for (const b of t.bad) {
      const at = `*${t.prefix}${b}`;
      lines.push(`case $v in ${at} | ${at}[!0-9A-Za-z.]*)`, ...badVersionBranch(t, b), 'esac');
    }
  }
  lines.push('exit $bad');
  return lines.join('\n');
}

export interface ToolGuardHit {
  tool: string;
  version: string;
  reason: string;
  link: string;
  /** `unknown` when the probe could not run: flagged on the version alone. */
  probe?: ProbeVerdict;
}

export interface ToolVersion {
  tool: string;
  version: string | null;
  raw: string;
  /** The behavioural probe's verdict, when the version called for one. */
  probe?: ProbeVerdict;
}

/** Host-side: the versions the guest reported (console lines, any noise before the tag). */
export function reportedToolVersions(lines: Iterable<string>): ToolVersion[] {
  const out = new Map<string, ToolVersion>();
  for (const line of lines) {
    const at = line.indexOf(TOOL_TAG);
    if (at < 0) continue;
    const rest = line.slice(at + TOOL_TAG.length).trim();
    const sp = rest.indexOf(' ');
    const tool = sp < 0 ? rest : rest.slice(0, sp);
    const raw = sp < 0 ? '' : rest.slice(sp + 1).trim();
    const spec = KNOWN_BAD_TOOLS.find((t) => t.tool === tool);
    if (!spec) continue;
    const probe = PROBE_LINE.exec(raw);
    const seen = out.get(tool);
    if (probe) {
      if (seen) seen.probe = probe[1] as ProbeVerdict;
      continue;
    }
    out.set(tool, { tool, version: spec.version.exec(raw)?.[1] ?? null, raw });
  }
  return [...out.values()];
}

/** Known-bad versions, less those whose probe showed the fix. */
export function toolGuardHits(
  versions: readonly ToolVersion[],
  tools: readonly KnownBadTool[] = KNOWN_BAD_TOOLS,
): ToolGuardHit[] {
  const hits: ToolGuardHit[] = [];
  for (const v of versions) {
    if (v.version === null || v.probe === 'fixed') continue;
    for (const t of tools)
      if (t.tool === v.tool && t.bad.includes(v.version))
        hits.push({
          tool: t.tool,
          version: v.version,
          reason: t.reason,
          link: t.link,
          ...(v.probe ? { probe: v.probe } : {}),
        });
  }
  return hits;
}

/** Shaped like the Host's Annotation, so the pipeline passes these straight on. */
export interface ToolGuardAnnotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
}

export function toolGuardAnnotations(
  hits: readonly ToolGuardHit[],
  level: ToolGuardLevel,
): ToolGuardAnnotation[] {
  if (level === 'off') return [];
  return hits.map((h) => ({
    level: level === 'error' ? 'error' : 'warning',
    title: `known-bad ${h.tool} ${h.version} in the guest`,
    message: `${h.tool} ${h.version}: ${h.reason} (${h.link})${h.probe === 'unknown' ? '; the behavioural probe could not run here, so the version string decided' : ''}`,
  }));
}
