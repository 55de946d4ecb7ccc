// The job summary: results -> GitHub-flavoured markdown. Pure. Everything
// that came from a test or the console is escaped (escape.ts), and the whole
// stays under GitHub's 1 MiB step-summary limit, saying what it left out.
import { escapeHtml, escapeMarkdownInline, escapePre, fenceFor } from '../escape.js';
import { STATUSES, type Finding, type RunResults, type TestResult } from '../results.js';
import {
  conclusionReasons,
  findingLocation,
  findingTrace,
  formatDuration,
  missingResults,
  nonZeroStatuses,
  percent,
  problemOutputs,
  problems,
  problemWhy,
  reproduceCommand,
  runTitle,
  slowest,
  STATUS_ICON,
  topFrames,
  worstFirst,
  VERDICT_ICON,
  VERDICT_LABEL,
  type Problem,
} from './facts.js';
import { historyMarkdown, type HistoryReport } from './history.js';
import { durationGantt } from './mermaid.js';
import { skipsMarkdown } from './skips.js';

export interface SummaryOptions {
  /** Byte budget; GitHub rejects step summaries over 1 MiB. */
  maxBytes?: number;
  /** Annotations not shown because of GitHub's 10-per-step limit. */
  annotationsLeftOut?: { errors: number; warnings: number };
  /** The inputs when the results are a merge (shards, matrix jobs). */
  parts?: RunResults[];
  /** Lines of a trace shown before it is cut. */
  maxTraceLines?: number;
  /** The failures judged against the branch's history: the first screen. */
  history?: HistoryReport;
}

export const SUMMARY_MAX_BYTES = 1_000_000;

// The parts outside the shared budget (header, tables, reproduce) are each
// bounded, so they cannot crowd out everything else or pass the limit.
const MAX_ROWS = 100;
const MAX_BLOCKS = 20;
const MAX_COMMAND = 8000;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const md = (s: string, max = 0) => escapeMarkdownInline(s, max);

// The verdict is said once, in the title; the line under it says why and
// how much was tested, in one line (no table, no chart repeating it).
function header(r: RunResults, parts: RunResults[] | undefined): string {
  const merged = parts && parts.length > 1 ? ` · ${parts.length} runs` : '';
  const shard = r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : '';
  const lines = [
    `## ${VERDICT_ICON[r.verdict]} ${VERDICT_LABEL[r.verdict]} — ${md(runTitle(r, parts), 120)}${merged}${shard}`,
  ];
  const why = conclusionReasons(r);
  // One line: the table below names every failing subtest.
  if (why) lines.push('', `**${md(why.length > 160 ? `${why.slice(0, 159)}…` : why)}**`);
  lines.push('', countsLine(r));
  // A crash that stopped the run is the finding shown just below: not said twice.
  if (r.abort && !(r.abort.kind === 'crash' && r.findings.length > 0))
    lines.push('', `Run aborted (${r.abort.kind}): ${md(r.abort.message, 500)}`);
  const missing = missingResults(r);
  if (missing.length > 0)
    lines.push(
      '',
      `> [!WARNING]\n> **${missing.length} expected result(s) missing**: what they would have tested is untested, so this cannot be a success.`,
      ...missing.slice(0, MAX_ROWS).map((m) => `> - **${md(m.label, 300)}**: ${md(m.reason, 300)}`),
      ...(missing.length > MAX_ROWS ? [`> - … and ${missing.length - MAX_ROWS} more`] : []),
    );
  return lines.join('\n');
}

function countsLine(r: RunResults): string {
  const shown = STATUSES.filter((s) => r.counts[s] > 0);
  const counts = shown.map((s) => `${STATUS_ICON[s]} ${r.counts[s]} ${s}`).join(' · ');
  const where = [
    formatDuration(r.durationMs),
    r.vm ? `${r.vm.accel}${r.vm.kernelRelease ? `, ${md(r.vm.kernelRelease, 60)}` : ''}` : '',
  ].filter(Boolean);
  return `${counts || 'no subtest'} — ${r.counts.total} subtest${r.counts.total === 1 ? '' : 's'} · ${where.join(' · ')}`;
}

