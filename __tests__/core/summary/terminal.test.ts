import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTerminal } from '../../../src/core/summary/index.js';
import type { RunResults } from '../../../src/core/results.js';
import { repoRoot } from '../../helpers/dist.js';
import { results, suite, test } from '../../helpers/results-builder.js';

const fixture = (n: string) =>
  JSON.parse(
    readFileSync(join(repoRoot, '__tests__/fixtures/results', n, 'results.json'), 'utf8'),
  ) as RunResults;

describe('renderTerminal', () => {
  it('tells the crash run in plain words without colour', () => {
    const text = renderTerminal(fixture('crash'));
    expect(text).not.toContain('\x1b[');
    expect(text.split('\n')[0]).toBe('CRITICAL  crash-demo');
    expect(text).toContain('Subtests  pass 1, crashed 1, not-run 1  (total 3)');
    expect(text).toContain('  CRASHED commands / crash');
    expect(text).toContain('  panic: kernel panic: sysrq triggered crash');
    expect(text).toContain('    during commands/crash, console.log lines 381-411');
    expect(text).toMatch(/\n {4}\| \[ +11\.158606\] {2}sysrq_handle_crash\+0x16\/0x20\n/);
    expect(text).toContain('  accelerator  tcg (/dev/kvm does not exist; using TCG)');
    expect(text).toMatch(
      /Reproduce \(inferred\)\n {2}kernel-ci run --kernel BZIMAGE --command hello=CMD/,
    );
  });

  it('colours only when asked, and never lets guest escape sequences through', () => {
    const r = results([suite('s', [test('\x1b[2J\x1b]0;pwned\x07evil', 'fail')])]);
    const plain = renderTerminal(r);
    expect(plain).not.toContain('\x1b');
    expect(plain).not.toContain('\x07');
    const coloured = renderTerminal(r, { color: true });
    expect(coloured).toContain('\x1b[33mUNSTABLE\x1b[0m');
    // The only escapes are ours (SGR colour codes).
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).not.toContain('\x1b');
  });
});
