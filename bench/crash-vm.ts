// Part (1) of bench:crash: how long from the crash report's last console
// line to QEMU gone, through the real run pipeline (runCommand with the
// crash plugin attached through RunHooks.plugins).
//
// Stop latency = from the moment the report's last line reaches the crash
// plugin (its end marker: `---[ end Kernel panic`, `</TASK>`) to the moment
// runCommand reads the plugin's findings, which it does once QEMU has
// exited and its console is closed: an upper bound of "report complete →
// VM stopped" (it includes QEMU's exit and a few ms of runCommand's own
// bookkeeping).
//
// The crash sources depend on no module ABI: LKDTM, built into a kernel we
// build. By default that is the CI kernel (src/pipeline/all.ts
// EMBEDDED_BUILD: LKDTM, and the vm preset's CONFIG_DETECT_HUNG_TASK), the
// one npm test builds; `--kernel DIR` measures another
// build (a `kernel-ci build` out dir, or its bzImage: LKDTM and
// DETECT_HUNG_TASK needed). Nothing ends the guest by itself (panic=0
// waits forever, hung_task_panic=0): only the detector's stop does.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseFlags } from '../src/cli/args.js';
import { runFlags } from '../src/cli/specs.js';
import type { Finding } from '../src/core/results.js';
import { crashPlugin } from '../src/pipeline/crash-plugin.js';
import type { Host } from '../src/pipeline/host.js';
import { runCommand, type RunHooks } from '../src/pipeline/run.js';
import { integratedRunHooks } from '../src/pipeline/run-hooks.js';
import { builtKernel, cacheRoot, type BuiltKernel } from '../__tests__/helpers/kernels.js';

const quiet: Host = {
  kind: 'terminal',
  info: () => undefined,
  warn: () => undefined,
  untrusted: () => undefined,
  group: (_t, fn) => fn(),
  annotate: () => undefined,
  setOutput: () => undefined,
  summary: async () => undefined,
  uploadArtifact: async () => undefined,
  restoreCache: async () => undefined,
  saveCache: async () => undefined,
};

/** Why a scenario needs a kernel option. */
const WHY: Record<string, string> = {
  LKDTM: 'the crash source (/sys/kernel/debug/provoke-crash/DIRECT)',
  DETECT_HUNG_TASK: 'the hung-task report',
};

interface Kernel {
  bzImage: string;
  /** The kernel's .config, when known. */
  config?: string;
  what: string;
}

/**
 * The CI kernel (npm test's builtKernel(): the embedded default, whose vm
 * preset has DETECT_HUNG_TASK), found up to date or built incrementally in
 * its own dir: one kernel for the tests and the bench, never built twice.
 */
