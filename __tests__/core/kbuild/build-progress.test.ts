import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildProgress, formatElapsed } from '../../../src/core/kbuild/build-progress.js';

// Real Kbuild output of our CI kernel build (HOSTCC, CC, AS, LD, HDRINST…).
const lines = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'build', 'kbuild-steps.log'),
  'utf8',
)
  .split('\n')
  .filter((l) => !l.startsWith('#'));

describe('build progress from Kbuild lines', () => {
  it('counts compiled objects (CC/AS .o) apart from other steps', () => {
    const p = new BuildProgress(0);
    const steps = lines.filter((l) => p.feed(l)).length;
    expect(p.state).toMatchObject({ objects: 30, steps: 118 });
    expect(steps).toBe(118);
    expect(p.state.lastTarget).toBe('init/version.o');
    expect(p.feed("make[1]: Entering directory '/tmp/obj'")).toBe(false);
    expect(p.feed('  HOSTCC  scripts/basic/fixdep')).toBe(true);
    expect(p.state.objects).toBe(30);
  });

  it('reports against the previous build’s count, on time and at each tenth', () => {
    const p = new BuildProgress(0, 60, 15_000);
    expect(p.due(1000)).toBeUndefined(); // nothing happened yet
    const reports: string[] = [];
    let t = 0;
    for (const l of lines) {
      p.feed(l);
      const r = p.due((t += 100));
      if (r) reports.push(r);
    }
    // 30/60 objects (the .s asm-offsets steps are not objects): the 0%, 10%…50% marks, each once.
    expect(reports).toHaveLength(6);
    expect(reports.at(-1)).toBe('build: 30/~60 objects (50%), 12s elapsed, at init/version.o');
    expect(p.due(t + 1000)).toBeUndefined();
    expect(p.due(t + 15_000)).toMatch(/^build: 30\/~60 objects \(50%\), 27s elapsed/);
  });

  it('without an estimate reports the count only', () => {
    const p = new BuildProgress(0);
    for (const l of lines) p.feed(l);
    expect(p.line(185_000)).toBe('build: 30 objects, 3m05s elapsed, at init/version.o');
    expect(formatElapsed(59_400)).toBe('59s');
  });
});
