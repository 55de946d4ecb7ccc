// The tool-version guard's check, run on the host: the guest's root is the
// host's (read-only over 9p), so `ip -V` here is the guest's `ip -V`, for a
// few milliseconds instead of a second of dynamic-binary exec under TCG
// before the first test.
import { spawnSync } from 'node:child_process';
import { toolGuardCommand } from '../core/tool-guard.js';
import { GUEST_PATH } from './guest-init.js';

/** The guard's tagged lines ("@@KCI-TOOL@@ iproute2 ..."), as the guest would print them. */
export function hostToolLines(): string[] {
  const r = spawnSync('/bin/sh', ['-c', toolGuardCommand()], {
    env: { PATH: GUEST_PATH, LANG: 'C', LC_ALL: 'C' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
}
