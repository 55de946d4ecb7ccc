// Builds result trees from classified lines, streaming.
//
// Subtests come before their parent's result line (TAP14, KTAP, kselftest),
// so results at depth d+1 wait until a result line at depth d adopts them.
// A depth-0 result is complete when seen and is handed to `onNode` at once:
// memory holds only the results still waiting for a parent, never the text.
//
// Nothing here throws on bad input. What cannot be matched is reported, not
// dropped: results whose parent line never came are wrapped in a parent
// named after their "# Subtest:" line (or hoisted when there is none), and a
// plan promising more results than arrived yields "missing" results.
import type { Directive } from './directive.js';
import type { TapLine } from './lines.js';

export interface TapNode {
  ok: boolean;
  id: number | null;
  name: string;
  directive: Directive | null;
  /** 1-based input line of the result line; for synthesized nodes, where the gap was noticed. */
  line: number;
  /** The document declared "KTAP version N". */
  ktap: boolean;
  children: TapNode[];
  /** Set on nodes we made up: why there is no real result line. */
  synthetic?: 'missing' | 'no-parent';
  reason?: string;
}

interface Level {
  /** Results waiting for their parent's line (always empty at depth 0: those are handed over). */
  results: TapNode[];
  /** The current document's plan, and the ids seen since it began. */
  plan: number | null;
  ids: Set<number>;
  unnumbered: number;
  subtestName: string | null;
  ktap: boolean;
  bailout: string | null;
}

function newLevel(): Level {
  return {
    results: [],
    plan: null,
    ids: new Set(),
    unnumbered: 0,
    subtestName: null,
    ktap: false,
    bailout: null,
  };
}

const MAX_LISTED_MISSING = 100;
const RUNNER_HEADER = /^selftests: \S+: \S/;

export class TapTreeBuilder {
  private levels: (Level | undefined)[] = [];
  private lineNo = 0;
  /** kselftest runner's "# selftests: DIR: NAME" header of the test running now. */
  private runnerHeader: string | null = null;

  /** onNode receives each finished top-level result (with its subtests). */
  constructor(private readonly onNode: (node: TapNode) => void) {}

  private at(depth: number): Level {
    return (this.levels[depth] ??= newLevel());
  }

  push(l: TapLine): void {
    this.lineNo++;
    switch (l.kind) {
      case 'version': {
        // A new document at this depth: deeper documents are over (their
        // results keep waiting for a parent line) and so is the previous one here.
        for (let d = this.levels.length - 1; d >= l.depth; d--) this.closeDoc(d);
        const lv = this.at(l.depth);
        if (l.depth > 0 && lv.subtestName !== null && lv.results.length > 0) {
          // The previous named subtest (a KUnit suite) never got its result line.
          const wrapped = this.wrap(lv, lv.results);
          lv.results = [];
          this.add(l.depth - 1, wrapped);
        }
        lv.subtestName = null;
        lv.ktap = l.ktap;
        return;
      }
      case 'plan': {
        const lv = this.at(l.depth);
        // A second plan without a version line starts a new document.
        if (lv.plan !== null) this.closeDoc(l.depth);
        this.at(l.depth).plan = l.count;
        return;
      }
      case 'subtest':
        this.at(l.depth).subtestName ??= l.name;
        return;
      case 'bailout':
        this.at(l.depth).bailout = l.reason;
        return;
      case 'point': {
        const children = this.collect(l.depth + 1);
        const node: TapNode = {
          ok: l.ok,
          id: l.id,
          name: l.name,
          directive: l.directive,
          line: this.lineNo,
          ktap: this.at(l.depth).ktap,
          children,
        };
        if (l.depth === 0) this.runnerHeader = null;
        this.add(l.depth, node);
        return;
      }
      case 'diag':
        if (l.depth === 1 && RUNNER_HEADER.test(l.text)) this.runnerHeader = l.text;
        return;
    }
  }

  /** Flushes everything still waiting for a parent; call once at the end of input. */
  end(): void {
    this.lineNo++;
    this.collect(1, true);
    this.closeDoc(0);
    this.levels = [];
  }

