// The last few results of a pure function, kept with what they depend on: a
// console repeating a few reports computes each title and fingerprint once.
// Searched linearly and compared field by field (no key string to build and
// hash); the oldest entry is overwritten.
export class RecentMemo<E> {
  private readonly entries: E[] = [];
  private next = 0;

  constructor(private readonly size = 16) {}

  find(matches: (e: E) => boolean): E | undefined {
    for (const e of this.entries) if (matches(e)) return e;
    return undefined;
  }

  add(e: E): E {
    this.entries[this.next] = e;
    this.next = (this.next + 1) % this.size;
    return e;
  }
}

/** Element-wise equality of two short lists (groups, function names). */
export function sameList<T>(a: readonly T[], b: readonly T[], offset = 0): boolean {
  if (a.length !== b.length - offset) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i + offset]) return false;
  return true;
}
