// The commands that reproduce a run on a maintainer's laptop: the tested
// tree at its commit, the CI run whose artifacts hold the kernel, and the
// kernel-ci invocation itself through an installable CLI (npx from the
// repository at an exact ref), with the flags actually given (defaults left
// out) and every path relative to the checkout, never a runner's home.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasGiven, type ParsedFlags } from '../cli/args.js';
import { shellWord as q } from '../core/shell.js';

type Env = Record<string, string | undefined>;

// Set at bundling (scripts/build.mjs); 'dev' when run from the sources.
declare const __KCI_VERSION__: string | undefined;
const VERSION = typeof __KCI_VERSION__ === 'string' ? __KCI_VERSION__ : 'dev';

/** A git checkout: where it is, where it came from, which commit. */
export interface Checkout {
  root: string;
  /** Clone URL (origin), when there is one. */
  url?: string;
  commit?: string;
}

export interface ReproduceContext {
  env: Env;
  cwd: string;
  /** The tested tree: the workspace in Actions, the git checkout around cwd in a terminal. */
  tree?: Checkout;
  /** npm package spec of this kernel-ci (`github:owner/name#ref`, `git+file://…#sha`). */
  cli: string;
}

const git = (cwd: string, ...args: string[]): string | undefined => {
  const r = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
};

/** The git checkout holding `dir`, if any. */
export function checkoutOf(dir: string): Checkout | undefined {
  const root = git(dir, 'rev-parse', '--show-toplevel');
  if (!root) return undefined;
  const url = git(root, 'remote', 'get-url', 'origin');
  const commit = git(root, 'rev-parse', 'HEAD');
  return { root, ...(url ? { url } : {}), ...(commit ? { commit } : {}) };
}

/** `github:owner/name` for GitHub URLs, `git+URL` otherwise (a local path becomes file://). */
export function npmGitSpec(url: string, ref: string): string {
  const gh =
    /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  if (gh) return `github:${gh[1]}#${ref}`;
  if (/^[a-z+]+:\/\//.test(url)) return `${url.startsWith('git+') ? '' : 'git+'}${url}#${ref}`;
  return `git+file://${resolve(url)}#${ref}`;
}

const DEFAULT_REPOSITORY = 'kernel-ci-actions/kernel-ci-actions';

/**
 * Which kernel-ci to install. In Actions: the action's own repository and
 * ref (what the workflow pinned). Elsewhere: the kernel-ci-actions checkout
 * this code runs from, at its commit; else the release tag of this version.
 */
export function cliSpec(env: Env, version: string, here = fileURLToPath(import.meta.url)): string {
  const actionRepo = env.GITHUB_ACTION_REPOSITORY;
  const actionRef = env.GITHUB_ACTION_REF;
  if (actionRepo && actionRef && /kernel-ci/i.test(actionRepo))
    return `github:${actionRepo}#${actionRef}`;
  for (let dir = dirname(here); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    try {
      if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name !== 'kernel-ci-actions')
        break;
    } catch {
      break;
    }
    const own = checkoutOf(dir);
    if (own?.commit && own.root === dir) return npmGitSpec(own.url ?? dir, own.commit);
    break;
  }
  return `github:${DEFAULT_REPOSITORY}#v${version}`;
}

/** The context of this process: Actions' variables, else git around cwd. */
export function reproduceContext(version: string, env: Env = process.env): ReproduceContext {
  const cwd = process.cwd();
  let tree: Checkout | undefined;
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY && env.GITHUB_WORKSPACE) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    tree = {
      root: env.GITHUB_WORKSPACE,
      url: `${server}/${env.GITHUB_REPOSITORY}`,
      ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}),
    };
  } else tree = checkoutOf(cwd);
  return { env, cwd, ...(tree ? { tree } : {}), cli: cliSpec(env, version) };
}

// Flags whose value names a file or directory (by their argument's name).
const PATHISH = /DIR|FILE|PATH|BZIMAGE|BUNDLE|DEB|RESULTS/;

/** A path inside the checkout, relative to its root; outside, as given. */
function portablePath(value: string, ctx: ReproduceContext): string {
  const abs = resolve(ctx.cwd, value);
  if (!ctx.tree) return value;
  const rel = relative(ctx.tree.root, abs);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return value;
  // A target name (net/mptcp) that happens not to exist stays as written.
  return isAbsolute(value) || existsSync(abs) ? rel : value;
}

/**
 * The lines to paste: clone the tree at the commit (when known), fetch the
 * run's artifacts (in Actions: the kernel bundle the job booted is one), run
 * kernel-ci with the exact selection.
 */
export function reproduceLine(
  cmd: string,
  flags: ParsedFlags,
  specs: Record<string, { default?: unknown; type: string; arg?: string }>,
  ctx: ReproduceContext = reproduceContext(VERSION),
): string {
  // npx runs a package's bin with the words after the spec as arguments:
  // --package names the package, kernel-ci the command.
  const parts = ['npx', '--yes', `--package=${ctx.cli}`, 'kernel-ci', cmd];
  for (const [k, spec] of Object.entries(specs)) {
    const v = flags[k];
    // A flag set to its default still says something when a plan file would change it.
    if (v === undefined || (v === spec.default && !wasGiven(flags, k))) continue;
    const value = (x: string) => q(spec.arg && PATHISH.test(spec.arg) ? portablePath(x, ctx) : x);
    if (Array.isArray(v)) for (const x of v as string[]) parts.push(`--${k}`, value(x));
    else if (spec.type === 'bool') {
      if (v === true) parts.push(`--${k}`);
      else if (v === false && spec.default === true) parts.push(`--no-${k}`);
    } else parts.push(`--${k}`, value(String(v)));
  }
  const lines: string[] = [];
  const t = ctx.tree;
  if (t?.url) {
    const dir =
      t.url
        .replace(/\/+$/, '')
        .replace(/\.git$/, '')
        .split(/[/:]/)
        .pop() || 'tree';
    lines.push(
      `git clone ${q(t.url)} ${q(dir)} && cd ${q(dir)}${t.commit ? ` && git checkout ${t.commit}` : ''}`,
    );
  } else if (t?.commit) lines.push(`# in the tested tree: git checkout ${t.commit}`);
  const e = ctx.env;
  if (e.GITHUB_ACTIONS === 'true' && e.GITHUB_RUN_ID && e.GITHUB_REPOSITORY)
    lines.push(
      `# the kernel and the results of run ${e.GITHUB_RUN_ID}: gh run download ${e.GITHUB_RUN_ID} -R ${e.GITHUB_REPOSITORY} (put the kernel bundle where --kernel says)`,
    );
  lines.push(parts.join(' '));
  return lines.join('\n');
}
