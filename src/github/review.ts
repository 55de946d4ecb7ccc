// Posting on a pull request through @actions/github: the report comment,
// edited in place (found by its hidden marker among the PR's comments), and
// a check run carrying every failing subtest as an annotation, 50 per
// request (created with the first batch, the others added by updates, the
// conclusion set with the last). The token (GITHUB_TOKEN, or the
// github-token input) needs pull-requests: write and checks: write; nothing
// here runs the pull request's code, so it works from a workflow_run job.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { batches, type CheckRunPlan } from '../core/review.js';
import type { ReviewPost, ReviewTarget } from '../pipeline/host.js';

type Octokit = ReturnType<typeof getOctokit>;

export async function upsertComment(
  octokit: Octokit,
  owner: string,
  repo: string,
  issue_number: number,
  marker: string,
  body: string,
): Promise<{ id: number; created: boolean }> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
    per_page: 100,
  });
  // Ours is a bot's: a person quoting the marker does not make theirs ours.
  const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.includes(marker));
  if (mine) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    return { id: mine.id, created: false };
  }
  const made = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
  return { id: made.data.id, created: true };
}

export async function postCheckRun(
  octokit: Octokit,
  owner: string,
  repo: string,
  head_sha: string,
  plan: CheckRunPlan,
): Promise<number> {
  const parts = batches(plan.annotations);
  const output = (i: number) => ({
    title: plan.title,
    summary: plan.summary,
    ...(parts[i] ? { annotations: parts[i] } : {}),
  });
  const last = Math.max(0, parts.length - 1);
  const done = (i: number) =>
    i === last
      ? {
          status: 'completed' as const,
          conclusion: plan.conclusion,
          completed_at: new Date().toISOString(),
        }
      : { status: 'in_progress' as const };
  const created = await octokit.rest.checks.create({
    owner,
    repo,
    name: plan.name,
    head_sha,
    ...done(0),
    output: output(0),
  });
  for (let i = 1; i < parts.length; i++)
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      ...done(i),
      output: output(i),
    });
  return created.data.id;
}

/** Posts what was asked; a failure to post is a warning, never the report's failure. */
export async function postReview(target: ReviewTarget, post: ReviewPost): Promise<void> {
  const token = core.getInput('github-token') || process.env.GITHUB_TOKEN;
  if (!token) {
    core.warning('pull-request comment and check run need a token (GITHUB_TOKEN): not posted');
    return;
  }
  const [owner, repo] = target.repository.split('/') as [string, string];
  const octokit = getOctokit(token);
  if (post.comment) {
    if (target.pullRequest === undefined)
      core.warning('pr-comment: no pull request in this event (give github-event): not posted');
    else
      try {
        const r = await upsertComment(
          octokit,
          owner,
          repo,
          target.pullRequest,
          post.comment.marker,
          post.comment.body,
        );
        core.info(
          `${r.created ? 'commented on' : 'updated the comment on'} #${target.pullRequest}`,
        );
      } catch (err) {
        core.warning(`pull-request comment not posted: ${(err as Error).message}`);
      }
  }
  if (post.check) {
    if (!target.sha) core.warning('check run: no commit to attach it to: not posted');
    else
      try {
        const id = await postCheckRun(octokit, owner, repo, target.sha, post.check);
        core.info(
          `check run ${id} '${post.check.name}': ${post.check.conclusion}, ${post.check.annotations.length} annotation(s)`,
        );
      } catch (err) {
        core.warning(`check run not posted: ${(err as Error).message}`);
      }
  }
}
