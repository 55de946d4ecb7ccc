// bench:fallback — what a /dev/kvm that hangs Linux guests costs a run: the
// hanging-KVM host of the tests (a QEMU wrapper that hangs any kernel under
// -accel kvm and lets the firmware probe pass) against --accel tcg on the
// same kernel, interleaved, median of N.
//
//   npm run bench:fallback [-- --kernel BZIMAGE|DEB] [--runs 5]
//
// decision: from the "booting ... under KVM" line (QEMU spawned) to the
// warning that gives KVM up. lost: spawn → "booting ... under TCG" with the
// fallback, minus the same with --accel tcg (the baseline, same run).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDist } from '../__tests__/helpers/dist.js';
import { hangingKvmHost } from '../__tests__/helpers/hanging-kvm.js';
import { debianKernelDeb } from '../__tests__/helpers/kernels.js';

const own = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 && own[i + 1] ? own[i + 1]! : def;
};
const runs = Number(opt('runs', '5'));
const kernel = opt('kernel', debianKernelDeb());
const work = mkdtempSync(join(tmpdir(), 'kci-bench-fallback-'));
const dist = freshDist();

/** ms from spawn to the first stderr line matching each pattern; the run is killed after the last. */
function timeLines(args: string[], env: NodeJS.ProcessEnv, marks: RegExp[]): Promise<number[]> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(dist, 'cli.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const at: number[] = [];
  let buf = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`no ${marks[at.length]} within 300 s`));
    }, 300_000);
    child.stderr.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (at.length < marks.length && marks[at.length]!.test(l))
          at.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (at.length === marks.length) {
          clearTimeout(timer);
          child.kill('SIGTERM');
          child.once('close', () => resolve(at));
          return;
        }
      }
    });
    child.once('close', () => {
      if (at.length < marks.length) reject(new Error(`the run ended before ${marks[at.length]}`));
    });
  });
}

const args = (i: number, accel: string) => [
  'run',
  '--kernel',
  kernel,
  '--out',
  join(work, `${accel}-${i}`),
  '--accel',
  accel,
  '--command',
  'first=true',
];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const decisions: number[] = [];
const lost: number[] = [];
console.log(`kernel: ${kernel}; ${runs} runs each, interleaved; a new hanging-KVM host each run`);
for (let i = 0; i < runs; i++) {
  const [tcgBoot] = await timeLines(args(i, 'tcg'), {}, [/^booting .* under TCG/]);
  // A new host each time: a host remembers a KVM that hung (kvmHangMemo) and
  // would not try it again.
  const hanging = hangingKvmHost();
  const [kvmBoot, giveUp, fallbackBoot] = await timeLines(args(i, 'auto'), hanging.env, [
    /^booting .* under KVM/,
    /no kernel output in \d+ s under KVM/,
    /^booting .* under TCG/,
  ]);
  if (kvmBoot === undefined)
    throw new Error('the hanging-KVM run never tried KVM: the benchmark measured nothing');
  decisions.push(giveUp! - kvmBoot);
  lost.push(fallbackBoot! - tcgBoot!);
  console.log(
    `run ${i + 1}: QEMU start → fallback decision ${fmt(decisions.at(-1)!)}; time lost vs --accel tcg ${fmt(lost.at(-1)!)}`,
  );
}
console.log(`median QEMU start → decision to fall back: ${fmt(median(decisions))} (goal <= 10 s)`);
console.log(`median time lost to the failed KVM attempt: ${fmt(median(lost))} (goal <= 15 s)`);
