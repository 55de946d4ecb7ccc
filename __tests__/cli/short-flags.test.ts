import { describe, expect, it } from 'vitest';
import { formatHelp, parseFlags, UsageError } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';

describe('one-letter aliases', () => {
  it('-v is --console: the serial console on the terminal', () => {
    expect(parseFlags(['-v'], runFlags).flags.console).toBe(true);
    expect(parseFlags([], runFlags).flags.console).toBe(false);
  });

  it('help shows the alias; an unknown letter is still a usage error', () => {
    expect(formatHelp('u', 's', runFlags)).toMatch(
      /^ {2}-v, --console +stream the guest's serial/m,
    );
    expect(() => parseFlags(['-x'], runFlags)).toThrow(UsageError);
  });
});
