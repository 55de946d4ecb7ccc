// Real outputs captured in TCG guests (see __tests__/fixtures/tap/captures.json):
// every "ok"/"not ok" line of each capture must reach results.json, and
// results.json must match schema/results.v1.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { STATUSES, SCHEMA_ID, type TestResult } from '../../src/core/results.js';
import { visibleText } from '../../src/core/tap/index.js';
import { captures, readCapture, runOf } from '../helpers/tap-fixtures.js';

const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../schema/results.v1.json'), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** Names of the result lines, as a reader sees them (noise and "# " nesting removed). */
function resultNames(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split('\n')) {
    const l = visibleText(raw).replace(/^(?:\s*#(?: |$))*\s*/, '');
    const m = /^(?:not )?ok(?:\s+\d+)?(?:\s+-)?\s*(.*)$/.exec(l);
    if (!m || !/^(?:not )?ok(?:\s|$)/.test(l)) continue;
    names.push(
      m[1]!
        .replace(/\s+#\s*(?:SKIP|TODO|XFAIL|XPASS|TIMEOUT|ERROR|IGNORE|exit=|time=).*$/i, '')
        .replace(/\s+#\s.*$/, '')
        .replace(/^selftests: \S+: /, '')
        .trim(),
    );
  }
  return names;
}

function treeNames(tests: TestResult[], out: string[] = []): string[] {
  for (const t of tests) {
    // Synthesized leaves say why something is missing; they have no line.
    const made =
      t.name === '(exit status)' || /^(no result line|planned 1\.\.)/.test(t.reason ?? '');
    if (!made) out.push(t.name);
    treeNames(t.subtests, out);
  }
  return out;
}

describe('schema', () => {
  it('is in step with the model', () => {
    expect(schema.properties.schema.const).toBe(SCHEMA_ID);
    expect(schema.definitions.status.enum).toEqual([...STATUSES]);
    expect(schema.properties.counts.required.slice(1).sort()).toEqual([...STATUSES].sort());
  });
});

describe.each(captures())('$file ($what)', (c) => {
  const text = readCapture(c);
  const run = runOf(c);
  const json = JSON.parse(JSON.stringify(run));

  it('results.json validates against schema/results.v1.json', () => {
    const ok = validate(json);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('every ok/not ok line of the capture appears in results.json', () => {
    const want = resultNames(text);
    let got = json.suites.flatMap((s: { tests: TestResult[] }) => treeNames(s.tests));
    // A script capture is one plan test: its own name is not a result line.
    if (c.type === 'script') got = got.filter((n: string) => n !== c.test);
    // KUnit suites are Suites, not tests.
    got.push(
      ...json.suites
        .filter((s: { kind: string }) => s.kind === 'kunit')
        .map((s: { name: string }) => s.name),
    );
    expect([...got].sort()).toEqual([...want].sort());
  });
});

describe('a runner log cut short', () => {
  it('reports the test it was running as failed, with the reason', () => {
    const c = captures().find((x) => x.file === 'kselftest-6.12-mptcp-on-6.1-cut.txt')!;
    const run = runOf(c);
    expect(run.suites.map((s) => [s.name, s.tests.map((t) => [t.name, t.status])])).toEqual([
      [
        'net/mptcp',
        [
          ['mptcp_sockopt.sh', 'skip'],
          ['diag.sh', 'fail'],
        ],
      ],
    ]);
    expect(run.suites[0]!.tests[1]!.reason).toBe(
      'no result line: the output ended while it ran (planned 1..2, #2 missing)',
    );
    expect(run.conclusion).toBe(
      'kselftest-6.12-mptcp-on-6.1-cut.txt: Unstable: 1 failed subtest(s): diag.sh 🔴',
    );
  });
});

describe('new selftests on an old kernel (6.12 MPTCP selftests on Debian 6.1, real TCG run)', () => {
  const byFile = (f: string) => captures().find((c) => c.file === f)!;
  const subtests = (f: string) => runOf(byFile(f)).suites[0]!.tests[0]!.subtests;

  it('diag.sh: what 6.1 lacks is skip, the msk wait that ran out is timeout, the rest pass', () => {
    const st = subtests('mptcp-6.12-diag.sh-on-6.1.txt');
    const by = (s: string) => st.filter((t) => t.status === s).map((t) => t.name);
    expect(st).toHaveLength(29);
    expect(by('timeout')).toEqual(['diag: many msk socket present']);
    expect(by('fail')).toEqual([]);
    expect(by('skip')).toHaveLength(12);
    expect(by('skip')).toContain('diag: ....chk last_data_sent');
    expect(by('pass')).toHaveLength(16);
    expect(runOf(byFile('mptcp-6.12-diag.sh-on-6.1.txt')).verdict).toBe('unstable');
  });

  it('the same selftests pass on the 6.12 kernel they ship with', () => {
    for (const f of ['mptcp-6.12-diag.sh-on-6.12.txt', 'mptcp-6.12-pm_netlink.sh-on-6.12.txt']) {
      const run = runOf(byFile(f));
      expect(run.verdict, f).toBe('success');
      expect(run.counts.fail + run.counts.timeout, f).toBe(0);
    }
  });
});

describe('the 6.1 MPTCP selftests on 6.1 (real TCG run): no subtest TAP, the exit code decides', () => {
  it('diag.sh failed (exit 1) with its reason, the others passed, no invented subtests', () => {
    const got = captures()
      .filter((c) => c.file.startsWith('mptcp-6.1-'))
      .map((c) => {
        const t = runOf(c).suites[0]!.tests[0]!;
        return [t.name, t.status, t.subtests.length];
      });
    expect(got).toEqual([
      ['pm_netlink.sh', 'pass', 0],
      ['diag.sh', 'fail', 0],
      ['mptcp_sockopt.sh', 'pass', 0],
      ['userspace_pm.sh', 'pass', 0],
    ]);
  });
});