function partsTable(parts: RunResults[], missing: { label: string; reason: string }[]): string {
  const used = new Set(parts.flatMap((p) => nonZeroStatuses(p)));
  const ordered = STATUSES.filter((s) => used.has(s) || s === 'pass' || s === 'fail');
  const rows = parts.slice(0, MAX_ROWS).map((p) => {
    const shard = p.shard ? ` (shard ${p.shard.index}/${p.shard.total})` : '';
    const kernel = p.vm?.kernelRelease ? md(p.vm.kernelRelease, 100) : '–';
    return `| ${VERDICT_ICON[p.verdict]} ${md(p.name, 200)}${shard} | ${kernel} | ${p.vm?.accel ?? '–'} | ${ordered.map((s) => p.counts[s]).join(' | ')} | ${formatDuration(p.durationMs)} |`;
  });
  if (parts.length > MAX_ROWS) rows.push(`| … and ${parts.length - MAX_ROWS} more runs |`);
  for (const m of missing.slice(0, MAX_ROWS))
    rows.push(
      `| ${STATUS_ICON['not-run']} **missing**: ${md(m.label, 300)} | – | – | ${ordered.map(() => '–').join(' | ')} | – |`,
    );
  return [
    `### Merged runs (${parts.length}${missing.length > 0 ? `, ${missing.length} missing` : ''})`,
    '',
    `| run | kernel | accel | ${ordered.join(' | ')} | duration |`,
    `|---|---|---|${ordered.map(() => '---:|').join('')}---:|`,
    ...rows,
  ].join('\n');
}

function problemRow(p: Problem, withRun: boolean, isNew = false): string {
  const t = p.test;
  const why = problemWhy(t);
  const known = t.knownIssue ? ` (known: ${md(t.knownIssue.reason, 120)})` : '';
  const tries = t.attempts && t.attempts.length > 1 ? ` · ${t.attempts.length} tries` : '';
  const run = withRun ? ` ${md(p.run ?? '–', 200)} |` : '';
  return `| ${isNew ? '🆕 ' : ''}${STATUS_ICON[t.status]} ${t.status} | ${md(p.path, 300)} |${run} ${formatDuration(t.durationMs)} | ${md(why, 200)}${known}${tries} |`;
}

// A merged report says which run (config, shard) each problem comes from.
const problemHead = (withRun: boolean) =>
  withRun
    ? ['| status | subtest | run | duration | why |', '|---|---|---|---:|---|']
    : ['| status | subtest | duration | why |', '|---|---|---:|---|'];

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n<pre>${body}</pre>\n\n</details>`;
}

function cutLines(text: string, max: number): { text: string; cut: number } {
  const lines = text.replace(/\n+$/, '').split('\n');
  if (lines.length <= max) return { text: lines.join('\n'), cut: 0 };
  return { text: lines.slice(0, max).join('\n'), cut: lines.length - max };
}

function findingBlock(f: Finding, maxLines: number): string {
  const where = findingLocation(f);
  const meta = [
    f.test ? `during **${md(f.test, 300)}**` : 'outside any test',
    where ? `at ${md(where, 300)}` : undefined,
    f.count > 1 ? `seen ${f.count}×` : undefined,
    f.runs && f.runs.length > 0
      ? `in ${f.runs
          .slice(0, 20)
          .map((r) => md(r, 200))
          .join(', ')}${f.runs.length > 20 ? ` and ${f.runs.length - 20} more` : ''}`
      : undefined,
    `console.log lines ${f.lines.first}–${f.lines.last}`,
    f.fatal ? 'fatal: the VM was stopped' : undefined,
  ].filter(Boolean);
  const trace = findingTrace(f);
  // The top frames stay in sight; the whole trace is one click away.
  const top = topFrames(trace.text).join('\n');
  const { text, cut } = cutLines(trace.text, maxLines);
  const more = cut > 0 ? `\n… ${cut} more lines in the crash report artifact` : '';
  const fence = fenceFor(top);
  return [
    `#### 💥 ${md(f.kind)}: ${md(f.title, 300)}`,
    '',
    meta.join(' · '),
    '',
    `${fence}text`,
    escapeForFence(top),
    fence,
    '',
    details(
      trace.decoded
        ? 'Whole decoded trace'
        : 'Whole trace (not decoded: no vmlinux with debug info)',
      escapePre(text) + more,
    ),
  ].join('\n');
}

