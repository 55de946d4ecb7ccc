import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDebVersions, debianSource, findDeb } from '../../src/system/debian-source.js';

describe("Debian's linux-source as the default tree", () => {
  it('orders package versions numerically and picks the newest cached .deb', () => {
    const names = [
      'linux-source-6.12_6.12.9-1_all.deb',
      'linux-source-6.12_6.12.117-1~deb12u1_all.deb',
      'linux-source-6.12_6.12.38-1~deb12u1_all.deb',
    ];
    expect([...names].sort(compareDebVersions).at(-1)).toBe(
      'linux-source-6.12_6.12.117-1~deb12u1_all.deb',
    );
    const dir = mkdtempSync(join(tmpdir(), 'kci-debs-'));
    for (const n of [...names, 'linux-source-6.1_6.1.192-2_all.deb', 'linux-image-6.12.deb'])
      writeFileSync(join(dir, n), '');
    expect(findDeb(dir, '6.12')).toBe('linux-source-6.12_6.12.117-1~deb12u1_all.deb');
    expect(findDeb(dir, '6.1')).toBe('linux-source-6.1_6.1.192-2_all.deb');
    expect(findDeb(join(dir, 'none'), '6.1')).toBeUndefined();
  });

  it('reuses an unpacked tree without touching the network', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kci-cache-'));
    const dir = join(root, 'src', 'linux-source-6.1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Makefile'), 'VERSION = 6\n');
    writeFileSync(join(dir, 'Kconfig'), '');
    expect(await debianSource('6.1', () => undefined, root)).toEqual({ dir, how: 'reused' });
    expect(existsSync(join(root, 'debs'))).toBe(false);
  });
});
