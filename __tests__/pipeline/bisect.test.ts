import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { bisectCommand } from '../../src/pipeline/bisect.js';
import { fileHost } from '../../src/pipeline/repeat.js';

// Everything bisect can refuse before it builds anything, on a real (tiny) git repository.
let dir: string;
let repo: string;
const commits: string[] = [];
const git = (...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@localhost',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@localhost',
    },
  }).trim();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kci-bisect-'));
  repo = join(dir, 'repo');
  mkdirSync(repo);
  git('init', '-q');
  for (let i = 1; i <= 3; i++) {
    writeFileSync(join(repo, 'f'), `${i}\n`);
    git('add', 'f');
    git('commit', '-q', '-m', `c${i}`);
    commits.push(git('rev-parse', 'HEAD'));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = () => fileHost(join(dir, 'host.log'));
const refuse = async (flags: Record<string, unknown>, message: RegExp) => {
  const err = await bisectCommand(
    { out: join(dir, 'out'), confidence: '0.95', ...flags } as never,
    host(),
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UsageError);
  expect((err as Error).message).toMatch(message);
};

describe('bisect refuses at once', () => {
  it('without --source, --good or --bad', async () => {
    await refuse({ source: repo, bad: commits[2] }, /--good is required/);
    await refuse({ good: commits[0], bad: commits[2] }, /--source is required/);
  });
  it('a directory that is no git repository', async () => {
    await refuse({ source: dir, good: 'a', bad: 'b' }, /not a git repository/);
  });
  it('a revision that is no commit', async () => {
    await refuse({ source: repo, good: 'nope', bad: commits[2] }, /--good nope: not a commit/);
  });
  it('a good commit that is not an ancestor of the bad one, or the same', async () => {
    await refuse({ source: repo, good: commits[2], bad: commits[0] }, /is not an ancestor/);
    await refuse({ source: repo, good: commits[1], bad: commits[1] }, /the same commit/);
  });
  it('a confidence that is no probability', async () => {
    await refuse(
      { source: repo, good: commits[0], bad: commits[2], confidence: '95' },
      /--confidence/,
    );
  });
  it('--resume of a directory without a log', async () => {
    await refuse({ resume: dir }, /no bisect.json there/);
  });
});

describe('bisect on a bare repository', () => {
  it('checks the bad commit out in its own worktree, logs, and leaves the repository alone', async () => {
    const bare = join(dir, 'bare.git');
    execFileSync('git', ['clone', '-q', '--bare', repo, bare]);
    const out = join(dir, 'bare-out');
    // Not a kernel tree: the build refuses it, after the worktree and the log are made.
    const cli = (args: string[]) =>
      main(['bisect', ...args], host(), () => undefined).catch((e: unknown) => e);
    const err = await cli([
      '--source',
      bare,
      '--good',
      commits[0]!,
      '--bad',
      commits[2]!,
      '--out',
      out,
    ]);
    expect((err as Error).message).toMatch(/is not a kernel source tree/);
    const tree = join(out, 'tree');
    expect(
      execFileSync('git', ['-C', tree, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
    ).toBe(commits[2]);
    const log = JSON.parse(readFileSync(join(out, 'bisect.json'), 'utf8')) as {
      commits: string[];
      good: string;
    };
    expect(log.good).toBe(commits[0]);
    expect(log.commits).toEqual([commits[1], commits[2]]);
    // The user's own checkout did not move.
    expect(git('rev-parse', 'HEAD')).toBe(commits[2]);
    // A second bisection into the same --out is refused; --resume finds the log and its worktree.
    await refuse({ source: bare, good: commits[0], bad: commits[2], out }, /--resume/);
    const again = await cli(['--resume', out]);
    expect((again as Error).message).toMatch(/is not a kernel source tree/);
  });
});