function excerptBlock(p: { path: string; test: TestResult }, maxLines: number): string {
  const { text } = cutLines(p.test.excerpt ?? '', maxLines);
  const path = p.path.length > 300 ? `${p.path.slice(0, 299)}…` : p.path;
  return details(`${STATUS_ICON[p.test.status]} ${escapeHtml(path)}`, escapePre(text));
}

function metrics(r: RunResults): string {
  const rows: [string, string][] = [];
  if (r.vm) {
    rows.push(['accelerator', `**${r.vm.accel}** — ${md(r.vm.accelReason, 500)}`]);
    rows.push(['boot to first test', formatDuration((r.vm.bootSeconds ?? NaN) * 1000)]);
    rows.push([
      'VM',
      `${r.vm.cpus} CPU, ${r.vm.memoryMiB} MiB${r.vm.boots && r.vm.boots > 1 ? `, ${r.vm.boots} boots` : ''}`,
    ]);
  }
  rows.push(['run duration', formatDuration(r.durationMs)]);
  if (r.build) {
    if (r.build.seconds !== undefined) rows.push(['build', formatDuration(r.build.seconds * 1000)]);
    if (r.build.ccacheHitRate !== undefined)
      rows.push(['ccache hit rate', percent(r.build.ccacheHitRate)]);
    if (r.build.warnings !== undefined) rows.push(['build warnings', String(r.build.warnings)]);
  }
  const teaser = [
    r.vm ? `${r.vm.accel}, boot ${formatDuration((r.vm.bootSeconds ?? NaN) * 1000)}` : '',
    `run ${formatDuration(r.durationMs)}`,
    r.build?.seconds !== undefined ? `build ${formatDuration(r.build.seconds * 1000)}` : '',
  ].filter(Boolean);
  const out = [
    `<details><summary><b>Metrics</b>: ${teaser.join(' · ')}</summary>`,
    '',
    '| metric | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ];
  if (r.suites.length > 0)
    out.push(
      '',
      '| suite | kind | tests | duration |',
      '|---|---|---:|---:|',
      ...r.suites
        .slice(0, MAX_ROWS)
        .map(
          (s) =>
            `| ${md(s.name, 200)} | ${s.kind} | ${s.tests.length} | ${formatDuration(s.durationMs)} |`,
        ),
      ...(r.suites.length > MAX_ROWS
        ? [`| … and ${r.suites.length - MAX_ROWS} more suites | | | |`]
        : []),
    );
  const slow = slowest(r, 5);
  if (slow.length > 0)
    out.push(
      '',
      '<b>Slowest tests</b>',
      '',
      ...slow.map((t, i) => `${i + 1}. ${md(t.path, 200)} — ${formatDuration(t.durationMs)}`),
    );
  const mismatches = r.build?.configMismatches ?? [];
  if (mismatches.length > 0)
    out.push(
      '',
      `<b>Config options that did not stick (${mismatches.length})</b>`,
      '',
      '| option | wanted | got | why |',
      '|---|---|---|---|',
      ...mismatches
        .slice(0, 50)
        .map(
          (m) =>
            `| ${md(m.option, 100)} | ${md(m.wanted, 100)} | ${md(m.got, 100)} | ${md(m.reason ?? '', 200)} |`,
        ),
    );
  out.push('', '</details>');
  return out.join('\n');
}

function environment(r: RunResults): string | undefined {
  const rows: [string, string][] = [];
  if (r.vm?.kernelRelease) rows.push(['kernel', r.vm.kernelRelease]);
  if (r.build?.configHash) rows.push(['config hash', r.build.configHash]);
  if (r.vm?.cmdline) rows.push(['kernel command line', r.vm.cmdline]);
  for (const [k, v] of Object.entries(r.environment ?? {}).slice(0, MAX_ROWS)) rows.push([k, v]);
  rows.push(['started', r.startedAt]);
  return [
    `<details><summary><b>Environment</b>${r.vm?.kernelRelease ? `: ${escapeHtml(r.vm.kernelRelease.slice(0, 100))}` : ''}</summary>`,
    '',
    '| what | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${md(k, 100)} | ${md(v, 500)} |`),
    '',
    '</details>',
  ].join('\n');
}

function commandBlock(r: RunResults): string {
  const full = reproduceCommand(r);
  const cut = full.command.length > MAX_COMMAND;
  const command = cut ? `${full.command.slice(0, MAX_COMMAND)} …` : wrapCommand(full.command);
  const fence = fenceFor(command);
  return [
    ...(full.inferred
      ? [
          'Inferred from the results (the exact command was not recorded; fill in the kernel and commands):',
          '',
        ]
      : []),
    ...(cut ? [`(cut at ${MAX_COMMAND} characters; results.json has all the tests)`, ''] : []),
    `${fence}sh`,
    escapeForFence(command),
    fence,
  ].join('\n');
}

/** Shell words of a line: spaces inside single quotes do not split. */
function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === "'") quoted = !quoted;
    if (ch === ' ' && !quoted) {
      if (cur) words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) return undefined;
  if (cur) words.push(cur);
  return words;
}

