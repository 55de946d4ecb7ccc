import { execFileSync } from 'node:child_process';
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

  it("compares versions with dpkg's rules: a backport (~deb12u1) ranks below the release (issue 17)", () => {
    // Each pair as `dpkg --compare-versions A lt B` says.
    const lower: [string, string][] = [
      ['6.12.57-1~deb12u1', '6.12.57-1'],
      ['6.12.9-1', '6.12.57-1~deb12u1'],
      ['1.0~rc1', '1.0'],
      ['1.0~~', '1.0~'],
      ['1.0', '1.0a'],
      ['1.0a', '1.0+'],
      ['1.0-1', '1.0-1.1'],
      ['2:1.0', '3:0.1'],
      ['9.9', '1:0.1'],
      ['1.0.9', '1.0.10'],
      ['1.0-9', '1.0-10'],
    ];
    for (const [a, b] of lower) {
      expect(compareDebVersions(a, b), `${a} < ${b}`).toBe(-1);
      expect(compareDebVersions(b, a), `${b} > ${a}`).toBe(1);
    }
    expect(compareDebVersions('1.01', '1.1')).toBe(0);
    const files = [
      'linux-source-6.12_6.12.57-1_all.deb',
      'linux-source-6.12_6.12.57-1~deb12u1_all.deb',
    ];
    expect([...files].sort(compareDebVersions)).toEqual([files[1], files[0]]);
    const images = [
      'linux-image-6.1.0-50-amd64_6.1.158-1_amd64.deb',
      'linux-image-6.1.0-9-amd64_6.1.27-1_amd64.deb',
    ];
    expect([...images].sort(compareDebVersions).at(-1)).toBe(images[0]);
  });

  it.skipIf(!existsSync('/usr/bin/dpkg'))(
    'agrees with dpkg --compare-versions on 200 random pairs',
    () => {
      let seed = 17;
      const rand = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const parts = [
        '0',
        '1',
        '9',
        '10',
        '01',
        'a',
        'z',
        'A',
        '~',
        '+',
        '.',
        '~deb12u1',
        'rc1',
        '.',
      ];
      const version = () => {
        let v = `${rand(3) === 0 ? `${rand(3)}:` : ''}${rand(10)}`;
        for (let k = rand(5); k > 0; k--) v += parts[rand(parts.length)];
        if (rand(2)) v += `-${rand(5)}${rand(2) ? parts[rand(parts.length)] : ''}`;
        return v;
      };
      const pairs = Array.from({ length: 200 }, () => [version(), version()] as const);
      const script = pairs
        .map(
          ([a, b]) =>
            `if dpkg --compare-versions '${a}' lt '${b}'; then echo -1; elif dpkg --compare-versions '${a}' eq '${b}'; then echo 0; else echo 1; fi`,
        )
        .join('\n');
      const dpkg = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
      pairs.forEach(([a, b], i) =>
        expect(compareDebVersions(a, b), `${a} vs ${b}`).toBe(Number(dpkg[i])),
      );
    },
  );

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
