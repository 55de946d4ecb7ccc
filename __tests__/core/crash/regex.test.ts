import { describe, expect, it } from 'vitest';
import { scanPrefix } from '../../../src/core/crash/detector.js';
import { PATTERNS, START_PREFILTER } from '../../../src/core/crash/patterns.js';
import { leadChars, sticky } from '../../../src/core/crash/regex.js';
import { readFixture, SAMPLES } from './samples.js';

const lead = (re: RegExp) => {
  const t = leadChars(re);
  return t && String.fromCharCode(...[...t.keys()].filter((i) => t[i] === 1));
};

describe('leadChars', () => {
  it('reads literals, escapes and classes at the start of each branch', () => {
    expect(lead(/^---\[ end trace/)).toBe('-');
    expect(lead(/^={20,}\s*$/)).toBe('=');
    expect(lead(/a|\[ B|[x-z0]q/)).toBe('0[axyz');
  });

  it('gives up (any character) rather than guess', () => {
    for (const re of [/^(?:a|b)/, /^\s/, /^a?b/, /^a*b/, /^a{0,2}b/, /^[^a]/, /^\d/, /^./i, /^$/])
      expect(lead(re), String(re)).toBeUndefined();
  });

  it('never rules out a line its regex matches (every kernel line of the captures)', () => {
    const regexes = [START_PREFILTER];
    for (const p of PATTERNS)
      for (const re of [p.start, p.end, p.prelude, p.continueWhile]) if (re) regexes.push(re);
    const checks = regexes.map((re) => ({ y: sticky(re), t: leadChars(re) }));
    let matched = 0;
    for (const file of Object.keys(SAMPLES))
      for (const raw of readFixture(file).split(/\r?\n/)) {
        const off = scanPrefix(raw);
        if (off < 0) continue;
        for (const { y, t } of checks) {
          y.lastIndex = off;
          if (!y.test(raw) || !t) continue;
          matched++;
          expect(t[raw.charCodeAt(off)], raw).toBe(1);
        }
      }
    expect(matched).toBeGreaterThan(50);
  });
});
