import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { renderSummary } from '../../../src/core/summary/index.js';
import { finding, results, suite, test } from '../../helpers/results-builder.js';

const html = (md: string) => marked.parse(md, { async: false });

const unstable = () =>
  results(
    [
      suite('net/mptcp', [
        test('mptcp_connect.sh', 'pass', 42_000),
        test('diag.sh', 'fail', 8_000, {
          file: 'tools/testing/selftests/net/mptcp/diag.sh',
          exitCode: 1,
          excerpt: '# chk 1 msk in use    [FAIL] expected 2 found 1',
          subtests: [
            test('chk 0 msk in use', 'pass', null),
            test('chk 1 msk in use', 'fail', null, { reason: 'expected 2 found 1' }),
          ],
        }),
        test('pm_netlink.sh', 'skip', 100, { directive: 'SKIP ip too old' }),
        test('simult_flows.sh', 'flaky', 30_000),
      ]),
    ],
    { reproduce: 'kernel-ci run --kernel bzImage --kselftest tools/testing/selftests/net/mptcp' },
  );

describe('renderSummary', () => {
  it('has the verdict once, one counts line, problems with full paths, reproduce, then metrics and environment collapsed', () => {
    const md = renderSummary(unstable());
    expect(md).toMatch(/^## 🔴 Unstable — net\/mptcp\n/);
    expect(md.match(/Unstable/g)).toHaveLength(1);
    expect(md).toContain('✅ 2 pass · ❌ 1 fail · ⏭️ 1 skip · 🔁 1 flaky — 5 subtests');
    // No chart repeating the counts; the timeline only where three tests took time.
    expect(md).not.toContain('pie');
    expect(md).toContain('gantt');
    expect(md.indexOf('### Reproduce')).toBeLessThan(md.indexOf('<b>Metrics</b>'));
    expect(md).toContain('<details><summary><b>Environment</b>');
    expect(md).toMatch(/\| ❌ fail \| net\/mptcp \/ diag\\\.sh \/ chk 1 msk in use \|/);
    expect(md).toMatch(/\| 🔁 flaky \| net\/mptcp \/ simult\\_flows\\\.sh \|/);
    expect(md).toContain('**tcg** — /dev/kvm is absent');
    expect(md).toContain('6\\.1\\.0\\-50\\-amd64');
    expect(md).toContain(
      '```sh\nkernel-ci run --kernel bzImage --kselftest tools/testing/selftests/net/mptcp\n```',
    );
    // The failing test's output, in a collapsed block.
    expect(md).toContain('<pre># chk 1 msk in use    [FAIL] expected 2 found 1</pre>');
    const h = html(md);
    expect(h).toContain('<table>');
    expect(h).toContain('<details>');
  });

  it('shows each crash with its test, location and decoded trace', () => {
    const r = results([suite('commands', [test('crash', 'crashed', 2000)], 'command')], {
      findings: [
        finding('sysrq: Trigger a crash', {
          kind: 'panic',
          test: 'commands/crash',
          decoded: 'sysrq_handle_crash (drivers/tty/sysrq.c:154)',
          location: { file: 'drivers/tty/sysrq.c', line: 154 },
        }),
      ],
    });
    const md = renderSummary(r);
    expect(md).toMatch(/^## 💥 Critical — /);
    expect(md).toContain('#### 💥 panic: sysrq\\: Trigger a crash');
    expect(md).toContain('during **commands/crash**');
    expect(md).toContain('at drivers/tty/sysrq\\.c\\:154');
    // The top of the trace in sight, the whole of it collapsed.
    expect(md).toContain('```text\nsysrq_handle_crash (drivers/tty/sysrq.c:154)\n```');
    expect(md).toContain('<summary>Whole decoded trace</summary>');
  });

  it('infers a reproduce command when none was recorded', () => {
    const r = unstable();
    delete r.reproduce;
    expect(renderSummary(r)).toContain(
      'kernel-ci run --kernel BZIMAGE --kselftest tools/testing/selftests/net/mptcp --accel tcg',
    );
  });

  it('says how many annotations were left out', () => {
    const md = renderSummary(unstable(), { annotationsLeftOut: { errors: 7, warnings: 0 } });
    expect(md).toContain('7 error(s) and 0 warning(s) were not annotated');
  });

  it('stays under the byte budget and says what it trimmed', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      test(`test_${i}_${'long-name-'.repeat(10)}`, 'fail', 10, {
        excerpt: `not ok ${i} ${'x'.repeat(400)}\n`.repeat(20),
      }),
    );
    const big = results([suite('huge', many)], {
      findings: Array.from({ length: 50 }, (_, i) =>
        finding(`BUG: thing ${i}`, { report: 'frame\n'.repeat(5000) }),
      ),
    });
    const md = renderSummary(big);
    expect(Buffer.byteLength(md)).toBeLessThan(1_000_000);
    expect(md).toMatch(/Summary trimmed .*: not shown: .*problem rows|output of \d+ of 5000/);
    expect(md).toContain('<b>Metrics</b>');
    expect(md).toContain('### Reproduce');
    const small = renderSummary(big, { maxBytes: 50_000 });
    expect(Buffer.byteLength(small)).toBeLessThan(50_000);
    expect(small).toMatch(/not shown: .*\d+ of 5000 problem rows/);
    expect(small).toMatch(/\d+ of 50 findings/);
    expect(small).toContain('#### 💥 bug: BUG\\: thing 0');
  });

  it('escapes hostile test names and output so the summary keeps its shape', () => {
    const evil = '<img src=x onerror=alert(1)> | pipes | `tick` @octocat #1 ::error::pwned';
    const r = results([
      suite('s', [
        test(evil, 'fail', 5, { excerpt: `${evil}\n</pre></details><script>x</script>` }),
      ]),
    ]);
    r.conclusion = evil;
    const h = html(renderSummary(r));
    expect(h).not.toMatch(/<img|<script/);
    expect(h).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The problems table keeps 4 cells per row.
    const problemsTable = h.slice(h.indexOf('<th>status</th>'));
    const row = problemsTable.slice(
      problemsTable.indexOf('<tbody>'),
      problemsTable.indexOf('</tr>', problemsTable.indexOf('<tbody>')),
    );
    expect(row.match(/<td/g)).toHaveLength(4);
    // Sections after the excerpt are still there (the excerpt did not close its block).
    expect(h).toContain('<b>Metrics</b>');
  });
});
