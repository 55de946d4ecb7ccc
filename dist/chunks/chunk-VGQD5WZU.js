import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/core/console-lines.ts
import { StringDecoder } from "node:string_decoder";
var LineSplitter = class {
  constructor(maxLineBytes = 64 * 1024) {
    this.maxLineBytes = maxLineBytes;
  }
  maxLineBytes;
  partial = "";
  // Multi-byte UTF-8 characters split across reads stay whole.
  decoder = new StringDecoder("utf8");
  pendingCR = false;
  push(chunk) {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    const out = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (this.pendingCR && i === start && this.partial === "") {
          this.pendingCR = false;
          start = i + 1;
          continue;
        }
        out.push(this.partial + text.slice(start, i));
        this.partial = "";
        this.pendingCR = false;
        start = i + 1;
      } else if (c === 13) {
        out.push(this.partial + text.slice(start, i));
        this.partial = "";
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
  end() {
    const rest = this.partial + this.decoder.end();
    this.partial = "";
    return rest === "" ? [] : [rest];
  }
};
function detach(s) {
  return structuredClone(s);
}

export {
  LineSplitter,
  detach
};
