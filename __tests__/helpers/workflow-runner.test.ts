// The workflow runner emulates what the documented workflows rely on; these
// pin its semantics to GitHub's documentation, so a workflow test that passes
// means what it says.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArtifactStore,
  CacheStore,
  evaluateExpression,
  expandMatrix,
  globMatch,
  modes,
  WorkflowRunner,
  type WorkflowRun,
} from './workflow-runner.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kci-wfr-'));

function runner(
  root = tmp(),
  extra: Partial<ConstructorParameters<typeof WorkflowRunner>[0]> = {},
) {
  return new WorkflowRunner({
    root,
    artifacts: new ArtifactStore(join(root, 'artifacts')),
    cache: new CacheStore(join(root, 'cache')),
    ours: {
      repo: 'kernel-ci-actions/kernel-ci-actions',
      dir: join(root, 'none'),
      dist: join(root, 'none'),
    },
    checkout: (ws) => writeFileSync(join(ws, 'Makefile'), 'all:\n'),
    ...extra,
  });
}

async function runYaml(
  yaml: string,
  r = runner(),
  event = { name: 'push', payload: {} },
): Promise<WorkflowRun> {
  const file = join(tmp(), 'w.yml');
  writeFileSync(file, yaml);
  return r.run(file, event);
}

const step = (run: WorkflowRun, job: string, name: string) =>
  run.jobs.find((j) => j.name === job)!.steps.find((s) => s.name === name)!;

