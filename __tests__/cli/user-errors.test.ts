// A user's mistake with a path is one line and exit 64, never "internal
// error" and exit 2, the code of a kernel crash (issue 17).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/dist.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });

function aFile(): string {
  const f = join(mkdtempSync(join(tmpdir(), 'kci-user-')), 'FILE');
  writeFileSync(f, '');
  return f;
}

describe('paths the user got wrong', () => {
  it.skipIf(!hasQemu())('run --out FILE: one line, exit 64, before any probe or boot', () => {
    const file = aFile();
    const r = cli(
      'run',
      '--kernel',
      debianKernelDeb(),
      '--out',
      file,
      '--accel',
      'tcg',
      '--command',
      'x=true',
    );
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `kernel-ci: --out ${file}: exists and is not a directory`,
    );
    expect(r.stderr).not.toMatch(/internal error|^accel: /m);
    expect(r.status).toBe(64);
  });

  it.skipIf(!hasQemu())(
    'a directory where a file belongs (--known-issues, --kernel): one line, exit 64',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kci-user-dir-'));
      for (const flags of [
        ['--kernel', debianKernelDeb(), '--known-issues', dir],
        ['--kernel', dir],
      ]) {
        const r = cli(
          'run',
          ...flags,
          '--out',
          join(dir, 'o'),
          '--accel',
          'tcg',
          '--command',
          'x=true',
        );
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        // Named by the check that caught it: the known-issues reader (EISDIR) or the kernel check.
        expect(r.stderr).toMatch(/^kernel-ci: (.*EISDIR|--kernel \S+: not a file)/);
        expect(r.status).toBe(64);
      }
    },
  );

  it('analyze --out where nothing can be made: one line, exit 64, no endless mkdir', () => {
    const log = aFile();
    for (const [out, why] of [
      ['/proc/kci-nope', 'no such directory'],
      [join(log, 'sub'), 'a component of the path is not a directory'],
    ]) {
      const r = cli('analyze', log, '--out', out!);
      expect(r.stderr.trim()).toBe(`kernel-ci: --out ${out}: ${why}`);
      expect(r.status).toBe(64);
    }
  });
});
