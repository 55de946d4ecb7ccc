import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  argsVariable,
  kselftestCommand,
  makefileTests,
  parseKselftestList,
  settingsTimeout,
} from '../../../src/core/plan/kselftest.js';

// Real files from Debian's linux-source-6.12; kselftest-list.txt is what
// `make emit_tests` printed for net/mptcp, net/packetdrill and net/forwarding.
const fx = (f: string): string =>
  readFileSync(new URL(`../../fixtures/plan/linux-6.12/${f}`, import.meta.url), 'utf8');
const listed = (collection: string): string[] =>
  parseKselftestList(fx('kselftest-list.txt'))
    .filter((t) => t.collection === collection)
    .map((t) => t.test);

describe('kselftest files', () => {
  it('reads the timeout from settings files, 0 meaning none', () => {
    expect(settingsTimeout(fx('net/mptcp/settings'))).toBe(1800);
    expect(settingsTimeout(fx('forwarding.settings'))).toBe(0);
    expect(settingsTimeout('# comment\nfoo=bar\n')).toBeUndefined();
    expect(settingsTimeout('timeout=12\ntimeout=30\n')).toBe(30);
  });

  it('lists the same tests as make emit_tests from the Makefile', () => {
    expect(makefileTests(fx('net/mptcp/Makefile'))).toEqual(listed('net/mptcp'));
    expect(makefileTests(fx('forwarding.Makefile'))).toEqual(listed('net/forwarding'));
    expect(listed('net/mptcp')).toContain('diag.sh');
  });

  it("expands $(wildcard) through the caller, drops what it can't compute", () => {
    const pkts = listed('net/packetdrill');
    expect(pkts.length).toBeGreaterThan(10);
    expect(makefileTests(fx('net/packetdrill/Makefile'), () => pkts)).toEqual(pkts);
    expect(makefileTests(fx('net/packetdrill/Makefile'))).toEqual([]);
    expect(makefileTests('TEST_PROGS := a.sh $(foo x)\nTEST_PROGS += b.sh\n')).toEqual([
      'a.sh',
      'b.sh',
    ]);
  });

  it('names the args variable like runner.sh', () => {
    expect(argsVariable('cpu-on-off-test.sh')).toBe('KSELFTEST_CPU_ON_OFF_TEST_SH_ARGS');
    expect(argsVariable('rtctest')).toBe('KSELFTEST_RTCTEST_ARGS');
  });

  it('starts a test the way run_one does', () => {
    const exe = kselftestCommand('diag.sh', { exists: true, executable: true });
    expect(exe).toMatch(/exec "\$@" \.\/diag\.sh$/);
    expect(
      kselftestCommand('diag.sh', { exists: true, executable: true }, { argsVar: true }),
    ).toMatch(/\.\/diag\.sh \$KSELFTEST_DIAG_SH_ARGS$/);
    expect(
      kselftestCommand('x.pkt', { exists: true, executable: false, ksftRunner: true }),
    ).toMatch(/\.\/ksft_runner\.sh \.\/x\.pkt$/);
    expect(
      kselftestCommand('m.sh', { exists: true, executable: false, interpreter: '/bin/bash' }),
    ).toMatch(/\/bin\/bash \.\/m\.sh$/);
    expect(kselftestCommand('gone', { exists: false, executable: false })).toContain('missing');
    expect(kselftestCommand('data', { exists: true, executable: false })).toContain(
      'not executable',
    );
  });
});
