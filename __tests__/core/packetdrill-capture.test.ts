// A real run of the MPTCP packetdrill suite on a kernel built with
// --preset vm --preset packetdrill (fixtures/packetdrill-mptcp/README.md):
// every script ran in exactly the variants run_all.py gives it, each one a
// subtest, and the file is a valid results.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetdrillVariants } from '../../src/core/plan/packetdrill.js';
import { resultsProblem } from '../../src/core/results-check.js';
import type { RunResults } from '../../src/core/results.js';

const dir = join(import.meta.dirname, '../fixtures/packetdrill-mptcp');
const run = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;

describe('the MPTCP packetdrill suite on a packetdrill-preset kernel', () => {
  it('is a valid results.json from the 6.12 kernel built with the preset', () => {
    expect(resultsProblem(run)).toBeUndefined();
    expect(run.vm?.kernelRelease).toBe('6.12.117');
    const build = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as {
      mismatches: unknown[];
    };
    expect(build.mismatches).toEqual([]);
  });

  it('keeps each script with all its variants: v4, v6 and v4-mapped-v6', () => {
    const byScript = new Map<string, string[]>();
    for (const s of run.suites)
      for (const t of s.tests)
        for (const st of t.subtests) {
          const m = /^(.+\.pkt) \((ipv4|ipv4-mapped-v6|ipv6)\)$/.exec(st.name);
          expect(m, st.name).not.toBeNull();
          const key = `${t.name}/${m![1]}`;
          byScript.set(key, [...(byScript.get(key) ?? []), m![2]!]);
        }
    expect(byScript.size).toBe(41);
    for (const [key, variants] of byScript)
      expect(variants.sort(), key).toEqual(packetdrillVariants(key).sort());
    expect(run.counts.total).toBe(115);
  });
});
