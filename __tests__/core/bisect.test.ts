import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyRun,
  estimatedSteps,
  nextStep,
  rateForSteps,
  runsNeeded,
  runsToStart,
  stepConfidence,
  stepVerdict,
  type RunRecord,
  type StepVerdict,
} from '../../src/core/bisect.js';
import { failureKey, outcomeOf } from '../../src/core/repeat.js';
import type { RunResults } from '../../src/core/results.js';

describe('runsNeeded', () => {
  it('the smallest n with (1-p)^n ≤ 1-confidence', () => {
    expect(runsNeeded(0.25, 0.95)).toBe(11); // 0.75^11 = 0.042, 0.75^10 = 0.056
    expect(runsNeeded(0.3, 0.95)).toBe(9);
    expect(runsNeeded(0.5, 0.5)).toBe(1);
    expect(runsNeeded(1, 0.99)).toBe(1);
    for (const [p, c] of [
      [0.1, 0.9],
      [0.05, 0.99],
      [0.7, 0.999],
    ] as const) {
      const n = runsNeeded(p, c);
      expect((1 - p) ** n).toBeLessThanOrEqual(1 - c);
      expect((1 - p) ** (n - 1)).toBeGreaterThan(1 - c);
    }
  });
  it('a failure never seen needs infinitely many runs', () => {
    expect(runsNeeded(0, 0.95)).toBe(Infinity);
  });
  it('refuses a confidence outside (0, 1)', () => {
    expect(() => runsNeeded(0.3, 1)).toThrow(RangeError);
  });
});

describe('steps and confidence', () => {
  it('log2 of the candidates', () => {
    expect(estimatedSteps(0)).toBe(0);
    expect(estimatedSteps(1)).toBe(1);
    expect(estimatedSteps(9)).toBe(4);
    expect(estimatedSteps(1000)).toBe(10);
  });
  it('the miss budget is shared by the steps', () => {
    expect(stepConfidence(0.95, 4)).toBeCloseTo(0.9875, 12);
    expect(stepConfidence(0.95, 0)).toBeCloseTo(0.95, 12);
  });
  it('the rate used is below the point estimate, and 0 without a failure', () => {
    expect(rateForSteps(3, 10)).toBeLessThan(0.3);
    expect(rateForSteps(3, 10)).toBeGreaterThan(0.15);
    expect(rateForSteps(30, 100)).toBeGreaterThan(rateForSteps(3, 10));
    expect(rateForSteps(0, 10)).toBe(0);
  });
});

const run = (kind: RunRecord['kind'], n = 1): RunRecord[] =>
  Array.from({ length: n }, (_, i) => ({ run: i + 1, kind, seconds: 1, console: '' }));

describe('stepVerdict', () => {
  it('one matching failure is bad at once', () => {
    expect(stepVerdict([...run('clean', 3), ...run('matching')], 11)).toBe('bad');
  });
  it('good only after the clean runs needed; other crashes do not count', () => {
    expect(stepVerdict(run('clean', 10), 11)).toBeUndefined();
    expect(stepVerdict([...run('clean', 10), ...run('other', 5)], 11)).toBeUndefined();
    expect(stepVerdict(run('clean', 11), 11)).toBe('good');
  });
  it('skip when other failures hide it as often as clean runs were needed', () => {
    expect(stepVerdict([...run('clean', 2), ...run('other', 11)], 11)).toBe('skip');
  });
  it('starts only the runs that can still be needed', () => {
    expect(runsToStart(run('clean', 8), 11, 2)).toBe(1);
    expect(runsToStart(run('clean', 8), 11, 3)).toBe(0);
    expect(runsToStart(run('matching'), 11, 0)).toBe(0);
  });
});

describe('nextStep', () => {
  const commits = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];
  const v = (o: Record<string, StepVerdict>) => new Map(Object.entries(o));
  it('starts in the middle', () => {
    expect(nextStep(commits, v({ c9: 'bad' }))).toEqual({ next: 'c4', remaining: 4 });
  });
  it('halves towards the first bad', () => {
    expect(nextStep(commits, v({ c9: 'bad', c4: 'good' })).next).toBe('c6');
    expect(nextStep(commits, v({ c9: 'bad', c4: 'bad' })).next).toBe('c2');
  });
  it('finds the first bad when its predecessor is good (or is the good rev)', () => {
    expect(nextStep(commits, v({ c9: 'bad', c4: 'good', c5: 'bad' }))).toEqual({
      firstBad: 'c5',
      remaining: 0,
    });
    expect(nextStep(commits, v({ c1: 'bad', c9: 'bad' })).firstBad).toBe('c1');
  });
  it('steps around skipped commits, and names the range when only they are left', () => {
    const s = v({ c9: 'bad', c4: 'good', c6: 'skip' });
    expect(['c5', 'c7']).toContain(nextStep(commits, s).next);
    const only = v({ c9: 'bad', c4: 'good', c5: 'good', c6: 'skip', c7: 'bad' });
    expect(nextStep(commits, only)).toEqual({ ambiguous: ['c6', 'c7'], remaining: 0 });
  });
  it('a bisection always ends on the commit that turns bad', () => {
    for (let bad = 0; bad < commits.length; bad++) {
      const verdicts = new Map<string, StepVerdict>([['c9', 'bad']]);
      let steps = 0;
      for (;;) {
        const s = nextStep(commits, verdicts);
        if (!s.next) {
          expect(s.firstBad).toBe(commits[bad]);
          break;
        }
        verdicts.set(s.next, commits.indexOf(s.next) >= bad ? 'bad' : 'good');
        steps++;
      }
      expect(steps).toBeLessThanOrEqual(estimatedSteps(commits.length - 1));
    }
  });
});

describe('classifyRun on real runs', () => {
  const fixture = (name: string) =>
    outcomeOf(
      1,
      JSON.parse(
        readFileSync(new URL(`../fixtures/results/${name}/results.json`, import.meta.url), 'utf8'),
      ) as RunResults,
      0,
      'console.log',
    );
  const crash = fixture('crash');
  const target = failureKey(crash)!;
  it('the same crash matches; a pass or a completed run with failed tests is clean', () => {
    expect(classifyRun(crash, target)).toBe('matching');
    expect(classifyRun(fixture('success'), target)).toBe('clean');
    expect(classifyRun(fixture('unstable'), target)).toBe('clean');
  });
  it('another crash that cut the run short is neither', () => {
    expect(classifyRun(crash, { key: 'ffffffffffffffff', label: 'other' })).toBe('other');
  });
});

describe('classifyRun on a real repeat (fixtures/repeat/README.md)', () => {
  const run = (name: string) =>
    outcomeOf(
      1,
      JSON.parse(
        readFileSync(new URL(`../fixtures/repeat/${name}/results.json`, import.meta.url), 'utf8'),
      ) as RunResults,
      2,
      'console.log',
    );
  const panic = failureKey(run('lkdtm-panic'))!;
  it('chasing the panic: a stall that let the plan finish is clean evidence', () => {
    expect(classifyRun(run('lkdtm-panic'), panic)).toBe('matching');
    expect(classifyRun(run('rcu-stall'), panic)).toBe('clean');
    expect(classifyRun(run('pass'), panic)).toBe('clean');
  });
  it('chasing the stall: a run the panic cut short is neither', () => {
    expect(classifyRun(run('lkdtm-panic'), failureKey(run('rcu-stall'))!)).toBe('other');
  });
});
