// `kernel-ci report --history FILE`: the file a maintainer keeps locally is
// read, judged against and updated, the summary leads with the judgement,
// and fail-on decides the exit code.
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHistory } from '../../src/core/history.js';
import type { Status } from '../../src/core/results.js';
import { ciContext } from '../../src/pipeline/ci-context.js';
import { historyCacheKeys, resolveFailOn } from '../../src/pipeline/history.js';
import type { Host } from '../../src/pipeline/host.js';
import { reportCommand } from '../../src/pipeline/report.js';
import { parseFlags } from '../../src/cli/args.js';
import { reportFlags } from '../../src/cli/specs.js';
import { results, suite, test } from '../helpers/results-builder.js';

function quietHost(kind: Host['kind'] = 'terminal') {
  const warnings: string[] = [];
  const outputs: Record<string, string> = {};
  const host: Host = {
    kind,
    info: () => undefined,
    warn: (m) => void warnings.push(m),
    untrusted: () => undefined,
    group: (_t, fn) => fn(),
    annotate: () => undefined,
    setOutput: (k, v) => void (outputs[k] = v),
    summary: async () => undefined,
    uploadArtifact: async () => undefined,
    restoreCache: async () => undefined,
    saveCache: async () => undefined,
  };
  return { host, warnings, outputs };
}

const dir = mkdtempSync(join(tmpdir(), 'kci-report-history-'));

function resultsFile(name: string, old: Status, alt: Status, fresh: Status): string {
  const file = join(dir, `${name}.json`);
  const r = results([
    suite(
      'commands',
      [test('old', old), test('alternating', alt), test('fresh', fresh)],
      'command',
    ),
  ]);
  writeFileSync(file, JSON.stringify(r));
  return file;
}

async function report(args: string[], host = quietHost().host) {
  let text = '';
  const { flags, positionals } = parseFlags(args, reportFlags, Infinity);
  const code = await reportCommand(flags, positionals, host, (s) => (text += s));
  return { code, text };
}

