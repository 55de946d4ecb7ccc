import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('auto without a KVM device: TCG at once, with the reason', async () => {
    const c = await chooseAccel('auto', { dev: '/nonexistent/kvm' });
    expect(c).toEqual({ accel: 'tcg', reason: '/nonexistent/kvm does not exist; using TCG' });
  });

  it("the probe runs on the real boot's machine and CPU model (-cpu host under KVM)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-probe-'));
    const qemu = join(dir, 'qemu');
    // Records its argv, then says what SeaBIOS says first.
    writeFileSync(qemu, `#!/bin/sh\nprintf '%s\\n' "$@" > ${dir}/argv\necho SeaBIOS\nsleep 5\n`, {
      mode: 0o755,
    });
    const p = await probeGuest('kvm', qemu);
    expect(p.ok).toBe(true);
    const argv = readFileSync(join(dir, 'argv'), 'utf8').split('\n');
    const after = (flag: string) => argv[argv.indexOf(flag) + 1];
    expect(after('-machine')).toBe('pc');
    expect(after('-accel')).toBe('kvm');
    expect(after('-cpu')).toBe('host');
  });

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
