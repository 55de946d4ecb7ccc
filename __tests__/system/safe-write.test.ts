// The host's writes into a directory the guest shares (issue 17): a link
// planted there is replaced, never followed.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGuestFile, safeDirSync, writeFresh } from '../../src/system/safe-write.js';

const setup = () => {
  const root = mkdtempSync(join(tmpdir(), 'kci-safe-'));
  const out = join(root, 'out');
  const victimDir = join(root, 'victim-dir');
  const victim = join(root, 'victim');
  mkdirSync(out);
  mkdirSync(victimDir);
  writeFileSync(victim, 'precious\n');
  return { root, out, victim, victimDir };
};

describe('writeFresh', () => {
  it('replaces a link planted at the file instead of writing through it', () => {
    const { out, victim } = setup();
    symlinkSync(victim, join(out, 'results.json'));
    writeFresh(join(out, 'results.json'), '{}\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(out, 'results.json')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('{}\n');
  });

  it('replaces a dangling link (it would create the file where it points)', () => {
    const { root, out } = setup();
    symlinkSync(join(root, 'created-by-guest'), join(out, 'junit.xml'));
    writeFresh(join(out, 'junit.xml'), 'x');
    expect(existsSync(join(root, 'created-by-guest'))).toBe(false);
  });

  it('replaces a directory planted at the file', () => {
    const { out } = setup();
    mkdirSync(join(out, 'init.sh', 'sub'), { recursive: true });
    writeFresh(join(out, 'init.sh'), '#!/bin/sh\n', 0o755);
    expect(statSync(join(out, 'init.sh')).mode & 0o777).toBe(0o755);
  });

  it('streams pieces and leaves no temporary file behind', () => {
    const { out } = setup();
    function* pieces() {
      for (let i = 0; i < 5000; i++) yield `${'x'.repeat(500)}\n`;
    }
    writeFresh(join(out, 'big'), pieces());
    expect(statSync(join(out, 'big')).size).toBe(5000 * 501);
    expect(readdirSync(out)).toEqual(['big']);
  });
});

describe('safeDirSync', () => {
  it('replaces a planted directory link (.kci → elsewhere) with a real directory', () => {
    const { out, victimDir } = setup();
    symlinkSync(victimDir, join(out, '.kci'));
    const kci = safeDirSync(out, '.kci');
    writeFresh(join(kci, 'init.sh'), 'x');
    expect(lstatSync(join(out, '.kci')).isDirectory()).toBe(true);
    expect(readdirSync(victimDir)).toEqual([]);
  });

  it('makes a missing root level by level, and says ENOENT where it cannot (no endless retry on /proc)', () => {
    const { root } = setup();
    expect(lstatSync(safeDirSync(join(root, 'a', 'b'), 'c')).isDirectory()).toBe(true);
    expect(() => safeDirSync('/proc/kci-nope')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    writeFileSync(join(root, 'file'), '');
    expect(() => safeDirSync(join(root, 'file'))).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
  });

  it('replaces a file in the way and refuses paths outside the root', () => {
    const { out } = setup();
    writeFileSync(join(out, 'tests'), '');
    expect(lstatSync(safeDirSync(out, 'tests')).isDirectory()).toBe(true);
    expect(() => safeDirSync(out, '../x')).toThrow(/not under/);
  });
});

describe('readGuestFile', () => {
  it('reads a regular file, its tail when big', () => {
    const { out } = setup();
    writeFileSync(join(out, 'o'), 'head\n' + 'x'.repeat(100) + 'tail');
    expect(readGuestFile(join(out, 'o'), 4)).toBe('tail');
    expect(readGuestFile(join(out, 'o'), 1 << 20)).toMatch(/^head\n/);
    expect(readGuestFile(join(out, 'missing'), 10)).toBe('');
  });

  it('reads nothing through a link (to a host file, to /dev/zero) or from a FIFO, and never blocks', () => {
    const { out, victim } = setup();
    symlinkSync(victim, join(out, 'secret'));
    symlinkSync('/dev/zero', join(out, 'endless'));
    execFileSync('mkfifo', [join(out, 'fifo')]);
    expect(readGuestFile(join(out, 'secret'), 1 << 20)).toBe('');
    expect(readGuestFile(join(out, 'endless'), 1 << 20)).toBe('');
    expect(readGuestFile(join(out, 'fifo'), 1 << 20)).toBe('');
  });
});
