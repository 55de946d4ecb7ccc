// A kernel finding that appeared while a test ran belongs to that test: the
// test records its fingerprint and, if it had not already failed, fails —
// a WARNING during a test that exited 0 is not a pass. Findings outside
// any test (boot, the kmemleak scan after the tests) stay run-level; the
// verdict is critical either way.
import { addStatusLeaf, isFailing } from './assemble.js';
import type { Finding, Suite, TestResult } from './results.js';

/** Leaf added when a test with only passing subtests had a finding (counts are over leaves). */
export const KERNEL_FINDING_LEAF = '(kernel finding)';

function mark(t: TestResult, mine: Finding[]): void {
  const fps = new Set(t.findings ?? []);
  for (const f of mine) fps.add(f.fingerprint);
  t.findings = [...fps];
  if (t.status === 'crashed' || isFailing(t.status)) return;
  const reason = `kernel ${mine.length > 1 ? 'findings' : 'finding'} during the test: ${mine.map((f) => f.title).join('; ')}`;
  t.status = 'fail';
  t.reason = reason;
  addStatusLeaf(t, KERNEL_FINDING_LEAF, 'fail', reason);
}

/** The suites with each test's findings attached (a copy when there is any; idempotent). */
export function attachFindings(suites: Suite[], findings: readonly Finding[]): Suite[] {
  const byTest = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.test === undefined) continue;
    const list = byTest.get(f.test);
    if (list) list.push(f);
    else byTest.set(f.test, [f]);
  }
  if (byTest.size === 0) return suites;
  return suites.map((s) => {
    if (!s.tests.some((t) => byTest.has(`${s.name}/${t.name}`))) return s;
    const tests = s.tests.map((t) => {
      const mine = byTest.get(`${s.name}/${t.name}`);
      if (!mine) return t;
      const copy = structuredClone(t);
      mark(copy, mine);
      return copy;
    });
    return { ...s, tests };
  });
}
