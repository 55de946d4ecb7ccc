// What a TAP result line means in our results model.
import type { Status } from '../results.js';
import type { TapNode } from './tree.js';

/**
 *  ok                      → pass        not ok              → fail
 *  # SKIP (either)         → skip        not ok # TODO       → xfail
 *  ok # TODO               → xpass       # XFAIL / # XPASS   → xfail / xpass
 *  # TIMEOUT               → timeout     # ERROR             → fail
 *  ok # IGNORE Flaky       → flaky (mptcp_lib.sh: it failed, but is known flaky)
 *  not ok # exit=N         → fail (kselftest runner), exit 4 → skip
 *  synthesized (no line)   → fail, with the reason
 */
export function nodeStatus(n: TapNode): { status: Status; reason?: string } {
  if (n.synthetic) return { status: 'fail', reason: n.reason };
  const d = n.directive;
  switch (d?.kind) {
    case 'skip':
      return { status: 'skip', reason: d.reason || undefined };
    case 'todo':
      return n.ok
        ? { status: 'xpass', reason: d.reason || 'passed although marked TODO' }
        : { status: 'xfail', reason: d.reason || undefined };
    case 'xfail':
      return { status: 'xfail', reason: d.reason || undefined };
    case 'xpass':
      return { status: 'xpass', reason: d.reason || undefined };
    case 'timeout':
      return { status: 'timeout', reason: d.reason ? `timeout ${d.reason}` : 'timeout' };
    case 'error':
      return { status: 'fail', reason: d.reason ? `error: ${d.reason}` : 'error' };
    case 'ignore':
      return {
        status: 'flaky',
        reason: `failed, ignored: ${d.reason || 'IGNORE'}`,
      };
    default:
      break;
  }
  if (d?.exit !== undefined) {
    if (d.exit === 4) return { status: 'skip', reason: 'exit=4' };
    if (!n.ok) return { status: 'fail', reason: `exit=${d.exit}` };
  }
  return n.ok ? { status: 'pass' } : { status: 'fail', reason: d?.reason || undefined };
}
