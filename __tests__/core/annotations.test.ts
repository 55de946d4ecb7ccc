import { describe, expect, it } from 'vitest';
import { chooseAnnotations } from '../../src/core/annotations.js';
import { finding, results, suite, test } from '../helpers/results-builder.js';

describe('chooseAnnotations', () => {
  it('puts crashes first at their decoded location, then failures at the script, within 10+10', () => {
    const failing = Array.from({ length: 12 }, (_, i) =>
      test(`t${i}.sh`, 'fail', 10, {
        file: `tools/testing/selftests/net/t${i}.sh`,
        subtests: [test(`case ${i}`, 'fail', null, { reason: 'expected 1 got 0' })],
      }),
    );
    const flaky = Array.from({ length: 11 }, (_, i) => test(`f${i}`, 'flaky'));
    const r = results([suite('net', [...failing, ...flaky, test('odd', 'xpass')])], {
      findings: [
        finding('BUG: kernel NULL pointer dereference, address: 0000000000000000', {
          kind: 'oops',
          decoded: 'mptcp_subflow_create_socket (net/mptcp/subflow.c:1612)',
          location: { file: 'net/mptcp/subflow.c', line: 1612 },
        }),
        finding('WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2', {
          kind: 'warning',
          fatal: false,
        }),
      ],
    });
    const { annotations, leftOut } = chooseAnnotations(r);
    const errors = annotations.filter((a) => a.level === 'error');
    const warnings = annotations.filter((a) => a.level === 'warning');
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    expect(leftOut).toEqual({ errors: 2 + 12 - 10, warnings: 12 - 10 });
    expect(errors[0]).toMatchObject({
      file: 'net/mptcp/subflow.c',
      line: 1612,
      title: expect.stringContaining('Kernel oops (fatal): BUG: kernel NULL pointer'),
    });
    expect(errors[0]!.message).toContain('mptcp_subflow_create_socket (net/mptcp/subflow.c:1612)');
    // The message does not repeat the title: it starts with where the finding appeared.
    expect(errors[0]!.message.split('\n')[0]).toBe('outside any test');
    expect(errors[1]!.title).toContain('Kernel warning: WARNING');
    expect(errors[2]).toMatchObject({
      file: 'tools/testing/selftests/net/t0.sh',
      title: 'fail: net / t0.sh / case 0',
    });
    expect(errors[2]!.message).toContain('expected 1 got 0');
    expect(warnings[0]!.title).toBe('flaky: net / f0');
  });

  it('has nothing to say about a clean run', () => {
    const r = results([suite('net', [test('a', 'pass'), test('b', 'skip'), test('c', 'xfail')])]);
    expect(chooseAnnotations(r)).toEqual({ annotations: [], leftOut: { errors: 0, warnings: 0 } });
  });
});
