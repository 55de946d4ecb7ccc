// End markers: tests can read the nonce (init.sh is in the share) and forge
// one; only values results.json's schema can hold are taken (issue 17).
import { describe, expect, it } from 'vitest';
import { formatMarker, MARKER_TAG, parseMarker } from '../../src/core/markers.js';

const N = 'abc123';
const end = (kv: string) => parseMarker(`${MARKER_TAG} ${N} end ${kv}`, N);

describe('parseMarker', () => {
  it('reads what the guest init writes', () => {
    const m = { type: 'end', id: 3, attempt: 2, exit: 124, ms: 1500, timedOut: true } as const;
    expect(parseMarker(formatMarker(N, m), N)).toEqual(m);
  });

  it.each([
    'id=1 attempt=1 exit=1.5 ms=10 timeout=0',
    'id=1 attempt=1 exit=0 ms=-5 timeout=0',
    'id=1 attempt=1 exit=0 ms=1e400 timeout=0',
    'id=1 attempt=0 exit=0 ms=1 timeout=0',
    'id=1 attempt=1 exit=99999999999999999999 ms=1 timeout=0',
    'id=1.5 attempt=1 exit=0 ms=1 timeout=0',
  ])('ignores a forged end marker the schema could not hold: %s', (kv) => {
    expect(end(kv)).toBeNull();
  });
});
