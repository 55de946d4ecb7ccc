// The two console-line cleaners share their escape and control handling and
// differ on purpose (see src/core/console-clean.ts): pinned side by side.
import { describe, expect, it } from 'vitest';
import {
  capLength,
  kernelText,
  stripControls,
  stripEscapes,
  stripNul,
  visibleText,
} from '../../src/core/console-clean.js';
import { detach } from '../../src/core/console-lines.js';
import { scanPrefix } from '../../src/core/crash/detector.js';

describe('shared steps', () => {
  it('strips CSI (with private parameters), terminated OSC and 2-byte ESC sequences', () => {
    for (const mode of ['keep-text', 'hide'] as const) {
      expect(stripEscapes('\x1b[1;31mred\x1b[0m \x1b[?7lx\x1b[>0c', mode)).toBe('red x');
      expect(stripEscapes('a\x1b]0;title\x07b\x1b]2;t\x1b\\c', mode)).toBe('abc');
      expect(stripEscapes('\x1bMreverse', mode)).toBe('reverse');
      // terminal reset (seen in a real capture), save/restore cursor, charset, ':' sub-parameters
      expect(stripEscapes('\x1bcok 1 - a\x1b7\x1b8\x1b(B \x1b[38:5:196mx', mode)).toBe(
        'ok 1 - a x',
      );
    }
  });

  it('NULs only, or every control byte but tab; length cap', () => {
    expect(stripNul('a\0b\x07c')).toBe('ab\x07c');
    expect(stripControls('a\0b\x07c\td\x7f')).toBe('abc\td');
    expect(capLength('abcdef', 4)).toBe('abcd');
    const line = 'clean line';
    expect(kernelText(line, 4096)).toBe(line);
    expect(stripControls(line)).toBe(line);
  });
});

describe('where they differ', () => {
  it('an unterminated OSC: the kernel text after it stays for the detector, a reader sees nothing', () => {
    const line = 'shell\x1b]0;title[   12.345678] Kernel panic - not syncing: x';
    const k = kernelText(line, 4096);
    expect(k).toBe('shell0;title[   12.345678] Kernel panic - not syncing: x');
    expect(k.slice(scanPrefix(k))).toBe('Kernel panic - not syncing: x');
    expect(visibleText(line)).toBe('shell');
  });

  it('the detector keeps the printk prefix, other control bytes and whitespace; the reader does not', () => {
    const line = '[   12.345678]   ok 1 x\x07  ';
    expect(kernelText(line, 4096)).toBe(line);
    expect(visibleText(line)).toBe('  ok 1 x');
    expect(kernelText('[    1.000000] x\r', 4096)).toBe('[    1.000000] x');
    expect(visibleText('10%\r55%\r[    1.000000] ok 1 y')).toBe('ok 1 y');
  });
});

describe('detach', () => {
  it('copies a slice without its parent', () => {
    const s = `${'x'.repeat(100)}kernel_function_name${'y'.repeat(100)}`.slice(100, 120);
    expect(detach(s)).toBe('kernel_function_name');
  });
});
