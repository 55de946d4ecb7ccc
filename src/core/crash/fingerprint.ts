// A fingerprint names "the same problem" across runs and within a run. It
// follows the title, as syzkaller's deduplication does: the title already
// names the report kind and its guilty frame, and carries no addresses,
// offsets, timestamps, PIDs or CPUs (title.ts replaces them); the kind is
// added so that a panic and a warning of the same words stay apart.

import { createHash } from 'node:crypto';
import { detach } from '../console-lines.js';
import type { FindingKind } from '../results.js';

/** The human-readable key hashed into the fingerprint (handy in tests and debugging). */
export function fingerprintKey(kind: FindingKind, title: string): string {
  const stableTitle = title
    .replace(/0x[0-9a-f]+/gi, '?')
    .replace(/\b[0-9a-f]{8,}\b/gi, '?')
    .replace(/\d+/g, 'N');
  return `${kind}|${stableTitle}`;
}

// A console repeating a few reports hashes each once.
const known = new Map<string, string>();
const KNOWN_MAX = 256;

/** 16 hex digits: short enough for test results and annotations, long enough not to collide. */
export function fingerprint(kind: FindingKind, title: string): string {
  const key = fingerprintKey(kind, title);
  const hit = known.get(key);
  if (hit) return hit;
  const fp = createHash('sha256').update(key).digest('hex').slice(0, 16);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(detach(key), fp);
  return fp;
}
