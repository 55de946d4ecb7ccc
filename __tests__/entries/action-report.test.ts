// The report action run the way the Actions runner runs it (INPUT_*, file
// commands, workflow-command parsing with stop-commands), on results.json
// captured from real `kernel-ci run` boots of Debian's 6.1 kernel under TCG.
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDist, repoRoot } from '../helpers/dist.js';
import { runActionEntry, type ActionRun } from '../helpers/runner.js';
import type { RunResults } from '../../src/core/results.js';

const fixtures = join(repoRoot, '__tests__/fixtures/results');
const fixture = (name: string) => join(fixtures, name, 'results.json');
const load = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as RunResults;

const report = (results: string, inputs: Record<string, string> = {}) =>
  runActionEntry(join(freshDist(), 'report.js'), {
    inputs: { results, ...inputs },
    timeoutMs: 60_000,
  });

/** The only workflow commands the report step may issue: its own annotations. */
function expectOnlyAnnotations(run: ActionRun) {
  for (const c of run.commands) expect(['error', 'warning', 'notice']).toContain(c.command);
}

describe('report action (runner emulation)', () => {
  it('a passing run: summary, outputs, no annotations, exit 0', async () => {
    const run = await report(fixture('success'));
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('success');
    expect(run.outputs.conclusion).toBe('demo: Success! ✅');
    expect(JSON.parse(run.outputs.counts!)).toMatchObject({ total: 3, pass: 3, fail: 0 });
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.commands).toEqual([]);
    expect(run.summary).toMatch(/^## ✅ Success — demo\n/);
    // The counts in one line; no chart repeating them.
    expect(run.summary).toContain('✅ 3 pass — 3 subtests');
    expect(run.summary).not.toContain('pie');
    expect(run.summary).toContain('**tcg** — /dev/kvm does not exist; using TCG');
    // The plain-text twin is in the log.
    expect(run.logLines).toContain('SUCCESS  demo');
  }, 120_000);

  it('an unstable run: one error annotation per failing test, exit 1', async () => {
    const run = await report(fixture('unstable'));
    expect(run.exitCode).toBe(1);
    // Recomputed from its tests: the file, an older kernel-ci's, says "failure".
    expect(run.outputs.verdict).toBe('unstable');
    expect(JSON.parse(run.outputs.counts!)).toMatchObject({ total: 3, pass: 1, fail: 2 });
    expectOnlyAnnotations(run);
    const errors = run.commands.filter((c) => c.command === 'error');
    expect(errors.map((e) => e.properties.title)).toEqual([
      'fail: commands / evil',
      'fail: commands / fails',
    ]);
    expect(errors[1]!.message).toContain("ls: cannot access '/nonexistent'");
    expect(run.summary).toContain('| ❌ fail | commands / fails | 2.29 s | exit code 2 |');
  }, 120_000);

  it('a crash run: the panic first, then the crashed test; trace and console tail in the summary, exit 2', async () => {
    const run = await report(fixture('crash'));
    expect(run.exitCode).toBe(2);
    expect(run.outputs.verdict).toBe('critical');
    expectOnlyAnnotations(run);
    expect(run.commands.map((c) => [c.command, c.properties.title])).toEqual([
      ['error', 'Kernel panic (fatal): kernel panic: sysrq triggered crash'],
      ['error', 'crashed: commands / crash'],
    ]);
    expect(run.commands[0]!.message).toContain('sysrq_handle_crash+0x16/0x20');
    expect(run.summary).toMatch(/^## 💥 Critical — crash\\-demo\n/);
    expect(run.summary).toContain('#### 💥 panic: kernel panic\\: sysrq triggered crash');
    expect(run.summary).toContain('during **commands/crash**');
    // The top of the trace in sight.
    expect(run.summary).toContain('```text\nKernel panic - not syncing: sysrq triggered crash\n');
    expect(run.summary).toContain(
      '<summary>Whole trace (not decoded: no vmlinux with debug info)</summary>',
    );
    // The crash that stopped the run is not said twice.
    expect(run.summary).not.toContain('Run aborted');
    expect(run.summary).toContain('<summary>Last console lines</summary>');
  }, 120_000);

  it('merges several results (matrix jobs) into one summary and writes the merged files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    const run = await report(
      [fixture('success'), fixture('unstable'), fixture('crash')].join('\n'),
      {
        summary: join(dir, 'summary.md'),
        json: join(dir, 'merged.json'),
        junit: join(dir, 'junit.xml'),
      },
    );
    expect(run.exitCode).toBe(2);
    expect(run.outputs.verdict).toBe('critical');
    expect(JSON.parse(run.outputs.counts!)).toMatchObject({
      total: 9,
      pass: 5,
      fail: 2,
      crashed: 1,
    });
    expect(run.summary).toContain('### Merged runs (3)');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8').trim()).toBe(run.summary.trim());
    expect(run.outputs.summary).toBe(join(dir, 'summary.md'));
    expect(run.outputs.junit).toBe(join(dir, 'junit.xml'));
    // Three differently named runs stay apart in JUnit; the panic is an <error>.
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('crash-demo: kernel');
    expect(junit).toContain('<error message="kernel panic: sysrq triggered crash"');
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as RunResults;
    expect(merged.suites[0]!.tests).toHaveLength(9);
  }, 120_000);

  it('guest output and test names cannot issue workflow commands or break the summary', async () => {
    const hostile = [
      '::add-mask::x',
      '::error::pwned',
      '::stop-commands::abc',
      '::set-output name=a::b',
      '::endgroup::',
      '<img src=x onerror=alert(1)>',
      '| pipes |',
    ];
    // The real unstable run: its 'evil' test printed these lines from the guest.
    const r = load('unstable');
    expect(r.suites[0]!.tests[1]!.excerpt).toContain('::error::pwned');
    // And the names carry them too.
    r.name = hostile.join(' ');
    r.suites[0]!.name = '::error::pwned';
    r.suites[0]!.tests.forEach((t, i) => (t.name = hostile[i]!));
    r.conclusion = `::set-output name=a::b\n::error::pwned`;
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(r));
    const run = await report(join(dir, 'results.json'));

    expect(run.exitCode).toBe(1);
    expectOnlyAnnotations(run);
    // Two failing tests -> two annotations, whatever their text says.
    expect(run.commands).toHaveLength(2);
    expect(run.commands.some((c) => c.message === 'pwned')).toBe(false);
    expect(Object.keys(run.outputs).sort()).toEqual([
      'conclusion',
      'counts',
      'exit-code',
      'verdict',
    ]);
    // Recomputed from the tests, whose hostile names it quotes as text.
    expect(run.outputs.verdict).toBe('unstable');
    expect(run.outputs.conclusion).toContain('::error::pwned');
    // The hostile lines reached the log as text.
    expect(run.logLines.join('\n')).toContain('::error::pwned');
    expect(run.logLines.join('\n')).toContain('::endgroup::');

    const html = marked.parse(run.summary, { async: false });
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const rows = html.slice(html.indexOf('<th>status</th>'));
    const firstRow = rows.slice(
      rows.indexOf('<tbody>'),
      rows.indexOf('</tr>', rows.indexOf('<tbody>')),
    );
    expect(firstRow.match(/<td/g)).toHaveLength(4);
    // Every section after the hostile text is still there.
    for (const h of ['<b>Metrics</b>', '<b>Environment</b>', '<h3>Reproduce</h3>'])
      expect(html).toContain(h);
  }, 120_000);

  it('an unreadable or absent results file is named (warning, summary, verdict), exit 1, not 64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ schema: 'something-else', tests: [] }));
    writeFileSync(join(dir, 'broken.json'), '{"schema": "kernel-ci-results/v1", ');
    for (const [file, msg] of [
      ['other.json', "not a kernel-ci results file: schema: 'something-else' is not"],
      ['broken.json', 'not valid JSON'],
      ['missing.json', 'no results.json found there'],
    ] as const) {
      const run = await report(join(dir, file));
      expect(run.exitCode).toBe(1);
      expect(run.outputs.verdict).toBe('failure');
      expect(run.outputs['exit-code']).toBe('1');
      expect(run.commands).toHaveLength(1);
      expect(run.commands[0]!.command).toBe('warning');
      expect(run.commands[0]!.message).toContain(`report: ${join(dir, file)}: ${msg}`);
      expect(run.commands[0]!.message.split('\n')).toHaveLength(1);
      const text = run.summary.replace(/\\([!-/:-@[-`{-~])/g, '$1');
      expect(text).toMatch(/^## ❌ Failure — report\n/);
      expect(text).toContain(`**${join(dir, file)} (`);
      expect(text).toContain(msg);
    }
  }, 120_000);

  it('no results input at all is bad usage: one clear error and exit 64', async () => {
    const run = await report('');
    expect(run.exitCode).toBe(64);
    expect(run.commands).toHaveLength(1);
    expect(run.commands[0]!.command).toBe('error');
    expect(run.commands[0]!.message).toBe("bad input: input 'results' is required");
  }, 120_000);

  it('takes a glob over the matrix artifacts and names a missing shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    for (const shard of [1, 3]) {
      const r = load('success');
      r.name = 'mptcp-normal';
      r.shard = { index: shard, total: 3 };
      mkdirSync(join(dir, `results-normal-${shard}`));
      writeFileSync(join(dir, `results-normal-${shard}`, 'results.json'), JSON.stringify(r));
    }
    const run = await report(`${dir}/results-*/results.json`);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('failure');
    expect(run.outputs.conclusion).toBe(
      'mptcp-normal: Failure: 1 missing result(s): mptcp-normal shard 2/3 ❌',
    );
    expect(JSON.parse(run.outputs.counts!)).toMatchObject({ total: 6, pass: 6 });
    expect(run.summary.replace(/\\([!-/:-@[-`{-~])/g, '$1')).toContain(
      '**mptcp-normal shard 2/3**: no results for shard 2 of 3',
    );
  }, 120_000);
});
