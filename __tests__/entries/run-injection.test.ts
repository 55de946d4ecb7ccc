// A real guest (Debian's 6.1 kernel under TCG) prints workflow commands and
// HTML; the run action, run the way the Actions runner runs it, must echo
// them as plain text only: no command parsed, no output set, no mask added.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDist } from '../helpers/dist.js';
import { debianKernelDeb } from '../helpers/kernels.js';
import { runActionEntry } from '../helpers/runner.js';

const HOSTILE = [
  '::add-mask::x',
  '::error::pwned',
  '::stop-commands::abc',
  '::set-output name=a::b',
  '::endgroup::',
  '::group::g',
  '<img src=x onerror=alert(1)>',
  '| pipes |',
];

describe('run action: guest output is never interpreted by the runner', () => {
  it('echoes hostile guest lines as text', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kci-inject-')), 'out');
    // printf keeps the lines exact; `env` shows what the guest was given; the
    // test then fails on purpose.
    const script = `env; printf '%s\\n' ${HOSTILE.map((l) => `'${l}'`).join(' ')}; exit 1`;
    const run = await runActionEntry(join(freshDist(), 'run.js'), {
      inputs: { kernel: debianKernelDeb(), out, command: `evil=${script}`, name: 'inject' },
      // Secrets in the runner's environment must not matter either.
      env: { GITHUB_TOKEN: 'ghs_notreallyasecret', ACTIONS_RUNTIME_TOKEN: 'x' },
      timeoutMs: 400_000,
    });
    expect(run.exitCode, run.stderr).toBe(1);
    const log = run.logLines.join('\n');
    for (const l of HOSTILE.slice(0, 6)) expect(log).toContain(l);
    // Whatever our own steps issue, nothing came from the guest's lines.
    for (const c of run.commands) {
      expect(['add-mask', 'set-output', 'stop-commands']).not.toContain(c.command);
      expect(c.message).not.toBe('pwned');
      expect(c.message).not.toBe('g');
    }
    expect(run.outputs.a).toBeUndefined();
    // The guest's environment did not inherit the runner's.
    expect(log).toContain('PATH=');
    expect(log).not.toContain('ghs_notreallyasecret');
    expect(run.outputs['exit-code']).toBe('1');
  }, 420_000);
});
