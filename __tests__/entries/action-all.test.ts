// The root action (the whole job) run the way the Actions runner runs it, on
// a host whose /dev/kvm runs firmware but hangs Linux (helpers/hanging-kvm.ts).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import { freshDist } from '../helpers/dist.js';
import { hangingKvmHost } from '../helpers/hanging-kvm.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';
import { runActionEntry } from '../helpers/runner.js';

describe.skipIf(!hasQemu())('root action on a hanging-KVM runner', () => {
  it('gives KVM up in seconds, runs under TCG, and the summary says why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-root-action-'));
    const run = await runActionEntry(join(freshDist(), 'all.js'), {
      inputs: {
        kernel: debianKernelDeb(),
        selection: 'none',
        command: 'uname=uname -r',
        out,
      },
      env: hangingKvmHost().env as Record<string, string>,
      timeoutMs: 400_000,
    });
    expect(run.exitCode, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.outputs.verdict).toBe('success');
    const res = JSON.parse(readFileSync(run.outputs.results!, 'utf8')) as RunResults;
    expect(res.vm!.accel).toBe('tcg');
    const lost = /^kvm → tcg: no kernel output in 8 s under KVM \(([\d.]+) s lost;/.exec(
      res.vm!.accelReason,
    );
    expect(Number(lost?.[1])).toBeLessThanOrEqual(15);
    // A warning annotation says it happened; the summary says why.
    expect(
      run.commands.some((c) => c.command === 'warning' && /no kernel output/.test(c.message)),
    ).toBe(true);
    // (markdown-escaped there: drop the backslashes to read it)
    expect(run.summary.replace(/\\/g, '')).toContain(
      '**tcg** — kvm → tcg: no kernel output in 8 s under KVM',
    );
    // Setting up this runner found everything already there.
    expect(run.stdout).toMatch(/nothing to install \([\d.]+ s\)/);
  });
});
