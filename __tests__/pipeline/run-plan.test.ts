import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parseFlags } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import { buildPlan, KMEMLEAK_SCAN } from '../../src/pipeline/run-plan.js';

const ctx = { accel: 'tcg' as const, cpus: 2, cwd: '/tmp' };

describe('run plan', () => {
  it('--kmemleak-scan adds the double scan after the tests, and only then', () => {
    const flags = (...argv: string[]) =>
      parseFlags(['--command', 'a=true', ...argv], runFlags).flags;
    expect(buildPlan(flags(), ctx).after ?? []).not.toContain(KMEMLEAK_SCAN);
    expect(buildPlan(flags('--kmemleak-scan'), ctx).after).toContain(KMEMLEAK_SCAN);
  });

  it('the scan command is valid sh and says so when the kernel has no kmemleak', () => {
    execFileSync('sh', ['-n', '-c', KMEMLEAK_SCAN]);
    expect(KMEMLEAK_SCAN).toContain('echo scan');
    expect(KMEMLEAK_SCAN.match(/echo scan/g)).toHaveLength(2);
  });
});
