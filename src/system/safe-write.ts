// The one way the host writes into, and reads from, a directory the guest or
// an earlier run could touch (the run's out dir is the guest's read-write
// results share, and out dirs are reused). Anything found there may be a
// symlink planted towards a host file or directory, or a FIFO: a file is
// never opened through an existing path, it is written fresh beside it
// (O_CREAT|O_EXCL|O_NOFOLLOW) and renamed over it, which replaces a link
// instead of following it; a directory on the way that is a link (or not a
// directory) is replaced by a real one; what the guest wrote is read only
// from a regular file, never through a link, and bounded.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CREATE_FRESH =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function lstatOrNull(p: string) {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir loops forever where
 * mkdir says ENOENT under an existing parent (/proc/x).
 */
function mkdirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(d);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw err;
      missing.unshift(d);
    }
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * `root/rel` as a real directory: every component below `root` that is a
 * symlink or a file is removed and made a directory. `root` itself is the
 * user's choice and is created if missing, links and all.
 */
export function safeDirSync(root: string, rel = ''): string {
  root = resolve(root);
  mkdirs(root);
  if (!statSync(root).isDirectory())
    throw Object.assign(new Error(`${root}: not a directory`), { code: 'EEXIST' });
  const target = resolve(root, rel);
  const r = relative(root, target);
  if (r.startsWith('..') || isAbsolute(r)) throw new Error(`${target} is not under ${root}`);
  let at = root;
  for (const part of r === '' ? [] : r.split(sep)) {
    at = join(at, part);
    const st = lstatOrNull(at);
    if (st?.isDirectory()) continue;
    if (st) rmSync(at, { force: true, recursive: true });
    mkdirSync(at);
  }
  return target;
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * Writes `content` (a string, bytes, or pieces of text streamed in order)
 * to `path` without following whatever `path` is now. The file appears
 * complete or not at all. `path`'s directory must be one safeDirSync made.
 */
export function writeFresh(
  path: string,
  content: string | Uint8Array | Iterable<string>,
  mode = 0o644,
): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, CREATE_FRESH, mode);
  try {
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) writeAll(fd, content);
      else {
        // Pieces are gathered to ~1 MiB: a write per JUnit test case would be slow.
        let buf = '';
        for (const piece of content) {
          buf += piece;
          if (buf.length >= 1 << 20) {
            writeAll(fd, buf);
            buf = '';
          }
        }
        if (buf) writeAll(fd, buf);
      }
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, path);
    } catch (err) {
      // A directory planted under the file's name: rename cannot replace it.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EISDIR' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      rmSync(path, { force: true, recursive: true });
      renameSync(tmp, path);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already renamed or never created */
    }
    throw err;
  }
}

/**
 * Reads what the guest left in the share: only a regular file, never
 * through a link (a link to /dev/zero would never end, a FIFO would block
 * forever), at most its last `maxBytes` bytes. Anything else reads as ''.
 */
export function readGuestFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return '';
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return '';
    const len = Math.min(st.size, maxBytes);
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, st.size - len + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
