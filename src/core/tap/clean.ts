// Console lines are not clean TAP: the serial console interleaves printk
// lines, programs colour their output and redraw it with "\r". This reduces a
// raw line to the text a reader would see, so TAP inside it is recognised.

// CSI (colours, cursor moves), OSC (titles, ended by BEL or ST) and 2-byte ESC sequences.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b(?:\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// printk's "[   12.345678] " (and "[    T1]" caller ids, "<6>" levels from /dev/kmsg dumps).
// Exactly one space follows the stamp: KTAP's indentation starts after it.
const PRINTK = /^(?:<\d{1,2}>)?\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])? ?/;
// Every C0 control except tab, and DEL: bytes a terminal would not print.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_TEST = /[\x00-\x08\x0b-\x1f\x7f]/;

export function cleanLine(raw: string): string {
  let s = raw;
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  const cr = s.lastIndexOf('\r');
  if (cr >= 0) {
    // What stays on screen is the text after the last carriage return,
    // unless the line merely ended with one.
    const parts = s.split('\r').filter((p) => p !== '');
    s = parts.length ? parts[parts.length - 1]! : '';
  }
  if (s.charCodeAt(0) === 60 /* < */ || s.charCodeAt(0) === 91 /* [ */) s = s.replace(PRINTK, '');
  if (CONTROL_TEST.test(s)) s = s.replace(CONTROL, '');
  return s.trimEnd();
}

/** True when the raw line carries a printk timestamp: a kernel message. */
export function isPrintkLine(raw: string): boolean {
  return PRINTK.test(raw);
}
