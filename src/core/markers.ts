// Machine-readable lines the guest runner prints on the serial console so that
// each result reaches the host the moment a test ends and survives a crash.
// A per-run nonce keeps test output from forging them by accident.
//
//   @@KCI@@ <nonce> ready uptime=<s.ss>
//   @@KCI@@ <nonce> start id=<n> name=<name>
//   @@KCI@@ <nonce> end id=<n> attempt=<a> exit=<code> ms=<ms> timeout=<0|1>
//   @@KCI@@ <nonce> done

export const MARKER_TAG = '@@KCI@@';

export type Marker =
  | { type: 'ready'; uptime: number }
  | { type: 'start'; id: number; name: string }
  | { type: 'end'; id: number; attempt: number; exit: number; ms: number; timedOut: boolean }
  | { type: 'done' };

export function formatMarker(nonce: string, m: Marker): string {
  switch (m.type) {
    case 'ready':
      return `${MARKER_TAG} ${nonce} ready uptime=${m.uptime}`;
    case 'start':
      return `${MARKER_TAG} ${nonce} start id=${m.id} name=${m.name}`;
    case 'end':
      return `${MARKER_TAG} ${nonce} end id=${m.id} attempt=${m.attempt} exit=${m.exit} ms=${m.ms} timeout=${m.timedOut ? 1 : 0}`;
    case 'done':
      return `${MARKER_TAG} ${nonce} done`;
  }
}

const num = (s: string | undefined): number => (s === undefined ? NaN : Number(s));

/** Parses a console line (printk prefixes and noise allowed before the tag). */
export function parseMarker(line: string, nonce: string): Marker | null {
  const at = line.indexOf(MARKER_TAG);
  if (at < 0) return null;
  const rest = line
    .slice(at + MARKER_TAG.length)
    .trim()
    .split(/\s+/);
  if (rest[0] !== nonce) return null;
  const kv: Record<string, string> = {};
  for (const part of rest.slice(2)) {
    const eq = part.indexOf('=');
    if (eq > 0) kv[part.slice(0, eq)] = part.slice(eq + 1);
  }
  switch (rest[1]) {
    case 'ready': {
      const uptime = num(kv.uptime);
      return Number.isFinite(uptime) ? { type: 'ready', uptime } : null;
    }
    case 'start': {
      const id = num(kv.id);
      const nameAt = line.indexOf(' name=', at);
      if (!Number.isInteger(id) || nameAt < 0) return null;
      return { type: 'start', id, name: line.slice(nameAt + 6).trimEnd() };
    }
    case 'end': {
      const id = num(kv.id),
        exit = num(kv.exit),
        ms = num(kv.ms),
        attempt = num(kv.attempt ?? '1');
      // The nonce is readable by the tests (init.sh is in the share), so a
      // marker can be forged: only what results.json's schema can hold passes.
      if (![id, exit, attempt].every(Number.isSafeInteger)) return null;
      if (!Number.isFinite(ms) || ms < 0 || attempt < 1) return null;
      return { type: 'end', id, attempt, exit, ms, timedOut: kv.timeout === '1' };
    }
    case 'done':
      return { type: 'done' };
    default:
      return null;
  }
}
