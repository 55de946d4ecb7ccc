import { describe, expect, it } from 'vitest';
import {
  batches,
  checkRunPlan,
  commentBody,
  commentMarker,
  COMMENT_MAX,
} from '../../src/core/review.js';
import { classify, emptyHistory, mergeRun } from '../../src/core/history.js';
import { emailBody, emailSubject } from '../../src/core/email.js';
import { results, suite, test } from '../helpers/results-builder.js';

const limits = { maxRuns: 20, maxBytes: 1 << 20 };

describe('pull-request comment and check run', () => {
  it('the marker is one HTML comment whatever the workflow is called', () => {
    expect(commentMarker('kernel-ci --> <b>x</b> --')).toBe(
      '<!-- kernel-ci-report: kernel-ci  <b>x</b>  -->',
    );
  });

  it("a comment stays under GitHub's 65536 characters however many failures", () => {
    const subtests = Array.from({ length: 20_000 }, (_, i) =>
      test(`case ${i} ${'x'.repeat(50)}`, 'fail'),
    );
    const r = results([suite('big', [test('t', 'fail', 1, { subtests })])]);
    const body = commentBody(commentMarker('w'), r, { runUrl: 'https://example.org/run' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX);
    expect(body.startsWith('<!-- kernel-ci-report: w -->\n## ')).toBe(true);
    expect(body.endsWith('<sub>[The run](https://example.org/run) · kernel-ci</sub>\n')).toBe(true);
  });

  it('annotates every failure; with fail-on new, known ones are warnings and the check passes', () => {
    let h = emptyHistory('main');
    h = mergeRun(
      h,
      { id: '1', at: 'x' },
      results([suite('s', [test('old', 'fail'), test('b', 'pass')])]),
      limits,
    );
    const now = results([suite('s', [test('old', 'fail'), test('b', 'pass')])]);
    const classified = classify(now, h);
    const plan = checkRunPlan('ci', now, { runs: 1, failOn: 'new', classified, branch: 'main' });
    expect(plan.conclusion).toBe('success');
    expect(plan.annotations).toEqual([
      expect.objectContaining({
        annotation_level: 'warning',
        title: 'known failure: s / old',
        path: '.github',
      }),
    ]);
    expect(checkRunPlan('ci', now, { runs: 1, failOn: 'any', classified }).conclusion).toBe(
      'failure',
    );
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('e-mail words', () => {
  it('answers the patch subject once, or names the run and verdict', () => {
    const r = results([suite('net', [test('a', 'pass')])]);
    expect(emailSubject({ results: r, subject: '[PATCH] x' })).toBe('Re: [PATCH] x');
    expect(emailSubject({ results: r, subject: 'RE: [PATCH] x' })).toBe('RE: [PATCH] x');
    expect(emailSubject({ results: r })).toBe('kernel-ci: net: Success');
  });

  it('lists at most N failures a job, and no terminal control text from the guest', () => {
    const subtests = Array.from({ length: 12 }, (_, i) => test(`c${i}\u001b[31m`, 'fail'));
    const body = emailBody({
      results: results([suite('net', [test('t', 'fail', 1, { subtests })])]),
    });
    expect(body).not.toContain('\u001b');
    expect(body).toContain('  - ... and 2 more\n');
  });
});
