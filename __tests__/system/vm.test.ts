// Supervision against real QEMU without a kernel (SeaBIOS finds nothing to
// boot and sits there): the boot timeout, retries, stop() and no leftovers.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vm } from '../../src/system/vm.js';
import { hasQemu } from '../helpers/kernels.js';

function qemusWith(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'qemu-system'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(marker));
  } catch {
    return [];
  }
}

const firmwareOnly = (dir: string, name: string) => [
  'qemu-system-x86_64',
  '-name',
  name,
  '-nodefaults',
  '-display',
  'none',
  '-accel',
  'tcg',
  '-m',
  '64M',
  '-chardev',
  'stdio,id=c,signal=off',
  '-device',
  'isa-debugcon,iobase=0x402,chardev=c',
  '-monitor',
  `unix:${join(dir, 'mon')},server=on,wait=off`,
];

describe.skipIf(!hasQemu())('QEMU supervision', () => {
  it('no ready line: killed at the boot timeout, retried, then a boot failure with the last lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-vm-'));
    const name = `kci-vm-test-${process.pid}-a`;
    const boots: number[] = [];
    const vm = new Vm({
      argv: firmwareOnly(dir, name),
      consoleLog: join(dir, 'console.log'),
      monitorSocket: join(dir, 'mon'),
      isReady: (l) => l.includes('never printed'),
      bootTimeoutMs: 3000,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 60_000,
      bootRetries: 1,
    });
    vm.addListener({ onLine: () => undefined, onBoot: (n) => boots.push(n) });
    const t0 = Date.now();
    const r = await vm.run();
    const took = Date.now() - t0;
    expect(r.end).toBe('boot-failure');
    expect(r.boots).toBe(2);
    expect(boots).toEqual([1, 2]);
    expect(r.message).toMatch(/boot failure after 2 attempt\(s\): no ready marker within 3 s/);
    expect(took).toBeGreaterThanOrEqual(6000);
    expect(took).toBeLessThan(15_000);
    expect(r.tail.join('\n')).toContain('SeaBIOS');
    const log = readFileSync(join(dir, 'console.log'), 'utf8');
    expect(log).toContain('==== kernel-ci: boot attempt 2 ====');
    expect(log.split('\n').length - 1).toBe(r.lines);
    expect(qemusWith(name)).toEqual([]);
  });

  it('stop() ends the VM at once through the monitor, and inactivity is caught', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-vm-'));
    const name = `kci-vm-test-${process.pid}-b`;
    const vm = new Vm({
      argv: firmwareOnly(dir, name),
      consoleLog: join(dir, 'console.log'),
      monitorSocket: join(dir, 'mon'),
      isReady: (l) => l.includes('SeaBIOS'),
      bootTimeoutMs: 30_000,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 60_000,
      bootRetries: 0,
    });
    let stopAt = 0;
    vm.addListener({
      onLine: (l) => {
        if (l.includes('SeaBIOS') && !stopAt) {
          stopAt = Date.now();
          vm.stop('a listener asked');
        }
      },
    });
    const r = await vm.run();
    expect(r.end).toBe('stopped');
    expect(r.stopReason).toBe('a listener asked');
    expect(Date.now() - stopAt).toBeLessThan(3000);
    expect(qemusWith(name)).toEqual([]);

    const idle = new Vm({
      argv: firmwareOnly(dir, `${name}-idle`),
      consoleLog: join(dir, 'console2.log'),
      monitorSocket: join(dir, 'mon'),
      isReady: (l) => l.includes('SeaBIOS'),
      bootTimeoutMs: 30_000,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 4000,
      bootRetries: 0,
      sysrqOnTimeout: true,
    });
    const r2 = await idle.run();
    expect(r2.end).toBe('inactivity');
    expect(r2.message).toBe('no console output for 4 s');
    // The SysRq hook ran (the firmware has no kernel to answer it).
    expect(readFileSync(join(dir, 'console2.log'), 'utf8')).toContain(
      'console inactivity: SysRq w, d, l',
    );
    expect(qemusWith(`${name}-idle`)).toEqual([]);
  });

  it('stop() quits QEMU through the monitor every time, never by the 1 s SIGKILL fallback', async () => {
    // Hanging up right after writing `quit` lost it about 1 stop in 10
    // (bench:crash's 1008 ms outlier): 30 stops in a row all quit.
    const dir = mkdtempSync(join(tmpdir(), 'kci-vm-'));
    const name = `kci-vm-test-${process.pid}-q`;
    const ends: string[] = [];
    for (let i = 0; i < 30; i++) {
      const vm = new Vm({
        argv: firmwareOnly(dir, name),
        consoleLog: join(dir, 'console.log'),
        monitorSocket: join(dir, 'mon'),
        isReady: (l) => l.includes('SeaBIOS'),
        bootTimeoutMs: 30_000,
        runTimeoutMs: 60_000,
        inactivityTimeoutMs: 60_000,
        bootRetries: 0,
      });
      vm.addListener({ onLine: (l) => l.includes('SeaBIOS') && vm.stop('quit test') });
      const r = await vm.run();
      ends.push(`${r.end} ${r.signal ?? r.exitCode}`);
    }
    expect(ends).toEqual(Array(30).fill('stopped 0'));
    expect(qemusWith(name)).toEqual([]);
  }, 120_000);

  it('nothing the kernel would print by the first-output deadline: no-output at once, never retried, console kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-vm-'));
    const name = `kci-vm-test-${process.pid}-c`;
    const log = join(dir, 'console.log');
    const vm = new Vm({
      argv: firmwareOnly(dir, name),
      consoleLog: log,
      monitorSocket: join(dir, 'mon'),
      isReady: () => false,
      // SeaBIOS speaks, but firmware is not a running kernel.
      isAlive: (l) => l.startsWith('[ '),
      firstOutputTimeoutMs: 2000,
      bootTimeoutMs: 60_000,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 60_000,
      bootRetries: 2,
      preamble: ['==== first line ===='],
    });
    const t0 = Date.now();
    const r = await vm.run();
    const took = Date.now() - t0;
    expect(r.end).toBe('no-output');
    expect(r.message).toBe('no kernel output within 2 s');
    expect(r.boots).toBe(1);
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(6000);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('==== first line ====\n')).toBe(true);
    expect(text).toContain('SeaBIOS');
    expect(qemusWith(name)).toEqual([]);

    // The next VM appends to the same console log and numbers on from it.
    const seen: number[] = [];
    const next = new Vm({
      argv: firmwareOnly(dir, `${name}-2`),
      consoleLog: log,
      monitorSocket: join(dir, 'mon'),
      isReady: () => false,
      isAlive: (l) => l.includes('SeaBIOS'),
      firstOutputTimeoutMs: 5000,
      bootTimeoutMs: 2500,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 60_000,
      bootRetries: 0,
      append: true,
      firstLineNo: r.lines,
    });
    next.addListener({ onLine: (_l, n) => seen.push(n) });
    const r2 = await next.run();
    // Alive in time: the ordinary boot timeout decides, not the deadline.
    expect(r2.end).toBe('boot-failure');
    expect(seen[0]).toBe(r.lines + 1);
    expect(readFileSync(log, 'utf8').startsWith(text)).toBe(true);
  });

  it('a console.log planted as a link in the share is replaced, never written through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-vm-'));
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me\n');
    const log = join(dir, 'console.log');
    symlinkSync(victim, log);
    const vm = new Vm({
      argv: firmwareOnly(dir, `kci-vm-test-${process.pid}-d`),
      consoleLog: log,
      monitorSocket: join(dir, 'mon'),
      isReady: () => false,
      bootTimeoutMs: 1500,
      runTimeoutMs: 60_000,
      inactivityTimeoutMs: 60_000,
      bootRetries: 0,
      append: true,
    });
    await vm.run();
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(lstatSync(log).isFile()).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('SeaBIOS');
  });
});
