import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { outcomeOf, type RunOutcome } from '../../src/core/repeat.js';
import type { RunResults } from '../../src/core/results.js';
import { confidenceOf, repeatReport, runPool, stopRuleOf } from '../../src/pipeline/repeat.js';

// Real runs of kernel-ci run (fixtures/results/README.md says how each was made).
const fixture = (name: string, run: number) =>
  outcomeOf(
    run,
    JSON.parse(
      readFileSync(new URL(`../fixtures/results/${name}/results.json`, import.meta.url), 'utf8'),
    ) as RunResults,
    0,
    `out/run-${run}/console.log`,
  );

describe('runPool', () => {
  // The runs are stand-ins here: what is tested is the pool's scheduling.
  const fake = (k: number, ms: number): Promise<RunOutcome> =>
    new Promise((r) => setTimeout(() => r({ ...fixture('success', k) }), ms));

  it('keeps at most `jobs` runs going and runs every number it is given', async () => {
    let running = 0;
    let peak = 0;
    let next = 0;
    const done: number[] = [];
    await runPool({
      jobs: 3,
      next: () => (next < 10 ? ++next : undefined),
      run: async (k) => {
        running++;
        peak = Math.max(peak, running);
        const o = await fake(k, 5 + (k % 3) * 5);
        running--;
        return o;
      },
      done: (o) => done.push(o.run),
    });
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('asks again when a run ends (a rule decided by results)', async () => {
    const seen: number[] = [];
    let n = 0;
    await runPool({
      jobs: 2,
      // Stop starting once run 3 has been seen.
      next: () => (seen.includes(3) ? undefined : ++n),
      run: (k) => fake(k, 5),
      done: (o) => seen.push(o.run),
    });
    expect(seen).toContain(3);
    expect(n).toBeLessThanOrEqual(5);
  });

  it('stops starting runs once stopped() says so', async () => {
    let n = 0;
    await runPool({
      jobs: 1,
      next: () => ++n,
      run: (k) => fake(k, 1),
      done: () => undefined,
      stopped: () => n >= 4,
    });
    expect(n).toBe(4);
  });

  it('lets the runs in flight end, then throws the first error', async () => {
    let n = 0;
    const done: number[] = [];
    await expect(
      runPool({
        jobs: 2,
        next: () => (n < 6 ? ++n : undefined),
        run: (k) => (k === 2 ? Promise.reject(new Error('qemu vanished')) : fake(k, 20)),
        done: (o) => done.push(o.run),
      }),
    ).rejects.toThrow('qemu vanished');
    expect(done).toContain(1);
    expect(n).toBeLessThan(6);
  });
});

describe('flags', () => {
  it('a bad --until-title or --until-fingerprint is a usage error', () => {
    expect(() => stopRuleOf({ 'until-title': '(' })).toThrow(UsageError);
    expect(() => stopRuleOf({ 'until-fingerprint': 'xyz' })).toThrow(UsageError);
    expect(stopRuleOf({})).toBeUndefined();
    expect(stopRuleOf({ 'until-test': 'commands / t' })).toEqual({ test: 'commands / t' });
  });
  it('--confidence is a probability', () => {
    expect(confidenceOf({ confidence: '0.99' })).toBe(0.99);
    for (const bad of ['1', '0', '95', 'x', '1.5'])
      expect(() => confidenceOf({ confidence: bad })).toThrow(UsageError);
  });
});

describe('repeatReport', () => {
  it('rate and interval, failures grouped, the first failing console', () => {
    const outs = [
      fixture('success', 1),
      fixture('crash', 2),
      fixture('success', 3),
      fixture('crash', 4),
      fixture('unstable', 5),
    ];
    const r = repeatReport(outs, 0.95, undefined, 12);
    expect(r.failures).toBe(3);
    expect(r.firstFailure?.console).toBe('out/run-2/console.log');
    const text = r.lines.join('\n');
    expect(text).toContain('3/5 run(s) failed: 60.0 % (95 % CI 23.1 %–88.2 %)');
    expect(text).toMatch(/2× 039f2f4bafec65ab kernel panic: sysrq triggered crash .*runs 2, 4/);
  });
  it('with a rule: where it first showed', () => {
    const outs = [fixture('success', 1), fixture('unstable', 2), fixture('crash', 3)];
    const r = repeatReport(outs, 0.95, { title: /sysrq/ }, 3);
    expect(r.lines.join('\n')).toContain('first in run 3');
  });
});
