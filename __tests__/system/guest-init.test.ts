import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { finalExits, type Plan, type PlanTest } from '../../src/core/plan/plan.js';
import { isFinal } from '../../src/pipeline/run-results.js';
import { shellQuote as sq } from '../../src/core/shell.js';
import {
  guestFstabs,
  guestInitScript,
  type GuestInitOptions,
} from '../../src/system/guest-init.js';

const plan: Plan = {
  tests: [
    {
      id: 1,
      suite: 'net/mptcp',
      kind: 'kselftest',
      name: "it's.sh",
      cwd: '/src/a b',
      command: './x "$1"',
      timeoutSec: 180,
      retries: 1,
    },
    {
      id: 2,
      suite: 'commands',
      kind: 'command',
      name: 'n',
      cwd: '/',
      command: 'exit 3',
      timeoutSec: 0,
      env: { A: "x'y" },
    },
  ],
  before: ['echo before'],
  env: { KSFT_X: '1' },
};
const base: GuestInitOptions = {
  nonce: 'abc123',
  plan,
  shareDir: '/out dir',
  shareTag: 'kci_out',
  outputBase: (t) => `/out dir/tests/${t.id}`,
  modules: { dir: '/cache/lib/modules/6.1.0-50-amd64', release: '6.1.0-50-amd64' },
  tcg: true,
  kciDir: '/out dir/.kci',
  exists: () => true,
};

describe('guest init', () => {
  it('is valid sh for dash and busybox ash, with every test quoted', () => {
    const script = guestInitScript({ ...base, shell: '/bin/busybox sh' });
    execFileSync('sh', ['-n', '-c', script]);
    execFileSync('/bin/busybox', ['sh', '-n', '-c', script]);
    expect(script.split('\n')[0]).toBe('#!/bin/busybox sh');
    expect(script).toContain(
      `t 1 'it'\\''s.sh' '/src/a b' 180 1 ' 0 2 3 4 ' '/out dir/tests/1' './x "$1"'`,
    );
    expect(script).toContain(
      `t 2 'n' '/' 0 0 ' 0 4 ' '/out dir/tests/2' 'export A='\\''x'\\''\\'\\'''\\''y'\\''; exit 3'`,
    );
    expect(script).toContain('export KSFT_MACHINE_SLOW=yes');
    expect(script).toContain('/bin/busybox mount -t proc proc /proc');
    expect(script).toContain("mount -o bind '/cache/lib/modules' /lib/modules");
    expect(script.trimEnd().split('\n').slice(-2)).toEqual([
      'poweroff -f -f 2>/dev/null || echo o > /proc/sysrq-trigger',
      'while :; do sleep 60; done',
    ]);
    expect(guestInitScript({ ...base, tcg: false })).not.toContain('KSFT_MACHINE_SLOW');
  });

  it('the guest stops retrying exactly where the host stops counting failures', () => {
    const script = guestInitScript(base);
    const rule = script.split('\n').find((l) => l.includes('*" $rc "*) break'))!;
    expect(rule).toBeDefined();
    const kinds: PlanTest[] = [
      { ...plan.tests[0]!, retries: 3 },
      { ...plan.tests[0]!, retries: 3, skipIsFail: true },
      { ...plan.tests[1]!, retries: 3 },
      { ...plan.tests[1]!, retries: 3, skipIsFail: true },
    ];
    const seen: string[] = [];
    for (const t of kinds) {
      const final = ` ${finalExits(t).join(' ')} `;
      for (const rc of [0, 1, 2, 3, 4, 124, 137]) {
        const sh = `rc=${rc}; set -- x x x x x ${sq(final)}; for i in 1; do ${rule.trim()}\n echo again; done`;
        const guest = execFileSync('sh', ['-c', sh], { encoding: 'utf8' }).trim() !== 'again';
        const host = isFinal(t, { attempt: 1, exit: rc, ms: 1, timedOut: false, output: '' });
        expect(guest, `${t.kind} skipIsFail=${t.skipIsFail} exit ${rc}`).toBe(host);
        if (guest) seen.push(`${t.kind}${t.skipIsFail ? '!' : ''}:${rc}`);
      }
    }
    // Retried: failures and timeouts; never pass, kselftest xfail/xpass, skip (unless it is a failure).
    expect(seen).toEqual([
      'kselftest:0',
      'kselftest:2',
      'kselftest:3',
      'kselftest:4',
      'kselftest!:0',
      'kselftest!:2',
      'kselftest!:3',
      'command:0',
      'command:4',
      'command!:0',
    ]);
  });

  it('sq survives any string through sh', () => {
    for (const s of ["a'b", '$(id) `x` "q" \\n', ' ', '']) {
      expect(execFileSync('sh', ['-c', `printf %s ${sq(s)}`], { encoding: 'utf8' })).toBe(s);
    }
  });

  it('fstabs: overlays on the read-only root, tmpfs fallback keeps /etc, share with escaped blanks', () => {
    const f = guestFstabs(base);
    expect(f['fstab.base']).toBe(
      'sysfs /sys sysfs defaults 0 0\ndevtmpfs /dev devtmpfs defaults 0 0\nrun /run tmpfs mode=755 0 0\n',
    );
    expect(f['fstab.rw']).toContain(
      'overlay /etc overlay lowerdir=/etc,upperdir=/run/kci/ovl/etc/u,workdir=/run/kci/ovl/etc/w 0 0',
    );
    expect(f['fstab.rw-tmpfs']).not.toContain('/etc');
    expect(f['fstab.rw-tmpfs']).toContain('tmpfs /tmp tmpfs mode=1777 0 0');
    expect(f['fstab.share']).toBe(
      'kci_out /out\\040dir 9p trans=virtio,version=9p2000.L,msize=262144 0 0\n',
    );
  });
});
