import { describe, expect, it } from 'vitest';
import { givenFlags, parseFlags, UsageError, wasGiven } from '../../src/cli/args.js';
import { allFlags, runFlags } from '../../src/cli/specs.js';

describe('flag parsing', () => {
  it('fills every default, typed, and records only what the user set', () => {
    const { flags } = parseFlags(['--retries=0', '--kselftest', 'a', '--no-kunit'], runFlags);
    expect(flags.retries).toBe(0);
    expect(flags['test-timeout']).toBe(45);
    expect(flags.kselftest).toEqual(['a']);
    expect(flags.kunit).toBe(false);
    expect(flags.accel).toBe('auto');
    expect([...givenFlags(flags)].sort()).toEqual(['kselftest', 'kunit', 'retries']);
    expect(wasGiven(flags, 'test-timeout')).toBe(false);
  });

  it('the record of set flags survives a spread (all → run)', () => {
    const { flags } = parseFlags(['--retries', '0'], allFlags);
    expect(flags.retries).toBe(0);
    const run = { ...flags, out: 'x' };
    expect(wasGiven(run, 'retries')).toBe(true);
    expect(wasGiven(run, 'out')).toBe(false);
    expect(JSON.stringify(run)).not.toContain('given');
  });

  it('every mistake is one UsageError line', () => {
    const usage = (argv: string[]) => {
      try {
        parseFlags(argv, runFlags);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(usage(['--retries', '-1'])).toBe('--retries: must be at least 0, got -1');
    expect(usage(['--retries', 'x'])).toBe("--retries: expected a number, got 'x'");
    expect(usage(['--accel', 'xen'])).toBe("--accel: expected one of auto, kvm, tcg, got 'xen'");
    expect(usage(['--nope'])).toBe("unknown option '--nope' (see --help)");
    expect(usage(['--kernel'])).toBe('--kernel needs a value');
    expect(usage(['stray'])).toBe("unexpected argument 'stray' (see --help)");
  });
});
