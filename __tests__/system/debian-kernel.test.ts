// modulesWithDep: `--modules DIR` from an unpacked linux-image package has no
// modules.dep (depmod writes it at install); depmod runs on a cached copy
// instead of the dir being refused (issue 17).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractDebianKernel, modulesWithDep } from '../../src/system/debian-kernel.js';
import { debianKernelDeb } from '../helpers/kernels.js';

const hasDepmod = ['/usr/sbin/depmod', '/sbin/depmod'].some((p) => existsSync(p));

describe.skipIf(!hasDepmod)('modulesWithDep', () => {
  let modules: string;
  let release: string;
  beforeAll(async () => {
    const k = await extractDebianKernel(debianKernelDeb());
    modules = k.modulesDir;
    release = k.release;
  });

  it('makes modules.dep on a copy, leaving the given dir as it was, once', async () => {
    // A package's lib/modules/<release> as dpkg-deb -x leaves it: no modules.dep.
    const dir = join(mkdtempSync(join(tmpdir(), 'kci-mods-')), release);
    mkdirSync(join(dir, 'kernel', 'fs'), { recursive: true });
    cpSync(join(modules, 'kernel', 'fs', 'overlayfs'), join(dir, 'kernel', 'fs', 'overlayfs'), {
      recursive: true,
    });
    for (const f of ['modules.order', 'modules.builtin'])
      if (existsSync(join(modules, f))) cpSync(join(modules, f), join(dir, f));
    const cache = mkdtempSync(join(tmpdir(), 'kci-mods-cache-'));
    const made = await modulesWithDep(dir, release, cache);
    expect(made).not.toBe(dir);
    expect(readFileSync(join(made, 'modules.dep'), 'utf8')).toMatch(
      /^kernel\/fs\/overlayfs\/overlay\.ko[^:]*:/m,
    );
    expect(readdirSync(dir).sort()).not.toContain('modules.dep');
    expect(await modulesWithDep(dir, release, cache)).toBe(made);
    // A dir that has one is used as it is.
    expect(await modulesWithDep(made, release, cache)).toBe(made);
  });
});
