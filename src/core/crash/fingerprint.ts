// A fingerprint names "the same problem" across runs and within a run: the
// kind, the title with anything that varies between occurrences removed
// (addresses, numbers, task names are not in titles, see title.ts) and the
// first significant frames. No addresses, offsets, timestamps, PIDs, CPUs.

import { createHash } from 'node:crypto';
import { detach } from '../console-lines.js';
import { RecentMemo, sameList } from './recent-memo.js';
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

// A console repeating a few reports hashes each once.
interface Known {
  kind: FindingKind;
  title: string;
  fns: string[];
  fp: string;
}
const known = new RecentMemo<Known>();

/** 16 hex digits: short enough for test results and annotations, long enough not to collide. */
export function fingerprint(kind: FindingKind, title: string, frames: ReportFrames): string {
  const fns = significantFns(frames, FINGERPRINT_FRAMES);
  const hit = known.find((e) => e.kind === kind && e.title === title && sameList(e.fns, fns));
  if (hit) return hit.fp;
  const fp = createHash('sha256')
    .update(fingerprintKey(kind, title, frames))
    .digest('hex')
    .slice(0, 16);
  return known.add({ kind, title: detach(title), fns: fns.map(detach), fp }).fp;
}
