// The documented workflows are meant to be copy-pasted: each must parse and
// validate against the Actions workflow schema, and use our actions with
// inputs those actions declare.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { repoRoot } from '../helpers/dist.js';

const dir = join(repoRoot, 'docs/workflows');
const files = [
  ...readdirSync(dir).map((f) => join('docs/workflows', f)),
  '.github/workflows/ci.yml',
];

const actionInputs = (path: string): Set<string> => {
  const doc = parse(readFileSync(join(repoRoot, path), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  return new Set(Object.keys(doc.inputs));
};
const ours: Record<string, Set<string>> = {
  'kernel-ci-actions/kernel-ci-actions': actionInputs('action.yml'),
  'kernel-ci-actions/kernel-ci-actions/actions/build': actionInputs('actions/build/action.yml'),
  'kernel-ci-actions/kernel-ci-actions/actions/run': actionInputs('actions/run/action.yml'),
  'kernel-ci-actions/kernel-ci-actions/actions/report': actionInputs('actions/report/action.yml'),
};

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

const readmeWorkflows = [
  ...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g),
].map((m) => m[1]!);

describe('documented workflows', () => {
  it.each(readmeWorkflows.map((w, i) => [i, w]))(
    'README workflow #%i validates against the workflow schema',
    (_i, content) => {
      const result = parseWorkflow({ name: 'readme.yml', content }, new NoOperationTraceWriter());
      expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    },
  );

  it('there are PR checks, a fork-safe report, a scheduled stable run and a manual reproduce run', () => {
    const names = readdirSync(dir);
    expect(names).toEqual(
      expect.arrayContaining([
        'pr-checks.yml',
        'pr-report.yml',
        'stable-kernels.yml',
        'reproduce.yml',
      ]),
    );
  });

  it.each(files)('%s validates against the workflow schema', (file) => {
    const content = readFileSync(join(repoRoot, file), 'utf8');
    const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect(result.value).toBeDefined();
  });

  it.each(files)(
    '%s passes our actions only inputs they declare, never interpolates into run:',
    (file) => {
      const doc = parse(readFileSync(join(repoRoot, file), 'utf8')) as {
        permissions?: unknown;
        jobs: Record<string, { steps: Step[] }>;
      };
      expect(doc.permissions, 'top-level permissions are minimal and explicit').toBeDefined();
      for (const job of Object.values(doc.jobs)) {
        for (const step of job.steps) {
          if (step.run)
            expect(step.run, 'inputs must not be interpolated into shell').not.toMatch(
              /\$\{\{\s*(inputs|github\.event)\./,
            );
          if (step.uses?.startsWith('actions/checkout@'))
            expect(
              step.with?.['persist-credentials'],
              'guests read the host fs: no token on disk',
            ).toBe(false);
          const ref = step.uses?.split('@')[0];
          if (ref && ours[ref])
            for (const k of Object.keys(step.with ?? {}))
              expect(ours[ref]!.has(k), `${ref} has no input '${k}'`).toBe(true);
        }
      }
    },
  );

  it('the validator does reject a broken workflow (so the checks above can fail)', () => {
    const content =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: x/y@v1\n        frobnicate: 1\n';
    const result = parseWorkflow({ name: 'bad.yml', content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it('the fork-safe report runs on workflow_run and never checks out code', () => {
    const doc = parse(readFileSync(join(dir, 'pr-report.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(Object.keys(doc.on)).toEqual(['workflow_run']);
    for (const job of Object.values(doc.jobs))
      for (const s of job.steps) {
        expect(s.uses ?? '').not.toMatch(/^actions\/checkout/);
        // Nothing of the pull request is executed: no shell step at all.
        expect(s.run).toBeUndefined();
      }
  });

  it("pr-report grants what its reporter documents and uses the reporter's current input", () => {
    const doc = parse(readFileSync(join(dir, 'pr-report.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: (Step & { if?: string })[] }>;
    };
    const steps = Object.values(doc.jobs).flatMap((j) => j.steps);
    const publish = steps.find((s) =>
      s.uses?.startsWith('EnricoMi/publish-unit-test-result-action@'),
    );
    expect(publish).toBeDefined();
    // Its README: checks + pull-requests write; contents + issues read in private repositories.
    expect(doc.permissions).toMatchObject({
      checks: 'write',
      'pull-requests': 'write',
      contents: 'read',
      issues: 'read',
      actions: 'read',
    });
    // `files` is deprecated in its action.yml ("use junit_files instead").
    expect(publish!.with).not.toHaveProperty('files');
    expect(publish!.with).toHaveProperty('junit_files', 'junit.xml');
    // Our report step exits 1 on failing tests: publishing must not be skipped then.
    expect(publish!.if).toMatch(/always\(\)|!cancelled\(\)/);
  });
});
