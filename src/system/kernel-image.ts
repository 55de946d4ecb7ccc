// Recognises an x86 bzImage by its boot protocol header so a wrong file is a
// one-line usage error instead of a QEMU that prints nothing until a timeout.
// Layout: Documentation/arch/x86/boot.rst (0x1FE boot flag, 0x202 "HdrS",
// 0x20E kernel_version offset).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

export interface KernelImage {
  path: string;
  /** Boot protocol version, e.g. "2.15". */
  protocol: string;
  /** `uname -r` of the kernel when the header carries it, e.g. "6.1.0-50-amd64". */
  release?: string;
  /** The full version string, e.g. "6.1.0-50-amd64 (debian-kernel@...) #1 SMP ...". */
  version?: string;
}

const HEAD_BYTES = 64 * 1024;

export function parseBzImageHeader(buf: Buffer): Omit<KernelImage, 'path'> | null {
  if (buf.length < 0x210) return null;
  if (buf.readUInt16LE(0x1fe) !== 0xaa55) return null;
  if (buf.toString('latin1', 0x202, 0x206) !== 'HdrS') return null;
  const proto = buf.readUInt16LE(0x206);
  const out: Omit<KernelImage, 'path'> = { protocol: `${proto >> 8}.${proto & 0xff}` };
  const off = buf.readUInt16LE(0x20e);
  if (off !== 0 && off + 0x200 < buf.length) {
    const start = off + 0x200;
    const end = buf.indexOf(0, start);
    const version = buf.toString(
      'latin1',
      start,
      end < 0 ? Math.min(buf.length, start + 256) : end,
    );
    if (/^\d+\.\d+/.test(version)) {
      out.version = version;
      out.release = version.split(' ')[0];
    }
  }
  return out;
}

/** Throws UsageError for a missing, unreadable or non-bzImage file. */
export function readKernelImage(path: string): KernelImage {
  let fd: number;
  try {
    if (!statSync(path).isFile()) throw new UsageError(`--kernel ${path}: not a file`);
    fd = openSync(path, 'r');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--kernel ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : String(code)}`,
    );
  }
  const buf = Buffer.alloc(HEAD_BYTES);
  let n: number;
  try {
    n = readSync(fd, buf, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const header = parseBzImageHeader(buf.subarray(0, n));
  if (!header)
    throw new UsageError(`--kernel ${path}: not a bzImage (no x86 boot header "HdrS" at 0x202)`);
  return { path, ...header };
}