/** A long command line cut before flags, lines continued with backslashes. */
export function wrapCommand(command: string, width = 100): string {
  return command
    .split('\n')
    .map((line) => {
      const words = line.length > width && !line.startsWith('#') ? shellWords(line) : undefined;
      if (!words) return line;
      // Flags of kernel-ci's subcommand, not npx's.
      const from = words.indexOf('kernel-ci') + 2;
      // Packed: a new line only before a flag that would pass the width.
      const out: string[] = [];
      let flag = '';
      const flush = () => {
        if (!flag) return;
        const last = out.length - 1;
        if (last >= 0 && out[last]!.length + flag.length + 1 <= width) out[last] += ` ${flag}`;
        else out.push(flag);
        flag = '';
      };
      words.forEach((w, i) => {
        if (i < from) {
          if (out.length === 0) out.push(w);
          else out[0] += ` ${w}`;
        } else if (w.startsWith('--')) {
          flush();
          flag = w;
        } else flag += ` ${w}`;
      });
      flush();
      return out.join(' \\\n    ');
    })
    .join('\n');
}

/**
 * One command on the first screen: the run's own, or in a merge of
 * different runs (matrix jobs, shards) the worst run's; the others below it,
 * collapsed.
 */
function reproduce(r: RunResults, parts: RunResults[] | undefined): string {
  const title = '### Reproduce';
  const distinct = new Set((parts ?? []).map((p) => reproduceCommand(p).command)).size > 1;
  if (!distinct || !parts) return [title, '', commandBlock(r)].join('\n');
  const worst = worstFirst(parts);
  const label = (p: RunResults) =>
    `**${md(p.name, 200)}**${p.shard ? ` shard ${p.shard.index}/${p.shard.total}` : ''}`;
  const seen = new Set<string>([reproduceCommand(worst[0]!).command]);
  const others: string[] = [];
  for (const p of worst.slice(1)) {
    const { command } = reproduceCommand(p);
    if (seen.has(command)) continue;
    seen.add(command);
    if (others.length === MAX_BLOCKS) {
      others.push(`… and more runs: see each run's own summary.`);
      break;
    }
    others.push(`${label(p)} (${VERDICT_LABEL[p.verdict].toLowerCase()}):\n\n${commandBlock(p)}`);
  }
  return [
    title,
    '',
    `${label(worst[0]!)} (${VERDICT_LABEL[worst[0]!.verdict].toLowerCase()}):`,
    '',
    commandBlock(worst[0]!),
    ...(others.length > 0
      ? [
          '',
          `<details><summary>The other runs (${others.length})</summary>`,
          '',
          others.join('\n\n'),
          '',
          '</details>',
        ]
      : []),
  ].join('\n');
}

