// kernel-ci repeat through the CLI on the CI kernel (no build beyond the one
// npm test makes anyway): two boots under TCG, each a real runCommand into
// OUT/run-K, read back into repeat.json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fileHost } from '../../src/pipeline/repeat.js';
import { builtKernel, ciKernelSkipReason, ciKernelTests, hasQemu } from '../helpers/kernels.js';

describe.skipIf(!ciKernelTests || !hasQemu())('kernel-ci repeat on the CI kernel', () => {
  let bzImage: string;
  const dir = mkdtempSync(join(tmpdir(), 'kci-repeat-vm-'));
  beforeAll(async () => {
    bzImage = (await builtKernel()).bzImage;
  }, 1_800_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the kernel N times, two at once, and counts and groups what failed', async () => {
    const out = join(dir, 'out');
    const lines: string[] = [];
    const host = { ...fileHost(join(dir, 'host.log')), info: (m: string) => void lines.push(m) };
    const code = await main(
      [
        'repeat',
        '--kernel',
        bzImage,
        '--out',
        out,
        '--times',
        '2',
        '--jobs',
        '2',
        '--accel',
        'tcg',
        '--cpus',
        '1',
        '--command',
        'missing=test -e /nonexistent',
      ],
      host,
      () => undefined,
    );
    expect(code).toBe(1);
    const r = JSON.parse(readFileSync(join(out, 'repeat.json'), 'utf8')) as {
      runs: number;
      failures: number;
      groups: { key: string; runs: number[] }[];
      firstFailure: { run: number; console: string };
    };
    expect(r.runs).toBe(2);
    expect(r.failures).toBe(2);
    expect(r.groups).toEqual([
      { key: 'test:commands / missing', label: 'commands / missing failed', runs: [1, 2] },
    ]);
    expect(r.firstFailure.console).toBe(join(out, 'run-1', 'console.log'));
    for (const k of [1, 2])
      expect(JSON.parse(readFileSync(join(out, `run-${k}`, 'results.json'), 'utf8')).verdict).toBe(
        'unstable',
      );
    expect(lines.join('\n')).toContain('2/2 run(s) failed: 100.0 % (95 % CI 34.2 %–100.0 %)');
  }, 600_000);
});

describe.skipIf(ciKernelTests && hasQemu())('kernel-ci repeat on the CI kernel (skipped)', () => {
  it.skip(ciKernelSkipReason, () => undefined);
});
