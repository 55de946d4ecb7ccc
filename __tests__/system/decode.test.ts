// decode_stacktrace.sh on real reports. Two sources of debug info:
// - kcicrash.ko (the module that made the 6.1 captures, built with -g;
//   __tests__/fixtures/console/capture) + Debian's 6.1 vmlinux: runs
//   wherever a kernel tree with scripts/decode_stacktrace.sh is cached;
// - the 6.12 capture kernel's vmlinux (DWARF5): only where the lead's capture
//   build exists (~/.cache/kernel-ci/capture/build-6.12), never in CI.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeLog } from '../../src/core/crash/detector.js';
import { extractDebianKernel } from '../../src/system/debian-kernel.js';
import {
  decodeFindings,
  decodeReport,
  firstLocation,
  titleFunction,
} from '../../src/system/decode.js';
import { DEBUG_CAPTURES, FIXTURES, readFixture } from '../core/crash/samples.js';
import { cacheRoot, debianKernelDeb } from '../helpers/kernels.js';

const tree = ['linux-source-6.12', 'linux-source-6.1']
  .map((d) => join(cacheRoot, 'src', d))
  .find((d) => existsSync(join(d, 'scripts', 'decode_stacktrace.sh')));
const hasBinutils = (() => {
  try {
    execFileSync('addr2line', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('firstLocation', () => {
  it('takes the first non-generic frame with an in-tree (relative) path', () => {
    const decoded = [
      '[    1.0] Call Trace:',
      '[    1.0]  <TASK>',
      '[    1.0]  dump_stack_lvl (lib/dump_stack.c:107)',
      '[    1.0]  ? _printk (kernel/printk/printk.c:2400)',
      '[    1.0]  __warn (kernel/panic.c:748)',
      '[    1.0]  kci_x (/tmp/mod/x.c:12) x',
      '[    1.0]  mptcp_sendmsg (net/mptcp/protocol.c:1890 (discriminator 3))',
    ].join('\n');
    expect(firstLocation(decoded)).toEqual({ file: 'net/mptcp/protocol.c', line: 1890 });
    expect(firstLocation('nothing decoded')).toBeUndefined();
  });

  it("prefers the frame the title blames (the detector's guilty frame) over the first in-tree one", () => {
    const decoded = [
      '[    1.0] Call Trace:',
      '[    1.0]  kasan_report (mm/kasan/report.c:588)',
      '[    1.0]  sk_stream_kill_queues (net/core/stream.c:201)',
      '[    1.0]  remove_wait_queue (kernel/sched/wait.c:55)',
      '[    1.0]  mptcp_close (net/mptcp/protocol.c:3021)',
    ].join('\n');
    const title = 'KASAN: use-after-free Read in remove_wait_queue';
    expect(titleFunction(title)).toBe('remove_wait_queue');
    expect(firstLocation(decoded, titleFunction(title))).toEqual({
      file: 'kernel/sched/wait.c',
      line: 55,
    });
    // A title whose function is not among the decoded frames: the first in-tree one.
    expect(firstLocation(decoded, 'elsewhere')).toEqual({ file: 'net/core/stream.c', line: 201 });
    expect(titleFunction('general protection fault in corrupted')).toBeUndefined();
  });

  it("an address inside an inlined callee: the function's own line is the last of its chain", () => {
    // decode_stacktrace.sh on the real KASAN capture (kasan-lkdtm-6.12.log).
    const decoded =
      '[  120.483252][   T58]  lkdtm_WRITE_AFTER_FREE (include/linux/slab.h:894 drivers/misc/lkdtm/heap.c:86) ';
    expect(firstLocation(decoded, 'lkdtm_WRITE_AFTER_FREE')).toEqual({
      file: 'drivers/misc/lkdtm/heap.c',
      line: 86,
    });
  });
});

describe.skipIf(!tree || !hasBinutils)('decode_stacktrace.sh, module debug info', () => {
  it('a real page fault in kcicrash.ko: the module frames get file:line, the raw report is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-decode-'));
    const mods = join(dir, 'modules');
    mkdirSync(mods);
    writeFileSync(
      join(mods, 'kcicrash.ko'),
      gunzipSync(readFileSync(join(FIXTURES, 'capture', 'kcicrash.ko.gz'))),
    );
    // Debian's vmlinux has no debug info: kernel frames stay as printed.
    const deb = await extractDebianKernel(debianKernelDeb());
    const vmlinux = join(dir, 'vmlinux');
    writeFileSync(
      vmlinux,
      execFileSync('bash', [join(tree!, 'scripts', 'extract-vmlinux'), deb.kernel], {
        maxBuffer: 1 << 30,
      }),
    );
    const [f] = analyzeLog(readFixture('page-fault-6.1.log'));
    const raw = f!.report;
    const source = readFileSync(join(FIXTURES, 'capture', 'kcicrash.c'), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes('kci_page_fault(void)')) + 1;

    const decoded = await decodeReport(raw, { vmlinux, source: tree!, modules: mods });
    expect(decoded).toContain(
      `RIP: 0010:kci_page_fault (/tmp/kci4/mod/kcicrash.c:${line}) kcicrash`,
    );
    // __init code lives in .init.text: addr2line on the .ko resolves it less exactly.
    expect(decoded).toMatch(/kcicrash_init \(\/tmp\/kci4\/mod\/kcicrash\.c:\d+\) kcicrash/);
    expect(decoded).toContain('do_one_initcall+0x');

    await decodeFindings([f!], { vmlinux, source: tree!, modules: mods });
    expect(f!.report).toBe(raw);
    expect(f!.decoded).toBe(decoded);
    // Built outside the tree: an absolute path is no in-tree location.
    expect(f!.location).toBeUndefined();
    expect(firstLocation(decoded.replaceAll('/tmp/kci4/mod/', 'drivers/misc/'))).toEqual({
      file: 'drivers/misc/kcicrash.c',
      line,
    });
  }, 300_000);
});

const capture = join(cacheRoot, 'capture', 'build-6.12');
describe.skipIf(!existsSync(join(capture, 'vmlinux')) || !tree || !hasBinutils)(
  'decode_stacktrace.sh, capture kernel vmlinux (not in CI)',
  () => {
    it('decodes in-tree frames of the sysrq panic path', async () => {
      const src = join(cacheRoot, 'src', 'linux-source-6.12');
      const report = readFixture('panic-sysrq-6.1.log'); // function names exist in 6.12 too
      const decoded = await decodeReport(report, {
        vmlinux: join(capture, 'vmlinux'),
        source: src,
      });
      expect(decoded).toMatch(/sysrq_handle_crash \(drivers\/tty\/sysrq\.c:\d+\)/);
    }, 300_000);
  },
);

// The KASAN/KFENCE captures (__tests__/fixtures/console/README.md) decoded
// with the vmlinux of the kernel that printed them: kept in the cache by the
// capture (~600 MB of DWARF: not in the repo, not in CI).
const debugKernel = process.env.KCI_DEBUG_KERNEL ?? join(cacheRoot, 'debug-kasan');
const src612 = join(cacheRoot, 'src', 'linux-source-6.12');
const heapC = join(src612, 'drivers', 'misc', 'lkdtm', 'heap.c');
const lkdtmFile = (rel: string) => join(src612, rel);

/** The lines of a top-level C function (`static ... fn(...)` to its closing brace). */
function functionLines(file: string, fn: string): [number, number] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const first = lines.findIndex((l) => new RegExp(`^static [\\w\\s*]*\\b${fn}\\(`).test(l));
  const last = lines.findIndex((l, i) => i > first && l === '}');
  if (first < 0 || last < 0) throw new Error(`${fn} not found in ${file}`);
  return [first + 1, last + 1];
}

