// What a report needs to know about the CI run it belongs to: which branch,
// whether it is a pull request (and which), the run's id, commit and link.
// Read from the runner's environment and the event payload; a report posted
// from a workflow_run job reads the pull request's own event (the artifact
// pr-checks.yml uploads), since workflow_run's pull_requests list is empty
// for forks.
import { readFileSync } from 'node:fs';

export interface CiContext {
  /** The event of the run that tested the code (pull_request, push...). */
  event?: string;
  /** The branch the run is on (push), or the pull request's head branch. */
  branch?: string;
  /** A pull request's base branch. */
  baseBranch?: string;
  defaultBranch?: string;
  pullRequest?: number;
  /** The commit tested (a pull request's head). */
  sha?: string;
  runId?: string;
  runAttempt?: string;
  repository?: string;
  runUrl?: string;
}

type Env = Record<string, string | undefined>;

interface Payload {
  repository?: { default_branch?: string; full_name?: string };
  pull_request?: {
    number?: number;
    head?: { sha?: string; ref?: string };
    base?: { ref?: string };
  };
  workflow_run?: {
    id?: number;
    event?: string;
    head_sha?: string;
    head_branch?: string;
    run_attempt?: number;
    html_url?: string;
    pull_requests?: { number?: number; base?: { ref?: string } }[];
  };
}

function readPayload(path: string | undefined): Payload {
  if (!path) return {};
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null ? (json as Payload) : {};
  } catch {
    return {};
  }
}

export const isPullRequestEvent = (e: string | undefined): boolean =>
  e === 'pull_request' || e === 'pull_request_target';

/**
 * The context from the environment. `eventFile`, when given, is the
 * pull request's own event payload and wins over GITHUB_EVENT_PATH.
 */
export function ciContext(raw: Env = process.env, eventFile?: string): CiContext {
  // The runner sets GITHUB_HEAD_REF and GITHUB_BASE_REF empty outside pull requests.
  const env = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '')) as Env;
  const own = readPayload(env.GITHUB_EVENT_PATH);
  const given = eventFile ? readPayload(eventFile) : undefined;
  const wr = own.workflow_run;
  const pr = given?.pull_request ?? own.pull_request;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? own.repository?.full_name;
  const ctx: CiContext = {
    defaultBranch: own.repository?.default_branch ?? given?.repository?.default_branch,
    repository,
  };
  if (wr) {
    // Reporting after another run: that run is the one tested.
    ctx.event = given?.pull_request ? 'pull_request' : wr.event;
    ctx.runId = wr.id !== undefined ? String(wr.id) : undefined;
    ctx.runAttempt = wr.run_attempt !== undefined ? String(wr.run_attempt) : undefined;
    ctx.sha = pr?.head?.sha ?? wr.head_sha;
    ctx.branch = pr?.head?.ref ?? wr.head_branch;
    ctx.pullRequest = pr?.number ?? wr.pull_requests?.[0]?.number;
    ctx.baseBranch = pr?.base?.ref ?? wr.pull_requests?.[0]?.base?.ref;
    ctx.runUrl = wr.html_url;
  } else {
    ctx.event = given?.pull_request ? 'pull_request' : env.GITHUB_EVENT_NAME;
    ctx.runId = env.GITHUB_RUN_ID;
    ctx.runAttempt = env.GITHUB_RUN_ATTEMPT;
    ctx.sha = pr?.head?.sha ?? env.GITHUB_SHA;
    ctx.branch = pr?.head?.ref ?? env.GITHUB_HEAD_REF ?? env.GITHUB_REF_NAME;
    ctx.pullRequest = pr?.number;
    ctx.baseBranch = pr?.base?.ref ?? env.GITHUB_BASE_REF;
    if (ctx.runId && repository) ctx.runUrl = `${server}/${repository}/actions/runs/${ctx.runId}`;
  }
  if (ctx.pullRequest !== undefined || ctx.baseBranch) ctx.event ??= 'pull_request';
  return ctx;
}

export const isPullRequest = (ctx: CiContext): boolean =>
  isPullRequestEvent(ctx.event) || ctx.pullRequest !== undefined;
