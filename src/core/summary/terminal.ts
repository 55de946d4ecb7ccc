// The job summary's twin for a terminal: same facts, plain text. Colour only
// when asked (the caller knows whether stdout is a TTY); without it the text
// reads the same, with words carrying the status. Guest text never brings
// control sequences along (plainText).
import { plainText } from '../escape.js';
import { STATUSES, type RunResults, type Verdict } from '../results.js';
import {
  conclusionReasons,
  findingLocation,
  findingTrace,
  formatDuration,
  missingResults,
  percent,
  problems,
  problemWhy,
  reproduceFor,
  runTitle,
  slowest,
  VERDICT_LABEL,
} from './facts.js';
import { historyText, type HistoryReport } from './history.js';
import { skipsText } from './skips.js';

export interface TerminalOptions {
  color?: boolean;
  /** Trace lines shown per finding. */
  maxTraceLines?: number;
  /** Problems listed before "and N more". */
  maxProblems?: number;
  annotationsLeftOut?: { errors: number; warnings: number };
  parts?: RunResults[];
  history?: HistoryReport;
}

const VERDICT_COLOR: Record<Verdict, string> = {
  success: '32',
  unstable: '33',
  failure: '31',
  critical: '1;31',
};

const STATUS_COLOR: Record<string, string> = {
  pass: '32',
  fail: '31',
  timeout: '31',
  crashed: '1;31',
  flaky: '33',
  xpass: '33',
  skip: '2',
  'not-run': '2',
};

const MAX_LISTED = 100;

