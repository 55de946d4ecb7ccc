// Tool versions known to break tests. The guest prints the version of each
// tool listed here before the first test; the host compares them with this
// table and warns (or fails the run when configured), so a red run caused by a
// broken userspace tool says so instead of blaming the kernel.
import type { ToolGuardLevel } from './plan-spec.js';

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
}

export const KNOWN_BAD_TOOLS: readonly KnownBadTool[] = [
  {
    tool: 'iproute2',
    command: 'ip -V',
    // "ip utility, iproute2-6.7.0" (newer ones append ", libbpf X")
    version: /iproute2-v?(\d[\w.]*?)(?:,|\s|$)/,
    prefix: 'iproute2-',
    bad: ['6.7.0'],
    reason:
      'ss in iproute2 6.7.0 has a regression that broke the MPTCP selftests; use an earlier or a later release',
    link: 'https://git.kernel.org/pub/scm/network/iproute2/iproute2.git/log/misc/ss.c?h=v6.8.0',
  },
];

export const TOOL_TAG = '@@KCI-TOOL@@';

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Guest-side: one tagged line per tool (e.g. "@@KCI-TOOL@@ iproute2 ip
 * utility, iproute2-6.7.0") for the host to evaluate, and the same check done
 * in the guest: a known-bad version is explained on stdout and makes the
 * command exit 1, so as a plan test (tool-guard: error) it fails the run.
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
      lines.push(
        `case $v in ${at} | ${at}[!0-9A-Za-z.]*) echo ${sq(`# known-bad ${t.tool} ${b}: ${t.reason} (${t.link})`)}; bad=1 ;; esac`,
      );
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
}

export interface ToolVersion {
  tool: string;
  version: string | null;
  raw: string;
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
    out.set(tool, { tool, version: spec.version.exec(raw)?.[1] ?? null, raw });
  }
  return [...out.values()];
}

export function toolGuardHits(
  versions: readonly ToolVersion[],
  tools: readonly KnownBadTool[] = KNOWN_BAD_TOOLS,
): ToolGuardHit[] {
  const hits: ToolGuardHit[] = [];
  for (const v of versions) {
    if (v.version === null) continue;
    for (const t of tools)
      if (t.tool === v.tool && t.bad.includes(v.version))
        hits.push({ tool: t.tool, version: v.version, reason: t.reason, link: t.link });
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
    message: `${h.tool} ${h.version}: ${h.reason} (${h.link})`,
  }));
}
