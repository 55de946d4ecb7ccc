import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { freshDist, repoRoot } from '../helpers/dist.js';
import { actions, actionYaml } from '../../scripts/action-yml.js';

function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

describe('repository', () => {
  it('committed dist/ is byte-identical to a fresh npm run build', () => {
    const fresh = tree(freshDist());
    const committed = tree(join(repoRoot, 'dist'));
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, content] of fresh)
      expect(committed.get(name)?.equals(content), `dist/${name} is stale: run npm run build`).toBe(
        true,
      );
  });

  it('every action.yml is generated from the CLI flag specs and uses node24', () => {
    for (const a of actions) {
      const text = readFileSync(join(repoRoot, a.path), 'utf8');
      expect(text, `${a.path} is stale: run npm run gen:actions`).toBe(actionYaml(a));
      expect(text).toContain('using: node24');
    }
  });

  it('.ci/run calls exactly the README test command', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const m = /<!-- test-command -->\s*```sh\n(.+)\n```/.exec(readme);
    expect(m, 'README marks its test command').not.toBeNull();
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(ci.split('\n')).toContain(m![1]);
  });
});
