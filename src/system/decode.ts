// Decodes crash reports with the kernel's own scripts/decode_stacktrace.sh
// (addr2line over vmlinux's DWARF): `func+0x1b/0x30` becomes
// `func (net/mptcp/protocol.c:1234)`. The raw report is kept; the decoded
// one and the first in-tree location go next to it on the finding.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Finding } from '../core/results.js';
import { canonicalFn, isGeneric } from '../core/crash/frames.js';

export interface DecodeOptions {
  vmlinux: string;
  /** Kernel source tree: holds scripts/decode_stacktrace.sh and is stripped from paths. */
  source: string;
  /** Where the modules (.ko with debug info) are, for frames like `func+0x1/0x2 [mod]`. */
  modules?: string;
  /** Per report; decode_stacktrace runs addr2line once per frame. */
  timeoutMs?: number;
  /** A cancelled run: the running decode and its addr2line children are killed, the rest skipped. */
  signal?: AbortSignal;
}

/** Checks --vmlinux / --source before any work (UsageError on bad input). */
export function checkDecodeInputs(
  vmlinux: string,
  source: string,
  modules?: string,
): DecodeOptions {
  const v = resolve(vmlinux);
  const s = resolve(source);
  const m = modules === undefined ? undefined : resolve(modules);
  if (m !== undefined && (!existsSync(m) || !statSync(m).isDirectory()))
    throw new UsageError(`--modules ${m}: not a directory`);
  if (!existsSync(v) || !statSync(v).isFile()) throw new UsageError(`--vmlinux ${v}: no such file`);
  if (!existsSync(join(s, 'scripts', 'decode_stacktrace.sh')))
    throw new UsageError(`--source ${s}: not a kernel tree (no scripts/decode_stacktrace.sh)`);
  return { vmlinux: v, source: s, ...(m === undefined ? {} : { modules: m }) };
}

/** Runs decode_stacktrace.sh on one report; resolves to the decoded text. */
export function decodeReport(report: string, opts: DecodeOptions): Promise<string> {
  return new Promise((done, fail) => {
    const script = join(opts.source, 'scripts', 'decode_stacktrace.sh');
    // The script strips "<base>/" from paths: the base goes without its trailing slash.
    const base = opts.source.replace(/\/+$/, '');
    const args = [script, opts.vmlinux, base, ...(opts.modules ? [opts.modules] : [])];
    if (opts.signal?.aborted) return fail(new Error('cancelled'));
    // Its own process group: the script's addr2line children die with it.
    const child = spawn('bash', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const killAll = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(killAll, opts.timeoutMs ?? 120_000);
    opts.signal?.addEventListener('abort', killAll, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killAll);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killAll);
      if (code === 0) done(Buffer.concat(out).toString('utf8').replace(/\n$/, ''));
      else
        fail(
          new Error(
            `decode_stacktrace.sh failed (${signal ?? `exit ${code}`}): ${Buffer.concat(err).toString('utf8').trim().split('\n').pop() ?? ''}`,
          ),
        );
    });
    child.stdin.end(report.endsWith('\n') ? report : `${report}\n`);
  });
}

// " func (drivers/misc/lkdtm/bugs.c:92)", "RIP: 0010:func (mm/slub.c:12 (discriminator 3))",
// inlined frames: " func (file.c:12) [inline]"; an address whose line is in
// an inlined callee: " func (include/linux/slab.h:894 drivers/misc/lkdtm/heap.c:86)",
// where the last location is func's own line.
const DECODED_FRAME = /(?:^|[\s:?])([A-Za-z_][\w.$]*) \(((?:[^\s()]+\.[chSs]:\d+ ?)+)/;
const LAST_LOCATION = /([^\s()]+\.[chSs]):(\d+) ?$/;

/**
 * The first in-tree frame's location: the first decoded, non-generic
 * function whose path is relative to the tree (absolute paths are headers
 * outside it or paths the base could not strip).
 */
export function firstLocation(
  decoded: string,
  guilty?: string,
): { file: string; line: number } | undefined {
  let first: { file: string; line: number } | undefined;
  for (const l of decoded.split('\n')) {
    if (/\s\?\s/.test(l)) continue;
    const m = DECODED_FRAME.exec(l);
    if (!m) continue;
    const [, fn, locations] = m;
    const [, file, line] = LAST_LOCATION.exec(locations!)!;
    if (file!.startsWith('/')) continue;
    const here = { file: file!, line: Number(line) };
    // The frame the title blames (the detector's guilty-frame rules) wins.
    if (guilty !== undefined && canonicalFn(fn!) === guilty) return here;
    if (!first && !isGeneric(canonicalFn(fn!))) {
      first = here;
      if (guilty === undefined) return first;
    }
  }
  return first;
}

/** The function a syzkaller-style title blames: "KASAN: use-after-free Read in remove_wait_queue". */
export function titleFunction(title: string): string | undefined {
  const m = / in ([A-Za-z_][\w.]*)$/.exec(title);
  return m && m[1] !== 'corrupted' ? canonicalFn(m[1]!) : undefined;
}

/** Decodes every finding in place (decoded + location); a failing decode leaves the raw report. */
export async function decodeFindings(
  findings: Finding[],
  opts: DecodeOptions,
  warn: (m: string) => void = () => {},
): Promise<void> {
  for (const f of findings) {
    if (opts.signal?.aborted) {
      warn('decoding cancelled: the remaining findings keep their raw reports');
      return;
    }
    try {
      const decoded = await decodeReport(f.report, opts);
      f.decoded = decoded;
      const loc = firstLocation(decoded, titleFunction(f.title));
      if (loc) f.location = loc;
    } catch (e) {
      warn(`decode of '${f.title}': ${(e as Error).message}`);
    }
  }
}
