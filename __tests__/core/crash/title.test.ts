import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/core/crash/detector.js';
import { fingerprintKey } from '../../../src/core/crash/fingerprint.js';
import {
  canonicalFn,
  fromBodies,
  isGeneric,
  parseFrame,
  reportFrames,
  significantFns,
} from '../../../src/core/crash/frames.js';
import { patternById } from '../../../src/core/crash/patterns.js';
import { makeTitle } from '../../../src/core/crash/title.js';
import { readFixture, SAMPLES } from './samples.js';

describe('frames', () => {
  it('parses the frame forms the kernel prints', () => {
    expect(parseFrame(' kci_warn+0x11/0x18 [kcicrash]')).toEqual({
      fn: 'kci_warn',
      unreliable: false,
    });
    expect(parseFrame(' ? _printk+0x68/0x83')).toEqual({ fn: '_printk', unreliable: true });
    expect(parseFrame(' __handle_sysrq.cold+0x44/0x11c')).toEqual({
      fn: '__handle_sysrq',
      unreliable: false,
    });
    expect(parseFrame('    [<ffffffff81234567>] kmalloc_trace+0x26/0x90')).toEqual({
      fn: 'kmalloc_trace',
      unreliable: false,
    });
    expect(parseFrame(' ? 0xffffffffc05b6000')).toBeUndefined();
    expect(parseFrame('RIP: 0010:kci_warn+0x11/0x18 [kcicrash]')).toBeUndefined();
    expect(canonicalFn('finish_task_switch.isra.0')).toBe('finish_task_switch');
  });

  it('skips the reporting, trap, scheduler, locking and entry machinery', () => {
    for (const g of [
      'dump_stack_lvl',
      'panic',
      '__warn',
      'report_bug',
      'exc_invalid_op',
      'asm_exc_page_fault',
      '__schedule',
      'schedule_timeout',
      '__mutex_lock',
      'mutex_lock_nested',
      'kmalloc_trace',
      'do_syscall_64',
      'entry_SYSCALL_64_after_hwframe',
      'kthread',
      'ret_from_fork',
    ])
      expect(isGeneric(g), g).toBe(true);
    for (const f of ['rtnl_lock', 'mptcp_sendmsg', 'tcp_v6_rcv', 'kci_warn', 'sysrq_handle_crash'])
      expect(isGeneric(f), f).toBe(false);
  });

  it('parsed once, with shortcuts: the same significant frames as parsing every line', () => {
    for (const file of Object.keys(SAMPLES))
      for (const f of analyzeLog(readFixture(file))) {
        const body = f.report.split('\n').map((l) => l.replace(/^\[[^\]]*\] ?/, ''));
        const all = body.map((l) => parseFrame(l)).filter((x) => x && !x.unreliable);
        const naive = all.map((x) => x!.fn).filter((fn) => !isGeneric(fn));
        expect(significantFns(reportFrames(fromBodies(body)), 4), file).toEqual(naive.slice(0, 4));
      }
  });

  it('real hung-task stack: scheduler frames skipped, the waiter named', () => {
    const [f] = analyzeLog(readFixture('hung-task-6.1.log'));
    const body = f!.report.split('\n').map((l) => l.replace(/^\[[^\]]*\] ?/, ''));
    expect(significantFns(reportFrames(fromBodies(body)), 2)).toEqual(['kci_hang_thread']);
  });
});

describe('titles', () => {
  const title = (id: string, bodies: string[]) => {
    const p = patternById(id);
    const m = p.start.exec(bodies[0]!)!;
    expect(m, bodies[0]).not.toBeNull();
    return makeTitle(p, m, fromBodies(bodies)).title;
  };

  it('oops headers, 6.1 style (from the captures) and 6.12 style (kernel format)', () => {
    expect(
      title('oops', [
        'general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI',
        'RIP: 0010:kci_gpf+0xe/0x18 [kcicrash]',
      ]),
    ).toBe('general protection fault in kci_gpf');
    expect(
      title('oops', [
        'Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN',
        'RIP: 0010:tcp_v6_rcv+0x12/0x40',
      ]),
    ).toBe('general protection fault in tcp_v6_rcv');
    expect(
      title('oops', ['Oops: invalid opcode: 0000 [#1] PREEMPT SMP', 'RIP: 0010:f+0x1/0x2']),
    ).toBe('Oops: invalid opcode in f');
    expect(title('oops', ['Oops: Oops: 0002 [#1] PREEMPT SMP NOPTI', 'RIP: 0010:g+0x1/0x2'])).toBe(
      'Oops in g',
    );
  });

  it('WARNING names the %pS function, also without file:line', () => {
    expect(
      title('warning', [
        'WARNING: CPU: 1 PID: 91 at /tmp/kci4/mod/kcicrash.c:12 kci_warn+0x11/0x18 [kcicrash]',
      ]),
    ).toBe('WARNING in kci_warn');
    expect(title('warning', ['WARNING: CPU: 0 PID: 7 at mptcp_sendmsg+0x1/0x2'])).toBe(
      'WARNING in mptcp_sendmsg',
    );
  });

  it('KASAN: bug type and access (kernel format)', () => {
    expect(
      title('kasan', [
        'BUG: KASAN: slab-use-after-free in __mptcp_clean_una+0x1e/0x3c0',
        'Read of size 8 at addr ffff888012345678 by task x/1',
      ]),
    ).toBe('KASAN: slab-use-after-free Read in __mptcp_clean_una');
  });

  it('drops " in" when no function is known', () => {
    expect(
      title('hung-task', ['INFO: task kworker/0:1:12 blocked for more than 120 seconds.']),
    ).toBe('INFO: task hung');
  });

  it('fingerprint keys carry no numbers from the title', () => {
    expect(
      fingerprintKey('kill-init', 'kernel panic: Attempted to kill init! exitcode=0x00000300', {
        rip: undefined,
        stack: [],
      }),
    ).toBe('kill-init|kernel panic: Attempted to kill init! exitcode=?');
  });
});
