// The pattern table is data; each entry must be proven by a real capture.
import { describe, expect, it } from 'vitest';
import { analyzeLog, scanPrefix } from '../../../src/core/crash/detector.js';
import { PATTERNS, START_PREFILTER } from '../../../src/core/crash/patterns.js';
import { readFixture, SAMPLES, UNPROVEN } from './samples.js';

/** The table entry whose start matches the report's first non-prelude line. */
function startPattern(report: string): string | undefined {
  for (const line of report.split('\n')) {
    const body = line.slice(scanPrefix(line)).trimEnd();
    const p = PATTERNS.find((q) => q.start.test(body));
    if (p) return p.id;
  }
  return undefined;
}

describe('pattern table', () => {
  const proven = new Map<string, string>();
  for (const [file, expected] of Object.entries(SAMPLES)) {
    const found = analyzeLog(readFixture(file));
    expected.forEach((e, i) => {
      if (found[i] && startPattern(found[i].report) === e.pattern) proven.set(e.pattern, file);
    });
  }

  for (const p of PATTERNS) {
    it(`${p.id} (${p.kind}) is proven by a real capture${UNPROVEN[p.id] ? ` — UNPROVEN: ${UNPROVEN[p.id]}` : ''}`, () => {
      if (UNPROVEN[p.id]) {
        // Keeps the list honest: once a capture proves it, it must leave the list.
        expect(proven.get(p.id)).toBeUndefined();
        return;
      }
      expect(proven.get(p.id), `no capture in samples.ts proves '${p.id}'`).toBeDefined();
    });
  }

  it('ids are unique, every start is anchored, every entry names its kernel call site', () => {
    expect(new Set(PATTERNS.map((p) => p.id)).size).toBe(PATTERNS.length);
    for (const p of PATTERNS) {
      expect(p.start.source.startsWith('^'), p.id).toBe(true);
      expect(p.source.length, p.id).toBeGreaterThan(10);
    }
    for (const id of Object.keys(UNPROVEN))
      expect(
        PATTERNS.some((p) => p.id === id),
        id,
      ).toBe(true);
  });

  it('the prefilter lets every start line of every capture through', () => {
    for (const file of Object.keys(SAMPLES))
      for (const line of readFixture(file).split(/\r?\n/)) {
        const off = scanPrefix(line);
        if (off < 0) continue;
        const body = line.slice(off).trimEnd();
        if (!PATTERNS.some((p) => !p.host && p.start.test(body))) continue;
        START_PREFILTER.lastIndex = off;
        expect(START_PREFILTER.test(line), line).toBe(true);
      }
  });

  it('every finding kind a console can show has a pattern', () => {
    const kinds = new Set(PATTERNS.map((p) => p.kind));
    for (const k of [
      'panic',
      'oops',
      'bug',
      'kasan',
      'kfence',
      'kcsan',
      'kmsan',
      'ubsan',
      'warning',
      'kmemleak',
      'lockdep',
      'rcu-stall',
      'hung-task',
      'soft-lockup',
      'hard-lockup',
      'ref-tracker',
      'kill-init',
      'kvm',
    ] as const)
      expect(kinds.has(k), k).toBe(true);
  });
});