describe.skipIf(!existsSync(join(debugKernel, 'vmlinux')) || !existsSync(heapC) || !hasBinutils)(
  `decode_stacktrace.sh, the KASAN/KFENCE capture kernel's vmlinux (${debugKernel}; not in CI)`,
  () => {
    for (const name of DEBUG_CAPTURES)
      it(`${name}: every KASAN/KFENCE finding lands inside its guilty LKDTM function`, async () => {
        const findings = analyzeLog(readFixture(name)).filter(
          (f) => f.kind === 'kasan' || f.kind === 'kfence',
        );
        expect(findings.length).toBeGreaterThan(0);
        await decodeFindings(findings, {
          vmlinux: join(debugKernel, 'vmlinux'),
          source: src612,
        });
        for (const f of findings) {
          const fn = titleFunction(f.title)!;
          expect(fn, f.title).toMatch(/^lkdtm_/);
          expect(f.location?.file, f.title).toMatch(/^drivers\/misc\/lkdtm\/\w+\.c$/);
          const [from, to] = functionLines(lkdtmFile(f.location!.file), fn);
          expect(f.location!.line, f.title).toBeGreaterThan(from);
          expect(f.location!.line, f.title).toBeLessThan(to);
          // Its own line, after the inlined callees' when there are some.
          expect(f.decoded).toMatch(
            new RegExp(`${fn} \\([^()]*${f.location!.file}:${f.location!.line}[ )]`),
          );
        }
      }, 300_000);
  },
);

describe('decoding a cancelled run (issue 17)', () => {
  it('the running decode and its children are killed at once, the other findings skipped', async () => {
    const src = mkdtempSync(join(tmpdir(), 'kci-decode-cancel-'));
    mkdirSync(join(src, 'scripts'));
    const pids = join(src, 'pids');
    // Stands in for decode_stacktrace.sh: a child (addr2line) that never ends.
    writeFileSync(
      join(src, 'scripts', 'decode_stacktrace.sh'),
      `sleep 600 & echo $! >> ${pids}; wait\n`,
    );
    writeFileSync(join(src, 'vmlinux'), '');
    const finding = (title: string) => ({
      kind: 'warning' as const,
      title,
      fatal: false,
      fingerprint: title,
      count: 1,
      lines: { first: 1, last: 1 },
      report: 'WARNING: x',
    });
    const findings = [finding('a'), finding('b')];
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 500);
    const warnings: string[] = [];
    const t0 = Date.now();
    await decodeFindings(
      findings,
      { vmlinux: join(src, 'vmlinux'), source: src, signal: cancel.signal },
      (m) => warnings.push(m),
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(findings.every((f) => !('decoded' in f))).toBe(true);
    expect(warnings.at(-1)).toMatch(/decoding cancelled/);
    await new Promise((r) => setTimeout(r, 200));
    // Gone, or a zombie waiting for a reaper that is not us: not running either way.
    const running = (pid: string) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n'))
      expect(running(pid), `sleep ${pid} left behind`).toBe(false);
  });
});
