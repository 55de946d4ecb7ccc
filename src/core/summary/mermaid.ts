// The picture in the job summary: mermaid source GitHub renders in place.
// Labels from tests are reduced to a quote-free subset (escape.ts) so no
// mermaid statement, directive or click handler can be smuggled in.
import { mermaidLabel } from '../escape.js';
import type { RunResults, Status } from '../results.js';
import { nonZeroStatuses, timeline } from './facts.js';

// GitHub-like colours per status; mermaid colours slices in order (pie1...).
const STATUS_COLOUR: Record<Status, string> = {
  pass: '#2da44e',
  fail: '#cf222e',
  skip: '#8c959f',
  xfail: '#54aeff',
  xpass: '#bf8700',
  timeout: '#bc4c00',
  flaky: '#d4a72c',
  crashed: '#82071e',
  'not-run': '#d0d7de',
};

export function statusPie(results: RunResults): string | undefined {
  const statuses = nonZeroStatuses(results);
  if (statuses.length === 0) return undefined;
  const vars = Object.fromEntries(statuses.map((s, i) => [`pie${i + 1}`, STATUS_COLOUR[s]]));
  const init = JSON.stringify({
    theme: 'base',
    themeVariables: { ...vars, pieStrokeColor: '#ffffff', pieOuterStrokeWidth: '0px' },
  });
  const rows = statuses.map((s) => `    "${s}" : ${results.counts[s]}`);
  return [
    '```mermaid',
    `%%{init: ${init}}%%`,
    `pie showData title Subtests (${results.counts.total})`,
    ...rows,
    '```',
  ].join('\n');
}

/** Axis ticks a reader can use: about ten, at round values. */
function axis(totalMs: number): { format: string; interval: string } {
  const steps: [number, string][] = [
    [1_000, '1second'],
    [5_000, '5second'],
    [10_000, '10second'],
    [30_000, '30second'],
    [60_000, '1minute'],
    [300_000, '5minute'],
    [600_000, '10minute'],
    [1_800_000, '30minute'],
    [3_600_000, '1hour'],
  ];
  const [, interval] = steps.find(([ms]) => totalMs / ms <= 12) ?? steps[steps.length - 1]!;
  const format = totalMs < 60_000 ? '%S s' : totalMs < 3_600_000 ? '%M:%S' : '%H:%M';
  return { format, interval };
}

const TAG: Partial<Record<Status, string>> = {
  pass: 'done, ',
  xfail: 'done, ',
  fail: 'crit, ',
  timeout: 'crit, ',
  crashed: 'crit, ',
  flaky: 'active, ',
  xpass: 'active, ',
};

export interface GanttOptions {
  /** Most tasks drawn; the rest are counted in a note. */
  maxTasks?: number;
}

/**
 * Tests one after another on a time axis. Start times are not recorded, so the
 * tests are laid end to end in run order: right for the sequential runner,
 * an upper bound for parallel packetdrill.
 */
export function durationGantt(
  results: RunResults,
  opts: GanttOptions = {},
): { source: string; omitted: number } | undefined {
  const all = timeline(results);
  if (all.length === 0) return undefined;
  const max = opts.maxTasks ?? 40;
  // Keep the longest tests when there are too many; they are what the
  // picture is for. Their order stays the run's.
  const keep = new Set(
    all
      .map((t, i) => ({ t, i }))
      .sort((a, b) => b.t.durationMs - a.t.durationMs || a.i - b.i)
      .slice(0, max)
      .map(({ i }) => i),
  );
  const ticks = axis(all.reduce((a, t) => a + t.durationMs, 0));
  const lines = [
    '```mermaid',
    'gantt',
    '    title Test durations (laid end to end, run order)',
    '    dateFormat x',
    `    axisFormat ${ticks.format}`,
    `    tickInterval ${ticks.interval}`,
  ];
  let at = 0;
  let section: string | undefined;
  all.forEach((t, i) => {
    const start = at;
    at += t.durationMs;
    if (!keep.has(i)) return;
    if (t.suite !== section) {
      section = t.suite;
      lines.push(`    section ${mermaidLabel(t.suite)}`);
    }
    // Mermaid draws nothing for zero-length tasks.
    const end = Math.max(start + 1, at);
    lines.push(
      `    ${mermaidLabel(t.path, 40)} :${TAG[t.status] ?? ''}t${i + 1}, ${start}, ${end}`,
    );
  });
  lines.push('```');
  return { source: lines.join('\n'), omitted: all.length - keep.size };
}
