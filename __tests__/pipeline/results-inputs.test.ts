// report's arguments -> results files: our own glob expansion (no shell, Node 20).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob, expandResultsArgs, segmentRegExp } from '../../src/pipeline/results-inputs.js';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'kci-glob-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '{}');
  }
  return root;
}

describe('segmentRegExp', () => {
  it('reads * ? [..] [!..] {a,b} and escapes the rest', () => {
    const ok = (pat: string, yes: string[], no: string[]) => {
      const re = segmentRegExp(pat);
      for (const y of yes) expect(re.test(y), `${pat} ~ ${y}`).toBe(true);
      for (const n of no) expect(re.test(n), `${pat} !~ ${n}`).toBe(false);
    };
    ok('results-*', ['results-normal-1', 'results-'], ['result-x', 'xresults-1']);
    ok('r?.json', ['r1.json'], ['r12.json', 'r1xjson']);
    ok('s[1-3]', ['s1', 's3'], ['s4', 's']);
    ok('s[!1]', ['s2'], ['s1']);
    ok('results-{normal,debug}-*', ['results-debug-2'], ['results-kunit-1']);
    ok('a+b(c)', ['a+b(c)'], ['aab(c)']);
  });
});

describe('expandGlob', () => {
  const root = tree([
    'results/results-normal-1/results.json',
    'results/results-normal-2/results.json',
    'results/results-debug-1/nested/results.json',
    'results/.hidden/results.json',
    'results/results-normal-1/console.log',
  ]);

  it('matches per segment, ** across directories, never a leading dot by a wildcard', async () => {
    expect(await expandGlob('results/*/results.json', root)).toEqual([
      join(root, 'results/results-normal-1/results.json'),
      join(root, 'results/results-normal-2/results.json'),
    ]);
    expect(await expandGlob('results/**/results.json', root)).toEqual([
      join(root, 'results/results-debug-1/nested/results.json'),
      join(root, 'results/results-normal-1/results.json'),
      join(root, 'results/results-normal-2/results.json'),
    ]);
    expect(await expandGlob('results/.hidden/*', root)).toEqual([
      join(root, 'results/.hidden/results.json'),
    ]);
    expect(await expandGlob(join(root, 'results/results-normal-[2]'))).toEqual([
      join(root, 'results/results-normal-2'),
    ]);
    expect(await expandGlob('nowhere/*/results.json', root)).toEqual([]);
  });
});

describe('expandResultsArgs', () => {
  it('files, directories (any depth) and globs; each file once; what gave nothing is named', async () => {
    const root = tree([
      'results/results-normal-1/results.json',
      'results/results-normal-1/durations.json',
      'results/results-debug-1/nested/results.json',
      'out/a.json',
      'out/b.json',
    ]);
    mkdirSync(join(root, 'empty-dir'));
    const { files, unmatched } = await expandResultsArgs(
      [
        'results/results-normal-1/results.json',
        'results',
        'results/**',
        'out/*.json',
        'missing/*/results.json',
        'empty-dir',
      ],
      root,
    );
    expect(files).toEqual([
      {
        path: 'results/results-normal-1/results.json',
        arg: 'results/results-normal-1/results.json',
      },
      { path: 'results/results-debug-1/nested/results.json', arg: 'results' },
      { path: 'out/a.json', arg: 'out/*.json' },
      { path: 'out/b.json', arg: 'out/*.json' },
    ]);
    expect(unmatched).toEqual(['missing/*/results.json', 'empty-dir']);
  });

  it('does not loop through a symlinked directory', async () => {
    const root = tree(['results/r1/results.json']);
    symlinkSync(join(root, 'results'), join(root, 'results/r1/loop'));
    const { files } = await expandResultsArgs(['results'], root);
    expect(files.map((f) => f.path)).toEqual(['results/r1/results.json']);
  });
});