describe('report --history', () => {
  it('three runs recorded, then a pull request judged: known, flaky 50 %, new; fail-on new', async () => {
    const history = join(dir, 'history.json');
    const runs: [Status, Status, Status][] = [
      ['fail', 'pass', 'pass'],
      ['fail', 'fail', 'pass'],
      ['fail', 'pass', 'pass'],
    ];
    for (const [i, [a, b, c]] of runs.entries()) {
      const r = await report([
        resultsFile(`main${i}`, a, b, c),
        '--history',
        history,
        '--history-run',
        `main-${i}`,
        '--history-branch',
        'main',
      ]);
      expect(r.code).toBe(1);
    }
    const h = parseHistory(readFileSync(history, 'utf8'));
    expect('history' in h && h.history.runs.map((x) => x.id)).toEqual([
      'main-0',
      'main-1',
      'main-2',
    ]);

    const pr = resultsFile('pr', 'fail', 'fail', 'fail');
    const summary = join(dir, 'summary.md');
    const { host, outputs } = quietHost();
    const judged = await report(
      [
        pr,
        '--history',
        history,
        '--history-save',
        'never',
        '--fail-on',
        'new',
        '--summary',
        summary,
      ],
      host,
    );
    expect(judged.code).toBe(1);
    expect(outputs).toMatchObject({
      'history-new': '1',
      'history-flaky': '1',
      'history-known': '1',
    });
    const md = readFileSync(summary, 'utf8');
    // The first screen: right after the title and conclusion, new first.
    const table = md.indexOf('### Compared with main \\(3 runs\\)');
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(md.indexOf('### What broke'));
    expect(md).toContain(
      '> 1 new failure fails this check; 1 flaky and 1 known failure reported, not failing \\(fail\\-on\\: new\\)',
    );
    const broke = md.indexOf('### What broke');
    const rows = md
      .slice(0, broke)
      .split('\n')
      .filter((l) => /^\| (🆕|🔁|📌)/.test(l));
    // Then what broke, the new failure first.
    const firstProblem = md
      .slice(broke)
      .split('\n')
      .find((l) => /^\| \S.* \| commands/.test(l));
    expect(firstProblem).toMatch(/^\| 🆕 ❌ fail \| commands \/ fresh \|/);
    expect(rows).toEqual([
      '| 🆕 **new** | commands / fresh | 🟩🟩🟩🟥 | passed the last 3 runs on main |',
      '| 🔁 flaky 50 % | commands / alternating | 🟩🟥🟩🟥 | failed 2 of the last 4 runs \\(3 on main \\+ this one\\) |',
      '| 📌 known | commands / old | 🟥🟥🟥🟥 | failed all 3 runs on main that had it |',
    ]);
    // Rendered as GitHub would (marked, GFM): a table whose cells read plainly.
    const html = marked.parse(md, { async: false });
    expect(html).toContain(
      '<td>🔁 flaky 50 %</td>\n<td>commands / alternating</td>\n<td>🟩🟥🟩🟥</td>\n<td>failed 2 of the last 4 runs (3 on main + this one)</td>',
    );
    expect(html).toContain('<h3>Compared with main (3 runs)</h3>');
    expect(judged.text).toContain(
      'NEW        commands / fresh  [...F] passed the last 3 runs on main',
    );
    // Not recorded: the history is main's.
    expect(readFileSync(history, 'utf8')).toBe(JSON.stringify('history' in h ? h.history : null));

    // The same run without the new failure passes with fail-on new, not with any.
    const onlyKnown = resultsFile('pr2', 'fail', 'fail', 'pass');
    const base = [onlyKnown, '--history', history, '--history-save', 'never'];
    expect((await report([...base, '--fail-on', 'new'])).code).toBe(0);
    expect((await report([...base, '--fail-on', 'any'])).code).toBe(1);
  });

  it('a corrupt history is named and ignored: every failure is new, the file replaced', async () => {
    const history = join(dir, 'corrupt.json');
    writeFileSync(history, '{"schema":"kernel-ci-history/v1","runs":"x"}');
    const { host, warnings } = quietHost();
    const r = await report([resultsFile('c', 'fail', 'pass', 'pass'), '--history', history], host);
    expect(r.code).toBe(1);
    expect(warnings).toEqual([`history ${history} ignored: runs is not a list`]);
    expect(r.text).toContain('(history ignored: runs is not a list)');
    expect(r.text).toContain('NEW        commands / old');
    expect('history' in parseHistory(readFileSync(history, 'utf8'))).toBe(true);
  });

  it("another version's history is named, ignored and left as it is", async () => {
    const history = join(dir, 'v9.json');
    const v9 = '{"schema":"kernel-ci-history/v9","runs":[],"tests":{}}';
    writeFileSync(history, v9);
    const { host, warnings } = quietHost();
    const r = await report(
      [resultsFile('v9-run', 'fail', 'pass', 'pass'), '--history', history],
      host,
    );
    expect(r.code).toBe(1);
    expect(warnings).toEqual([
      `history ${history} ignored: written as kernel-ci-history/v9; this kernel-ci reads kernel-ci-history/v1`,
    ]);
    expect(readFileSync(history, 'utf8')).toBe(v9);
  });

  it('Actions context: a pull request reads its base branch, defaults to fail-on new, saves nothing', () => {
    const event = join(dir, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        repository: { default_branch: 'main' },
        pull_request: { number: 7, head: { sha: 'abc', ref: 'topic' }, base: { ref: 'main' } },
      }),
    );
    const ctx = ciContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_RUN_ID: '42',
      GITHUB_REPOSITORY: 'o/r',
    });
    expect(ctx).toMatchObject({ pullRequest: 7, baseBranch: 'main', sha: 'abc', branch: 'topic' });
    expect(ctx.runUrl).toBe('https://github.com/o/r/actions/runs/42');
    expect(resolveFailOn('auto', ctx)).toBe('new');
    expect(resolveFailOn('auto', ciContext({ GITHUB_EVENT_NAME: 'push' }))).toBe('any');
    expect(historyCacheKeys('main', '42', '2')).toEqual({
      key: 'kernel-ci-history-v1-main-42-2',
      restoreKeys: ['kernel-ci-history-v1-main-'],
    });
    // Reporting from workflow_run with the pull request's own event.
    const wr = join(dir, 'wr.json');
    writeFileSync(
      wr,
      JSON.stringify({
        repository: { default_branch: 'main' },
        workflow_run: { id: 99, event: 'pull_request', head_sha: 'abc', pull_requests: [] },
      }),
    );
    expect(ciContext({ GITHUB_EVENT_PATH: wr }, event)).toMatchObject({
      runId: '99',
      pullRequest: 7,
      baseBranch: 'main',
      event: 'pull_request',
    });
  });
});
