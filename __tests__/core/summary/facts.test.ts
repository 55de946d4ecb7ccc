import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../../src/core/results.js';
import {
  conclusionReasons,
  problemWhy,
  runTitle,
  topFrames,
} from '../../../src/core/summary/facts.js';
import { wrapCommand } from '../../../src/core/summary/markdown.js';
import { durationGantt } from '../../../src/core/summary/mermaid.js';
import { repoRoot } from '../../helpers/dist.js';
import { results, suite, test } from '../../helpers/results-builder.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(repoRoot, '__tests__/fixtures/results', name, 'results.json'), 'utf8'),
  ) as RunResults;

describe('summary facts', () => {
  it('topFrames: the report line, the RIP and the reliable kernel frames of a real decoded BUG', () => {
    const f = fixture('crash-lkdtm').findings[0]!;
    expect(topFrames(f.decoded!)).toEqual([
      'kernel BUG at drivers/misc/lkdtm/bugs.c:105!',
      'RIP: 0010:lkdtm_BUG (drivers/misc/lkdtm/bugs.c:105)',
      'Call Trace:',
      ' lkdtm_do_action (drivers/misc/lkdtm/core.c:166)',
      ' direct_entry (drivers/misc/lkdtm/core.c:334)',
      ' full_proxy_write (fs/debugfs/file.c:328 (discriminator 2))',
      ' vfs_write (fs/read_write.c:681)',
      ' ksys_write (fs/read_write.c:737)',
      ' do_syscall_64 (arch/x86/entry/common.c:47 arch/x86/entry/common.c:78)',
    ]);
  });

  it('topFrames of an undecoded panic stops at user space', () => {
    const frames = topFrames(fixture('crash').findings[0]!.report);
    expect(frames[0]).toBe('Kernel panic - not syncing: sysrq triggered crash');
    expect(frames).toContain(' sysrq_handle_crash+0x16/0x20');
    expect(frames.some((l) => l.includes('? '))).toBe(false);
  });

  it('conclusionReasons says each reason once, without the run name or the verdict word', () => {
    const crash = fixture('crash');
    expect(crash.conclusion).toMatch(/Critical: .* - Critical: /);
    expect(conclusionReasons(crash)).toBe(
      '1 Call Trace(s) · 1 crashed test(s): crash · Kernel crash',
    );
    expect(conclusionReasons(fixture('success'))).toBe('');
    // A merge that also lacks a shard: each part's emoji goes too.
    expect(
      conclusionReasons({
        name: 'a + b',
        conclusion:
          'a + b: Unstable: 1 failed subtest(s): x 🔴 - Failure: 1 missing result(s): b shard 1/3',
      }),
    ).toBe('1 failed subtest(s): x · 1 missing result(s): b shard 1/3');
  });

  it("problemWhy: kselftest's '# time=' directive is no reason", () => {
    const t = (extra: object) => ({
      name: 'x',
      status: 'fail' as const,
      durationMs: 1,
      subtests: [],
      ...extra,
    });
    expect(problemWhy(t({ directive: 'time=12577ms' }))).toBe('');
    expect(problemWhy(t({ directive: 'time=12577ms', exitCode: 1 }))).toBe('exit 1');
    expect(problemWhy(t({ directive: 'SKIP no ip' }))).toBe('SKIP no ip');
    expect(problemWhy(t({ reason: 'expected 2 found 1', directive: 'time=1ms' }))).toBe(
      'expected 2 found 1',
    );
  });

  it('runTitle: few short names listed, many named by the first', () => {
    const r = (name: string) => ({ name }) as RunResults;
    expect(runTitle(r('a + b'), [r('a'), r('a'), r('b')])).toBe('a, b');
    const many = ['mptcp-normal', 'mptcp-debug', 'mptcp-kasan', 'mptcp-lockdep'].map(r);
    expect(runTitle(r('x'), many)).toBe('mptcp-normal and 3 more');
  });

  it('wrapCommand cuts long lines before flags, never inside a quoted value', () => {
    const cmd = `npx --yes github:o/r#v1 kernel-ci run --kernel k --command 'a=echo --not-a-flag ${'x'.repeat(80)}' --accel tcg`;
    const wrapped = wrapCommand(cmd, 60);
    expect(wrapped.split(' \\\n    ').join(' ')).toBe(cmd);
    expect(wrapped).toContain(`--command 'a=echo --not-a-flag`);
    expect(wrapped.split('\n')[0]).toBe('npx --yes github:o/r#v1 kernel-ci run --kernel k \\');
  });

  it('durationGantt: no picture of slivers; one lane per run', () => {
    // The real crash run: one test took time, the crashed and the not-run ones none.
    expect(durationGantt(fixture('crash-lkdtm'))).toBeUndefined();
    const two = results([
      suite('s', [
        test('a', 'pass', 20_000, { run: 'r1' }),
        test('b', 'fail', 30_000, { run: 'r1' }),
        test('c', 'pass', 25_000, { run: 'r2' }),
        test('d', 'not-run', null, { run: 'r2' }),
      ]),
    ]);
    const g = durationGantt(two)!;
    expect(g.drawn).toBe(3);
    expect(g.source).toContain('section r1 / s');
    expect(g.source).toContain('section r2 / s');
    // r2's first test starts at 0, beside r1's.
    expect(g.source).toMatch(/ c :done, t3, 0, 25000/);
  });
});
