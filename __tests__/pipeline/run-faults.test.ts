// Fault injection on a real run (issue 17): Debian's 6.1 kernel under TCG,
// a plan of short commands, and a signal at a random point — to kernel-ci
// during the KVM probe, the boot, a test; SIGTERM or SIGKILL to QEMU. Each
// time: exit 2, no QEMU left behind, a results.json the schema accepts that
// keeps every test that had finished. Scaled to what fits in CI: 6 points
// (seeded, printed), not the 30 the issue sketches; KCI_FAULT_SEED picks
// other points. One run also starts from an out dir a hostile guest
// prepared: results.json, .kci and tests planted as links to host files.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/results.js';
import { resultsProblem } from '../../src/core/results-check.js';
import { extractDebianKernel } from '../../src/system/debian-kernel.js';
import { repoRoot } from '../helpers/dist.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';
import { rng } from '../helpers/schema-gen.js';

const TESTS = ['t1', 't2', 't3', 't4', 't5'];
const seed = Number(process.env.KCI_FAULT_SEED ?? 17);
const random = rng(seed);

/** QEMU processes serving this out dir (its path is on their command line). */
function qemusFor(out: string): number[] {
  let text = '';
  try {
    text = execFileSync('pgrep', ['-af', 'qemu-system'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.includes(out))
    .map((l) => Number(l.split(' ')[0]));
}

interface Fault {
  name: string;
  /** Run with --accel auto so the KVM probe is on the way (when the host has /dev/kvm). */
  auto?: boolean;
  /**
   * When to strike, given kernel-ci's stderr so far and whether a QEMU (the
   * probe) is its child now: a delay in ms, or undefined to wait.
   */
  when(stderr: string, hasChild: boolean): number | undefined;
  /** The signal may land after the last write: a complete, passing run is fine then. */
  mayBeLate?: boolean;
  target: 'kernel-ci' | 'qemu';
  signal: NodeJS.Signals;
  abort: 'cancelled' | 'crash';
}

const ended = (stderr: string) =>
  TESTS.filter((t) => new RegExp(`^(?:\\[\\d+/\\d+\\] )?commands/${t}: exit 0`, 'm').test(stderr));
const jitter = (max: number) => Math.floor(random() * max);

const FAULTS: Fault[] = [
  {
    name: 'SIGTERM to kernel-ci while it probes KVM',
    auto: true,
    // The probe is kernel-ci's first child; a host without /dev/kvm has no
    // probe, and the signal comes as the accelerator is named.
    when: (e, hasChild) => (hasChild ? jitter(300) : /^accel: /m.test(e) ? 0 : undefined),
    target: 'kernel-ci',
    signal: 'SIGTERM',
    abort: 'cancelled',
  },
  {
    name: 'SIGTERM to kernel-ci during the boot',
    when: (e) => (/^booting /m.test(e) ? jitter(8000) : undefined),
    target: 'kernel-ci',
    signal: 'SIGTERM',
    abort: 'cancelled',
  },
  {
    name: 'SIGINT to kernel-ci in the middle of the plan',
    when: (e) => (ended(e).length >= 1 + Math.floor(random() * 2) ? jitter(1500) : undefined),
    target: 'kernel-ci',
    signal: 'SIGINT',
    abort: 'cancelled',
  },
  {
    name: 'SIGKILL to QEMU in the middle of the plan',
    when: (e) => (ended(e).length >= 2 ? jitter(1500) : undefined),
    target: 'qemu',
    signal: 'SIGKILL',
    abort: 'crash',
  },
  {
    // (During the boot, QEMU gone is a failed boot, retried: not a fault here.)
    name: 'SIGTERM to QEMU in the middle of the plan',
    when: (e) => (ended(e).length >= 1 ? jitter(2500) : undefined),
    target: 'qemu',
    signal: 'SIGTERM',
    abort: 'crash',
  },
  {
    name: 'SIGTERM to kernel-ci as the last test ends',
    when: (e) => (ended(e).length >= TESTS.length ? jitter(300) : undefined),
    target: 'kernel-ci',
    signal: 'SIGTERM',
    abort: 'cancelled',
    mayBeLate: true,
  },
];

interface Outcome {
  code: number | null;
  stderr: string;
  /** Tests seen ending on stderr before the signal. */
  before: string[];
  struck: boolean;
}

function runWithFault(deb: string, out: string, f: Fault): Promise<Outcome> {
  const args = ['run', '--kernel', deb, '--out', out, '--accel', f.auto ? 'auto' : 'tcg'];
  for (const t of TESTS) args.push('--command', `${t}=sleep 1`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let scheduled = false;
  let before: string[] = [];
  let struck = false;
  const strike = () => {
    before = ended(stderr);
    if (f.target === 'kernel-ci') child.kill(f.signal);
    else for (const pid of qemusFor(out)) process.kill(pid, f.signal);
    struck = true;
  };
  const hasChild = () => {
    try {
      // tsx's esbuild is a child too: only QEMU counts.
      return /qemu/.test(
        execFileSync('pgrep', ['-a', '-P', String(child.pid)], { encoding: 'utf8' }),
      );
    } catch {
      return false;
    }
  };
  const check = () => {
    if (scheduled) return;
    const delay = f.when(stderr, f.auto === true && hasChild());
    if (delay === undefined) return;
    scheduled = true;
    clearInterval(poll);
    setTimeout(strike, delay);
  };
  const poll = setInterval(check, 50);
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, before, struck });
    }),
  );
}

