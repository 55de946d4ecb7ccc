import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseFileCommand, parseWorkflowCommands, runActionEntry } from './runner.js';
import { repoRoot } from './dist.js';

describe('runner emulation', () => {
  it('runs a real @actions/core entry: inputs, outputs, env, summary, annotations, exit code', async () => {
    const run = await runActionEntry(
      join(repoRoot, '__tests__/fixtures/actions/probe-action.mjs'),
      {
        inputs: { who: 'mptcp', 'many-lines': 'a\nb\n\nc' },
        cwd: repoRoot,
      },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.greeting).toBe('hello mptcp');
    expect(run.outputs.lines).toBe('a|b|c');
    expect(run.env.PROBE_VAR).toBe('multi\nline');
    expect(run.summary).toContain('<h1>Probe</h1>');
    expect(run.summary).toContain('ran for mptcp');
    const errors = run.commands.filter((c) => c.command === 'error');
    expect(errors).toEqual([
      {
        command: 'error',
        properties: { title: 'probe', file: 'net/mptcp/protocol.c', line: '42' },
        message: 'something broke',
      },
      { command: 'error', properties: {}, message: 'probe failed on purpose' },
    ]);
    expect(run.commands.some((c) => c.command === 'warning' && c.message === 'careful')).toBe(true);
    // Between stop-commands and its token, commands are plain log text.
    expect(run.logLines).toContain('::error::not an annotation');
  });

  it('a missing required input fails the step before any output', async () => {
    const run = await runActionEntry(
      join(repoRoot, '__tests__/fixtures/actions/probe-action.mjs'),
      { cwd: repoRoot },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Input required and not supplied: who');
    expect(run.outputs).toEqual({});
  });

  it('parses escaped data and properties', () => {
    const { commands } = parseWorkflowCommands(
      '::warning file=a%2Cb.c,line=3,title=x%3Ay::50%25 done%0Anext\n',
    );
    expect(commands).toEqual([
      {
        command: 'warning',
        properties: { file: 'a,b.c', line: '3', title: 'x:y' },
        message: '50% done\nnext',
      },
    ]);
  });

  it('parses heredoc and plain file commands', () => {
    expect(parseFileCommand('a=1\nb<<EOF_1\nx\ny\nEOF_1\nc=3\n')).toEqual({
      a: '1',
      b: 'x\ny',
      c: '3',
    });
  });
});
