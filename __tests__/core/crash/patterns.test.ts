// The pattern table is data; each entry must be proven by a real capture.
import { describe, expect, it } from 'vitest';
import { analyzeLog, scanPrefix } from '../../../src/core/crash/detector.js';
import { PATTERNS, START_PREFILTER } from '../../../src/core/crash/patterns.js';
import { NO_OWN_CAPTURE, readFixture, SAMPLES, UNPROVEN } from './samples.js';
import { readCorpus, startPattern } from './syzkaller.js';

const corpus = readCorpus();

describe('pattern table', () => {
  const proven = new Map<string, string>();
  for (const [file, expected] of Object.entries(SAMPLES)) {
    const found = analyzeLog(readFixture(file));
    expected.forEach((e, i) => {
      if (found[i] && startPattern(found[i].report) === e.pattern) proven.set(e.pattern, file);
    });
  }

  // Formats of kernels we do not capture ourselves (4.x, arm, sanitizers):
  // a real log of syzkaller's corpus, even half, where syzkaller found a report too.
  for (const c of corpus) {
    if (c.title === '') continue;
    for (const f of analyzeLog(c.log)) {
      const id = startPattern(f.report);
      if (id && !proven.has(id)) proven.set(id, `syzkaller/${c.name}`);
    }
  }

  for (const p of PATTERNS) {
    const note = UNPROVEN[p.id]
      ? ` — UNPROVEN: ${UNPROVEN[p.id]}`
      : NO_OWN_CAPTURE[p.id]
        ? ` — by syzkaller's logs only, no capture of ours: ${NO_OWN_CAPTURE[p.id]}`
        : '';
    it(`${p.id} (${p.kind}) is proven by a real log${note}`, () => {
      if (UNPROVEN[p.id]) {
        // Keeps the list honest: once a capture proves it, it must leave the list.
        expect(proven.get(p.id)).toBeUndefined();
        return;
      }
      expect(proven.get(p.id), `no capture in samples.ts proves '${p.id}'`).toBeDefined();
      if (NO_OWN_CAPTURE[p.id])
        expect(proven.get(p.id), `${p.id} has a capture of ours now`).toMatch(/^syzkaller\//);
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

  it('the prefilter lets every start line of every capture and corpus log through', () => {
    const logs = [...Object.keys(SAMPLES).map(readFixture), ...corpus.map((c) => c.log)];
    for (const log of logs)
      for (const line of log.split(/\r?\n/)) {
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