describe.skipIf(!hasQemu())('kernel-ci run under fault injection (Debian 6.1, TCG)', () => {
  let deb: string;
  beforeAll(async () => {
    deb = debianKernelDeb();
    await extractDebianKernel(deb);
    process.stderr.write(`run-faults: seed ${seed} (KCI_FAULT_SEED)\n`);
  });

  it.each(FAULTS.map((f, i) => [f.name, i] as const))(
    '%s: exit 2, no QEMU left, finished tests kept',
    async (_name, i) => {
      const f = FAULTS[i]!;
      const root = mkdtempSync(join(tmpdir(), 'kci-fault-'));
      const out = join(root, 'out');
      // The first run starts from an out dir an earlier guest prepared.
      const victim = join(root, 'victim');
      const victimDir = join(root, 'victim-dir');
      if (i === 1) {
        writeFileSync(victim, 'precious\n');
        mkdirSync(victimDir);
        mkdirSync(out);
        symlinkSync(victim, join(out, 'results.json'));
        symlinkSync(victimDir, join(out, '.kci'));
        symlinkSync(victimDir, join(out, 'tests'));
      }
      const o = await runWithFault(deb, out, f);
      const context = `seed ${seed}, ${f.name}; stderr:\n${o.stderr.slice(-3000)}`;
      // A late signal may find kernel-ci already gone: the run was complete then.
      if (!f.mayBeLate) expect(o.struck, context).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect(qemusFor(out), context).toEqual([]);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
      expect(resultsProblem(results), context).toBeUndefined();
      if (f.mayBeLate && results.abort === undefined) {
        // Struck after the last write: the run was complete.
        expect(results.verdict, context).toBe('success');
      } else {
        expect(o.code, context).toBe(2);
        expect(results.abort?.kind, context).toBe(f.abort);
      }
      const status = new Map(results.suites.flatMap((s) => s.tests).map((t) => [t.name, t.status]));
      for (const t of o.before) expect(status.get(t), `${t}: ${context}`).toBe('pass');
      expect([...status.keys()].sort(), context).toEqual(TESTS);
      if (i === 1) {
        expect(readFileSync(victim, 'utf8')).toBe('precious\n');
        expect(readdirSync(victimDir)).toEqual([]);
      }
      expect(existsSync(join(out, '.kci'))).toBe(true);
    },
    120_000,
  );
});
