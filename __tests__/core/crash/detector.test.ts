import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/console-lines.js';
import { kernelText } from '../../../src/core/console-clean.js';
import { analyzeLog, CrashDetector, scanPrefix } from '../../../src/core/crash/detector.js';
import type { Finding } from '../../../src/core/results.js';
import { readFixture, SAMPLES } from './samples.js';
import { CORPUS, parseCorpusFile } from './syzkaller.js';

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
        expect(report[0]).toBe(kernelText(all[f.lines.first - 1]!, 4096));
        expect(report.at(-1)).toBe(kernelText(all[f.lines.last - 1]!, 4096));
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
    expect(kernelText(huge, 4096)).toHaveLength(4096);
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

describe('two CPUs printing at once (CONFIG_PRINTK_CALLER ids)', () => {
  const tagged = (name: string, id: string) =>
    lines(readFixture(name))
      .filter((l) => scanPrefix(l) >= 0)
      .map((l) => l.replace(/^(\[\s*\d+\.\d+\])/, `$1[${id.padStart(6)}]`));

  it('interleaved line by line, each report is followed on its own', () => {
    const a = tagged('soft-lockup-6.1.log', 'C0');
    const b = tagged('warning-6.1.log', 'T91');
    const mixed: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) mixed.push(a[i]!);
      if (i < b.length) mixed.push(b[i]!);
    }
    const alone = [...analyzeLog(a.join('\n')), ...analyzeLog(b.join('\n'))];
    const both = analyzeLog(mixed.join('\n'));
    expect(summary(both).sort((x, y) => x.title.localeCompare(y.title))).toEqual(
      summary(alone).sort((x, y) => x.title.localeCompare(y.title)),
    );
    expect(both.map((f) => f.fingerprint).sort()).toEqual(alone.map((f) => f.fingerprint).sort());
    const warning = both.find((f) => f.kind === 'warning')!;
    expect(warning.report).not.toContain('soft lockup');
    expect(warning.report.split('\n').every((l) => l.includes('[   T91]'))).toBe(true);
  });
});

describe('the panic a report causes belongs to it', () => {
  it('oops=panic: "Fatal exception" after the end trace joins the oops, which becomes fatal', () => {
    const [f] = analyzeLog(readFixture('oops-null-deref-then-panic-6.1.log'));
    expect(f!.report).toMatch(/---\[ end trace/);
    expect(f!.report).toMatch(/Kernel panic - not syncing: Fatal exception$/m);
  });

  it('panic_on_warn: the WARNING is fatal and a live run stops on it', () => {
    const all = lines(readFixture('warning-panic-on-warn-6.1.log'));
    const d = new CrashDetector();
    all.forEach((l, i) => d.push(l, i + 1, i));
    d.tick(all.length + 1000);
    expect(d.stopRequested).toBe(true);
    const plain = new CrashDetector();
    lines(readFixture('warning-6.1.log')).forEach((l, i) => plain.push(l, i + 1, i));
    plain.tick(1e6);
    expect(plain.stopRequested).toBe(false);
    expect(plain.findings().map((f) => f.fatal)).toEqual([false]);
  });

  it("a panic after a reboot is not the previous boot's consequence", () => {
    const text = `${readFixture('kernel-bug-6.1.log')}\n${readFixture('kill-init-6.1.log')}`;
    expect(analyzeLog(text).map((f) => f.kind)).toEqual(['bug', 'kill-init']);
  });
});

describe('live: end markers and hangs', () => {
  it('the end marker completes a panic at once, no quiet gap needed', () => {
    const all = lines(readFixture('panic-end-marker-6.1.log'));
    const d = new CrashDetector();
    const at: number[] = [];
    d.onStop = (f) => at.push(f.lines.last);
    all.forEach((l, i) => d.push(l, i + 1, 0));
    expect(d.stopRequested).toBe(true);
    expect(all[at[0]! - 1]).toMatch(
      /---\[ end Kernel panic - not syncing: sysrq triggered crash \]---/,
    );
  });

  it('a hung task stops the VM at its </TASK>, though the kernel does not panic', () => {
    const all = lines(readFixture('hung-task-6.1.log'));
    const d = new CrashDetector();
    let stoppedAt = 0;
    d.onStop = () => (stoppedAt = n);
    let n = 0;
    for (const l of all) d.push(l, ++n, 0);
    expect(d.stopRequested).toBe(true);
    expect(all[stoppedAt - 1]).toMatch(/<\/TASK>/);
    expect(stoppedAt).toBeLessThan(all.length);
  });
});

describe("older kernels and other machines (real logs from syzkaller's corpus)", () => {
  const log = (name: string) => parseCorpusFile(name, readFileSync(join(CORPUS, name), 'utf8')).log;
  const titles = (name: string) => analyzeLog(log(name)).map((f) => f.title);

  it('a one-line report amid another (4.4: unregister_netdevice inside a hung-task trace) is recorded on its own, the other goes on', () => {
    expect(titles('74').sort()).toEqual([
      'INFO: task hung in copy_net_ns',
      'unregister_netdevice: waiting for DEV to become free',
    ]);
  });

  it('a double fault printed while oopsing belongs to the oops (4.20)', () => {
    expect(titles('324')).toEqual(['BUG: unable to handle kernel paging request in lookup_object']);
  });

  it('a log with no printk timestamp at all (a collector\'s date, then "BUG: memory leak" and kmemleak\'s report) is read as kernel lines', () => {
    expect(titles('52')).toEqual(['memory leak in inet6_create']);
  });

  it('two tasks interleaved line by line (5.2, caller ids): the GPF and the KASAN report each get their own stack', () => {
    expect(titles('392').sort()).toEqual([
      'KASAN: null-ptr-deref Read in x25_connect',
      'general protection fault in x25_connect',
    ]);
  });

  it('older prefixes: "NMI watchdog: BUG: soft lockup" (4.x), " BUG: KCSAN" after a space, KASAN\'s GPF hint glued to the oops line', () => {
    expect(titles('296')).toEqual(['BUG: soft lockup in mount']);
    expect(titles('428')).toEqual(['KCSAN: data-race in e1000_clean_rx_irq']);
    expect(titles('224')).toEqual(['general protection fault in xfrm_state_walk_done']);
  });

  it('powerpc marks stale frames "(unreliable)" at the end: skipped for the guilty frame', () => {
    expect(titles('386')).toEqual(['INFO: task hung in exit_aio']);
  });

  it('a stack overflow of 600 recursive frames: the report is kept whole enough to reach the syscall', () => {
    expect(titles('614')[0]).toBe('BUG: stack guard page was hit in rtnl_newlink');
  });
});
