// Boot-time KUnit on a real console: the CI kernel (linux-6.12 with
// CONFIG_KUNIT=y and CONFIG_MPTCP_KUNIT_TEST=y) booted under TCG by
// `kernel-ci all`; the fixture is its console up to the end of the KTAP.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleKunit } from '../../src/core/assemble.js';
import { repoRoot } from '../helpers/dist.js';

const log = readFileSync(
  join(repoRoot, '__tests__/fixtures/tap/kunit-mptcp-6.12-boot.log'),
  'utf8',
);

describe('boot-time KUnit KTAP (real 6.12 console)', () => {
  it('yields the MPTCP KUnit suites with every case as a passing test', () => {
    const suites = assembleKunit(log.split('\n'));
    const byName = Object.fromEntries(suites.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['mptcp-crypto', 'mptcp-token']);
    for (const s of suites) expect(s.kind).toBe('kunit');
    expect(byName['mptcp-crypto']!.tests.map((t) => [t.name, t.status])).toEqual([
      ['mptcp_crypto_test_basic', 'pass'],
    ]);
    expect(byName['mptcp-token']!.tests.map((t) => [t.name, t.status])).toEqual([
      ['mptcp_token_test_req_basic', 'pass'],
      ['mptcp_token_test_msk_basic', 'pass'],
      ['mptcp_token_test_accept', 'pass'],
      ['mptcp_token_test_destroyed', 'pass'],
    ]);
  });

  it('every ok line of the KTAP is accounted for', () => {
    const oks = log.split('\n').filter((l) => /\]\s+ok \d+ mptcp_/.test(l)).length;
    const cases = assembleKunit(log.split('\n')).flatMap((s) => s.tests).length;
    expect(cases).toBe(oks);
  });
});