  private add(depth: number, node: TapNode): void {
    const lv = this.at(depth);
    if (depth === 0) {
      // Top-level results are final: hand them over, keep only the id for the plan check.
      this.onNode(node);
      if (node.id !== null) lv.ids.add(node.id);
      else lv.unnumbered++;
    } else {
      lv.results.push(node);
      if (node.id !== null) lv.ids.add(node.id);
      else lv.unnumbered++;
    }
  }

  private wrap(lv: Level, orphans: TapNode[]): TapNode {
    return {
      ok: false,
      id: null,
      name: lv.subtestName ?? '',
      directive: null,
      line: this.lineNo,
      ktap: lv.ktap,
      children: orphans,
      synthetic: 'no-parent',
      reason: `no result line for "${lv.subtestName}" after its ${orphans.length} subtest result(s)`,
    };
  }

  /**
   * Takes the results waiting at `depth` (for the result line arriving at
   * depth-1). Deeper levels never closed by a parent line are hoisted first;
   * with `toTop`, depth itself is hoisted too (end of input).
   */
  private collect(depth: number, toTop = false): TapNode[] {
    const stop = toTop ? depth - 1 : depth;
    for (let d = this.levels.length - 1; d > stop; d--) {
      const lv = this.levels[d];
      if (!lv) continue;
      this.closeDoc(d);
      this.levels[d] = undefined;
      if (lv.results.length === 0) continue;
      const hoisted = lv.subtestName !== null ? [this.wrap(lv, lv.results)] : lv.results;
      for (const n of hoisted) this.add(d - 1, n);
    }
    if (toTop) return [];
    const lv = this.levels[depth];
    if (!lv) return [];
    this.closeDoc(depth);
    this.levels[depth] = undefined;
    return lv.results;
  }

  /** Ends the current document at `depth`: planned ids that never came become "missing" results. */
  private closeDoc(depth: number): void {
    const lv = this.levels[depth];
    if (!lv) return;
    const plan = lv.plan;
    const ids = lv.ids;
    let unnumbered = lv.unnumbered;
    lv.plan = null;
    lv.ids = new Set();
    lv.unnumbered = 0;
    const why = lv.bailout !== null ? ` (Bail out! ${lv.bailout})`.replace(/ \)$/, ')') : '';
    lv.bailout = null;
    if (plan === null) return;
    let inPlan = 0;
    for (const id of ids) if (id >= 1 && id <= plan) inPlan++;
    const absent = plan - inPlan - unnumbered;
    if (absent <= 0) return;
    // List the first gaps one by one; a plan of 1..999999999 must not make a billion nodes.
    const listed: number[] = [];
    for (let id = 1; id <= plan && listed.length < MAX_LISTED_MISSING; id++) {
      if (ids.has(id)) continue;
      if (unnumbered > 0) {
        unnumbered--;
        continue;
      }
      listed.push(id);
    }
    const gap = (name: string, reason: string): void =>
      this.add(depth, {
        ok: false,
        id: null,
        name,
        directive: null,
        line: this.lineNo,
        ktap: lv.ktap,
        children: [],
        synthetic: 'missing',
        reason,
      });
    for (const id of listed) {
      // A kselftest runner log cut short: the test it announced is the first missing one.
      const header = depth === 0 ? this.runnerHeader : null;
      if (header !== null) {
        this.runnerHeader = null;
        gap(
          header,
          `no result line: the output ended while it ran (planned 1..${plan}, #${id} missing)${why}`,
        );
      } else gap(`#${id}`, `planned 1..${plan} but no result line for #${id}${why}`);
    }
    const rest = absent - listed.length;
    if (rest > 0)
      gap(
        `#${listed[listed.length - 1]! + 1}..#${plan}`,
        `planned 1..${plan} but ${rest} more result line(s) never came${why}`,
      );
    // add() counted the synthesized ones into the fresh document: undo.
    lv.ids = new Set();
    lv.unnumbered = 0;
  }
}
