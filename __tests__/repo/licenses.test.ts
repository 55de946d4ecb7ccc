// dist/ carries third-party code with its comments stripped: licenses.txt,
// written by scripts/build.mjs beside the bundles, must name every package
// whose code esbuild put in them, with its version and licence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDist, freshMetafile, repoRoot } from '../helpers/dist.js';

describe('licences', () => {
  it('every package in the bundle is in dist/licenses.txt with its version and licence', () => {
    const dist = freshDist();
    const meta = JSON.parse(readFileSync(freshMetafile(), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const text = readFileSync(join(dist, 'licenses.txt'), 'utf8');
    const dirs = new Set(
      Object.keys(meta.inputs)
        .map((p) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1])
        .filter((d): d is string => d !== undefined),
    );
    expect(dirs.size).toBeGreaterThan(50);
    for (const dir of dirs) {
      const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      expect(text, `${dir} is bundled but not listed`).toMatch(
        new RegExp(
          `^${pkg.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@${pkg.version.replace(/\./g, '\\.')}\\nLicense: \\S`,
          'm',
        ),
      );
    }
    // Licence texts, not only names: MIT's grant is there.
    expect(text).toContain('Permission is hereby granted, free of charge');
  });

  it('the repository has its own licence, the one package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      license: string;
    };
    expect(pkg.license).toBe('MIT');
    const licence = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(licence).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} kernel-ci-actions contributors\n/,
    );
  });
});
