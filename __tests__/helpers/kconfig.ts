// The real 6.12 Kconfig tree (Debian's linux-source, the product's own
// download, cached), as the tests that check options against it read it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKconfigTree, type KconfigTree } from '../../src/core/kbuild/kconfig-tree.js';
import { debianSource } from '../../src/system/debian-source.js';

export async function kconfigTree612(): Promise<{ source: string; tree: KconfigTree }> {
  const source = (await debianSource('6.12')).dir;
  const tree = parseKconfigTree(
    (p) => {
      try {
        return readFileSync(join(source, p), 'utf8');
      } catch {
        return undefined;
      }
    },
    { SRCARCH: 'x86', ARCH: 'x86_64' },
  );
  return { source, tree };
}
