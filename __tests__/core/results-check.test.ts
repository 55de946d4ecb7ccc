// results-check: the schema is the check (issue 17). What it rejects is one
// line naming the field; what it accepts, every renderer handles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { chooseAnnotations } from '../../src/core/annotations.js';
import { assembleTapSuites, assembleTest } from '../../src/core/assemble.js';
import { toJUnit } from '../../src/core/junit.js';
import { MAX_TEST_DEPTH, SCHEMA_ID, type RunResults } from '../../src/core/results.js';
import { resultsProblem } from '../../src/core/results-check.js';
import { checkRunPlan, commentBody, COMMENT_MAX } from '../../src/core/review.js';
import { emailBody, emailSubject } from '../../src/core/email.js';
import { mergeReport } from '../../src/core/shard.js';
import { renderSummary, renderTerminal } from '../../src/core/summary/index.js';
import { toTap } from '../../src/core/tap/emit.js';
import { finalizeRun } from '../../src/core/verdict.js';
import { repoRoot } from '../helpers/dist.js';
import { generate, resultsSchema, rng } from '../helpers/schema-gen.js';

const valid = (): RunResults =>
  JSON.parse(
    readFileSync(join(repoRoot, '__tests__/fixtures/results/success/results.json'), 'utf8'),
  );

// Spoilers write what the types forbid: that is the point.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const ajv = new Ajv({ strict: true, allErrors: true });
const schemaValid = ajv.compile(resultsSchema);

/** `levels` nested "# "-prefixed TAP documents, the innermost result failing. */
function deepTap(levels: number): string {
  const lines: string[] = [];
  for (let d = levels - 1; d >= 0; d--) {
    const p = '# '.repeat(d);
    if (d === levels - 1) lines.push(`${p}TAP version 13`, `${p}1..1`, `${p}not ok 1 - leaf`);
    else lines.push(`${p}ok 1 - level${d + 1}`);
  }
  return lines.reverse().join('\n');
}

describe('resultsProblem', () => {
  it('accepts our own results files', () => {
    for (const d of ['success', 'unstable', 'crash']) {
      const r = JSON.parse(
        readFileSync(join(repoRoot, `__tests__/fixtures/results/${d}/results.json`), 'utf8'),
      );
      expect(resultsProblem(r)).toBeUndefined();
    }
  });

  // Each of these passed the hand-written check and then crashed a renderer (issue 17).
  it.each([
    [
      'a bad startedAt',
      (r: Loose) => (r.startedAt = 'yesterday'),
      /^startedAt: 'yesterday' is not in the expected format$/,
    ],
    [
      'an unknown suite kind',
      (r: Loose) => (r.suites[0].kind = 'bogus'),
      /^suites\[0\]\.kind: 'bogus' is not one of kselftest, /,
    ],
    ['an extra key', (r: Loose) => (r.extra = 1), /^top level: unknown field 'extra'$/],
    [
      'a number as reason',
      (r: Loose) => (r.suites[0].tests[0].reason = 5),
      /^suites\[0\]\.tests\[0\]\.reason: must be string, got 5$/,
    ],
    ['a string as abort', (r: Loose) => (r.abort = 'boom'), /^abort: must be object, got 'boom'$/],
    [
      'a string as consoleTail',
      (r: Loose) => (r.consoleTail = 'abc'),
      /^consoleTail: must be array, got 'abc'$/,
    ],
    [
      'a missing counts field',
      (r: Loose) => delete r.counts.flaky,
      /^counts: missing field 'flaky'$/,
    ],
  ])('rejects %s in one line naming the field', (_what, spoil, message) => {
    const r = valid();
    spoil(r);
    const p = resultsProblem(r);
    expect(p).toMatch(message);
    expect(p!.split('\n')).toHaveLength(1);
  });

  it('says a file from a newer kernel-ci is newer, not garbage', () => {
    expect(resultsProblem({ ...valid(), schema: 'kernel-ci-results/v2' })).toBe(
      `schema: 'kernel-ci-results/v2' was written by a newer kernel-ci (this one reads '${SCHEMA_ID}')`,
    );
    expect(resultsProblem({ schema: 'other' })).toMatch(/not a kernel-ci results\.json/);
    expect(resultsProblem([])).toBe('top level: expected an object');
  });

  it('TAP nested past the limit is flattened by the writer, so our own files are always readable', () => {
    const levels = MAX_TEST_DEPTH + 8;
    const suites = assembleTapSuites(deepTap(levels));
    const run = finalizeRun({
      schema: SCHEMA_ID,
      name: 'deep',
      startedAt: '2026-11-27T18:00:00Z',
      durationMs: 1,
      suites,
      findings: [],
    });
    expect(resultsProblem(JSON.parse(JSON.stringify(run)))).toBeUndefined();
    // The failing leaf is still counted, named by its path below the last level.
    expect(run.counts.fail).toBe(1);
    const plan = { id: 1, name: 'level1', suite: 's', kind: 'kselftest' as const, cmd: 'x' };
    const t = assembleTest(plan as never, { exit: 0, ms: 1, timedOut: false }, deepTap(levels));
    expect(t.status).toBe('fail');
  });

  it('a file nested deeper than the limit is one line, never a stack overflow', () => {
    const r = valid();
    let t = r.suites[0]!.tests[0]!;
    for (let i = 0; i < 200_000; i++) {
      const c = { name: `l${i}`, status: 'pass' as const, durationMs: null, subtests: [] };
      t.subtests = [c];
      t = c;
    }
    expect(resultsProblem(r)).toMatch(
      new RegExp(
        `^suites\\[0\\]\\.tests\\[0\\](\\.subtests\\[0\\])+: subtests nested deeper than ${MAX_TEST_DEPTH} levels$`,
      ),
    );
  });
});

describe('renderers on any file the schema accepts', () => {
  it('never throw, and keep their limits (generated from the schema, 300 documents)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const doc = generate(rng(seed)) as RunResults;
      expect(schemaValid(doc), `seed ${seed}: ${JSON.stringify(schemaValid.errors)}`).toBe(true);
      expect(resultsProblem(doc), `seed ${seed}`).toBeUndefined();
      try {
        const chosen = chooseAnnotations(doc);
        renderSummary(doc, { annotationsLeftOut: chosen.leftOut });
        renderTerminal(doc, { color: seed % 2 === 0 });
        toJUnit([doc, doc]);
        toTap(doc);
        expect(commentBody('<!-- m -->', doc).length).toBeLessThanOrEqual(COMMENT_MAX);
        checkRunPlan('kernel-ci', doc);
        emailSubject({ results: doc });
        emailBody({ results: doc, parts: [doc] });
        const merged = mergeReport([
          { results: doc, source: 'a' },
          { results: generate(rng(seed + 10_000)) as RunResults, source: 'b' },
        ]);
        expect(resultsProblem(JSON.parse(JSON.stringify(merged)))).toBeUndefined();
        renderSummary(merged, { parts: [doc] });
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).stack}`);
      }
    }
  });
});
