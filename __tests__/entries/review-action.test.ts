// The report action posting on a pull request from a workflow_run job (the
// fork-safe place: it reads the PR's results and event as data), run the
// way the runner runs it, against a local GitHub API whose every request is
// checked against GitHub's OpenAPI description (helpers/github-api.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDist } from '../helpers/dist.js';
import { matchOperation, startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js';
import { results, suite, test } from '../helpers/results-builder.js';
import { runActionEntry } from '../helpers/runner.js';

const dir = mkdtempSync(join(tmpdir(), 'kci-review-'));
let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh?.close();
});

function resultsWith(failing: number): string {
  const file = join(dir, `results-${failing}.json`);
  const subtests = Array.from({ length: 130 }, (_, i) =>
    test(
      `case ${i}`,
      i < failing ? 'fail' : 'pass',
      10,
      i < failing ? { reason: `exit=${i}` } : {},
    ),
  );
  const r = results([suite('net/mptcp', [test('mptcp_join.sh', 'fail', 1000, { subtests })])]);
  writeFileSync(file, JSON.stringify(r));
  return file;
}

// The workflow_run job: its own event is the completed PR run; the PR's
// event comes as an artifact (workflow_run lists no pull request for forks).
const workflowRunEvent = join(dir, 'workflow_run.json');
writeFileSync(
  workflowRunEvent,
  JSON.stringify({
    repository: { default_branch: 'main', full_name: 'octo/linux' },
    workflow_run: {
      id: 555,
      event: 'pull_request',
      head_sha: 'c0ffee',
      head_branch: 'topic',
      pull_requests: [],
      html_url: 'https://github.com/octo/linux/actions/runs/555',
    },
  }),
);
const prEvent = join(dir, 'event.json');
writeFileSync(
  prEvent,
  JSON.stringify({
    pull_request: { number: 7, head: { sha: 'c0ffee', ref: 'topic' }, base: { ref: 'main' } },
  }),
);

const report = (results: string) =>
  runActionEntry(join(freshDist(), 'report.js'), {
    inputs: {
      results,
      'pr-comment': 'true',
      'check-name': 'kernel-ci / selftests',
      'github-event': prEvent,
    },
    env: {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: workflowRunEvent,
      GITHUB_REPOSITORY: 'octo/linux',
      GITHUB_WORKFLOW: 'kernel-ci report',
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: 'ghs_test',
    },
    timeoutMs: 120_000,
  });

describe('report action: pull-request comment and check run (GitHub API stand-in)', () => {
  it('the validator refuses what GitHub would', () => {
    expect(
      matchOperation('POST', '/repos/o/r/check-runs', {
        name: 'x',
        output: { title: 't', summary: 's', annotations: Array(51).fill({ path: 'a' }) },
      }).violations,
    ).toEqual(
      expect.arrayContaining([
        'body.head_sha: required',
        'body.output.annotations: 51 items, at most 50',
        'body.output.annotations[0].start_line: required',
        'body.output.annotations[0].annotation_level: required',
      ]),
    );
    expect(matchOperation('PUT', '/repos/o/r/issues/comments/1', { body: 'x' }).violations).toEqual(
      ["PUT /repos/o/r/issues/comments/1: no such operation in GitHub's REST API"],
    );
  });

  it('comments once and edits that comment on the next run; the check run carries every failure, 50 per request', async () => {
    // A person's comment is there first: it stays as it is.
    // Someone quoting our marker does not make their comment ours.
    gh.comments.set(7, [
      {
        id: 1,
        body: 'LGTM\n> <!-- kernel-ci-report: kernel-ci report -->',
        user: { login: 'maintainer', type: 'User' },
      },
    ]);

    const first = await report(resultsWith(120));
    expect(first.exitCode, first.stdout.slice(-3000)).toBe(1);
    expect(gh.requests.flatMap((r) => r.violations)).toEqual([]);
    expect(gh.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'checks/create',
      'checks/update',
      'checks/update',
    ]);
    const [human, ours] = gh.comments.get(7)!;
    expect(human!.body).toBe('LGTM\n> <!-- kernel-ci-report: kernel-ci report -->');
    expect(ours!.body).toMatch(
      /^<!-- kernel-ci-report: kernel-ci report -->\n## 🔴 Unstable — net\/mptcp\n/,
    );
    expect(ours!.body).toContain('https://github.com/octo/linux/actions/runs/555');

    const check = [...gh.checkRuns.values()][0]!;
    expect(check).toMatchObject({
      name: 'kernel-ci / selftests',
      head_sha: 'c0ffee',
      status: 'completed',
      conclusion: 'failure',
    });
    expect(check.annotations).toHaveLength(120);
    const sizes = gh.requests
      .filter((r) => r.operationId?.startsWith('checks/'))
      .map(
        (r) => ((r.body as { output: { annotations: unknown[] } }).output.annotations ?? []).length,
      );
    expect(sizes).toEqual([50, 50, 20]);
    expect(check.annotations[119]).toMatchObject({
      path: '.github',
      annotation_level: 'failure',
      title: 'fail: net/mptcp / mptcp_join.sh / case 119',
    });
    // The status stays in progress until the last batch.
    expect(
      gh.requests
        .filter((r) => r.operationId?.startsWith('checks/'))
        .map((r) => (r.body as { status: string }).status),
    ).toEqual(['in_progress', 'in_progress', 'completed']);

    gh.requests.length = 0;
    const second = await report(resultsWith(3));
    expect(second.exitCode).toBe(1);
    expect(gh.requests.flatMap((r) => r.violations)).toEqual([]);
    expect(gh.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/update-comment',
      'checks/create',
    ]);
    expect(gh.requests[1]!.params.comment_id).toBe(String(ours!.id));
    const after = gh.comments.get(7)!;
    expect(after).toHaveLength(2);
    expect(after[1]!.body).toContain('3 failed subtest');
  }, 240_000);
});
