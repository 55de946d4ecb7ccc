import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/results.js';
import {
  describeRate,
  failureKey,
  groupFailures,
  matchesRule,
  normalQuantile,
  outcomeOf,
  wilsonInterval,
  type RunOutcome,
} from '../../src/core/repeat.js';

// Real runs of kernel-ci run (fixtures/results/README.md says how each was made).
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/results/${name}/results.json`, import.meta.url), 'utf8'),
  ) as RunResults;
const crash = fixture('crash');
const success = fixture('success');
const unstable = fixture('unstable');

const as = (run: number, r: RunResults) => outcomeOf(run, r, 0, `out/run-${run}/console.log`);

describe('normalQuantile', () => {
  it("matches Python's statistics.NormalDist().inv_cdf", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  });
  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  it('6 of 20 at 95 %: the textbook 14.5 %–51.9 %', () => {
    const i = wilsonInterval(6, 20);
    expect(i.rate).toBe(0.3);
    expect(i.low).toBeCloseTo(0.14547, 4);
    expect(i.high).toBeCloseTo(0.51897, 4);
  });
  it('0 of n: from 0 to z²/(n+z²), not the empty interval of k/n ± z·SE', () => {
    const z2 = 1.9599639845400536 ** 2;
    const i = wilsonInterval(0, 10);
    expect(i.low).toBe(0);
    expect(i.high).toBeCloseTo(z2 / (10 + z2), 9);
    expect(wilsonInterval(10, 10).high).toBe(1);
  });
  it('narrows with more runs and widens with more confidence', () => {
    const a = wilsonInterval(3, 10);
    const b = wilsonInterval(30, 100);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
    const c = wilsonInterval(3, 10, 0.99);
    expect(c.low).toBeLessThan(a.low);
    expect(c.high).toBeGreaterThan(a.high);
  });
  it('refuses k > n and n = 0', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
  it('describes the rate in one line', () => {
    expect(describeRate(6, 20)).toBe('6/20 run(s) failed: 30.0 % (95 % CI 14.5 %–51.9 %)');
  });
});

describe('outcomes of real runs', () => {
  it('a panic is its fingerprint, the run cut short', () => {
    const o = as(1, crash);
    expect(o.aborted).toBe(true);
    expect(failureKey(o)).toEqual({
      key: '039f2f4bafec65ab',
      label: 'kernel panic: sysrq triggered crash',
    });
  });
  it('a passing run has no failure key', () => {
    expect(failureKey(as(1, success))).toBeUndefined();
  });
  it('a failed test without a crash is keyed by the test', () => {
    const k = failureKey(as(1, unstable));
    expect(k?.key).toMatch(/^test:commands \/ /);
  });
});

describe('matchesRule', () => {
  const c = as(1, crash);
  const u = as(2, unstable);
  it('no rule: any failure, never a pass', () => {
    expect(matchesRule(c, {})).toBe(true);
    expect(matchesRule(u, {})).toBe(true);
    expect(matchesRule(as(3, success), {})).toBe(false);
  });
  it('by fingerprint, title or test id', () => {
    expect(matchesRule(c, { fingerprint: '039f2f4bafec65ab' })).toBe(true);
    expect(matchesRule(u, { fingerprint: '039f2f4bafec65ab' })).toBe(false);
    expect(matchesRule(c, { title: /sysrq/ })).toBe(true);
    expect(matchesRule(c, { title: /KASAN/ })).toBe(false);
    const failedTest = u.failedTests[0]!;
    expect(matchesRule(u, { test: failedTest })).toBe(true);
    // A suite or parent id names every test under it.
    expect(matchesRule(u, { test: failedTest.split(' / ')[0]! })).toBe(true);
    expect(matchesRule(u, { test: 'commands / hel' })).toBe(false);
  });
});

describe('groupFailures', () => {
  it('groups by failure key, most frequent first, runs in order', () => {
    const outs: RunOutcome[] = [as(4, crash), as(1, unstable), as(2, success), as(3, crash)];
    const g = groupFailures(outs);
    expect(g.map((x) => [x.key, x.runs])).toEqual([
      ['039f2f4bafec65ab', [3, 4]],
      [failureKey(as(1, unstable))!.key, [1]],
    ]);
  });
});

describe('outcomes of a real repeat (fixtures/repeat/README.md)', () => {
  const run = (name: string, k: number) =>
    outcomeOf(
      k,
      JSON.parse(
        readFileSync(new URL(`../fixtures/repeat/${name}/results.json`, import.meta.url), 'utf8'),
      ) as RunResults,
      2,
      `run-${k}/console.log`,
    );
  it('a run we cancelled is marked so, a crash or a stall is not', () => {
    expect(run('cancelled', 3).cancelled).toBe(true);
    expect(run('lkdtm-panic', 2).cancelled).toBe(false);
    expect(run('rcu-stall', 1).cancelled).toBe(false);
  });
  it('the LKDTM panic cut the run short; the stall did not', () => {
    expect(run('lkdtm-panic', 2).aborted).toBe(true);
    expect(failureKey(run('lkdtm-panic', 2))?.label).toBe('kernel panic: dumptest');
    expect(run('rcu-stall', 1).aborted).toBe(false);
    expect(failureKey(run('pass', 4))).toBeUndefined();
  });
});

describe('groupFailures on a run with two fatal findings', () => {
  const run = (name: string, k: number) =>
    outcomeOf(
      k,
      JSON.parse(
        readFileSync(new URL(`../fixtures/repeat/${name}/results.json`, import.meta.url), 'utf8'),
      ) as RunResults,
      2,
      `run-${k}/console.log`,
    );
  it("the stall comes first as the run's key, and the panic still counts", () => {
    const both = run('stall-then-panic', 1);
    expect(failureKey(both)?.label).toBe('INFO: rcu detected stall in kernel_init');
    const g = groupFailures([both, run('lkdtm-panic', 2), run('pass', 3)]);
    expect(g.map((x) => [x.label, x.runs])).toEqual([
      ['kernel panic: dumptest', [1, 2]],
      ['INFO: rcu detected stall in kernel_init', [1]],
    ]);
  });
});
