// Skip causes on real runs (fixtures/skips/README.md says where each comes
// from): the 6.12 MPTCP selftests on the 6.12 kernel they were built with,
// and on Debian's prebuilt 6.1 kernel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults, TestResult } from '../../src/core/results.js';
import {
  classifySkip,
  compareTrees,
  skipCounts,
  skippedLeaves,
  skipWords,
  withSkipCauses,
} from '../../src/core/skip-reason.js';

const FIX = join(import.meta.dirname, '../fixtures/skips');

function load(dir: string): { run: RunResults; output: (t: TestResult) => string | undefined } {
  const base = join(FIX, dir);
  const run = JSON.parse(readFileSync(join(base, 'results.json'), 'utf8')) as RunResults;
  return {
    run,
    output: (t) => (t.outputPath ? readFileSync(join(base, t.outputPath), 'utf8') : undefined),
  };
}

describe('skip words', () => {
  const diag = readFileSync(
    join(FIX, 'selftests-6.12-on-6.12/tests/2-net_mptcp-diag.sh.log'),
    'utf8',
  );

  it("finds mptcp_lib's human line for a TAP subtest", () => {
    expect(skipWords(diag, 'diag: ....chk last_data_sent')).toBe('Feature probably not supported');
    expect(skipWords(diag, 'diag: ....chk remote_key')).toBeUndefined();
  });

  it("reads a whole script's skip in kselftest's usual forms", () => {
    expect(skipWords('# SKIP: Could not run test without ss tool\n')).toBe(
      'Could not run test without ss tool',
    );
    expect(skipWords('userspace pm tests are not supported by the kernel: SKIP\n')).toBe(
      'userspace pm tests are not supported by the kernel',
    );
    expect(skipWords('all good\nok 1 - x # SKIP\n')).toBeUndefined();
  });
});

describe('skip causes', () => {
  it('orders trees by major.minor', () => {
    expect(compareTrees('6.1.0-56-amd64', '6.12.117')).toBe(-1);
    expect(compareTrees('6.12.117', '6.12.3')).toBe(0);
    expect(compareTrees('6.13.0-rc1', '6.12.117')).toBe(1);
    expect(compareTrees(undefined, '6.12')).toBeNull();
  });

  const older = { kernel: '6.1.0-56-amd64', selftests: '6.12.117' };
  const same = { kernel: '6.12.117', selftests: '6.12.117' };

  it('a feature the kernel lacks, said by the test, on an older kernel', () => {
    expect(classifySkip('Feature probably not supported', older)).toMatchObject({
      cause: 'kernel-feature',
      basis: 'message',
    });
    expect(classifySkip('TFO not supported by the kernel', older).cause).toBe('kernel-feature');
  });

  it('a missing tool or config is accidental whatever the versions', () => {
    for (const said of [
      'Could not run test without ss tool',
      'ss tool does not support MPTCP',
      'CONFIG_KALLSYMS is missing',
      'MPTCP support is not available',
      'Could not run all tests without iptables tool',
    ]) {
      expect(classifySkip(said, older).cause, said).toBe('accidental');
      expect(classifySkip(said, same).cause, said).toBe('accidental');
    }
  });

  it('a feature skip on a kernel as new as its selftests is accidental', () => {
    const c = classifySkip('Feature probably not supported', same);
    expect(c).toMatchObject({ cause: 'accidental', basis: 'message' });
    expect(c.because).toMatch(/not older than its selftests/);
  });

  it('no words: the versions decide, and say so', () => {
    expect(classifySkip(undefined, older)).toMatchObject({
      cause: 'kernel-feature',
      basis: 'versions',
    });
    expect(classifySkip('', same)).toMatchObject({ cause: 'accidental', basis: 'versions' });
    expect(classifySkip(undefined, { selftests: '6.12' }).because).toMatch(/versions are unknown/);
  });

  it('6.12 selftests on 6.12: diag.sh\'s three "Feature probably not supported" are accidental (iproute2 6.1 ss lacks last_data_sent)', () => {
    const { run, output } = load('selftests-6.12-on-6.12');
    expect(run.vm?.kernelRelease).toBe('6.12.117');
    const judged = withSkipCauses(
      run,
      () => ({ kernel: run.vm?.kernelRelease, selftests: '6.12.117' }),
      {
        output,
      },
    );
    const skips = skippedLeaves(judged);
    expect(skips.map((s) => s.path)).toEqual([
      'net/mptcp/diag.sh/diag: ....chk last_data_sent',
      'net/mptcp/diag.sh/diag: ....chk last_data_recv',
      'net/mptcp/diag.sh/diag: ....chk last_ack_recv',
    ]);
    for (const s of skips)
      expect(s.cause).toMatchObject({
        cause: 'accidental',
        basis: 'message',
        said: 'Feature probably not supported',
      });
    expect(skipCounts(skips)).toEqual({ 'kernel-feature': 0, accidental: 3, unclassified: 0 });
    // the same words on an older kernel are the kernel's
    const onOld = withSkipCauses(run, () => older, { output });
    expect(skipCounts(skippedLeaves(onOld))).toEqual({
      'kernel-feature': 3,
      accidental: 0,
      unclassified: 0,
    });
    // a suite not judged keeps no cause
    expect(skipCounts(skippedLeaves(withSkipCauses(run, () => undefined, { output })))).toEqual({
      'kernel-feature': 0,
      accidental: 0,
      unclassified: 3,
    });
  });
  it("6.12 selftests on Debian 6.1: every skip classified, 15 of them the kernel's", () => {
    const { run, output } = load('selftests-6.12-on-6.1');
    expect(run.vm?.kernelRelease).toBe('6.1.0-56-amd64');
    const judged = withSkipCauses(
      run,
      () => ({ kernel: run.vm?.kernelRelease, selftests: '6.12.117' }),
      { output },
    );
    const skips = skippedLeaves(judged);
    expect(skips).toHaveLength(run.counts.skip);
    expect(skipCounts(skips)).toEqual({ 'kernel-feature': 15, accidental: 0, unclassified: 0 });
    const diag = skips.filter((s) => s.path.startsWith('net/mptcp/diag.sh/'));
    expect(diag).toHaveLength(14);
    for (const s of diag)
      expect(s.cause).toMatchObject({ basis: 'message', said: 'Feature probably not supported' });
    // userspace_pm's bare [SKIP]: the versions decide
    expect(skips.find((s) => s.path.endsWith('LISTENER events'))?.cause).toMatchObject({
      cause: 'kernel-feature',
      basis: 'versions',
    });
    // the same run judged as if the kernel were the selftests' own: all accidental
    const same = withSkipCauses(run, () => ({ kernel: '6.12.117', selftests: '6.12.117' }), {
      output,
    });
    expect(skipCounts(skippedLeaves(same))).toEqual({
      'kernel-feature': 0,
      accidental: 15,
      unclassified: 0,
    });
  });
});
