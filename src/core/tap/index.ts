// Streaming TAP/KTAP/kselftest parser: feed console lines, receive result
// trees. See lines.ts (nesting) and tree.ts (assembly) for the rules.
import { LineSplitter } from '../console-lines.js';
import { cleanLine } from './clean.js';
import { LineClassifier } from './lines.js';
import { TapTreeBuilder, type TapNode } from './tree.js';

export { cleanLine, isPrintkLine } from './clean.js';
export { parseDirective, type Directive, type DirectiveKind } from './directive.js';
export { LineClassifier, type TapLine } from './lines.js';
export { TapTreeBuilder, type TapNode } from './tree.js';
export { nodeStatus } from './status.js';

export class TapStream {
  private readonly classifier = new LineClassifier();
  private readonly builder: TapTreeBuilder;
  private splitter: LineSplitter | null = null;

  /** onNode receives each top-level result as soon as it is complete. */
  constructor(onNode: (node: TapNode) => void) {
    this.builder = new TapTreeBuilder(onNode);
  }

  /** One console line, raw (printk stamps, colours, "\r" allowed). */
  line(raw: string): void {
    this.builder.push(this.classifier.classify(cleanLine(raw)));
  }

  /** Bytes or text in arbitrary chunks. */
  write(chunk: string | Buffer): void {
    this.splitter ??= new LineSplitter();
    for (const l of this.splitter.push(chunk)) this.line(l);
  }

  end(): void {
    if (this.splitter) for (const l of this.splitter.end()) this.line(l);
    this.builder.end();
  }
}

/** Parses a whole text (or its lines) into top-level result trees. */
export function parseTap(input: string | Iterable<string>): TapNode[] {
  const out: TapNode[] = [];
  const s = new TapStream((n) => out.push(n));
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input;
  for (const l of lines) s.line(l);
  s.end();
  return out;
}
