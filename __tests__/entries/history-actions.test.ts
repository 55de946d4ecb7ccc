// Memory across runs, end to end: three pushes to main then a pull request,
// each a real boot of Debian's 6.1 kernel (run action) and a report (report
// action) under the runner emulation, the history going from run to run
// only through @actions/cache (v2 service stand-in, helpers/cache-service.ts,
// with GitHub's branch scopes): every workspace is new.
//
// Three plain commands: `old` always fails, `alternating` fails on every
// second run (a file on the host decides: the guest's / is the host's),
// `fresh` breaks in the pull request only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { parseHistory } from '../../src/core/history.js';
import type { RunResults } from '../../src/core/results.js';
import { startCacheService, runtimeToken, type CacheService } from '../helpers/cache-service.js';
import { freshDist } from '../helpers/dist.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';
import { runActionEntry, type ActionRun } from '../helpers/runner.js';

const root = mkdtempSync(join(tmpdir(), 'kci-history-e2e-'));
const switches = join(root, 'switches');
mkdirSync(switches);
let cache: CacheService;

beforeAll(async () => {
  cache = await startCacheService();
});
afterAll(async () => {
  await cache?.close();
});

interface Trigger {
  runId: number;
  pr?: number;
}

function githubEnv(t: Trigger, workspace: string): Record<string, string> {
  const event = join(workspace, '..', `event-${t.runId}.json`);
  const repository = { default_branch: 'main', full_name: 'octo/linux' };
  writeFileSync(
    event,
    JSON.stringify(
      t.pr
        ? {
            repository,
            pull_request: {
              number: t.pr,
              head: { sha: `head${t.runId}`, ref: 'topic' },
              base: { ref: 'main' },
            },
          }
        : { repository, ref: 'refs/heads/main' },
    ),
  );
  // What the runner sets, and the token's cache scopes as GitHub grants them:
  // a pull request writes its merge ref and reads its base branch.
  const scopes = t.pr
    ? [
        { Scope: `refs/pull/${t.pr}/merge`, Permission: 3 },
        { Scope: 'refs/heads/main', Permission: 1 },
      ]
    : [{ Scope: 'refs/heads/main', Permission: 3 }];
  return {
    GITHUB_EVENT_NAME: t.pr ? 'pull_request' : 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: t.pr ? `refs/pull/${t.pr}/merge` : 'refs/heads/main',
    GITHUB_REF_NAME: t.pr ? `${t.pr}/merge` : 'main',
    GITHUB_BASE_REF: t.pr ? 'main' : '',
    GITHUB_HEAD_REF: t.pr ? 'topic' : '',
    GITHUB_SHA: `sha${t.runId}`,
    GITHUB_RUN_ID: String(t.runId),
    GITHUB_REPOSITORY: 'octo/linux',
    GITHUB_WORKSPACE: workspace,
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: `${cache.url}/`,
    ACTIONS_RUNTIME_TOKEN: runtimeToken(scopes),
  };
}

const COMMANDS = [
  'old=false',
  `alternating=test -e ${switches}/alternating-passes`,
  `fresh=test ! -e ${switches}/fresh-broken`,
].join('\n');

/** One CI run: a fresh workspace, the run action, then the report action with the history. */
async function ciRun(
  t: Trigger,
): Promise<{ run: ActionRun; report: ActionRun; results: RunResults }> {
  const workspace = join(root, `ws-${t.runId}`);
  mkdirSync(workspace);
  const env = githubEnv(t, workspace);
  const run = await runActionEntry(join(freshDist(), 'run.js'), {
    inputs: {
      kernel: debianKernelDeb(),
      command: COMMANDS,
      accel: 'tcg',
      out: join(workspace, 'out'),
      name: 'commands',
      'setup-runner': 'false',
    },
    env,
    cwd: workspace,
    timeoutMs: 400_000,
  });
  expect(
    run.outputs.results,
    `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`,
  ).toBeTruthy();
  const results = JSON.parse(readFileSync(run.outputs.results!, 'utf8')) as RunResults;
  const report = await runActionEntry(join(freshDist(), 'report.js'), {
    inputs: {
      results: run.outputs.results!,
      history: 'kernel-ci-history.json',
      ...(t.pr
        ? {
            'email-file': 'report.eml',
            'email-subject': '[PATCH net-next] mptcp: break fresh',
            'email-in-reply-to': '<patch-1@example.org>',
          }
        : {}),
    },
    env,
    cwd: workspace,
    timeoutMs: 120_000,
  });
  return { run, report, results };
}

const statuses = (r: RunResults) =>
  Object.fromEntries(r.suites.flatMap((s) => s.tests.map((t) => [t.name, t.status])));

