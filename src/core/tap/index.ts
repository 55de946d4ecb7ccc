// Streaming TAP/KTAP/kselftest parser: feed console lines, receive result
// trees. See lines.ts (nesting) and tree.ts (assembly) for the rules.
import { StringDecoder } from 'node:string_decoder';
import { visibleText } from '../console-clean.js';
import { LineClassifier } from './lines.js';
import { TapTreeBuilder, type TapNode } from './tree.js';

export { visibleText, isPrintkLine } from '../console-clean.js';
export { parseDirective, type Directive, type DirectiveKind } from './directive.js';
export { LineClassifier, type TapLine } from './lines.js';
export { TapTreeBuilder, type TapNode } from './tree.js';
export { nodeStatus } from './status.js';

// A line longer than this (a process dumping MBs without a newline) is cut:
// memory stays flat, and no TAP line is that long.
const MAX_LINE = 1 << 20;

export class TapStream {
  private readonly classifier = new LineClassifier();
  private readonly builder: TapTreeBuilder;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** onNode receives each top-level result as soon as it is complete. */
  constructor(onNode: (node: TapNode) => void) {
    this.builder = new TapTreeBuilder(onNode);
  }

  /** One console line, raw (printk stamps, colours, "\r" allowed). */
  line(raw: string): void {
    this.builder.push(this.classifier.classify(visibleText(raw)));
  }

  /**
   * Bytes or text in arbitrary chunks. Lines end at "\n" only (a "\r" is a
   * redraw within the line, see visibleText), as in parseTap, so line numbers agree.
   */
  write(chunk: string | Buffer): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.partial =
      text.length - start > MAX_LINE ? text.slice(text.length - MAX_LINE) : text.slice(start);
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.line(rest);
    this.builder.end();
  }
}

/** Parses a whole text (or its lines) into top-level result trees. */
export function parseTap(input: string | Iterable<string>): TapNode[] {
  const out: TapNode[] = [];
  const s = new TapStream((n) => out.push(n));
  const lines = typeof input === 'string' ? input.split('\n') : input;
  for (const l of lines) s.line(l);
  s.end();
  return out;
}
