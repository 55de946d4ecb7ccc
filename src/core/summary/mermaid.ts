// The picture in the job summary: mermaid source GitHub renders in place.
// Labels from tests are reduced to a quote-free subset (escape.ts) so no
// mermaid statement, directive or click handler can be smuggled in.
import { mermaidLabel } from '../escape.js';
import type { RunResults, Status } from '../results.js';
import { timeline } from './facts.js';

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

/** Fewer drawn tests than this, and the picture says nothing a table does not. */
const MIN_TASKS = 3;

/**
 * Tests one after another on a time axis, one lane per run (shards and
 * matrix jobs run side by side, each from 0). Start times are not recorded,
 * so a run's tests are laid end to end in run order: right for the
 * sequential runner, an upper bound for parallel packetdrill. Only tests
 * that took a visible share of the time are drawn (a crashed or not-run
 * test has no duration: a 1 ms sliver would say nothing), and no chart at
 * all when fewer than three are left.
 */
export function durationGantt(
  results: RunResults,
  opts: GanttOptions = {},
): { source: string; omitted: number; drawn: number } | undefined {
  const all = timeline(results).map((t, i) => ({ ...t, i, lane: t.run ?? '' }));
  if (all.length === 0) return undefined;
  const laneTotal = new Map<string, number>();
  for (const t of all) laneTotal.set(t.lane, (laneTotal.get(t.lane) ?? 0) + t.durationMs);
  const longest = Math.max(...laneTotal.values());
  const floor = Math.max(1000, longest / 100);
  const max = opts.maxTasks ?? 40;
  // The longest tests when there are too many; they are what the picture is for.
  const keep = new Set(
    all
      .filter((t) => t.durationMs >= floor)
      .sort((a, b) => b.durationMs - a.durationMs || a.i - b.i)
      .slice(0, max)
      .map((t) => t.i),
  );
  if (keep.size < MIN_TASKS) return undefined;
  const ticks = axis(longest);
  const lines = [
    '```mermaid',
    'gantt',
    `    title Test durations (${laneTotal.size > 1 ? 'one lane per run, ' : ''}laid end to end)`,
    '    dateFormat x',
    `    axisFormat ${ticks.format}`,
    `    tickInterval ${ticks.interval}`,
  ];
  const at = new Map<string, number>();
  let section: string | undefined;
  for (const t of all) {
    const start = at.get(t.lane) ?? 0;
    at.set(t.lane, start + t.durationMs);
    if (!keep.has(t.i)) continue;
    const name = t.lane ? `${t.lane} / ${t.suite}` : t.suite;
    if (name !== section) {
      section = name;
      lines.push(`    section ${mermaidLabel(name)}`);
    }
    lines.push(
      `    ${mermaidLabel(t.path, 40)} :${TAG[t.status] ?? ''}t${t.i + 1}, ${start}, ${start + t.durationMs}`,
    );
  }
  lines.push('```');
  return { source: lines.join('\n'), omitted: all.length - keep.size, drawn: keep.size };
}
