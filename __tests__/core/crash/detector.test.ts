import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/console-lines.js';
import {
  analyzeLog,
  cleanLine,
  CrashDetector,
  scanPrefix,
} from '../../../src/core/crash/detector.js';
import type { Finding } from '../../../src/core/results.js';
import { readFixture, SAMPLES } from './samples.js';

const summary = (fs: Finding[]) =>
  fs.map((f) => ({ kind: f.kind, title: f.title, fatal: f.fatal, count: f.count }));

const lines = (text: string) => {
  const s = new LineSplitter(1 << 20);
  return [...s.push(text), ...s.end()];
};

describe('real captures', () => {
  for (const [name, expected] of Object.entries(SAMPLES)) {
    it(`${name}: ${expected.length ? expected.map((e) => e.title).join(', ') : 'no finding'}`, () => {
      const text = readFixture(name);
      const found = analyzeLog(text);
      expect(summary(found)).toEqual(
        expected.map((e) => ({
          kind: e.kind,
          title: e.title,
          fatal: e.fatal,
          count: e.count ?? 1,
        })),
      );
      const all = lines(text);
      for (const f of found) {
        expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        expect(f.lines.first).toBeGreaterThan(0);
        expect(f.lines.last).toBeGreaterThanOrEqual(f.lines.first);
        expect(f.lines.last).toBeLessThanOrEqual(all.length);
        // The report holds kernel lines only, starting where the range starts.
        const report = f.report.split('\n');
        for (const l of report) expect(scanPrefix(l)).toBeGreaterThanOrEqual(0);
        expect(report[0]).toBe(cleanLine(all[f.lines.first - 1]!, 4096));
        expect(report.at(-1)).toBe(cleanLine(all[f.lines.last - 1]!, 4096));
      }
    });
  }

  it('the same report in another run has the same fingerprint; two in one run collapse with a count', () => {
    const text = readFixture('panic-sysrq-6.1.log');
    // Another boot: other timestamps, addresses and PIDs.
    const shifted = text
      .replace(
        /\[\s*(\d+)\.(\d+)\]/g,
        (_, s: string, f: string) => `[${String(Number(s) + 100).padStart(5)}.${f}]`,
      )
      .replace(/PID: \d+/g, 'PID: 4242')
      .replace(/CPU: \d+/g, 'CPU: 1')
      .replace(/\b[0-9a-f]{16}\b/g, 'ffffffffdeadbeef');
    const a = analyzeLog(text);
    const b = analyzeLog(shifted);
    expect(b[0]!.fingerprint).toBe(a[0]!.fingerprint);
    const twice = analyzeLog(`${text}\n${shifted}`);
    expect(summary(twice)).toEqual([{ ...summary(a)[0], count: 2 }]);
    expect(twice[0]!.lines).toEqual(a[0]!.lines);
  });
});

describe('only kernel lines count', () => {
  it('user space printing every report keyword yields nothing (real kselftest/KTAP output)', () => {
    const text = readFixture('userspace-noise-6.1.log');
    expect(text).toMatch(/^WARNING: CPU: 0 PID: 1 at /m);
    expect(text).toMatch(/^not ok 2 .*BUG/m);
    expect(analyzeLog(text)).toEqual([]);
  });

  it('finds the timestamp anywhere on the line (a user write cut by a printk, a <6> prefix)', () => {
    expect(scanPrefix('[   12.345678] x')).toBe(15);
    expect(scanPrefix('<4>[   12.345678] x')).toBe(18);
    const cut = 'some output[    1.000000][    T123] x';
    expect(scanPrefix(cut)).toBe(cut.length - 1);
    expect(scanPrefix('[ OK ] [x] [1.2.3] [12.] [.5]')).toBe(-1);
    const f = analyzeLog(
      'ok 1 test# [    6.590291] Kernel panic - not syncing: sysrq triggered crash\n',
    );
    expect(f.map((x) => x.title)).toEqual(['kernel panic: sysrq triggered crash']);
  });

  it('user-space lines inside a report are skipped, not appended', () => {
    const all = lines(readFixture('panic-sysrq-6.1.log'));
    const at = all.findIndex((l) => l.includes('Call Trace:'));
    const mixed = [...all.slice(0, at), 'not ok 3 WARNING from user space', ...all.slice(at)];
    const [f] = analyzeLog(mixed.join('\n'));
    expect(f!.report).not.toContain('user space');
    expect(f!.fingerprint).toBe(analyzeLog(all.join('\n'))[0]!.fingerprint);
  });
});

describe('robust console input', () => {
  const text = readFixture('panic-sysrq-6.1.log');
  const base = analyzeLog(text);

  it('CRLF (as captured), LF, and ANSI escapes and NUL bytes give the same finding', () => {
    expect(text).toContain('\r\n');
    const lf = analyzeLog(text.replace(/\r\n/g, '\n'));
    const noisy = analyzeLog(
      text
        .replace(/Kernel panic/, '\x1b[1;31mKernel\x00 panic\x1b[0m')
        .replace(/Call Trace:/, '\x1b[33mCall Trace:\x1b[m\x00'),
    );
    for (const f of [lf, noisy]) {
      expect(summary(f)).toEqual(summary(base));
      expect(f[0]!.fingerprint).toBe(base[0]!.fingerprint);
    }
  });

  it('bytes arriving in small reads, lines split anywhere, give the same findings', () => {
    const buf = Buffer.from(text);
    const d = new CrashDetector({ stopOn: 'never' });
    const s = new LineSplitter();
    let n = 0;
    for (let i = 0; i < buf.length; i += 7)
      for (const l of s.push(buf.subarray(i, i + 7))) d.push(l, ++n);
    for (const l of s.end()) d.push(l, ++n);
    d.finish();
    expect(d.findings()).toEqual(base);
  });

  it('a runaway line of several MB is cut, and the report after it still found', () => {
    const huge = `[    6.000000] ${'x'.repeat(6 << 20)} BUG: not here`;
    const d = new CrashDetector({ stopOn: 'never' });
    d.push(huge, 1);
    const all = lines(text);
    all.forEach((l, i) => d.push(l, i + 2));
    d.finish();
    expect(summary(d.findings())).toEqual(summary(base));
    expect(cleanLine(huge, 4096)).toHaveLength(4096);
  });
});

describe('live: stop requests', () => {
  const all = lines(readFixture('panic-sysrq-6.1.log'));

  it('a fatal report without end marker (panic=-1) completes after the quiet gap', () => {
    const d = new CrashDetector({ quietGapMs: 300 });
    const stops: Finding[] = [];
    d.onStop = (f) => stops.push(f);
    all.forEach((l, i) => d.push(l, i + 1, 1000 + i));
    const last = 1000 + all.length - 1;
    expect(d.stopRequested).toBe(false);
    d.tick(last + 299);
    expect(d.stopRequested).toBe(false);
    d.tick(last + 300);
    expect(d.stopRequested).toBe(true);
    expect(stops.map((f) => f.title)).toEqual(['kernel panic: sysrq triggered crash']);
    d.tick(last + 10_000);
    expect(stops).toHaveLength(1);
  });

  it("stop-on 'never' records without stopping; 'any' stops on anything", () => {
    const never = new CrashDetector({ stopOn: 'never' });
    all.forEach((l, i) => never.push(l, i + 1, i));
    never.tick(1e9);
    expect(never.stopRequested).toBe(false);
    expect(never.findings()).toHaveLength(1);
  });
});
