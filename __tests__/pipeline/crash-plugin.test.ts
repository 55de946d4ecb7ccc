// A real kernel made to panic in the middle of a plan, through the run
// pipeline with the CLI's hooks (crash plugin included): Debian's 6.1 kernel
// under TCG, booted with panic=0 so that only the detector can end the VM.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import type { RunResults } from '../../src/core/results.js';
import type { Host } from '../../src/pipeline/host.js';
import { runCommand } from '../../src/pipeline/run.js';
import { integratedRunHooks } from '../../src/pipeline/run-hooks.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';

const logs: string[] = [];
const host: Host = {
  kind: 'terminal',
  info: (m) => void logs.push(m),
  warn: (m) => void logs.push(`warning: ${m}`),
  untrusted: () => undefined,
  group: (_t, fn) => fn(),
  annotate: () => undefined,
  setOutput: () => undefined,
  summary: async () => undefined,
  uploadArtifact: async () => undefined,
  restoreCache: async () => undefined,
  saveCache: async () => undefined,
};

describe.skipIf(!hasQemu())('crash plugin in a real run', () => {
  it('panic mid-plan: exit 2, critical, earlier test kept, running one crashed, later not-run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-crash-run-'));
    const { flags } = parseFlags(
      [
        '--kernel',
        debianKernelDeb(),
        '--out',
        out,
        '--cmdline',
        'panic=0 printk.time=1',
        '--command',
        'before=echo fine',
        '--command',
        'crash=echo c > /proc/sysrq-trigger; sleep 60',
        '--command',
        'after=echo never',
      ],
      runFlags,
    );
    const t0 = Date.now();
    // The CLI's hooks, without the terminal summary on stdout.
    const code = await runCommand(flags, host, {
      ...integratedRunHooks(flags),
      report: async () => undefined,
    });
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(code, logs.join('\n')).toBe(2);
    expect(res.verdict).toBe('critical');
    expect(res.suites.flatMap((s) => s.tests.map((t) => [t.name, t.status]))).toEqual([
      ['before', 'pass'],
      ['crash', 'crashed'],
      ['after', 'not-run'],
    ]);
    expect(res.findings).toHaveLength(1);
    const [f] = res.findings;
    expect(f).toMatchObject({
      kind: 'panic',
      title: 'kernel panic: sysrq triggered crash',
      fatal: true,
      count: 1,
    });
    expect(f!.test).toMatch(/\/crash$/);
    expect(f!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(res.abort?.kind).toBe('crash');
    expect(res.abort?.message).toContain('kernel panic: sysrq triggered crash');
    // Stopped by the detector: not by the kernel (panic=0 never exits), nor the test's sleep 60.
    const consoleLines = readFileSync(join(out, 'console.log'), 'utf8').split('\n');
    expect(consoleLines[f!.lines.first - 1]).toContain(
      'Kernel panic - not syncing: sysrq triggered crash',
    );
    expect(Date.now() - t0).toBeLessThan(60_000 * 3);
  }, 400_000);
});
