// Kbuild's quiet output (`  CC      net/mptcp/protocol.o`) → how far along
// the build is. The total is an estimate: the object count of the last
// build with the same config (stored next to the ccache, so it travels with
// the Actions cache); without one, progress is a count and elapsed time.

const STEP = /^ {2}([A-Z][A-Z0-9_]*(?: \[[MU]\])?)\s+(\S+)/;
/** Steps that produce one object each: what the count means. */
const OBJECT_STEPS = new Set(['CC', 'CC [M]', 'AS', 'AS [M]', 'CXX', 'RUSTC', 'RUSTC [M]']);

export interface ProgressState {
  objects: number;
  /** Any Kbuild step (LD, AR, GEN…): proof of life when no object compiles. */
  steps: number;
  lastTarget?: string;
}

export class BuildProgress {
  readonly state: ProgressState = { objects: 0, steps: 0 };
  private lastReport = 0;
  private lastPercent = -1;

  constructor(
    private readonly startedMs: number,
    private readonly estimatedTotal?: number,
    private readonly everyMs = 15_000,
  ) {}

  /** True when the line is a Kbuild step line. */
  feed(line: string): boolean {
    const m = STEP.exec(line);
    if (!m) return false;
    this.state.steps++;
    if (OBJECT_STEPS.has(m[1]!) && m[2]!.endsWith('.o')) {
      this.state.objects++;
      // objtool & co. print absolute paths: the tail says enough.
      this.state.lastTarget = m[2]!.startsWith('/') ? m[2]!.split('/').slice(-3).join('/') : m[2];
    }
    return true;
  }

  /** A status line when one is due (time, or each 10% of the estimate), else undefined. */
  due(nowMs: number): string | undefined {
    const pct = this.percent();
    const tenth = pct === undefined ? -1 : Math.floor(pct / 10);
    if (nowMs - this.lastReport < this.everyMs && tenth <= this.lastPercent) return undefined;
    if (this.state.steps === 0) return undefined;
    this.lastReport = nowMs;
    this.lastPercent = Math.max(this.lastPercent, tenth);
    return this.line(nowMs);
  }

  percent(): number | undefined {
    if (!this.estimatedTotal) return undefined;
    return Math.min(99, Math.floor((100 * this.state.objects) / this.estimatedTotal));
  }

  line(nowMs: number): string {
    const done = this.estimatedTotal
      ? `${this.state.objects}/~${this.estimatedTotal} objects (${this.percent()}%)`
      : `${this.state.objects} objects`;
    const at = this.state.lastTarget ? `, at ${this.state.lastTarget}` : '';
    return `build: ${done}, ${formatElapsed(nowMs - this.startedMs)} elapsed${at}`;
  }
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
