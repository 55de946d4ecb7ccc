// Console lines as they come off a serial console carry bytes nobody meant
// as text: terminal escapes (colours, cursor moves, window titles), NULs and
// other control bytes, and sometimes no end at all. Two readers clean them,
// with the same escape and control handling (one regex each, below) but
// different goals:
//
// - kernelText (crash detector): the text as the kernel printed it. The
//   printk prefix stays (the detector keys on the timestamp, which may sit
//   anywhere on the line), nothing is trimmed, only NULs go among the control
//   bytes (a full control scan per line costs more than the detector's whole
//   per-line budget), the length is capped, and text after an unterminated
//   OSC stays: it may be a printk that cut a user-space write.
// - visibleText (TAP parser): what a reader of the console sees. `\r`
//   redraws keep only the last text, the printk prefix goes (KTAP from the
//   kernel reads like TAP from user space), every control byte but tab goes,
//   an unterminated OSC hides the rest of the line (a terminal swallows it),
//   and the end is trimmed.

// CSI (colours, cursor moves: parameters incl. ':' sub-parameters,
// intermediates 0x20-0x2f, final 0x40-0x7e), OSC (a title: group 1, ended by
// BEL or ST, group 2, or by neither), and the other ESC sequences: optional
// intermediates then one final byte 0x30-0x7e (ESC c reset, ESC 7 save
// cursor, ESC ( B charset, ESC M...).
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\[[0-9:;?<=>]*[ -/]*[@-~]|\]([^\x07\x1b]*)(\x07|\x1b\\)?|[ -/]*[0-~])/g;
// Every C0 control except tab, and DEL: bytes a terminal would not print.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;
// printk's "[   12.345678] " (and "[    T1]" caller ids, "<6>" levels from /dev/kmsg dumps).
// Exactly one space follows the stamp: KTAP's indentation starts after it.
const PRINTK = /^(?:<\d{1,2}>)?\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])? ?/;

/** What an unterminated OSC leaves: its text (kernelText) or nothing (visibleText). */
type UnterminatedOsc = 'keep-text' | 'hide';

/** Removes terminal escape sequences; scans only when the line has an ESC. */
export function stripEscapes(s: string, unterminatedOsc: UnterminatedOsc): string {
  if (s.indexOf('\x1b') < 0) return s;
  return unterminatedOsc === 'hide'
    ? s.replace(ESCAPES, '')
    : s.replace(ESCAPES, (_m, osc: string | undefined, end: string | undefined) =>
        osc !== undefined && end === undefined ? osc : '',
      );
}

/** Removes NUL bytes only (a cheap scan). */
export function stripNul(s: string): string {
  return s.indexOf('\0') < 0 ? s : s.replaceAll('\0', '');
}

/** Removes every control byte except tab. */
export function stripControls(s: string): string {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(s) ? s.replace(CONTROLS, '') : s;
}

/** At most `maxChars` characters: a runaway line of several MB is cut. */
export function capLength(s: string, maxChars: number): string {
  return s.length > maxChars ? s.slice(0, maxChars) : s;
}

/**
 * Console text as the kernel printed it (crash detector): no escapes or
 * NULs, no trailing CR, at most `maxChars`; the printk prefix is kept. Lines
 * from LineSplitter, which ends lines at any CR, come back as they are
 * unless they carry an ESC or a NUL.
 */
export function kernelText(raw: string, maxChars: number): string {
  let s = stripNul(stripEscapes(capLength(raw, maxChars), 'keep-text'));
  if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
  return s;
}

/**
 * What a reader of the console sees (TAP parser): no escapes, the text after
 * the last `\r` redraw, no printk prefix, no control bytes but tab, no
 * trailing whitespace.
 */
export function visibleText(raw: string): string {
  let s = stripEscapes(raw, 'hide');
  const cr = s.lastIndexOf('\r');
  if (cr >= 0) {
    // What stays on screen is the text after the last carriage return,
    // unless the line merely ended with one.
    const parts = s.split('\r').filter((p) => p !== '');
    s = parts.length ? parts[parts.length - 1]! : '';
  }
  if (s.charCodeAt(0) === 60 /* < */ || s.charCodeAt(0) === 91 /* [ */) s = s.replace(PRINTK, '');
  return stripControls(s).trimEnd();
}

/** True when the raw line carries a printk timestamp at its start: a kernel message. */
export function isPrintkLine(raw: string): boolean {
  return PRINTK.test(raw);
}
