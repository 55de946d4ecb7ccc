import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintKey } from '../../../src/core/crash/fingerprint.js';
import { canonicalFn, fromBodies, isGeneric, parseFrame } from '../../../src/core/crash/frames.js';
import { patternById } from '../../../src/core/crash/patterns.js';
import { makeTitle, sanitizeTitle } from '../../../src/core/crash/title.js';

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
});

describe('titles (syzkaller pkg/report formats, guilty frame)', () => {
  const title = (id: string, bodies: string[]) =>
    makeTitle(patternById(id), fromBodies(bodies)).title;

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
    ).toBe('invalid opcode in f');
    expect(title('oops', ['divide error: 0000 [#1] SMP KASAN', 'RIP: 0010:g+0x1/0x2'])).toBe(
      'divide error in g',
    );
    expect(title('oops', ['Oops: Oops: 0002 [#1] PREEMPT SMP NOPTI', 'RIP: 0010:g+0x1/0x2'])).toBe(
      'Oops in g',
    );
  });

  it('WARNING: the guilty frame, past the refcount/WARN helpers, in the kind syzkaller names', () => {
    expect(
      title('warning', [
        'WARNING: CPU: 1 PID: 91 at /tmp/kci4/mod/kcicrash.c:12 kci_warn+0x11/0x18 [kcicrash]',
        'RIP: 0010:kci_warn+0x11/0x18 [kcicrash]',
      ]),
    ).toBe('WARNING in kci_warn');
    expect(
      title('warning', [
        'WARNING: CPU: 0 PID: 7 at lib/refcount.c:190 refcount_sub_and_test+0x167/0x1b0',
        'RIP: 0010:refcount_sub_and_test+0x167/0x1b0',
        'Call Trace:',
        ' refcount_dec_and_test+0x1a/0x20',
        ' sctp_wfree+0x1d0/0x5d0',
        ' skb_release_head_state+0x124/0x260',
      ]),
    ).toBe('WARNING: refcount bug in sctp_wfree');
  });

  it('KASAN: bug type, access and the first frame outside the sanitizer runtime', () => {
    expect(
      title('kasan', [
        'BUG: KASAN: slab-use-after-free in __mptcp_clean_una+0x1e/0x3c0',
        'Read of size 8 at addr ffff888012345678 by task x/1',
      ]),
    ).toBe('KASAN: slab-use-after-free Read in __mptcp_clean_una');
    expect(
      title('kasan', [
        'BUG: KASAN: use-after-free in __asan_report_load8_noabort+0x14/0x20',
        'Read of size 8 at addr ffff8801c8b24c30 by task syz-executor1/12345',
        'Call Trace:',
        ' dump_stack+0x194/0x257',
        ' kasan_report+0x22f/0x340',
        ' __asan_report_load8_noabort+0x14/0x20',
        ' remove_wait_queue+0x2a8/0x2b0',
        ' free_poll_entry+0x1d/0x40',
      ]),
    ).toBe('KASAN: use-after-free Read in remove_wait_queue');
  });

  it('lockdep: "possible deadlock in" the lock being taken', () => {
    expect(
      title('lockdep', [
        'WARNING: possible circular locking dependency detected',
        '6.12.0 #1 Not tainted',
        '------------------------------------------------------',
        'syz-executor/123 is trying to acquire lock:',
        'ffff8880 (rtnl_mutex){+.+.}-{3:3}, at: rtnl_lock+0x17/0x20',
        '',
        'but task is already holding lock:',
        'ffff8881 (&sb->s_type->i_mutex_key#3){+.+.}-{3:3}, at: inode_lock include/linux/fs.h:758 [inline]',
      ]),
    ).toBe('possible deadlock in rtnl_lock');
  });

  it('"in corrupted" when no guilty frame can be found', () => {
    expect(
      title('hung-task', ['INFO: task kworker/0:1:12 blocked for more than 120 seconds.']),
    ).toBe('INFO: task hung in corrupted');
  });

  it('numbers, addresses and line numbers replaced as syzkaller does', () => {
    expect(sanitizeTitle('kernel panic: Attempted to kill init! exitcode=0x00000300')).toBe(
      'kernel panic: Attempted to kill init! exitcode=ADDR',
    );
    expect(sanitizeTitle('INFO: Freed in fasync_free_rcu+0x14/0x20 age=57 cpu=0 pid=18338')).toBe(
      'INFO: Freed in fasync_free_rcu age=NUM cpu=NUM pid=NUM',
    );
  });

  it('the fingerprint follows the title: its key is the kind and the title, numbers removed', () => {
    expect(fingerprintKey('warning', 'WARNING in nl80211_dump_wiphy')).toBe(
      'warning|WARNING in nlN_dump_wiphy',
    );
    expect(fingerprint('warning', 'WARNING in f')).toBe(fingerprint('warning', 'WARNING in f'));
    expect(fingerprint('warning', 'WARNING in f')).not.toBe(fingerprint('bug', 'WARNING in f'));
  });
});
