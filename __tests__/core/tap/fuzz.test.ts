// Mangled real outputs: the parser must never throw, never hang, and still
// account for every result line that survived the mangling.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTap, TapStream, type TapNode, visibleText } from '../../../src/core/tap/index.js';
import { rng } from '../../helpers/schema-gen.js';

const DIR = join(import.meta.dirname, '../../fixtures/tap');
const FIXTURES = readdirSync(DIR)
  .filter((f) => /\.(txt|log|tap|ktap)$/.test(f))
  .sort();

const GARBAGE = [
  '',
  'ok',
  'not ok',
  '1..',
  '1..999999999',
  '# Subtest:',
  '    # Subtest: ',
  'KTAP version 1',
  '        KTAP version 1',
  'TAP version 13',
  'Bail out!',
  '#',
  '# # # # # #',
  '\x1b[31m\x1b[1m',
  '\x1b]0;title\x07',
  '[   99.999999] BUG: kernel NULL pointer dereference, address: 0000000000000000',
  '[   99.999999]  ? __pfx_foo+0x10/0x10',
  '\r\r\r',
  '\x00\x01\x02\x7f',
  '                                                                                 x',
  '{',
  '  ---',
  '  ...',
];

function garbage(r: () => number): string {
  const pick = r();
  if (pick < 0.6) return GARBAGE[Math.floor(r() * GARBAGE.length)]!;
  if (pick < 0.8) return '#'.repeat(Math.floor(r() * 50)).replace(/#/g, '# ') + 'ok 1 deep';
  if (pick < 0.95) {
    let s = '';
    const n = Math.floor(r() * 200);
    for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(r() * 0x10000));
    return s;
  }
  return 'x'.repeat(100_000 + Math.floor(r() * 100_000));
}

function mangle(text: string, seed: number): string {
  const r = rng(seed);
  let lines = text.split('\n');
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const op = Math.floor(r() * 5);
    if (op === 0) {
      // truncation, anywhere (mid-line included)
      const joined = lines.join('\n');
      lines = joined.slice(0, Math.floor(r() * joined.length)).split('\n');
    } else if (op === 1) {
      // byte flips
      const joined = lines.join('\n').split('');
      const flips = 1 + Math.floor(r() * 20);
      for (let i = 0; i < flips && joined.length; i++)
        joined[Math.floor(r() * joined.length)] = String.fromCharCode(Math.floor(r() * 256));
      lines = joined.join('').split('\n');
    } else if (op === 2) {
      // shuffle a window of lines
      const start = Math.floor(r() * lines.length);
      const len = Math.min(lines.length - start, 1 + Math.floor(r() * 40));
      const w = lines.slice(start, start + len);
      for (let i = w.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [w[i], w[j]] = [w[j]!, w[i]!];
      }
      lines.splice(start, len, ...w);
    } else if (op === 3) {
      // garbage lines mixed in
      const n = 1 + Math.floor(r() * 30);
      for (let i = 0; i < n; i++) lines.splice(Math.floor(r() * (lines.length + 1)), 0, garbage(r));
    } else {
      // garbage glued to the start of lines (console noise mid-line)
      for (let i = 0; i < 5 && lines.length; i++) {
        const at = Math.floor(r() * lines.length);
        lines[at] = `[  ${i}.000000] ` + lines[at];
      }
    }
  }
  return lines.join('\n');
}

/** 1-based numbers of the lines a reader would call a result line. */
export function resultLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const visible = visibleText(raw).replace(/^(?:\s*#(?: |$))*\s*/, '');
    if (/^(not )?ok(?:\s|$)/.test(visible)) out.push(i + 1);
  });
  return out;
}

export function nodeLines(nodes: TapNode[], out = new Set<number>()): Set<number> {
  for (const n of nodes) {
    if (!n.synthetic) out.add(n.line);
    nodeLines(n.children, out);
  }
  return out;
}

describe('fuzz: mangled real outputs', () => {
  it('has real fixtures to mangle', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(3);
  });

  for (const f of FIXTURES) {
    it(`${f}: never throws, never hangs, accounts every result line`, () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      for (let seed = 1; seed <= 60; seed++) {
        const input = mangle(text, seed * 7919 + f.length);
        const t0 = performance.now();
        let nodes: TapNode[] = [];
        expect(() => (nodes = parseTap(input)), `seed ${seed}`).not.toThrow();
        expect(performance.now() - t0, `seed ${seed} took too long`).toBeLessThan(5000);
        const seen = nodeLines(nodes);
        const missing = resultLines(input).filter((l) => !seen.has(l));
        expect(missing, `seed ${seed}: result lines not in the tree`).toEqual([]);
      }
    });
  }

  it('streams random chunkings of mangled input to the same trees', () => {
    const r = rng(42);
    for (const f of FIXTURES) {
      const input = mangle(readFileSync(join(DIR, f), 'utf8'), 4242);
      const whole = parseTap(input);
      const got: TapNode[] = [];
      const s = new TapStream((n) => got.push(n));
      for (let i = 0; i < input.length;) {
        const n = 1 + Math.floor(r() * 4096);
        s.write(input.slice(i, i + n));
        i += n;
      }
      s.end();
      const strip = (ns: TapNode[]): unknown => ns.map((n) => [n.ok, n.name, strip(n.children)]);
      expect(strip(got)).toEqual(strip(whole));
    }
  });
});
