// The reproduce command a run prints, pasted in a fresh place, gives the
// run's verdict again. A plain-command run of the CI kernel (two boots of
// seconds under TCG): kernel-ci from a fresh clone of this repository (its
// dist/ as built now), run inside that clone (the tested tree); then the
// printed lines executed by sh in an empty directory: the clone of the tree
// at its commit, and the kernel-ci line. Its `npx --yes
// --package=git+file://REPO#SHA kernel-ci` (installing needs the npm registry) is run as that commit's
// dist/cli.js, which is what npx would install.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/results.js';
import { freshDist, repoRoot } from '../helpers/dist.js';
import { builtKernel, ciKernelSkipReason, ciKernelTests, hasQemu } from '../helpers/kernels.js';

const work = mkdtempSync(join(tmpdir(), 'kci-repro-'));
const clone = join(work, 'kci');

describe.skipIf(!ciKernelTests || !hasQemu())('reproduce command', () => {
  let bzImage = '';
  beforeAll(async () => {
    bzImage = (await builtKernel()).bzImage;
    execFileSync('git', ['clone', '-q', repoRoot, clone]);
    rmSync(join(clone, 'dist'), { recursive: true, force: true });
    cpSync(freshDist(), join(clone, 'dist'), { recursive: true });
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('printed by a run, run in a fresh directory, reproduces its verdict', () => {
    const args = ['run', '--kernel', bzImage, '--out', 'out/repro', '--accel', 'tcg'];
    const sel = ['--command', 'ok=true', '--command', 'bad=echo broken; exit 3'];
    const first = spawnSync(process.execPath, [join(clone, 'dist/cli.js'), ...args, ...sel], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(first.status, first.stderr.slice(-2000)).toBe(1);
    const r1 = JSON.parse(
      readFileSync(join(clone, 'out/repro/results.json'), 'utf8'),
    ) as RunResults;
    expect(r1.verdict).toBe('unstable');
    const lines = r1.reproduce!.split('\n');
    const sha = execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    // The tree at its commit, then kernel-ci from this repository at that commit.
    // The clone is named after the repository's directory (this checkout's, wherever it is).
    const dir = basename(repoRoot);
    expect(lines[0]).toBe(`git clone ${repoRoot} ${dir} && cd ${dir} && git checkout ${sha}`);
    const npx = `npx --yes --package=git+file://${repoRoot}#${sha} kernel-ci run `;
    expect(lines[1]!.startsWith(npx), lines[1]).toBe(true);
    expect(lines[1]).toContain(`--kernel ${bzImage}`);
    expect(lines[1]).toContain(`--command 'bad=echo broken; exit 3'`);

    const fresh = mkdtempSync(join(work, 'laptop-'));
    const script = [
      'set -e',
      lines[0],
      `set +e`,
      lines[1]!.replace(npx, `${process.execPath} ${join(clone, 'dist/cli.js')} run `),
      'echo "exit=$?"',
    ].join('\n');
    const again = spawnSync('sh', ['-c', script], {
      cwd: fresh,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(again.stdout, again.stderr.slice(-2000)).toContain('exit=1');
    const r2 = JSON.parse(
      readFileSync(join(fresh, dir, 'out/repro/results.json'), 'utf8'),
    ) as RunResults;
    expect(r2.verdict).toBe(r1.verdict);
    expect(r2.counts).toEqual(r1.counts);
  }, 1_200_000);
});

describe.skipIf(ciKernelTests && hasQemu())('reproduce command (skipped)', () => {
  it.skip(ciKernelSkipReason, () => undefined);
});
