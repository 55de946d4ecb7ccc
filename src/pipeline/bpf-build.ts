// The build's test_progs step (preset bpf): the system module builds, this
// says what happened and carries the result through the Host's cache.
import { formatElapsed } from '../core/kbuild/build-progress.js';
import {
  buildBpfSelftests,
  type BpfSelftestsOptions,
  type BpfSelftestsResult,
} from '../system/kbuild/bpf-selftests.js';
import type { Host } from './host.js';

/** What the build hands the step; the cache comes from the Host. */
export type BpfStepOptions = Omit<BpfSelftestsOptions, 'restoreCache' | 'saveCache'>;

export async function bpfSelftestsStep(o: BpfStepOptions, host: Host): Promise<BpfSelftestsResult> {
  return host.group(`BPF selftests: test_progs (${o.toolchain.clang.command})`, async () => {
    const started = Date.now();
    const r = await buildBpfSelftests({
      ...o,
      restoreCache: (paths, key) => host.restoreCache(paths, key, []),
      saveCache: (paths, key) => host.saveCache(paths, key),
    });
    for (const t of r.leftOut)
      host.warn(
        `test_progs: ${t.file} left out: it includes ${t.skeleton}, and the tree has no ${t.missing} to generate it from`,
      );
    if (r.reused)
      host.info(
        `test_progs ${r.key}: unchanged (${r.reused === 'stamp' ? `built before in ${o.dir}` : 'restored from the cache'}), make skipped`,
      );
    else if (!r.failed)
      host.info(
        `test_progs ${r.key} built in ${formatElapsed(Date.now() - started)}: ${r.testProgs}`,
      );
    return r;
  });
}
