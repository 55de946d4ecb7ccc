// The whole run re-emitted as one TAP 14 document: suites → tests → subtests,
// nested with "# Subtest:" and 4-space indentation, which tap-parser and
// other TAP 14 consumers read. Our statuses map onto TAP directives:
//   pass → ok   fail → not ok   skip / not-run → ok # SKIP   xfail → not ok # TODO
//   xpass → ok # TODO (an unexpected pass)   timeout, crashed → not ok
//   flaky → ok (the reason says it failed first)
import type { RunResults, Status, TestResult } from '../results.js';

const DIRECTIVE: Record<Status, { ok: boolean; directive?: string }> = {
  pass: { ok: true },
  fail: { ok: false },
  skip: { ok: true, directive: 'SKIP' },
  'not-run': { ok: true, directive: 'SKIP not run' },
  xfail: { ok: false, directive: 'TODO expected failure' },
  xpass: { ok: true, directive: 'TODO unexpected pass' },
  timeout: { ok: false },
  crashed: { ok: false },
  flaky: { ok: true },
};

// "#" starts a directive and a newline ends the line: neither may leak from names.
const safe = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/#/g, '\\#');

function point(
  t: { name: string; status: Status; reason?: string; durationMs?: number | null },
  id: number,
): string {
  const d = DIRECTIVE[t.status];
  const notes: string[] = [];
  if (d.directive)
    notes.push(d.directive + (t.reason && t.status !== 'not-run' ? ` ${safe(t.reason)}` : ''));
  else if (t.status !== 'pass') notes.push(`${t.status}${t.reason ? `: ${safe(t.reason)}` : ''}`);
  if (t.durationMs != null) notes.push(`time=${t.durationMs}ms`);
  return `${d.ok ? 'ok' : 'not ok'} ${id} - ${safe(t.name)}${notes.length ? ` # ${notes.join(' ')}` : ''}`;
}

function block(out: string[], indent: string, tests: TestResult[]): void {
  out.push(`${indent}1..${tests.length}`);
  tests.forEach((t, i) => {
    if (t.subtests.length) {
      out.push(`${indent}# Subtest: ${safe(t.name)}`);
      block(out, `${indent}    `, t.subtests);
    }
    out.push(`${indent}${point(t, i + 1)}`);
  });
}

function suiteStatus(tests: TestResult[]): Status {
  const s = tests.map((t) => t.status);
  for (const worst of ['crashed', 'timeout', 'fail'] as Status[])
    if (s.includes(worst)) return worst;
  return s.length && s.every((x) => x === 'skip' || x === 'not-run') ? 'skip' : 'pass';
}

export function toTap(results: RunResults): string {
  const out = ['TAP version 14', `# ${safe(results.conclusion)}`, `1..${results.suites.length}`];
  results.suites.forEach((s, i) => {
    out.push(`# Subtest: ${safe(s.name)}`);
    block(out, '    ', s.tests);
    out.push(
      point({ name: s.name, status: suiteStatus(s.tests), durationMs: s.durationMs }, i + 1),
    );
  });
  for (const f of results.findings)
    out.push(`# ${f.fatal ? 'fatal ' : ''}${f.kind}: ${safe(f.title)}`);
  if (results.abort)
    out.push(`Bail out! ${safe(`${results.abort.kind}: ${results.abort.message}`)}`);
  return `${out.join('\n')}\n`;
}
