import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseAccel, probeGuest } from '../../src/system/kvm-probe.js';
import { hasQemu } from '../helpers/kernels.js';

describe('accelerator choice', () => {
  it.skipIf(!hasQemu())(
    'the probe sees a real guest make progress (SeaBIOS under TCG)',
    async () => {
      const p = await probeGuest('tcg');
      expect(p.ok).toBe(true);
      expect(p.detail).toMatch(/ran SeaBIOS in \d+ ms/);
    },
  );

  it.skipIf(!hasQemu())('a guest that cannot start is reported, not waited for', async () => {
    const p = await probeGuest('tcg', '/nonexistent/qemu');
    expect(p.ok).toBe(false);
    expect(p.detail).toMatch(/cannot start/);
  });

  it.skipIf(existsSync('/dev/kvm'))(
    'auto on this machine: TCG within 10 s, with the reason',
    async () => {
      const t0 = Date.now();
      const c = await chooseAccel('auto');
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(c).toEqual({ accel: 'tcg', reason: '/dev/kvm does not exist; using TCG' });
    },
  );

  it('a /dev/kvm whose guests hang falls back to TCG; one that works is used', async () => {
    const dev = join(mkdtempSync(join(tmpdir(), 'kci-kvm-')), 'kvm');
    writeFileSync(dev, '');
    const hung = await chooseAccel('auto', {
      dev,
      probe: async () => ({
        ok: false,
        ms: 5000,
        detail: 'a kvm probe guest printed nothing in 5 s (hung)',
      }),
    });
    expect(hung.accel).toBe('tcg');
    expect(hung.reason).toBe(
      `${dev} is accessible but a kvm probe guest printed nothing in 5 s (hung); using TCG`,
    );
    const fine = await chooseAccel('auto', {
      dev,
      probe: async () => ({ ok: true, ms: 80, detail: 'ran' }),
    });
    expect(fine.accel).toBe('kvm');
    expect(await chooseAccel('tcg', { dev })).toEqual({
      accel: 'tcg',
      reason: 'requested with --accel tcg',
    });
  });
});
