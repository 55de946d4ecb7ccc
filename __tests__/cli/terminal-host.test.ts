import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalHost, useColour } from '../../src/cli/terminal-host.js';

const tty = Object.assign(new PassThrough(), { isTTY: true });
const pipe = new PassThrough();

describe('useColour', () => {
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR empty (unset, per no-color.org)', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR into a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR empty into a pipe', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR over FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('%s', (_what, out, env, want) => expect(useColour(out, env)).toBe(want));

  it("colours the terminal host's warnings only when asked", () => {
    const saved = process.env.FORCE_COLOR;
    const savedNo = process.env.NO_COLOR;
    process.env.FORCE_COLOR = '1';
    delete process.env.NO_COLOR;
    try {
      const out = new PassThrough();
      let text = '';
      out.on('data', (b: Buffer) => (text += b.toString()));
      terminalHost(out).warn('w');
      expect(text).toBe('\x1b[33mwarning:\x1b[0m w\n');
    } finally {
      if (saved === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = saved;
      if (savedNo !== undefined) process.env.NO_COLOR = savedNo;
    }
  });
});