describe.skipIf(!hasQemu())('history through the actions and the Actions cache', () => {
  it('three runs on main, then a pull request: known, flaky 50 %, new; only the new one fails it', async () => {
    const pushes: ActionRun[] = [];
    for (const runId of [101, 102, 103]) {
      if (runId % 2 === 1) writeFileSync(join(switches, 'alternating-passes'), '');
      else rmSync(join(switches, 'alternating-passes'), { force: true });
      const { report, results } = await ciRun({ runId });
      expect(statuses(results)).toEqual({
        old: 'fail',
        alternating: runId % 2 === 1 ? 'pass' : 'fail',
        fresh: 'pass',
      });
      // On main every failure counts (fail-on auto = any).
      expect(report.exitCode, report.stdout.slice(-3000)).toBe(1);
      pushes.push(report);
    }
    // Each push restored the one before and saved its own entry under main.
    const main = cache.entries.filter((e) => e.scope === 'refs/heads/main' && e.finalized);
    expect(main.map((e) => e.key)).toEqual([
      'kernel-ci-history-v1-main-101-1',
      'kernel-ci-history-v1-main-102-1',
      'kernel-ci-history-v1-main-103-1',
    ]);
    expect(
      cache.calls.filter((c) => c.method === 'GetCacheEntryDownloadURL').map((c) => c.hit),
    ).toEqual([undefined, 'kernel-ci-history-v1-main-101-1', 'kernel-ci-history-v1-main-102-1']);
    expect(pushes[2]!.summary).toContain('### Compared with main \\(2 runs\\)');

    // The pull request: alternating fails (4th run), fresh is broken.
    rmSync(join(switches, 'alternating-passes'), { force: true });
    writeFileSync(join(switches, 'fresh-broken'), '');
    const { report, results } = await ciRun({ runId: 104, pr: 7 });
    expect(statuses(results)).toEqual({ old: 'fail', alternating: 'fail', fresh: 'fail' });
    expect(report.stdout).toContain('Cache hit for restore-key: kernel-ci-history-v1-main-103-1');
    expect(report.exitCode, report.stdout.slice(-3000)).toBe(1);
    expect(report.outputs).toMatchObject({
      'history-new': '1',
      'history-flaky': '1',
      'history-known': '1',
    });
    const s = report.summary;
    const first = s.indexOf('### Compared with main \\(3 runs\\)');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(s.indexOf('### What broke'));
    const rows = s
      .slice(0, s.indexOf('### What broke'))
      .split('\n')
      .filter((l) => /^\| (🆕|🔁|📌)/.test(l));
    expect(rows).toEqual([
      '| 🆕 **new** | commands / fresh | 🟩🟩🟩🟥 | passed the last 3 runs on main |',
      '| 🔁 flaky 50 % | commands / alternating | 🟩🟥🟩🟥 | failed 2 of the last 4 runs \\(3 on main \\+ this one\\) |',
      '| 📌 known | commands / old | 🟥🟥🟥🟥 | failed all 3 runs on main that had it |',
    ]);
    // fail-on new (the default for pull requests): only the new failure is an
    // error; the known and flaky ones are warnings.
    const errors = report.commands
      .filter((c) => c.command === 'error')
      .map((c) => c.properties.title);
    const warnings = report.commands
      .filter((c) => c.command === 'warning')
      .map((c) => c.properties.title);
    expect(errors).toEqual(['new failure: commands / fresh']);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'flaky 50 %: commands / alternating',
        'known failure: commands / old',
      ]),
    );
    // The mail for the patch says the same, one line per job, each failure judged.
    const mail = await simpleParser(readFileSync(join(root, 'ws-104', 'report.eml')));
    expect(mail.inReplyTo).toBe('<patch-1@example.org>');
    expect(mail.subject).toBe('Re: [PATCH net-next] mptcp: break fresh');
    expect(mail.text).toContain(
      [
        '- commands: Unstable: 3 failed subtest(s): old, alternating, fresh 🔴',
        '  - commands / old: known, failed all 3 runs on main that had it',
        '  - commands / alternating: flaky 50 %, failed 2 of the last 4 runs (3 on main + this one)',
        '  - commands / fresh: new',
        '- Task: https://github.com/octo/linux/actions/runs/104',
        '',
        'Compared with main: 1 new failure fails this check; 1 flaky and 1 known failure reported, not failing (fail-on: new).',
      ].join('\n'),
    );
    expect(mail.text).toMatch(
      /\n {4}\$ npx --yes --package=\S+ kernel-ci run --kernel \S+linux-image-6\.1[^\n]+--accel tcg/,
    );
    // A pull request saves nothing: main's history is main's.
    expect(cache.entries.filter((e) => e.scope !== 'refs/heads/main')).toEqual([]);
    const saved = parseHistory(
      readFileSync(join(root, 'ws-103', 'kernel-ci-history.json'), 'utf8'),
    );
    expect('history' in saved && saved.history.runs.map((r) => [r.id, r.commit])).toEqual([
      ['101', 'sha101'],
      ['102', 'sha102'],
      ['103', 'sha103'],
    ]);
    expect('history' in saved && saved.history.runs[0]!.kernel).toMatch(/^6\.1\./);

    // The pull request fixes what it broke: the known and flaky failures
    // remain, and with fail-on new the check passes.
    rmSync(join(switches, 'fresh-broken'));
    const fixed = await ciRun({ runId: 105, pr: 7 });
    expect(statuses(fixed.results)).toEqual({ old: 'fail', alternating: 'fail', fresh: 'pass' });
    expect(fixed.results.verdict).toBe('unstable');
    expect(fixed.report.exitCode, fixed.report.stdout.slice(-3000)).toBe(0);
    expect(fixed.report.outputs).toMatchObject({ 'history-new': '0', 'exit-code': '0' });
    expect(fixed.report.commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(fixed.report.summary).toContain(
      '> no new failure; 1 flaky and 1 known failure reported, not failing \\(fail\\-on\\: new\\)',
    );
  }, 1_500_000);
});