export function renderTerminal(results: RunResults, opts: TerminalOptions = {}): string {
  const paint = (code: string | undefined, s: string) =>
    opts.color && code ? `\x1b[${code}m${s}\x1b[0m` : s;
  const bold = (s: string) => paint('1', s);
  // Guest text on one line, bounded: a name with newlines cannot start a
  // line of ours, and a name of megabytes does not flood the log.
  const t = (s: string, max = 500) => {
    const one = plainText(s).replace(/\s*\n\s*/g, ' ⏎ ');
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
  };
  const out: string[] = [];

  out.push(
    `${paint(VERDICT_COLOR[results.verdict], `${VERDICT_LABEL[results.verdict].toUpperCase()}`)}  ${bold(t(runTitle(results, opts.parts)))}`,
  );
  const why = conclusionReasons(results);
  if (why) out.push(`  ${t(why, 2000)}`);
  if (results.abort)
    out.push(`  run aborted (${results.abort.kind}): ${t(results.abort.message, 2000)}`);
  if (results.shard) out.push(`  shard ${results.shard.index} of ${results.shard.total}`);
  if (opts.history) out.push('', ...historyText(opts.history));
  const missing = missingResults(results);
  if (missing.length > 0) {
    out.push('', bold(`Missing results (${missing.length}): untested, so not a success`));
    for (const m of missing.slice(0, MAX_LISTED))
      out.push(`  ${paint('1;31', 'MISSING'.padEnd(8))} ${t(m.label)}: ${t(m.reason)}`);
    if (missing.length > MAX_LISTED) out.push(`  … and ${missing.length - MAX_LISTED} more`);
  }
  out.push('');
  const counts = STATUSES.filter((s) => results.counts[s] > 0).map((s) =>
    paint(STATUS_COLOR[s], `${s} ${results.counts[s]}`),
  );
  out.push(`${bold('Subtests')}  ${counts.join(', ') || 'none'}  (total ${results.counts.total})`);

  if ((opts.parts && opts.parts.length > 1) || missing.length > 0) {
    const parts = opts.parts ?? [];
    out.push(
      '',
      bold(
        `Merged runs (${parts.length}${missing.length > 0 ? `, ${missing.length} missing` : ''})`,
      ),
    );
    for (const p of parts.slice(0, MAX_LISTED)) {
      const shard = p.shard ? ` shard ${p.shard.index}/${p.shard.total}` : '';
      out.push(
        `  ${VERDICT_LABEL[p.verdict].padEnd(8)} ${t(p.name)}${shard}: ${p.counts.total} subtests, ${p.counts.fail} failed`,
      );
    }
    if (parts.length > MAX_LISTED) out.push(`  … and ${parts.length - MAX_LISTED} more runs`);
    for (const m of missing.slice(0, MAX_LISTED))
      out.push(`  ${'Missing'.padEnd(8)} ${t(m.label)}`);
  }

  const probs = problems(results);
  if (probs.length > 0) {
    const max = opts.maxProblems ?? 50;
    out.push('', bold(`Problems (${probs.length})`));
    for (const p of probs.slice(0, max)) {
      const why = problemWhy(p.test);
      out.push(
        `  ${paint(STATUS_COLOR[p.test.status], p.test.status.toUpperCase().padEnd(7))} ${t(p.path)}  ${formatDuration(p.test.durationMs)}${why ? `  (${t(why.split('\n')[0]!)})` : ''}${p.run ? `  [${t(p.run)}]` : ''}`,
      );
    }
    if (probs.length > max) out.push(`  … and ${probs.length - max} more (see results.json)`);
  }
  const left = opts.annotationsLeftOut;
  if (left && left.errors + left.warnings > 0)
    out.push(
      `  (${left.errors} error(s) and ${left.warnings} warning(s) beyond GitHub's annotation limit)`,
    );

  if (results.findings.length > 0) {
    out.push('', bold(`Kernel findings (${results.findings.length})`));
    for (const f of results.findings.slice(0, MAX_LISTED)) {
      const where = findingLocation(f);
      out.push(
        `  ${paint('1;31', f.kind)}: ${t(f.title)}`,
        `    ${f.test ? `during ${t(f.test)}` : 'outside any test'}${where ? `, at ${t(where)}` : ''}${f.count > 1 ? `, seen ${f.count}x` : ''}${f.runs && f.runs.length > 0 ? `, in ${t(f.runs.join(', '))}` : ''}, console.log lines ${f.lines.first}-${f.lines.last}`,
      );
      const trace = findingTrace(f);
      const lines = plainText(trace.text).replace(/\n+$/, '').split('\n');
      const max = opts.maxTraceLines ?? 30;
      for (const l of lines.slice(0, max)) out.push(`    | ${t(l)}`);
      if (lines.length > max) out.push(`    | … ${lines.length - max} more lines`);
    }
    if (results.findings.length > MAX_LISTED)
      out.push(`  … and ${results.findings.length - MAX_LISTED} more findings (see results.json)`);
  }

  out.push(...skipsText(results, t, bold));

  // Multi-line (clone, then run): each line as it is pasted.
  const repro = reproduceFor(results, opts.parts);
  const of = repro.run
    ? ` ${t(repro.run.name)}${repro.run.shard ? ` shard ${repro.run.shard.index}/${repro.run.shard.total}` : ''}`
    : '';
  out.push('', bold(`Reproduce${of}${repro.inferred ? ' (inferred)' : ''}`));
  for (const line of repro.command.split('\n').slice(0, 20)) out.push(`  ${t(line, 8000)}`);

  out.push('', bold('Metrics'));
  if (results.vm) {
    out.push(`  accelerator  ${results.vm.accel} (${t(results.vm.accelReason)})`);
    out.push(`  boot         ${formatDuration((results.vm.bootSeconds ?? NaN) * 1000)}`);
  }
  out.push(`  duration     ${formatDuration(results.durationMs)}`);
  if (results.build?.seconds !== undefined)
    out.push(`  build        ${formatDuration(results.build.seconds * 1000)}`);
  if (results.build?.ccacheHitRate !== undefined)
    out.push(`  ccache hits  ${percent(results.build.ccacheHitRate)}`);
  for (const s of results.suites.slice(0, MAX_LISTED))
    out.push(`  suite ${t(s.name)}: ${s.tests.length} tests, ${formatDuration(s.durationMs)}`);
  if (results.suites.length > MAX_LISTED)
    out.push(`  … and ${results.suites.length - MAX_LISTED} more suites`);
  const slow = slowest(results, 5);
  if (slow.length > 0) {
    out.push('  slowest:');
    for (const s of slow)
      out.push(`    ${formatDuration(s.durationMs).padStart(10)}  ${t(s.path)}`);
  }

  const env: [string, string][] = [];
  if (results.vm?.kernelRelease) env.push(['kernel', results.vm.kernelRelease]);
  if (results.build?.configHash) env.push(['config', results.build.configHash]);
  for (const [k, v] of Object.entries(results.environment ?? {}).slice(0, MAX_LISTED))
    env.push([k, v]);
  if (env.length > 0) {
    out.push('', bold('Environment'));
    for (const [k, v] of env) out.push(`  ${t(k)}: ${t(v)}`);
  }

  return `${out.join('\n')}\n`;
}
