// Selftests without a kernel build, for a prebuilt kernel: the tree's UAPI
// headers (`make headers_install` needs no .config) and then the kselftest
// targets' install, both into a cache dir reused while the tree is the same.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Host } from './host.js';
import { openLog, runLogged } from '../system/kbuild/make.js';

export async function prebuiltSelftests(
  source: string,
  targets: string[],
  out: string,
  host: Host,
): Promise<string> {
  const dir = join(out, 'selftests');
  const stamp = join(out, `selftests.${targets.join('+').replace(/\//g, '_')}.done`);
  if (existsSync(stamp) && existsSync(dir)) return dir;
  const obj = join(out, 'obj');
  mkdirSync(obj, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  const logPath = join(out, 'selftests.log');
  const log = openLog(logPath);
  const jobs = `-j${availableParallelism()}`;
  try {
    await host.group(`selftests: ${targets.join(' ')} (${source})`, async () => {
      for (const args of [
        ['-C', source, `O=${obj}`, jobs, 'headers_install'],
        [
          '-C',
          join(source, 'tools/testing/selftests'),
          `O=${obj}`,
          jobs,
          `TARGETS=${targets.join(' ')}`,
          `INSTALL_PATH=${dir}`,
          'install',
        ],
      ]) {
        const r = await runLogged('make', { args, env: process.env, log });
        if (r.code !== 0)
          throw new Error(`make ${args.at(-1)} failed (exit ${r.code}); see ${logPath}`);
      }
    });
  } finally {
    await new Promise<void>((r) => log.end(r));
  }
  writeFileSync(stamp, '');
  return dir;
}