async function benchKernel(log: (s: string) => void): Promise<Kernel> {
  log(
    `  kernel: the CI kernel (${join(cacheRoot, 'ci-all', 'build')}; make is a no-op when up to date)`,
  );
  const t0 = Date.now();
  let k: BuiltKernel;
  try {
    k = await builtKernel((m) => log(`  ${m}`));
  } catch (e) {
    throw new BenchError(
      `the CI kernel did not build: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  log(`  kernel ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${k.bzImage}`);
  return { bzImage: k.bzImage, config: k.config, what: '6.12 CI kernel (LKDTM, DETECT_HUNG_TASK)' };
}

/** `--kernel`: a build out dir (build.json) or a bzImage (its .config looked for beside it). */
function givenKernel(path: string): Kernel {
  const json = join(path, 'build.json');
  if (existsSync(json)) {
    const b = JSON.parse(readFileSync(json, 'utf8')) as { bzImage: string; config: string };
    return { bzImage: b.bzImage, config: b.config, what: path };
  }
  if (!existsSync(path)) throw new BenchError(`--kernel ${path}: no such file or build dir`);
  // arch/x86/boot/bzImage in an obj dir: .config three levels up.
  const config = [join(dirname(path), '.config'), join(dirname(path), '../../../.config')].find(
    existsSync,
  );
  return { bzImage: path, config, what: path };
}

class BenchError extends Error {}

/** Why the kernel cannot run a scenario (an option it lacks), or undefined. */
function missingOptions(k: Kernel, needs: string[], log: (s: string) => void): string | undefined {
  if (!k.config) {
    log(`  (no .config found for ${k.bzImage}: ${needs.join(', ')} assumed)`);
    return undefined;
  }
  const text = readFileSync(k.config, 'utf8');
  const missing = needs.filter((o) => !new RegExp(`^CONFIG_${o}=y$`, 'm').test(text));
  return missing.length
    ? `${k.config} lacks ${missing.map((o) => `CONFIG_${o} (${WHY[o]})`).join(', ')}`
    : undefined;
}

interface Sample {
  ms: number;
  /** Of ms: the report's last line to the detector's stop request (the rest is QEMU going). */
  detectMs?: number;
  /** Of ms: the VM's end (Vm.run resolved: QEMU exited, its console closed) to the findings being read. */
  afterMs?: number;
  finding?: Finding;
  exit: number;
  /** The end of the VM, when no finding stopped it. */
  why?: string;
}

async function once(args: string[]): Promise<Sample> {
  const out = mkdtempSync(join(tmpdir(), 'kci-bench-crash-'));
  let sample: Sample = { ms: NaN, exit: -1 };
  const { flags } = parseFlags([...args, '--out', out], runFlags);
  // runCommand runs the VM inside host.group: its end is when QEMU is gone.
  let vmEnd = NaN;
  const host: Host = {
    ...quiet,
    group: async (_t, fn) => {
      const r = await fn();
      vmEnd = performance.now();
      return r;
    },
  };
  // The CLI's hooks, quiet, with the crash plugin timed.
  const hooks: RunHooks = {
    ...integratedRunHooks(flags),
    report: async (results) => {
      if (!sample.finding) sample.why = results.abort?.message ?? `verdict ${results.verdict}`;
    },
    plugins: (ctx) => {
      let stopAt = NaN;
      const inner = crashPlugin({
        ...ctx,
        stopVm: (kind, message) => {
          stopAt = performance.now();
          ctx.stopVm(kind, message);
        },
      });
      const arrival: number[] = [];
      return [
        {
          listener: {
            onLine(line, n) {
              arrival[n] = performance.now();
              inner.listener!.onLine(line, n);
            },
            onBoot: (a) => inner.listener!.onBoot?.(a),
          },
          findings() {
            // Called by runCommand once the VM (QEMU) has ended.
            const gone = performance.now();
            const fs = inner.findings!();
            const f = fs.find((x) => x.fatal);
            const last = f ? arrival[f.lines.last]! : NaN;
            sample = {
              ms: gone - last,
              detectMs: stopAt - last,
              afterMs: gone - vmEnd,
              finding: f,
              exit: -1,
            };
            return fs;
          },
        },
      ];
    },
  };
  try {
    // Not `sample.exit = await ...`: findings() replaces `sample` during the await.
    const exit = await runCommand(flags, host, hooks);
    sample.exit = exit;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return sample;
}

/** Nearest-rank percentile (p95 of 20 runs is the 19th fastest). */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

const DIRECT = '/sys/kernel/debug/provoke-crash/DIRECT';

export interface StopLatencyOptions {
  runs?: number;
  /** A build out dir or bzImage; default: the bench kernel. */
  kernel?: string;
  goalMs?: number;
  /** Only the scenario whose name starts so ('panic', 'hung task'). */
  only?: string;
}

/** Returns false when a scenario could not measure or missed the goal (printed loudly). */
export async function stopLatency(
  log: (s: string) => void,
  o: StopLatencyOptions = {},
): Promise<boolean> {
  const runs = o.runs ?? 20;
  const goal = o.goalMs ?? 100;
  let k: Kernel;
  try {
    k = o.kernel ? givenKernel(o.kernel) : await benchKernel(log);
  } catch (e) {
    if (!(e instanceof BenchError)) throw e;
    log(`  CANNOT MEASURE: ${e.message}`);
    return false;
  }
  const base = ['--kernel', k.bzImage, '--accel', 'tcg', '--quiet', '--timeout', '300'];
  const scenarios = [
    {
      name: 'panic (LKDTM PANIC)',
      command: `panic=echo PANIC > ${DIRECT}; sleep 60`,
      cmdline: 'panic=0',
      kind: 'panic',
      needs: ['LKDTM'],
    },
    {
      name: 'hung task (LKDTM HUNG_TASK, hung_task_timeout_secs=1)',
      // Set once the guest is up: a 1 s timeout during TCG's slow boot reports the boot's own waits.
      command: `hang=echo 1 > /proc/sys/kernel/hung_task_timeout_secs; echo HUNG_TASK > ${DIRECT}`,
      cmdline: 'hung_task_panic=0',
      kind: 'hung-task',
      needs: ['LKDTM', 'DETECT_HUNG_TASK'],
    },
  ];
  log(`  kernel: ${k.what}; ${runs} runs per scenario; goal p95 <= ${goal} ms`);
  let ok = true;
  for (const s of scenarios) {
    if (o.only && !s.name.startsWith(o.only)) continue;
    const cannot = missingOptions(k, s.needs, log);
    if (cannot) {
      log(`  ${s.name}: CANNOT MEASURE on this kernel: ${cannot}`);
      ok = false;
      continue;
    }
    const ms: number[] = [];
    const failures: string[] = [];
    for (let i = 0; i < runs; i++) {
      const load = loadavg()[0]!.toFixed(1);
      const r = await once([...base, '--command', s.command, '--cmdline', s.cmdline]);
      const right = r.finding?.kind === s.kind;
      log(
        `    run ${String(i + 1).padStart(2)}: ${right ? `${r.ms.toFixed(0).padStart(5)} ms (detector ${r.detectMs!.toFixed(0)}, QEMU ${(r.ms - r.detectMs! - r.afterMs!).toFixed(0)}, run ${r.afterMs!.toFixed(0)})` : '    -   '}  exit ${r.exit}  load ${load}  ${r.finding ? `'${r.finding.title}'` : `NO FINDING (${r.why ?? 'no results'})`}`,
      );
      if (right) ms.push(r.ms);
      else
        failures.push(
          r.finding
            ? `run ${i + 1} stopped on '${r.finding.title}' (${r.finding.kind}), not a ${s.kind}`
            : `run ${i + 1}: no fatal finding (${r.why ?? 'no results'})`,
        );
    }
    if (ms.length === 0) {
      log(`  ${s.name}: CANNOT MEASURE: no run produced a ${s.kind} finding (${failures[0]})`);
      ok = false;
      continue;
    }
    const p95 = percentile(ms, 95);
    const met = p95 <= goal && failures.length === 0;
    ok &&= met;
    log(
      `  ${s.name}: p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms over ${ms.length} run(s)${failures.length ? `, ${failures.length} run(s) without the finding` : ''} (goal p95 <= ${goal} ms: ${met ? 'MET' : 'MISSED'})`,
    );
    for (const f of failures) log(`    ${f}`);
  }
  return ok;
}
