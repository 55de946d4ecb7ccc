// `kernel-ci report` as a user runs it (the real CLI entry): their mistakes
// are one line and exit 64, and nothing from a results file can act as a
// workflow command in a `run:` step's log (issue 17).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/dist.js';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
const fixture = join(repoRoot, '__tests__/fixtures/results/success/results.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'kci-report-cli-'));

describe('kernel-ci report: user errors', () => {
  it.each([
    [
      '--summary in a missing directory',
      ['--summary', '/nonexistent/s.md'],
      /^kernel-ci: --summary \/nonexistent\/s\.md: no such directory$/,
    ],
    [
      '--summary naming a directory',
      ['--summary', tmpdir()],
      /^kernel-ci: --summary .*: is a directory$/,
    ],
    [
      '--junit under a file',
      ['--junit', `${fixture}/j.xml`],
      /^kernel-ci: --junit .*: .*not a directory$/,
    ],
  ])('%s: one line, exit 64', (_what, flags, message) => {
    const r = cli('report', fixture, ...flags);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.status).toBe(64);
  });
});

describe('kernel-ci report: untrusted text on stdout', () => {
  it('no line starts with a workflow command, whatever the results file holds', () => {
    const r = JSON.parse(readFileSync(fixture, 'utf8'));
    const evil = 'x\n::error::boom\n::add-mask::secret\n  ::stop-commands::t\n##[warning]y';
    r.name = evil;
    r.conclusion = evil;
    r.suites[0].tests[0].name = evil;
    r.suites[0].tests[0].status = 'fail';
    r.suites[0].tests[0].reason = evil;
    r.counts.fail = 1;
    r.environment = { [evil]: evil };
    const dir = tmp();
    writeFileSync(join(dir, 'results.json'), JSON.stringify(r));
    const out = cli('report', join(dir, 'results.json'));
    expect(out.stdout).toContain('boom');
    for (const line of `${out.stdout}\n${out.stderr}`.split(/\r?\n|\r/))
      expect(line).not.toMatch(/^\s*(::|##\[)/);
  });

  it('a results file from a newer kernel-ci is named as such, and the report fails', () => {
    const r = JSON.parse(readFileSync(fixture, 'utf8'));
    r.schema = 'kernel-ci-results/v2';
    const dir = tmp();
    writeFileSync(join(dir, 'results.json'), JSON.stringify(r));
    const out = cli('report', join(dir, 'results.json'));
    expect(out.stderr).toMatch(/written by a newer kernel-ci/);
    expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(out.status).toBe(1);
  });
});
