import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlags, wasGiven } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import { inputsToArgv } from '../../src/github/inputs.js';

const given = (inputs: Record<string, string>) => {
  const { flags } = parseFlags(
    inputsToArgv(runFlags, (n) => inputs[n] ?? ''),
    runFlags,
  );
  return { flags, given: (n: string) => wasGiven(flags, n) };
};

describe('action inputs → options', () => {
  it('an input set to the default value counts as set (it must beat a plan file); an empty one does not', () => {
    const set = given({ retries: '0', 'test-timeout': '45' });
    expect(set.flags.retries).toBe(0);
    expect(set.given('retries')).toBe(true);
    expect(set.given('test-timeout')).toBe(true);
    const empty = given({});
    expect(empty.flags.retries).toBe(0);
    expect(empty.given('retries')).toBe(false);
  });

  it('action.yml declares no input defaults: the runner would pass them as set inputs', () => {
    for (const file of ['action.yml', 'actions/run/action.yml', 'actions/build/action.yml']) {
      const doc = parse(readFileSync(file, 'utf8')) as {
        inputs: Record<string, { default?: unknown }>;
      };
      const withDefault = Object.entries(doc.inputs)
        .filter(([name, i]) => i.default !== undefined && name !== 'setup-runner')
        .map(([name]) => name);
      expect(withDefault, file).toEqual([]);
    }
  });
});

describe('action outputs', () => {
  const declared = (file: string) =>
    Object.keys((parse(readFileSync(file, 'utf8')) as { outputs?: object }).outputs ?? {});

  it("every output the run action's repeat input sets is declared in its action.yml", () => {
    const set = [
      ...readFileSync('src/pipeline/repeat.ts', 'utf8').matchAll(/setOutput\('([a-z-]+)'/g),
    ].map((m) => m[1]!);
    expect(set.length).toBeGreaterThan(0);
    const run = declared('actions/run/action.yml');
    expect(set.filter((n) => !run.includes(n))).toEqual([]);
  });
});
