// The Kconfig reader and expression evaluator on the real 6.12 tree
// (Debian's linux-source, the product's own download, cached), and the
// explanations they give on values a real .config could hold.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evalExpr,
  explain,
  parseExpr,
  showExpr,
  type KconfigTree,
} from '../../../src/core/kbuild/kconfig-tree.js';
import { kconfigTree612 } from '../../helpers/kconfig.js';

let tree: KconfigTree;
beforeAll(async () => {
  tree = (await kconfigTree612()).tree;
}, 900_000);

const values = (o: Record<string, string>) => new Map(Object.entries(o));

describe('Kconfig expressions', () => {
  it('evaluates tristate logic as Kconfig does (n=0, m=1, y=2)', () => {
    const c = values({ A: 'y', B: 'm', S: '"x86"', N: '42' });
    const ev = (e: string) => evalExpr(parseExpr(e), c);
    expect(ev('A && B')).toBe(1);
    expect(ev('A || C')).toBe(2);
    expect(ev('!B')).toBe(1);
    expect(ev('!(A && !C)')).toBe(0);
    expect(ev('S = "x86"')).toBe(2);
    expect(ev('S != "x86"')).toBe(0);
    expect(ev('N >= 40 && N < 0x2b')).toBe(2);
    expect(ev('C')).toBe(0);
  });

  it("shows each symbol's value the way menuconfig's help does", () => {
    expect(showExpr('INET && (IPV6 || !NET_NS)', values({ INET: 'y', IPV6: 'm' }))).toBe(
      'INET [=y] && (IPV6 [=m] || !NET_NS [=n])',
    );
  });
});

describe('the real 6.12 tree', () => {
  it('reads every sourced file, with the enclosing if-blocks as dependencies', () => {
    expect(tree.files).toBeGreaterThan(1000);
    expect(tree.defs.get('MPTCP')![0]!.depends).toContain('INET');
    // MPTCP_KUNIT_TEST sits inside `if MPTCP`: that block is a dependency too.
    const kunit = tree.defs.get('MPTCP_KUNIT_TEST')![0]!;
    expect(kunit.depends).toEqual(expect.arrayContaining(['KUNIT', 'MPTCP']));
    expect(kunit.file).toBe('net/mptcp/Kconfig');
    // `select SKB_EXTENSIONS` in MPTCP: MPTCP is among its selectors.
    expect((tree.selectedBy.get('SKB_EXTENSIONS') ?? []).map((s) => s.by)).toContain('MPTCP');
  });

  it('explains why an option did not stick, in Kconfig terms', () => {
    expect(explain(tree, 'NO_SUCH_OPTION', 'y', values({}))).toMatch(/no such option/);
    // tinyconfig without NET_SCHED: netem's menu depends on it.
    expect(explain(tree, 'NET_SCH_NETEM', 'y', values({ NET: 'y' }))).toMatch(
      /depends on .*NET_SCHED \[=n\]/,
    );
    expect(explain(tree, 'MPTCP', 'y', values({ NET: 'y' }))).toMatch(/depends on INET \[=n\]/);
    // A symbol without a prompt is only ever selected.
    expect(explain(tree, 'SKB_EXTENSIONS', 'y', values({ NET: 'y', INET: 'y' }))).toMatch(
      /no prompt; only set when selected by .*MPTCP/,
    );
  });
});
