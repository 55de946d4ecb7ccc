import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import {
  cliSpec,
  npmGitSpec,
  reproduceContext,
  reproduceLine,
} from '../../src/pipeline/reproduce.js';
import { repoRoot } from '../helpers/dist.js';

const actionsEnv = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'torvalds/linux',
  GITHUB_SHA: 'abc123',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKSPACE: '/home/runner/work/linux/linux',
  GITHUB_RUN_ID: '42',
  GITHUB_ACTION_REPOSITORY: 'kernel-ci-actions/kernel-ci-actions',
  GITHUB_ACTION_REF: 'v0',
};

describe('reproduceLine', () => {
  it('in Actions: the tree at its commit, the run that holds the kernel, the action pinned as the CLI, paths relative to the checkout', () => {
    const ctx = { ...reproduceContext('0.1.0', actionsEnv), cwd: actionsEnv.GITHUB_WORKSPACE };
    const line = reproduceLine(
      'run',
      {
        kernel: '/home/runner/work/linux/linux/kernel/kernel.tar.zst',
        kselftest: ['net/mptcp'],
        shard: '2/3',
        retries: 1,
        out: 'out/run',
      },
      runFlags,
      ctx,
    );
    expect(line.split('\n')).toEqual([
      'git clone https://github.com/torvalds/linux linux && cd linux && git checkout abc123',
      '# the kernel and the results of run 42: gh run download 42 -R torvalds/linux (put the kernel bundle where --kernel says)',
      'npx --yes --package=github:kernel-ci-actions/kernel-ci-actions#v0 kernel-ci run --kernel kernel/kernel.tar.zst --kselftest net/mptcp --retries 1 --shard 2/3',
    ]);
    expect(line).not.toContain('/home/runner');
  });

  it('on a terminal without a checkout: the flags as given, the release of this version', () => {
    const line = reproduceLine(
      'run',
      { kernel: '/srv/k/bzImage', command: ["x=echo 'hi'"], accel: 'tcg' },
      runFlags,
      { env: {}, cwd: '/nonexistent', cli: cliSpec({}, '1.2.3', '/nonexistent/x.js') },
    );
    expect(line).toBe(
      `npx --yes --package=github:kernel-ci-actions/kernel-ci-actions#v1.2.3 kernel-ci run --kernel /srv/k/bzImage --command 'x=echo '\\''hi'\\''' --accel tcg`,
    );
  });

  it('runs from a kernel-ci-actions checkout: that checkout at its commit is the CLI', () => {
    const spec = cliSpec({}, '0.1.0', `${repoRoot}/src/pipeline/reproduce.ts`);
    expect(spec).toMatch(/^(github:[\w.-]+\/[\w.-]+|git\+.+)#[0-9a-f]{40}$/);
  });
});

describe('reproduceLine keeps what the user set', () => {
  it('a flag set to its default is kept (it may override a plan file), an unset one is not', () => {
    const ctx = { env: {}, cwd: '/nonexistent', cli: 'X' };
    const line = (...argv: string[]) =>
      reproduceLine('run', parseFlags(argv, runFlags).flags, runFlags, ctx);
    expect(line('--plan', 'p.yml', '--retries', '0')).toBe(
      'npx --yes --package=X kernel-ci run --plan p.yml --retries 0',
    );
    expect(line('--plan', 'p.yml')).toBe('npx --yes --package=X kernel-ci run --plan p.yml');
  });
});

describe('npmGitSpec', () => {
  it.each([
    ['https://github.com/o/r.git', 'github:o/r#v1'],
    ['git@github.com:o/r.git', 'github:o/r#v1'],
    ['https://gitlab.com/o/r.git', 'git+https://gitlab.com/o/r.git#v1'],
    ['/work/main', 'git+file:///work/main#v1'],
  ])('%s', (url, spec) => expect(npmGitSpec(url, 'v1')).toBe(spec));
});
