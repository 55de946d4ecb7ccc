import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkConfig,
  configValues,
  describeMismatch,
  mergeRequests,
  parseConfig,
  renderFragment,
  sticks,
} from '../../../src/core/kbuild/kconfig-check.js';
import {
  evalExpr,
  explain,
  parseExpr,
  parseKconfigTree,
  showExpr,
} from '../../../src/core/kbuild/kconfig-tree.js';

// Real material: the MPTCP selftests' config and Kconfig files of Linux
// 6.12.117, and the final .config our build produced from tinyconfig + vm +
// kselftest:net/mptcp (NET_SCHED and the legacy iptables left off).
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'build');
const mptcpConfig = readFileSync(join(fixtures, 'mptcp-selftest.config'), 'utf8');
const finalConfig = configValues(
  readFileSync(join(fixtures, 'tinyconfig-vm-mptcp.config'), 'utf8'),
);
const tree = parseKconfigTree(
  (p) => {
    try {
      return readFileSync(join(fixtures, 'kconfig', p), 'utf8');
    } catch {
      return undefined;
    }
  },
  { SRCARCH: 'x86' },
  'net/Kconfig',
);

describe('fragments and .config', () => {
  it('parses set and not-set lines, with origin and line', () => {
    const r = parseConfig(mptcpConfig, 'mptcp/config');
    expect(r).toHaveLength(34);
    expect(r[0]).toEqual({ name: 'KALLSYMS', value: 'y', origin: 'mptcp/config', line: 1 });
    expect(r.find((x) => x.name === 'INET_DIAG')?.value).toBe('m');
    expect(parseConfig('# CONFIG_KASAN is not set\n#CONFIG_X=y\n')).toEqual([
      { name: 'KASAN', value: 'n', origin: '', line: 1 },
    ]);
  });

  it('lets later requests win, like merge_config.sh', () => {
    const merged = mergeRequests(
      parseConfig('CONFIG_A=y\nCONFIG_B=m\n', 'one'),
      parseConfig('# CONFIG_A is not set\n', 'two'),
    );
    expect(merged.map((m) => `${m.name}=${m.value}@${m.origin}`)).toEqual(['B=m@one', 'A=n@two']);
    expect(renderFragment(merged)).toBe('CONFIG_B=m\n# CONFIG_A is not set\n');
  });

  it('accepts y for m (built in), but nothing else that differs', () => {
    expect(sticks('m', 'y')).toBe(true);
    expect(sticks('y', 'm')).toBe(false);
    expect(sticks('n', undefined)).toBe(true);
    expect(sticks('y', undefined)).toBe(false);
    expect(sticks('2048', '2048')).toBe(true);
    expect(sticks('0x10', '16')).toBe(true);
    expect(sticks('"abc"', '"abc"')).toBe(true);
    expect(sticks('"abc"', '"abd"')).toBe(false);
  });
});

describe('what did not stick, and why (real 6.12 tree)', () => {
  const mismatches = checkConfig(parseConfig(mptcpConfig, 'mptcp/config'), finalConfig, tree);

  it('names exactly the options a tinyconfig base could not give the MPTCP selftests', () => {
    expect(mismatches.map((m) => m.name).sort()).toEqual(
      [
        'IP6_NF_FILTER',
        'IP_NF_FILTER',
        'IP_NF_MANGLE',
        'IP_NF_TARGET_REJECT',
        'NET_ACT_CSUM',
        'NET_ACT_PEDIT',
        'NET_CLS_ACT',
        'NET_CLS_FW',
        'NET_SCH_INGRESS',
        'NET_SCH_NETEM',
      ].sort(),
    );
  });

  it("gives Kconfig's unmet dependency with the current values", () => {
    const byName = new Map(mismatches.map((m) => [m.name, m]));
    expect(byName.get('NET_SCH_NETEM')?.reason).toBe('depends on NET_SCHED [=n]');
    expect(byName.get('IP_NF_FILTER')?.reason).toBe('depends on IP_NF_IPTABLES [=n]');
    expect(byName.get('NET_ACT_CSUM')?.reason).toBe(
      'depends on NET_SCHED [=n] && NET_CLS_ACT [=n] && INET [=y]',
    );
    expect(describeMismatch(byName.get('NET_SCH_NETEM')!)).toBe(
      'CONFIG_NET_SCH_NETEM=m requested by mptcp/config:8 but the final .config has it unset: depends on NET_SCHED [=n]',
    );
  });

  it('explains unknown symbols, selects and hidden prompts', () => {
    expect(explain(tree, 'NO_SUCH_THING', 'y', finalConfig)).toBe(
      "no such option in this tree's Kconfig",
    );
    // Enclosing `if NET`/`if INET` blocks (net/Kconfig) count as dependencies.
    expect(tree.defs.get('MPTCP')?.[0]?.depends).toEqual(['NET', 'INET', 'INET']);
    // NET_SCH_FIFO is promptless: only its selectors turn it on.
    expect(explain(tree, 'NET_SCH_FIFO', 'y', finalConfig)).toBe(
      'has no prompt; only set when selected by NET_SCHED',
    );
    expect(tree.selectedBy.get('NET_SCH_FIFO')?.some((s) => s.by === 'NET_SCHED')).toBe(true);
  });
});

describe('Kconfig expressions', () => {
  const c = new Map([
    ['A', 'y'],
    ['B', 'm'],
    ['S', '"x86"'],
    ['N', '100'],
  ]);
  it('evaluates tristate logic and comparisons', () => {
    expect(evalExpr(parseExpr('A && B'), c)).toBe(1);
    expect(evalExpr(parseExpr('A && !B'), c)).toBe(1);
    expect(evalExpr(parseExpr('!A || C'), c)).toBe(0);
    expect(evalExpr(parseExpr('(C || A) && B=m'), c)).toBe(2);
    expect(evalExpr(parseExpr('S = "x86"'), c)).toBe(2);
    expect(evalExpr(parseExpr('N >= 64'), c)).toBe(2);
    expect(evalExpr(parseExpr('B != y'), c)).toBe(2);
  });
  it('shows values the way menuconfig does', () => {
    expect(showExpr('A && (C || !B)', c)).toBe('A [=y] && (C [=n] || !B [=m])');
  });
});
