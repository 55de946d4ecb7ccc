// The layer rule in eslint.config.js bites: a core file importing from the
// CLI (or system, pipeline, github) and a system file importing from the
// pipeline are lint errors, run through the project's own ESLint config.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const ruleHits = async (file: string, code: string): Promise<string[]> => {
  const [r] = await eslint.lintText(code, { filePath: file });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('layer imports', () => {
  it('core may not import cli/, pipeline/, github/ or system/', async () => {
    for (const from of [
      '../cli/args.js',
      '../pipeline/host.js',
      '../github/inputs.js',
      '../system/vm.js',
    ])
      expect(
        await ruleHits(
          'src/core/new-module.ts',
          `import { x } from '${from}';\nexport const y = x;\n`,
        ),
        from,
      ).toEqual([expect.stringMatching(/src\/core is pure/)]);
    expect(
      await ruleHits(
        'src/core/crash/new.ts',
        `import { x } from '../../cli/specs.js';\nexport const y = x;\n`,
      ),
    ).toHaveLength(1);
  });

  it('system may not import pipeline/, cli/ or github/; core is fine', async () => {
    expect(
      await ruleHits(
        'src/system/new.ts',
        `import { x } from '../pipeline/run.js';\nexport const y = x;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await ruleHits(
        'src/system/kbuild/new.ts',
        `import { x } from '../../cli/args.js';\nexport const y = x;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await ruleHits(
        'src/system/new.ts',
        `import { x } from '../core/errors.js';\nexport const y = x;\n`,
      ),
    ).toEqual([]);
  });

  it('pipeline may import cli (the typed options), and only github/ imports @actions', async () => {
    expect(
      await ruleHits(
        'src/pipeline/new.ts',
        `import { x } from '../cli/specs.js';\nexport const y = x;\n`,
      ),
    ).toEqual([]);
    expect(
      await ruleHits(
        'src/pipeline/new.ts',
        `import * as core from '@actions/core';\nexport const y = core;\n`,
      ),
    ).toHaveLength(1);
  });
});