describe('workflow runner', () => {
  it('expressions: GitHub evaluator, status functions, string conversion', () => {
    const ctx = { matrix: { config: 'debug' }, inputs: { debug: false } };
    expect(evaluateExpression("matrix.config == 'debug' && 'debug' || ''", ctx)).toBe('debug');
    expect(evaluateExpression("inputs.debug && 'debug' || ''", ctx)).toBe('');
    expect(evaluateExpression("format('{0}-{1}', matrix.config, 1)", ctx)).toBe('debug-1');
    expect(evaluateExpression('always()', ctx, { success: () => false, failure: () => true })).toBe(
      true,
    );
    expect(
      evaluateExpression('success()', ctx, { success: () => false, failure: () => true }),
    ).toBe(false);
  });

  it('matrix: product, exclude, include as the docs define them', () => {
    expect(expandMatrix({ a: [1, 2], b: ['x', 'y'] })).toHaveLength(4);
    expect(expandMatrix({ a: [1, 2], b: ['x', 'y'], exclude: [{ a: 2, b: 'y' }] })).toHaveLength(3);
    expect(expandMatrix({ a: [1, 2], include: [{ a: 1, extra: 'e' }, { a: 3 }] })).toEqual([
      { a: 1, extra: 'e' },
      { a: 2 },
      { a: 3 },
    ]);
  });

  it('globs as @actions/glob: * within a segment, ** across', () => {
    expect(globMatch('results-*', 'results-debug-1')).toBe(true);
    expect(globMatch('a/*/c', 'a/b/b/c')).toBe(false);
    expect(globMatch('a/**/c', 'a/b/b/c')).toBe(true);
  });

  it('needs order, skipped dependants, if: always(), step outputs, continue after failure() only', async () => {
    const run = await runYaml(`
on: push
permissions: {}
jobs:
  last:
    needs: [first]
    if: always()
    runs-on: ubuntu-24.04
    steps:
      - run: echo "first was \${{ needs.first.result }}"
  first:
    runs-on: ubuntu-24.04
    steps:
      - id: a
        run: echo "x=1" >> "$GITHUB_OUTPUT"
      - run: test "\${{ steps.a.outputs.x }}" = 1 && exit 7
      - name: skipped
        run: echo no
      - name: on-failure
        if: failure()
        run: echo yes
  never:
    needs: first
    runs-on: ubuntu-24.04
    steps:
      - run: echo no
`);
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['first', 'failure'],
      ['last', 'success'],
      ['never', 'skipped'],
    ]);
    expect(step(run, 'first', 'skipped').outcome).toBe('skipped');
    expect(step(run, 'first', 'on-failure').outcome).toBe('success');
    expect(run.jobs[1]!.steps[0]!.log).toContain('first was failure');
  });

  it('upload-artifact@v4 keeps contents only (0644 files, 0755 dirs), drops hidden files, refuses a name twice; download by name, by pattern, merged', async () => {
    const r = runner();
    const run = await runYaml(
      `
on: push
permissions: {}
jobs:
  up:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - run: |
          mkdir -p o/sub && echo \${{ matrix.n }} > o/sub/f && touch o/.env
          printf "#!/bin/sh\\n" > o/x.sh && chmod 755 o/x.sh
      - uses: actions/upload-artifact@v4
        with:
          name: r-\${{ matrix.n }}
          path: o
      - name: again
        uses: actions/upload-artifact@v4
        with:
          name: r-\${{ matrix.n }}
          path: o
        continue-on-error: true
  down:
    needs: up
    if: always()
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: r-1
          path: byname
      - uses: actions/download-artifact@v4
        with:
          pattern: r-*
          path: bypattern
      - uses: actions/download-artifact@v4
        with:
          pattern: r-*
          path: merged
          merge-multiple: true
      - name: missing
        uses: actions/download-artifact@v4
        with:
          name: nope
        continue-on-error: true
`,
      r,
    );
    expect(step(run, 'up (1)', 'again').outcome).toBe('failure');
    expect(step(run, 'up (1)', 'again').errors.join()).toMatch(/Conflict/);
    const ws = run.jobs.find((j) => j.id === 'down')!.workspace;
    expect(modes(join(ws, 'byname'))).toEqual({ 'sub/f': '644', 'x.sh': '644' });
    expect(Object.keys(modes(join(ws, 'bypattern'))).sort()).toEqual([
      'r-1/sub/f',
      'r-1/x.sh',
      'r-2/sub/f',
      'r-2/x.sh',
    ]);
    expect(Object.keys(modes(join(ws, 'merged'))).sort()).toEqual(['sub/f', 'x.sh']);
    expect(step(run, 'down', 'missing').errors.join()).toMatch(/Artifact not found for name: nope/);
    expect(run.results.down).toBe('success');
  });

  it('upload-artifact@v4: a single file lands at the artifact root; nothing found warns', async () => {
    const run = await runYaml(`
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: mkdir -p out/run && echo '{}' > out/run/results.json
      - uses: actions/upload-artifact@v4
        with:
          name: one
          path: out/run/results.json
      - name: none
        uses: actions/upload-artifact@v4
        with:
          name: two
          path: out/nothing
      - uses: actions/download-artifact@v4
        with:
          pattern: one
          path: got
`);
    expect(Object.keys(modes(join(run.jobs[0]!.workspace, 'got')))).toEqual(['one/results.json']);
    expect(step(run, 'a', 'none').warnings.join()).toMatch(/No files were found/);
  });

  it('cache@v4: exact key hits; otherwise restore-keys by prefix, newest first; saved after the job on a miss', async () => {
    const r = runner();
    const wf = (key: string) => `
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - id: c
        uses: actions/cache@v4
        with:
          path: cached
          key: ${key}
          restore-keys: k-
      - run: |
          echo "hit=\${{ steps.c.outputs.cache-hit }} matched=\${{ steps.c.outputs.cache-matched-key }} has=$(cat cached/v 2>/dev/null)"
          mkdir -p cached && echo ${key} > cached/v
`;
    const a = await runYaml(wf('k-1'), r);
    const b = await runYaml(wf('k-2'), r);
    const c = await runYaml(wf('k-2'), r);
    expect(a.jobs[0]!.steps[1]!.log).toContain('hit=false matched= has=');
    expect(b.jobs[0]!.steps[1]!.log).toContain('hit=false matched=k-1 has=k-1');
    expect(c.jobs[0]!.steps[1]!.log).toContain('hit=true matched=k-2 has=k-2');
  });

  it('checkout writes the token into .git/config unless persist-credentials: false', async () => {
    const run = await runYaml(`
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
  b:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
`);
    const git = (j: number) => {
      try {
        return readFileSync(join(run.jobs[j]!.workspace, '.git/config'), 'utf8');
      } catch {
        return '';
      }
    };
    expect(git(0)).toMatch(/AUTHORIZATION/);
    expect(git(1)).toBe('');
    expect(readFileSync(join(run.jobs[1]!.workspace, 'Makefile'), 'utf8')).toBe('all:\n');
  });

  it('publish-unit-test-result-action: needs checks and pull-requests write (its README), warns on the deprecated files input', async () => {
    const yaml = (perms: string, input: string) => `
on: push
permissions:
${perms}
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo '<testsuite><testcase name="a"/></testsuite>' > junit.xml
      - uses: EnricoMi/publish-unit-test-result-action@v2
        with:
          ${input}: junit.xml
`;
    const without = await runYaml(yaml('  checks: write', 'junit_files'));
    expect(without.results.a).toBe('failure');
    expect(without.jobs[0]!.steps[1]!.errors.join()).toMatch(/pull-requests: write/);
    const old = await runYaml(yaml('  checks: write\n  pull-requests: write', 'files'));
    expect(old.results.a).toBe('success');
    expect(old.jobs[0]!.steps[1]!.warnings.join()).toMatch(/deprecated/);
    const ok = await runYaml(yaml('  checks: write\n  pull-requests: write', 'junit_files'));
    expect(ok.jobs[0]!.steps[1]!.warnings).toEqual([]);
    expect(ok.jobs[0]!.steps[1]!.outputs.json).toBe('{"files":1,"tests":1}');
  });
});
