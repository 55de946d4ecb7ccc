// Spawns and supervises QEMU. The serial console is split into lines as it
// arrives and fanned out to console.log (written synchronously, so it is
// complete whatever happens next) and to listeners (result markers, crash
// detector) that may ask to stop the VM. Every way out is bounded: boot
// timeout with retries, whole-run timeout, console inactivity timeout, stop().
// QEMU dies with us: PR_SET_PDEATHSIG via setpriv, and a kill on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { LineSplitter } from '../core/console-lines.js';

export interface ConsoleListener {
  /** One console line; lineNo is its 1-based line in console.log. */
  onLine(line: string, lineNo: number): void;
  /** A new boot attempt starts (retries after a boot failure). */
  onBoot?(attempt: number): void;
}

export type VmEnd =
  /** QEMU exited by itself after the guest became ready (poweroff, panic). */
  | 'exited'
  | 'boot-failure'
  /**
   * Nothing from the kernel within firstOutputTimeoutMs: the accelerator
   * cannot run this guest (a /dev/kvm that hangs Linux). Never retried with
   * the same command; the caller picks another accelerator.
   */
  | 'no-output'
  | 'timeout'
  | 'inactivity'
  /** A listener or the caller asked to stop (crash detector, cancel). */
  | 'stopped';

export interface VmResult {
  end: VmEnd;
  /** Why, in one line. */
  message: string;
  /** The stop() reason when end is 'stopped'. */
  stopReason?: string;
  boots: number;
  /** Spawn of the successful boot to the ready line. */
  bootSeconds: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lines: number;
  /** Last console lines (and QEMU's stderr), for boot failures and aborts. */
  tail: string[];
  stderr: string[];
}

export interface VmOptions {
  /** The command: argv[0] is QEMU. */
  argv: string[];
  consoleLog: string;
  monitorSocket?: string;
  /** True for the line that says the guest is up and running tests. */
  isReady(line: string): boolean;
  bootTimeoutMs: number;
  /**
   * Bound on the wait for the first line isAlive accepts; unset = none. The
   * boot timeout is sized for a slow TCG boot; this one for "is the CPU
   * running the kernel at all".
   */
  firstOutputTimeoutMs?: number;
  /** True for a line that proves the kernel (not only firmware or the boot stub) runs. Default: any line. */
  isAlive?(line: string): boolean;
  runTimeoutMs: number;
  inactivityTimeoutMs: number;
  bootRetries: number;
  /** Before killing on run/inactivity timeout: SysRq w, d, l to see where it hangs. */
  sysrqOnTimeout?: boolean;
  /** Raw console chunks, as they come (e.g. a live log). */
  onChunk?(lines: string[]): void;
  tailLines?: number;
  /** Append to consoleLog (after an earlier VM's lines) instead of starting it afresh. */
  append?: boolean;
  /** Lines already in consoleLog: numbering goes on from there. */
  firstLineNo?: number;
  /** Lines written first (e.g. why this VM replaces an earlier one). */
  preamble?: string[];
}

export const SYSRQ_DUMP_KEYS = ['w', 'd', 'l'] as const;
const SYSRQ_SETTLE_MS = 2000;
const STOP_GRACE_MS = 1000;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/** Runs the command with PDEATHSIG=KILL when setpriv is there, so QEMU never outlives us. */
export function spawnGuarded(argv: string[]): ChildProcess {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const [cmd, ...args] = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--', ...argv] : argv;
  return spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Sends HMP commands over the monitor socket; resolves settleMs after they
 * are sent, when QEMU closes the connection (it quit), or on any error.
 * The connection stays open meanwhile: a client that hangs up right after
 * writing loses its command now and then (QEMU 7.2 dropped 1 `quit` in 10
 * that way, and the VM then lived until the 1 s SIGKILL: bench:crash).
 */
export function hmp(socket: string, commands: string[], settleMs = 200): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socket);
    let timer: NodeJS.Timeout | undefined;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    s.once('error', () => done(false));
    s.once('close', () => done(true));
    s.once('connect', () => {
      // QEMU's greeting and echo are read and dropped, so that its hang-up is seen.
      s.resume();
      s.write(commands.map((c) => `${c}\n`).join(''));
      timer = setTimeout(() => done(true), settleMs);
    });
  });
}

