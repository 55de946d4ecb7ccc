// A fingerprint names "the same problem" across runs and within a run: the
// kind, the title with anything that varies between occurrences removed
// (addresses, numbers, task names are not in titles, see title.ts) and the
// first significant frames. No addresses, offsets, timestamps, PIDs, CPUs.

import { createHash } from 'node:crypto';
import type { FindingKind } from '../results.js';
import { SIGNIFICANT_FRAMES, significantFns, type ReportFrames } from './frames.js';

export const FINGERPRINT_FRAMES = SIGNIFICANT_FRAMES;

/** The human-readable key hashed into the fingerprint (handy in tests and debugging). */
export function fingerprintKey(kind: FindingKind, title: string, frames: ReportFrames): string {
  const stableTitle = title
    .replace(/0x[0-9a-f]+/gi, '?')
    .replace(/\b[0-9a-f]{8,}\b/gi, '?')
    .replace(/\d+/g, 'N');
  return [kind, stableTitle, ...significantFns(frames, FINGERPRINT_FRAMES)].join('|');
}

// A console repeating one report hashes its key once (bounded).
const hashed = new Map<string, string>();

/** 16 hex digits: short enough for test results and annotations, long enough not to collide. */
export function fingerprint(kind: FindingKind, title: string, frames: ReportFrames): string {
  const key = fingerprintKey(kind, title, frames);
  let fp = hashed.get(key);
  if (fp === undefined) {
    if (hashed.size >= 1024) hashed.clear();
    fp = createHash('sha256').update(key).digest('hex').slice(0, 16);
    hashed.set(key, fp);
  }
  return fp;
}
