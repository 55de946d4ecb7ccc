// The bisection's logic end to end (measure the bad commit, size the steps,
// judge them, skip, resume) with the lab played: commits are names, a
// "kernel" fails at the known rate from a seeded PRNG, and each run's
// outcome is a real captured results.json (fixtures/repeat/README.md:
// LKDTM's panic, a pass; fixtures/results/crash: another panic that cut
// its run short). The real lab (git, buildKernel, runCommand) is proven by
// npm run bench:bisect.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BISECT_SCHEMA, type BisectLog } from '../../src/core/bisect.js';
import { outcomeOf } from '../../src/core/repeat.js';
import type { RunResults } from '../../src/core/results.js';
import { bisect, type BisectRun, type Lab } from '../../src/pipeline/bisect.js';
import { fileHost } from '../../src/pipeline/repeat.js';

const results = (path: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/${path}/results.json`, import.meta.url), 'utf8'),
  ) as RunResults;
const PANIC = results('repeat/lkdtm-panic');
const PASS = results('repeat/pass');
const OTHER = results('results/crash');

const dir = mkdtempSync(join(tmpdir(), 'kci-bisect-logic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMITS = Array.from({ length: 10 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

interface World {
  culprit: number;
  rate: number;
  seed: number;
  noBuild?: string[];
  /** Commits where a run is cut short by another crash at this rate. */
  other?: { commits: string[]; rate: number };
}

function lab(w: World, builds: string[]): Lab {
  const rnd = prng(w.seed);
  return {
    build: async (commit) => {
      builds.push(commit);
      if (w.noBuild?.includes(commit))
        return { build: { seconds: 1, ok: false, error: 'make bzImage failed (exit 2)' } };
      return { kernel: { bzImage: commit }, build: { seconds: 1, ok: true, ccacheHitRate: 1 } };
    },
    run: async (kernel, _dir, k) => {
      const i = COMMITS.indexOf(kernel.bzImage);
      const r = rnd();
      const other = w.other?.commits.includes(kernel.bzImage) && rnd() < w.other.rate;
      const res = other ? OTHER : i >= w.culprit && r < w.rate ? PANIC : PASS;
      return outcomeOf(k, res, res === PASS ? 0 : 2, `run-${k}/console.log`);
    },
    subject: (c) => `subject of ${c}`,
  };
}

function start(name: string, w: World, opts: Partial<BisectRun> = {}) {
  const out = join(dir, name);
  const builds: string[] = [];
  const log: BisectLog = {
    schema: BISECT_SCHEMA,
    good: 'c00',
    bad: COMMITS.at(-1)!,
    commits: COMMITS,
    confidence: 0.95,
    steps: [],
    startedAt: new Date().toISOString(),
    buildSeconds: 0,
    runSeconds: 0,
  };
  const lines: string[] = [];
  const host = { ...fileHost(join(dir, `${name}.log`)), info: (m: string) => void lines.push(m) };
  const run: BisectRun = {
    host,
    out,
    log,
    lab: lab(w, builds),
    jobs: 2,
    badRuns: 10,
    badFailures: 3,
    maxRuns: 100,
    stopped: () => false,
    ...opts,
  };
  return { run, builds, lines, out };
}

describe('bisect on a played lab', () => {
  it('finds the commit that fails 30 % of the time, in 20 bisections of 20', async () => {
    let right = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const culprit = seed % COMMITS.length;
      const { run } = start(`b${seed}`, { culprit, rate: 0.3, seed });
      require0(await bisect(run));
      if (run.log.firstBad === COMMITS[culprit]) right++;
      // The measured rate is a lower bound: the steps run at least what the true rate needs at 95 %.
      expect(run.log.target!.runsPerStep).toBeGreaterThanOrEqual(9);
    }
    expect(right).toBe(20);
  });

  it('measures the bad commit until it failed --bad-failures times, so one lucky failure does not size the steps', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { run } = start(`m${seed}`, { culprit: 5, rate: 0.3, seed });
      require0(await bisect(run));
      const t = run.log.target!;
      expect(t.failures).toBeGreaterThanOrEqual(3);
      expect(t.runs).toBeGreaterThanOrEqual(10);
    }
    const once = start('m-once', { culprit: 5, rate: 0.3, seed: 3 }, { badFailures: 1 });
    require0(await bisect(once.run));
    expect(once.run.log.steps[0]!.runs.length).toBe(10);
  });

  it('says where it is, and ends with the evidence and the answer', async () => {
    const { run, lines } = start('progress', { culprit: 3, rate: 0.5, seed: 7 });
    await bisect(run);
    const text = lines.join('\n');
    expect(text).toMatch(/step 1\/~4, run 1\/\d+ at c\d\d, [01] failure\(s\) so far/);
    expect(text).toContain('first bad commit: c04 subject of c04');
    expect(text).toMatch(/builds 0m0\d?s|builds \d/);
  });

  it('resumes from bisect.json: finished steps are not redone, the answer is the same', async () => {
    const w = { culprit: 6, rate: 0.3, seed: 11 };
    let n = 0;
    const first = start('resume', w, {});
    first.run.stopped = () => n >= 25;
    const realRun = first.run.lab.run;
    first.run.lab.run = async (...a) => {
      n++;
      return realRun(...a);
    };
    expect(await bisect(first.run)).toBe(130);
    const saved = JSON.parse(readFileSync(join(first.out, 'bisect.json'), 'utf8')) as BisectLog;
    expect(saved.firstBad).toBeUndefined();
    const judged = saved.steps.filter((s) => s.verdict).map((s) => s.commit);
    const again = start('resume', w, { log: saved });
    expect(await bisect(again.run)).toBe(0);
    expect(again.run.log.firstBad).toBe('c07');
    for (const c of judged) expect(again.builds).not.toContain(c);
    const runs = again.run.log.steps.flatMap((s) => s.runs.map((r) => r.run));
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('a commit that does not build is skipped, and the answer stays right around it', async () => {
    const { run } = start('nobuild', { culprit: 6, rate: 0.4, seed: 3, noBuild: ['c05'] });
    await bisect(run);
    expect(run.log.steps.find((s) => s.commit === 'c05')?.verdict).toBe('skip');
    expect(run.log.firstBad).toBe('c07');
  });

  it('when the skipped commit is next to the culprit, the answer is the range', async () => {
    const { run } = start('range', { culprit: 6, rate: 0.4, seed: 5, noBuild: ['c06'] });
    expect(await bisect(run)).toBe(1);
    expect(run.log.ambiguous).toEqual(['c06', 'c07']);
  });

  it('runs cut short by another crash do not count as clean', async () => {
    const { run } = start('other', {
      culprit: 8,
      rate: 0.4,
      seed: 9,
      other: { commits: ['c05'], rate: 1 },
    });
    await bisect(run);
    const c05 = run.log.steps.find((s) => s.commit === 'c05');
    expect(c05?.verdict).toBe('skip');
    expect(c05?.runs.every((r) => r.kind === 'other')).toBe(true);
    expect(run.log.firstBad).toBe('c09');
  });
});

function require0(code: number) {
  expect(code).toBe(0);
}
