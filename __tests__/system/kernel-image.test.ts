import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBzImageHeader, readKernelImage } from '../../src/system/kernel-image.js';
import { extractDebianKernel, type DebianKernel } from '../../src/system/debian-kernel.js';
import { UsageError } from '../../src/cli/args.js';
import { debianKernelDeb } from '../helpers/kernels.js';

describe('kernel image and Debian package', () => {
  let deb: DebianKernel;
  beforeAll(async () => {
    deb = await extractDebianKernel(debianKernelDeb());
  });

  it("unpacks Debian's linux-image once, with modules.dep made by depmod", async () => {
    expect(deb.release).toMatch(/^6\.1\.\d+-\d+-amd64$/);
    expect(readFileSync(join(deb.modulesDir, 'modules.dep'), 'utf8')).toMatch(
      /kernel\/fs\/9p\/9p\.ko:/,
    );
    const t0 = Date.now();
    const again = await extractDebianKernel(debianKernelDeb());
    expect(again).toEqual(deb);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('reads the boot header of a real bzImage: protocol and release', () => {
    const k = readKernelImage(deb.kernel);
    expect(k.release).toBe(deb.release);
    expect(k.version).toContain('debian-kernel@lists.debian.org');
    expect(Number(k.protocol)).toBeGreaterThanOrEqual(2.12);
  });

  it('refuses a random file, a missing file and a text file with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-img-'));
    const random = join(dir, 'random.bin');
    writeFileSync(random, randomBytes(100_000));
    expect(() => readKernelImage(random)).toThrow(UsageError);
    expect(() => readKernelImage(random)).toThrow(/not a bzImage/);
    expect(() => readKernelImage(join(dir, 'nope'))).toThrow(/no such file/);
    expect(() => readKernelImage(dir)).toThrow(/not a file/);
    expect(parseBzImageHeader(Buffer.from('HdrS'))).toBeNull();
  });

  it('refuses a .deb that is not a Debian package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-deb-'));
    const fake = join(dir, 'linux-image-fake.deb');
    writeFileSync(fake, 'hello');
    await expect(extractDebianKernel(fake, dir)).rejects.toThrow(/not a Debian package/);
  });
});
