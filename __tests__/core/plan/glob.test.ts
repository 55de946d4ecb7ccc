import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { globMatches, selected } from '../../../src/core/plan/glob.js';

describe('test selection globs', () => {
  it('matches suite/test, and slash-less globs on the test name too', () => {
    expect(globMatches('net/mptcp/*', 'net/mptcp/diag.sh')).toBe(true);
    expect(globMatches('net/*', 'net/mptcp/diag.sh')).toBe(true);
    expect(globMatches('diag*', 'net/mptcp/diag.sh')).toBe(true);
    expect(globMatches('net/diag*', 'net/mptcp/diag.sh')).toBe(false);
    expect(globMatches('mptcp_connect?.sh', 'net/mptcp/mptcp_connect.sh')).toBe(false);
    expect(globMatches('pm_netlink.[st]h', 'net/mptcp/pm_netlink.sh')).toBe(true);
    expect(globMatches('pm_netlink.[!s]h', 'net/mptcp/pm_netlink.sh')).toBe(false);
    expect(globMatches('a+b(c).sh', 'x/a+b(c).sh')).toBe(true);
    expect(globMatches('*.sh', 'x/a.shx')).toBe(false);
  });

  it('applies only, then except', () => {
    expect(selected('net/mptcp/diag.sh', [], [])).toBe(true);
    expect(selected('net/mptcp/diag.sh', ['pm_*'], [])).toBe(false);
    expect(selected('net/mptcp/diag.sh', ['net/mptcp/*'], ['diag.sh'])).toBe(false);
  });

  it('takes a lone [ literally (test names carry brackets) and rejects an invalid class', () => {
    expect(globMatches('mptcp: fail [*', 'mptcp: fail [1]')).toBe(true);
    expect(globMatches('[abc', 'x')).toBe(false);
    expect(() => globMatches('[z-a]', 'x')).toThrow(UsageError);
  });
});
