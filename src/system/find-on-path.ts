// The one PATH lookup: the run's QEMU and tools, the bundle's compressor, the
// runner's missing packages all ask the same question.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where `cmd` runs from (a path with a slash is taken as given), or undefined. */
export function findOnPath(
  cmd: string,
  path = process.env.PATH ?? '',
  mode: number = constants.X_OK,
): string | undefined {
  const usable = (p: string) => {
    try {
      accessSync(p, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return usable(cmd) ? cmd : undefined;
  for (const d of path.split(delimiter)) if (d !== '' && usable(join(d, cmd))) return join(d, cmd);
  return undefined;
}
