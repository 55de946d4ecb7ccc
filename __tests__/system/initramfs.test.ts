import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildInitramfs,
  chr,
  cpioNewc,
  dir,
  file,
  moduleLoadOrder,
  moduleName,
  parseModulesDep,
  ROOT_MODULES,
} from '../../src/system/initramfs.js';
import { extractDebianKernel, type DebianKernel } from '../../src/system/debian-kernel.js';
import { ROOT_9P_OPTIONS, ROOT_TAG } from '../../src/system/qemu-args.js';
import { debianKernelDeb } from '../helpers/kernels.js';

describe('initramfs', () => {
  let deb: DebianKernel;
  beforeAll(async () => {
    deb = await extractDebianKernel(debianKernelDeb());
  });

  it("orders Debian 6.1's root modules after their dependencies", () => {
    const dep = parseModulesDep(readFileSync(join(deb.modulesDir, 'modules.dep'), 'utf8'));
    const order = moduleLoadOrder(ROOT_MODULES, dep, new Set()).map(moduleName);
    for (const m of [
      'virtio',
      'virtio_ring',
      'virtio_pci',
      '9pnet',
      '9pnet_virtio',
      'netfs',
      '9p',
      'overlay',
    ])
      expect(order).toContain(m);
    const before = (a: string, b: string) =>
      expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('virtio', 'virtio_pci');
    before('virtio_ring', '9pnet_virtio');
    before('9pnet', '9pnet_virtio');
    before('netfs', '9p');
    before('9pnet', '9p');
    expect(new Set(order).size).toBe(order.length);
  });

  it('skips built-in modules and rejects unknown ones', () => {
    const dep = parseModulesDep(
      'kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko\nkernel/net/9p/9pnet.ko:\n',
    );
    expect(moduleLoadOrder(['9p', 'virtio_pci'], dep, new Set(['virtio_pci']))).toEqual([
      'kernel/net/9p/9pnet.ko',
      'kernel/fs/9p/9p.ko',
    ]);
    expect(() => moduleLoadOrder(['nope'], dep, new Set())).toThrow(/neither built in/);
    expect(moduleName('kernel/net/9p/9pnet-virtio.ko.zst')).toBe('9pnet_virtio');
  });

  it('writes a newc archive that cpio(1) lists, device node included', () => {
    const out = cpioNewc([
      dir('/bin'),
      chr('/dev/console', 5, 1),
      file('/init', '#!/bin/sh\n', 0o755),
    ]);
    const listing = execFileSync('cpio', ['-itv', '--quiet'], { input: out, encoding: 'utf8' });
    expect(listing).toMatch(/^crw-------.*5,\s+1.*dev\/console$/m);
    expect(listing).toMatch(/^-rwxr-xr-x.*init$/m);
  });

  it('builds the initramfs from the real modules dir: busybox, init, modules', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kci-ird-')), 'initramfs.cpio');
    const info = buildInitramfs(deb.modulesDir, out, { tag: ROOT_TAG, options: ROOT_9P_OPTIONS });
    const names = execFileSync('cpio', ['-it', '--quiet'], {
      input: readFileSync(out),
      encoding: 'utf8',
    }).split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'init',
        'bin/busybox',
        'dev/console',
        'modules/9p.ko',
        'modules/9pnet_virtio.ko',
      ]),
    );
    expect(info.modules.at(-1)).toBe('overlay');
    const init = execFileSync('cpio', ['-i', '--to-stdout', '--quiet', 'init'], {
      input: readFileSync(out),
      encoding: 'utf8',
    });
    expect(init).toContain(`mount -t 9p -o ${ROOT_9P_OPTIONS} ${ROOT_TAG} /newroot`);
    execFileSync('sh', ['-n', '-c', init]);
  });
});
