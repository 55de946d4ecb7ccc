import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  getOctokit
} from "./chunk-HFOPECYG.js";
import {
  getInput,
  info,
  warning
} from "./chunk-V6VHVVA3.js";
import {
  batches
} from "./chunk-ENS4J5SQ.js";
import "./chunk-RRCOAR6J.js";
import "./chunk-UF36CKJT.js";
import "./chunk-JXQP2R3W.js";

// src/github/review.ts
async function upsertComment(octokit, owner, repo, issue_number, marker, body) {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
    per_page: 100
  });
  const mine = comments.find((c) => c.user?.type === "Bot" && c.body?.includes(marker));
  if (mine) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    return { id: mine.id, created: false };
  }
  const made = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
  return { id: made.data.id, created: true };
}
async function postCheckRun(octokit, owner, repo, head_sha, plan) {
  const parts = batches(plan.annotations);
  const output = (i) => ({
    title: plan.title,
    summary: plan.summary,
    ...parts[i] ? { annotations: parts[i] } : {}
  });
  const last = Math.max(0, parts.length - 1);
  const done = (i) => i === last ? {
    status: "completed",
    conclusion: plan.conclusion,
    completed_at: (/* @__PURE__ */ new Date()).toISOString()
  } : { status: "in_progress" };
  const created = await octokit.rest.checks.create({
    owner,
    repo,
    name: plan.name,
    head_sha,
    ...done(0),
    output: output(0)
  });
  for (let i = 1; i < parts.length; i++)
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      ...done(i),
      output: output(i)
    });
  return created.data.id;
}
async function postReview(target, post) {
  const token = getInput("github-token") || process.env.GITHUB_TOKEN;
  if (!token) {
    warning("pull-request comment and check run need a token (GITHUB_TOKEN): not posted");
    return;
  }
  const [owner, repo] = target.repository.split("/");
  const octokit = getOctokit(token);
  if (post.comment) {
    if (target.pullRequest === void 0)
      warning("pr-comment: no pull request in this event (give github-event): not posted");
    else
      try {
        const r = await upsertComment(
          octokit,
          owner,
          repo,
          target.pullRequest,
          post.comment.marker,
          post.comment.body
        );
        info(
          `${r.created ? "commented on" : "updated the comment on"} #${target.pullRequest}`
        );
      } catch (err) {
        warning(`pull-request comment not posted: ${err.message}`);
      }
  }
  if (post.check) {
    if (!target.sha) warning("check run: no commit to attach it to: not posted");
    else
      try {
        const id = await postCheckRun(octokit, owner, repo, target.sha, post.check);
        info(
          `check run ${id} '${post.check.name}': ${post.check.conclusion}, ${post.check.annotations.length} annotation(s)`
        );
      } catch (err) {
        warning(`check run not posted: ${err.message}`);
      }
  }
}
export {
  postCheckRun,
  postReview,
  upsertComment
};
