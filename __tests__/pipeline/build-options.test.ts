import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { buildFlags } from '../../src/cli/specs.js';
import {
  buildSummary,
  inputsHash,
  makeTargets,
  optionsFromFlags,
  type BuildResult,
} from '../../src/pipeline/build.js';

describe('build options and report', () => {
  it('maps flags (and one-a-line / comma lists of presets) onto BuildOptions', () => {
    const { flags } = parseFlags(
      [
        '--base',
        'tinyconfig',
        '--preset',
        'vm,kunit',
        '--preset',
        'kselftest:net/mptcp',
        '--enable',
        'NET_SCHED',
        '--make-arg',
        'LLVM=1',
        '--jobs',
        '3',
      ],
      buildFlags,
    );
    expect(optionsFromFlags(flags)).toMatchObject({
      base: 'tinyconfig',
      presets: ['vm', 'kunit', 'kselftest:net/mptcp'],
      enable: ['NET_SCHED'],
      makeArgs: ['LLVM=1'],
      jobs: 3,
      defaultSource: '6.12',
      ccacheMaxSize: '2G',
    });
  });

  it('makes headers_install only for the selftests or when asked (--headers)', () => {
    expect(makeTargets(false, [])).toEqual(['bzImage']);
    expect(makeTargets(true, [])).toEqual(['bzImage', 'modules']);
    expect(makeTargets(false, ['net/mptcp'])).toEqual(['bzImage', 'headers_install']);
    expect(makeTargets(false, [], true)).toEqual(['bzImage', 'headers_install']);
    const { flags } = parseFlags(['--headers'], buildFlags);
    expect(optionsFromFlags(flags).headers).toBe(true);
  });

  it('keys the cache by what was asked: same inputs same hash, any change another', () => {
    const a = { out: 'x', base: 'tinyconfig', presets: ['vm'] };
    expect(inputsHash(a, '6.12.117')).toBe(inputsHash({ ...a, out: 'elsewhere' }, '6.12.117'));
    expect(inputsHash(a, '6.12.117')).not.toBe(inputsHash(a, '6.12.118'));
    expect(inputsHash(a, '6.12.117')).not.toBe(
      inputsHash({ ...a, enable: ['NET_SCHED'] }, '6.12.117'),
    );
  });

  it('summarises mismatches, diagnostics and the ccache rate', () => {
    const r = {
      release: '6.12.117',
      source: '/src',
      configHash: 'abcd',
      mismatches: [
        {
          name: 'NET_SCH_NETEM',
          value: 'y',
          origin: 'f.config',
          line: 2,
          actual: 'n',
          reason: 'depends on NET_SCHED [=n]',
        },
      ],
      diagnostics: { errors: 0, warnings: 12 },
      objects: 1234,
      seconds: 95,
      phases: { 'cache restore': 0.4, configure: 31.2, make: 63.4 },
      ccache: { dir: '/c', hits: 1100, misses: 134, hitRate: 1100 / 1234 },
    } as unknown as BuildResult;
    const md = buildSummary(r);
    expect(md).toContain('| ccache | 89.1% hits (1100/1234) |');
    expect(md).toContain(
      '| compiler | 0 compiler errors, 12 warnings (2 not annotated, see build.log) |',
    );
    expect(md).toContain('| build time | 1m35s (configure 31s, make 1m03s) |');
    expect(md).toContain(
      '- CONFIG_NET_SCH_NETEM=y requested by f.config:2 but the final .config has it unset: depends on NET_SCHED [=n]',
    );
  });
});