// A fenced block shows its content literally; only a line that could close
// the fence matters, and fenceFor() picked a longer one.
const escapeForFence = (s: string) => s.replace(/\r/g, '');

function annotationsNote(opts: SummaryOptions): string | undefined {
  const left = opts.annotationsLeftOut;
  if (!left || left.errors + left.warnings === 0) return undefined;
  return `> [!NOTE]\n> GitHub shows at most 10 error and 10 warning annotations per step: ${left.errors} error(s) and ${left.warnings} warning(s) were not annotated. They are all listed below and in results.json.`;
}

/** Problem rows on the first screen; the rest are one click away. */
const FIRST_ROWS = 8;

/**
 * Renders the summary. The first screen (~800 px) answers what a maintainer
 * asks first: the verdict, what broke and where (run, shard), the crash and
 * its top frames, the command that reproduces it. Detail follows, collapsed.
 * Crash traces, problem rows and failure excerpts share what the fixed parts
 * leave of the byte budget; what does not fit is counted in a closing note.
 */
export function renderSummary(results: RunResults, opts: SummaryOptions = {}): string {
  const budget = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const maxTraceLines = opts.maxTraceLines ?? 120;
  const head: string[] = [header(results, opts.parts)];
  if (opts.history) head.push(historyMarkdown(opts.history));
  const note = annotationsNote(opts);
  if (note) head.push(note);
  const repro = reproduce(results, opts.parts);
  const missing = missingResults(results);
  const partsBlock =
    (opts.parts && opts.parts.length > 1) || missing.length > 0
      ? partsTable(opts.parts ?? [], missing)
      : undefined;
  const tail = [...skipsMarkdown(results), metrics(results), environment(results)];

  const trimmed: string[] = [];
  const fixed =
    bytes(head.join('\n\n')) +
    bytes(repro) +
    bytes(partsBlock ?? '') +
    bytes(tail.join('\n\n')) +
    2048;
  const room = budget - fixed;
  // Shares of what is left: crashes first, then the problem table, then the
  // failing tests' output; what one part leaves unused goes to the next.
  let left = Math.floor(room * 0.4);
  const fits = (s: string) => bytes(s) + 2 <= left;
  const spend = (s: string) => (left -= bytes(s) + 2);

  const findingBlocks: string[] = [];
  for (const f of results.findings) {
    const full = findingBlock(f, maxTraceLines);
    const short = findingBlock(f, 15);
    const block = fits(full) ? full : fits(short) ? short : undefined;
    if (!block) break;
    spend(block);
    findingBlocks.push(block);
  }
  if (findingBlocks.length < results.findings.length)
    trimmed.push(
      `${results.findings.length - findingBlocks.length} of ${results.findings.length} findings`,
    );

  left += Math.floor(room * 0.4);
  // With a history, the failures this change brought come first.
  const kind = new Map(opts.history?.classified.map((c) => [c.id, c.kind]));
  const isNew = (p: Problem) => kind.get(p.path) === 'new';
  const probs = problems(results)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Number(isNew(b.p)) - Number(isNew(a.p)) || a.i - b.i)
    .map(({ p }) => p);
  const withRun = probs.some((p) => p.run !== undefined);
  const rows: string[] = [];
  for (const p of probs) {
    const row = problemRow(p, withRun, isNew(p));
    if (!fits(row)) break;
    spend(row);
    rows.push(row);
  }
  if (rows.length < probs.length)
    trimmed.push(`${probs.length - rows.length} of ${probs.length} problem rows`);

  left += room - 2 * Math.floor(room * 0.4);
  let ganttBlock: string | undefined;
  const gantt = durationGantt(results);
  if (gantt) {
    ganttBlock = [
      `<details><summary><b>Timeline</b>: ${gantt.drawn} tests${gantt.omitted > 0 ? ` (${gantt.omitted} shorter ones not drawn)` : ''}</summary>`,
      '',
      gantt.source,
      '',
      '</details>',
    ].join('\n');
    if (fits(ganttBlock)) spend(ganttBlock);
    else {
      ganttBlock = undefined;
      trimmed.push('the duration timeline');
    }
  }

  const outputs = problemOutputs(results);
  const excerpts: string[] = [];
  for (const p of outputs) {
    const block = excerptBlock(p, 40);
    if (!fits(block)) break;
    spend(block);
    excerpts.push(block);
  }
  if (excerpts.length < outputs.length)
    trimmed.push(
      `output of ${outputs.length - excerpts.length} of ${outputs.length} failing tests`,
    );

  let tailBlock: string | undefined;
  if (results.consoleTail && results.consoleTail.length > 0) {
    tailBlock = details('Last console lines', escapePre(results.consoleTail.join('\n')));
    if (fits(tailBlock)) spend(tailBlock);
    else {
      tailBlock = undefined;
      trimmed.push('the console tail');
    }
  }

  const first: string[] = [];
  if (probs.length > 0)
    first.push(
      [
        `### What broke (${probs.length})`,
        '',
        ...problemHead(withRun),
        ...rows.slice(0, FIRST_ROWS),
      ].join('\n'),
    );
  if (findingBlocks.length > 0) first.push(...findingBlocks);
  else if (results.findings.length > 0)
    first.push(`#### 💥 ${results.findings.length} kernel finding(s): see results.json`);
  first.push(repro);

  const below: string[] = [];
  if (rows.length > FIRST_ROWS)
    below.push(
      [
        `<details><summary>All ${probs.length} problems</summary>`,
        '',
        ...problemHead(withRun),
        ...rows,
        '',
        '</details>',
      ].join('\n'),
    );
  if (partsBlock) below.push(partsBlock);
  if (excerpts.length > 0) below.push('### Output of failing tests (last lines)', ...excerpts);
  if (tailBlock) below.push(tailBlock);
  if (ganttBlock) below.push(ganttBlock);

  const parts = [...head, ...first, ...below, ...tail];
  const trimNote = (what: string) =>
    `> [!WARNING]\n> Summary trimmed to stay under GitHub's 1 MiB limit: not shown: ${what}. Everything is in results.json and the artifacts.`;
  let text = `${parts.join('\n\n')}\n`;
  // Every part is bounded above; this is the guarantee should one be missed:
  // the end is cut at a line, and the one note says so.
  const noteRoom = 4096;
  if (bytes(text) + (trimmed.length > 0 ? noteRoom : 0) > budget) {
    text = cutToBytes(text, budget - noteRoom);
    trimmed.push('the end of the summary');
  }
  if (trimmed.length > 0) text += `\n${trimNote(clip(trimmed.join('; '), 2000))}\n`;
  return text;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The longest prefix of whole lines within `max` UTF-8 bytes, code fences and <pre> closed. */
function cutToBytes(text: string, max: number): string {
  let cut = Buffer.from(text, 'utf8').subarray(0, max).toString('utf8');
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n') + 1)).replace(/\uFFFD$/, '');
  // An open <pre> or fence would swallow the note: close them.
  const opens = (cut.match(/<pre>/g) ?? []).length - (cut.match(/<\/pre>/g) ?? []).length;
  if (opens > 0) cut += '</pre>\n\n</details>\n';
  const fences = cut.match(/^(`{3,})/gm) ?? [];
  if (fences.length % 2 === 1) cut += `${fences.at(-1)}\n`;
  return cut;
}
