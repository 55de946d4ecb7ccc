// Part (1) of bench:crash: how long from the crash report's last console
// line to QEMU gone, through the real run pipeline (runCommand with the
// crash plugin attached through RunHooks.plugins). The kernel is booted with
// panic=0 / hung_task_panic=0 so it never exits by itself: only the
// detector's stop ends the VM. Debian's 6.1 kernel (what CI has); the hung
// task comes from the module that made the captures (Debian has no LKDTM).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../src/cli/args.js';
import { runFlags } from '../src/cli/specs.js';
import type { Finding } from '../src/core/results.js';
import { crashPlugin } from '../src/pipeline/crash-plugin.js';
import type { Host } from '../src/pipeline/host.js';
import { runCommand, type RunHooks } from '../src/pipeline/run.js';
import { integratedRunHooks } from '../src/pipeline/run-hooks.js';
import { debianKernelDeb } from '../__tests__/helpers/kernels.js';

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

interface Sample {
  ms: number;
  finding?: Finding;
  exit: number;
}

async function once(args: string[]): Promise<Sample> {
  const out = mkdtempSync(join(tmpdir(), 'kci-bench-crash-'));
  let sample: Sample = { ms: NaN, exit: -1 };
  const { flags } = parseFlags([...args, '--out', out], runFlags);
  // The CLI's hooks, quiet, with the crash plugin timed.
  const hooks: RunHooks = {
    ...integratedRunHooks(flags),
    report: async () => undefined,
    plugins: (ctx) => {
      const inner = crashPlugin(ctx);
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
            sample = { ms: f ? gone - arrival[f.lines.last]! : NaN, finding: f, exit: -1 };
            return fs;
          },
        },
      ];
    },
  };
  try {
    const exit = await runCommand(flags, quiet, hooks);
    sample.exit = exit;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function stopLatency(log: (s: string) => void, runs = 5): Promise<void> {
  // The module that made the 6.1 captures: the guest sees the host's root, so it can insmod it from here.
  const ko = join(mkdtempSync(join(tmpdir(), 'kci-bench-ko-')), 'kcicrash.ko');
  writeFileSync(
    ko,
    gunzipSync(
      readFileSync(
        join(import.meta.dirname, '..', '__tests__/fixtures/console/capture/kcicrash.ko.gz'),
      ),
    ),
  );
  const scenarios: { name: string; args: string[] | undefined; why?: string }[] = [
    {
      name: 'panic (sysrq c, Debian 6.1)',
      args: [
        '--kernel',
        debianKernelDeb(),
        '--command',
        'crash=echo c > /proc/sysrq-trigger; sleep 60',
        '--cmdline',
        'panic=0 printk.time=1',
      ],
    },
    {
      name: 'hung task (kcicrash.ko what=hang, Debian 6.1)',
      args: [
        '--kernel',
        debianKernelDeb(),
        '--command',
        `hang=echo 1 > /proc/sys/kernel/hung_task_timeout_secs; insmod ${ko} what=hang; sleep 60`,
        '--cmdline',
        'hung_task_panic=0 printk.time=1',
      ],
    },
  ];
  for (const s of scenarios) {
    if (!s.args) {
      log(`  ${s.name}: skipped (${s.why})`);
      continue;
    }
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await once(s.args);
      log(
        `    run ${i + 1}: ${r.ms.toFixed(0)} ms, exit ${r.exit}, ${r.finding ? `'${r.finding.title}'` : 'NO FINDING'}`,
      );
      if (Number.isFinite(r.ms)) ms.push(r.ms);
    }
    const m = ms.length ? median(ms) : NaN;
    log(
      `  ${s.name}: median ${m.toFixed(0)} ms over ${ms.length} run(s) (goal <= 500 ms: ${m <= 500 ? 'MET' : 'MISSED'})`,
    );
  }
}
