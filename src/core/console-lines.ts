// Splits a byte stream into console lines as it arrives. A line may span
// reads; "\r\n" and lone "\r" end lines; a runaway line (a process dumping MBs
// without a newline) is cut at maxLineBytes so memory stays flat.

import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private partial = '';
  // Multi-byte UTF-8 characters split across reads stay whole.
  private readonly decoder = new StringDecoder('utf8');
  private pendingCR = false;

  constructor(private readonly maxLineBytes = 64 * 1024) {}

  push(chunk: string | Buffer): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        if (this.pendingCR && i === start && this.partial === '') {
          // second half of a "\r\n" split across reads
          this.pendingCR = false;
          start = i + 1;
          continue;
        }
        out.push(this.partial + text.slice(start, i));
        this.partial = '';
        this.pendingCR = false;
        start = i + 1;
      } else if (c === 13 /* \r */) {
        out.push(this.partial + text.slice(start, i));
        this.partial = '';
        if (text.charCodeAt(i + 1) === 10) i++;
        else this.pendingCR = i + 1 === text.length;
        start = i + 1;
      } else if (this.pendingCR) {
        this.pendingCR = false;
      }
    }
    if (start < text.length) this.partial += text.slice(start);
    while (this.partial.length > this.maxLineBytes) {
      out.push(this.partial.slice(0, this.maxLineBytes));
      this.partial = this.partial.slice(this.maxLineBytes);
    }
    return out;
  }

  /** The unterminated tail, if any (call at end of stream). */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest === '' ? [] : [rest];
  }
}

/**
 * A copy of `s` holding only its own characters. Lines from LineSplitter
 * (and pieces of them: regex groups, substrings) are slices of the chunk
 * they arrived in, so one kept for long (a cache, a finding) keeps the whole
 * chunk alive; its copy does not.
 */
export function detach(s: string): string {
  return structuredClone(s);
}
