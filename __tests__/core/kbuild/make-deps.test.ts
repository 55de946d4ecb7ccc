// A real test_progs dependency file (6.12's atomics.test.d, made by
// `kernel-ci build --preset bpf` with OUTPUT=OUT/bpf): its skeleton is named
// relative to OUTPUT, everything else absolute.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteDeps } from '../../../src/core/kbuild/make-deps.js';

const text = readFileSync(join(import.meta.dirname, '../../fixtures/bpf/atomics.test.d'), 'utf8');
const OUTPUT = '/root/.cache/kernel-ci/h4-bpf/bpf';

describe('test_progs .d files read from another directory', () => {
  it('the relative skeleton becomes absolute under OUTPUT; the target and absolute paths stay', () => {
    expect(text).toMatch(/^ atomics\.lskel\.h \\$/m);
    const out = absoluteDeps(text, `${OUTPUT}/`);
    expect(out).toMatch(new RegExp(`^ ${OUTPUT}/atomics\\.lskel\\.h \\\\$`, 'm'));
    const prereqs = out.split(/\s+/).filter((t) => t && t !== '\\');
    expect(prereqs.filter((t) => !t.startsWith('/'))).toEqual([]);
    // Nothing else changed: same lines, the target first.
    expect(out.split('\n').length).toBe(text.split('\n').length);
    expect(out.split('\n')[0]).toBe(text.split('\n')[0]);
    expect(out.replace(`${OUTPUT}/atomics.lskel.h`, 'atomics.lskel.h')).toBe(text);
  });

  it('is idempotent: a file made absolute once is left as it is', () => {
    const once = absoluteDeps(text, OUTPUT);
    expect(absoluteDeps(once, OUTPUT)).toBe(once);
  });
});
