import { describe, expect, it } from 'vitest';
import { RecentMemo, sameList } from '../../../src/core/crash/recent-memo.js';

describe('RecentMemo', () => {
  it('finds what it was given until `size` newer entries overwrite it', () => {
    const m = new RecentMemo<{ k: number }>(3);
    for (const k of [1, 2, 3]) m.add({ k });
    expect(m.find((e) => e.k === 1)).toEqual({ k: 1 });
    m.add({ k: 4 });
    expect(m.find((e) => e.k === 1)).toBeUndefined();
    expect([2, 3, 4].map((k) => m.find((e) => e.k === k)?.k)).toEqual([2, 3, 4]);
  });

  it('compares lists element by element, a regexp match from its first group', () => {
    const match = /(a)(b)?/.exec('a')!;
    expect(sameList(['a', undefined], match, 1)).toBe(true);
    expect(sameList(['a', 'b'], match, 1)).toBe(false);
    expect(sameList(['a'], match, 1)).toBe(false);
    expect(sameList(['x', 'y'], ['x', 'y'])).toBe(true);
  });
});
