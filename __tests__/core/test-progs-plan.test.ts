// What a --bpf entry becomes in the guest: the runner checked, its arguments
// quoted, the tree's deny lists read the way test_progs reads them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bpfTestName,
  parseBpfFlag,
  parseTestList,
  testProgsCommand,
} from '../../src/core/test-progs.js';

const fixture = (f: string) => readFileSync(join(__dirname, '../fixtures/bpf', f), 'utf8');

describe('parseBpfFlag', () => {
  it('takes a test_progs command line: the runner, then its arguments', () => {
    expect(parseBpfFlag(' test_progs  -t mptcp ', '/b')).toEqual({
      dir: '/b',
      runner: 'test_progs',
      args: ['-t', 'mptcp'],
    });
    expect(parseBpfFlag('test_progs-cpuv4 -a @ALLOW -t bpf_tcp_ca/dctcp*', '/b').runner).toBe(
      'test_progs-cpuv4',
    );
  });

  it('refuses another program and arguments a shell would act on', () => {
    expect(() => parseBpfFlag('./test_progs -t mptcp', '/b')).toThrow(
      /--bpf: expected a test_progs command line like 'test_progs -t mptcp'/,
    );
    expect(() => parseBpfFlag('', '/b')).toThrow(/expected a test_progs command line/);
    expect(() => parseBpfFlag("test_progs -t 'mptcp", '/b')).toThrow(
      /argument ''mptcp' has characters/,
    );
    expect(() => parseBpfFlag('test_progs -t $(reboot)', '/b')).toThrow(/has characters/);
    expect(() => parseBpfFlag('test_progs -t a;b', '/b')).toThrow(/has characters/);
  });

  it('names the plan test after its command line', () => {
    expect(bpfTestName({ runner: 'test_progs', args: ['-t', 'mptcp'] })).toBe(
      'test_progs -t mptcp',
    );
    expect(bpfTestName({ runner: 'test_progs', args: ['-t', 'a/b'] })).toBe('test_progs -t a/b');
    expect(bpfTestName({ runner: 'test_progs', args: [] })).toBe('test_progs');
  });
});

describe('testProgsCommand', () => {
  it('mounts what test_progs expects, then runs it with the deny lists and -v', () => {
    const cmd = testProgsCommand(parseBpfFlag('test_progs -t mptcp', '/b'), [
      'DENYLIST',
      'DENYLIST.x86_64',
    ]);
    expect(cmd).toContain("grep -q ' /sys/fs/bpf ' /proc/mounts || mount -t bpf bpf /sys/fs/bpf");
    expect(cmd).toContain('mount -t tracefs tracefs /sys/kernel/tracing');
    expect(cmd.endsWith("exec ./test_progs -d @DENYLIST -d @DENYLIST.x86_64 -v '-t' 'mptcp'")).toBe(
      true,
    );
  });

  it('names what the deny lists removed: the selection listed with and without them', () => {
    const cmd = testProgsCommand(parseBpfFlag('test_progs -t mptcp', '/b'), ['DENYLIST']);
    expect(cmd).toContain("./test_progs -l '-t' 'mptcp' > /tmp/kci-bpf-all.$$");
    expect(cmd).toContain("./test_progs -l -d @DENYLIST '-t' 'mptcp' > /tmp/kci-bpf-kept.$$");
    expect(cmd).toContain('s/^/kci-bpf-denylisted: /; s/$/ by DENYLIST/');
    // No list, nothing to compare.
    expect(testProgsCommand(parseBpfFlag('test_progs -t mptcp', '/b'), [])).not.toContain(' -l ');
  });

  it('keeps the verbosity the user chose', () => {
    const cmd = testProgsCommand(parseBpfFlag('test_progs -vv -t mptcp', '/b'), []);
    expect(cmd.endsWith("exec ./test_progs '-vv' '-t' 'mptcp'")).toBe(true);
  });
});

describe('parseTestList (the tree’s DENYLIST files)', () => {
  it('reads 6.12’s generic DENYLIST: comment lines skipped, names kept', () => {
    expect(parseTestList(fixture('DENYLIST-6.12'))).toEqual([
      {
        pattern: 'get_stack_raw_tp',
        comment: 'spams with kernel warnings until next bpf -> bpf-next merge',
      },
      { pattern: 'stacktrace_build_id' },
      { pattern: 'stacktrace_build_id_nmi' },
      { pattern: 'task_fd_query_rawtp' },
      { pattern: 'varlen' },
    ]);
  });

  it('reads the three-column s390x list: the glob before #, the reason after it', () => {
    const list = parseTestList(fixture('DENYLIST.s390x-6.12'));
    expect(list[0]).toEqual({
      pattern: 'get_stack_raw_tp',
      comment:
        'user_stack corrupted user stack                                             (no backchain userspace)',
    });
    expect(list.map((e) => e.pattern)).toContain('verifier_iterating_callbacks');
    expect(list.every((e) => !/\s/.test(e.pattern))).toBe(true);
  });
});
