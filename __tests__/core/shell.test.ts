import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellLine, shellQuote, shellWord } from '../../src/core/shell.js';

// What a real POSIX shell makes of the quoted words: the words we started with.
const roundTrip = (line: string): string[] =>
  JSON.parse(
    execFileSync(
      'sh',
      [
        '-c',
        `printf '%s\\0' ${line} | node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0,"utf8").split("\\0").slice(0,-1)))'`,
      ],
      {
        encoding: 'utf8',
      },
    ),
  ) as string[];

describe('shell quoting', () => {
  const hard = ["it's", 'a b', '$HOME', '`id`', '"q"', '\\n', '*', 'x;rm -rf /', '', 'ünï'];

  it('every word survives a real sh unchanged, quoted or not', () => {
    expect(roundTrip(shellLine(hard))).toEqual(hard);
    expect(roundTrip(hard.map(shellQuote).join(' '))).toEqual(hard);
  });

  it('leaves plain words bare for people to read, quotes the rest', () => {
    expect(shellWord('net/mptcp/diag.sh')).toBe('net/mptcp/diag.sh');
    expect(shellWord('--only=a,b@c:d%e+f')).toBe('--only=a,b@c:d%e+f');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('')).toBe("''");
    expect(shellQuote('plain')).toBe("'plain'");
  });
});