/**
 * console.log lives in the guest's share: a link planted there (by an earlier
 * guest of the same run) is replaced, never written through.
 */
function openConsoleLog(path: string, append: boolean): number {
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    constants.O_NOFOLLOW |
    (append ? constants.O_APPEND : constants.O_TRUNC);
  try {
    return openSync(path, flags, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
    unlinkSync(path);
    return openSync(path, flags, 0o644);
  }
}

export class Vm {
  private readonly listeners: ConsoleListener[] = [];
  private child: ChildProcess | undefined;
  private stopReason: string | undefined;
  private lineNo: number;
  private tail: string[] = [];
  private fd: number | undefined;
  private alive = false;

  constructor(private readonly o: VmOptions) {
    this.lineNo = o.firstLineNo ?? 0;
  }

  addListener(l: ConsoleListener): void {
    this.listeners.push(l);
  }

  /** Stops the VM as soon as possible; run() then resolves with end 'stopped'. */
  stop(reason: string): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.kill();
  }

  get stopping(): boolean {
    return this.stopReason !== undefined;
  }

  /** Asks the guest kernel for its blocked tasks, held locks and CPU backtraces. */
  async sysrqDump(keys: readonly string[] = SYSRQ_DUMP_KEYS): Promise<boolean> {
    if (!this.o.monitorSocket || !this.child || this.child.exitCode !== null) return false;
    let ok = true;
    for (const k of keys) {
      ok = (await hmp(this.o.monitorSocket, [`sendkey alt-sysrq-${k}`])) && ok;
      await new Promise((r) => setTimeout(r, SYSRQ_SETTLE_MS / keys.length));
    }
    return ok;
  }

  private kill(): void {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Held open until QEMU goes (or the grace ends): see hmp().
    if (this.o.monitorSocket) void hmp(this.o.monitorSocket, ['quit'], STOP_GRACE_MS);
    const t = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => clearTimeout(t));
  }

  private write(lines: string[]): void {
    if (lines.length === 0 || this.fd === undefined) return;
    writeSync(this.fd, lines.join('\n') + '\n');
  }

  private emit(lines: string[]): boolean {
    let ready = false;
    this.write(lines);
    for (const line of lines) {
      this.lineNo++;
      this.tail.push(line);
      if (this.tail.length > (this.o.tailLines ?? 50)) this.tail.shift();
      if (this.o.isReady(line)) ready = true;
      if (!this.alive && (this.o.isAlive?.(line) ?? true)) this.alive = true;
      for (const l of this.listeners) l.onLine(line, this.lineNo);
    }
    if (lines.length) this.o.onChunk?.(lines);
    return ready;
  }

  async run(): Promise<VmResult> {
    this.fd = openConsoleLog(this.o.consoleLog, this.o.append === true);
    const t0 = Date.now();
    const stderr: string[] = [];
    let boots = 0;
    try {
      if (this.o.preamble) this.emit(this.o.preamble);
      for (;;) {
        boots++;
        if (boots > 1) this.emit([`==== kernel-ci: boot attempt ${boots} ====`]);
        for (const l of this.listeners) l.onBoot?.(boots);
        const r = await this.attempt(t0, stderr);
        const base = {
          boots,
          exitCode: r.code,
          signal: r.signal,
          lines: this.lineNo,
          stderr: [...stderr],
        };
        if (this.stopReason !== undefined)
          return {
            ...base,
            end: 'stopped',
            message: `stopped: ${this.stopReason}`,
            stopReason: this.stopReason,
            bootSeconds: r.bootSeconds,
            tail: this.tailWith(stderr),
          };
        if (r.end === 'no-output')
          return {
            ...base,
            end: 'no-output',
            message: `no kernel output within ${(this.o.firstOutputTimeoutMs ?? 0) / 1000} s`,
            bootSeconds: null,
            tail: this.tailWith(stderr),
          };
        if (r.end === 'no-ready' || r.end === 'boot-timeout') {
          const why =
            r.end === 'boot-timeout'
              ? `no ready marker within ${this.o.bootTimeoutMs / 1000} s`
              : `QEMU exited (${r.signal ?? r.code}) before the guest was ready`;
          if (boots <= this.o.bootRetries && Date.now() - t0 < this.o.runTimeoutMs) continue;
          return {
            ...base,
            end: 'boot-failure',
            message: `boot failure after ${boots} attempt(s): ${why}`,
            bootSeconds: null,
            tail: this.tailWith(stderr),
          };
        }
        const message =
          r.end === 'timeout'
            ? `the run exceeded its ${this.o.runTimeoutMs / 1000} s timeout`
            : r.end === 'inactivity'
              ? `no console output for ${this.o.inactivityTimeoutMs / 1000} s`
              : `QEMU exited (${r.signal ?? r.code})`;
        return {
          ...base,
          end: r.end,
          message,
          bootSeconds: r.bootSeconds,
          tail: this.tailWith(stderr),
        };
      }
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private tailWith(stderr: string[]): string[] {
    return stderr.length ? [...this.tail, ...stderr.map((l) => `qemu: ${l}`)] : [...this.tail];
  }

  private attempt(
    runStart: number,
    stderr: string[],
  ): Promise<{
    end: 'exited' | 'no-ready' | 'no-output' | 'boot-timeout' | 'timeout' | 'inactivity';
    code: number | null;
    signal: NodeJS.Signals | null;
    bootSeconds: number | null;
  }> {
    const start = Date.now();
    const child = spawnGuarded(this.o.argv);
    this.child = child;
    trackChild(child);
    const split = new LineSplitter();
    const errSplit = new LineSplitter();
    let ready: number | null = null;
    let why: 'no-output' | 'boot-timeout' | 'timeout' | 'inactivity' | undefined;
    this.alive = false;
    const timers: NodeJS.Timeout[] = [];
    const onTimeout = async (kind: 'timeout' | 'inactivity') => {
      if (why || this.stopReason !== undefined) return;
      why = kind;
      if (this.o.sysrqOnTimeout !== false && ready !== null) {
        this.emit([
          `==== kernel-ci: ${kind === 'timeout' ? 'run timeout' : 'console inactivity'}: SysRq w, d, l ====`,
        ]);
        await this.sysrqDump();
      }
      this.kill();
    };
    let idle: NodeJS.Timeout | undefined;
    const kick = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => void onTimeout('inactivity'), this.o.inactivityTimeoutMs);
    };
    kick();
    timers.push(
      setTimeout(
        () => void onTimeout('timeout'),
        Math.max(0, this.o.runTimeoutMs - (start - runStart)),
      ),
      setTimeout(() => {
        if (ready === null && !why) {
          why = 'boot-timeout';
          this.kill();
        }
      }, this.o.bootTimeoutMs),
    );
    if (this.o.firstOutputTimeoutMs !== undefined)
      timers.push(
        setTimeout(() => {
          if (!this.alive && !why && this.stopReason === undefined) {
            why = 'no-output';
            // A guest that never ran has nothing to flush: no grace period.
            child.kill('SIGKILL');
          }
        }, this.o.firstOutputTimeoutMs),
      );
    child.stdout!.on('data', (d: Buffer) => {
      kick();
      if (this.emit(split.push(d)) && ready === null) ready = Date.now();
    });
    child.stderr!.on('data', (d: Buffer) => {
      for (const l of errSplit.push(d)) if (l.trim()) stderr.push(l);
    });
    return new Promise((resolve) => {
      let spawnError: Error | undefined;
      child.once('error', (e) => (spawnError = e));
      child.once('close', (code, signal) => {
        for (const t of timers) clearTimeout(t);
        if (idle) clearTimeout(idle);
        if (this.emit(split.end()) && ready === null) ready = Date.now();
        stderr.push(...errSplit.end().filter((l) => l.trim()));
        if (spawnError) stderr.push(spawnError.message);
        const bootSeconds = ready === null ? null : (ready - start) / 1000;
        const end =
          why === 'timeout' || why === 'inactivity' || why === 'no-output'
            ? why
            : ready === null
              ? why === 'boot-timeout'
                ? 'boot-timeout'
                : 'no-ready'
              : 'exited';
        resolve({ end, code, signal, bootSeconds });
      });
    });
  }
}
