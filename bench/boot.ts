// bench:boot — boot-to-first-test of `kernel-ci run` vs a minimal hand-written
// QEMU + 9p command on the same kernel, interleaved, median of N each.
//
//   npm run bench:boot [-- --kernel BZIMAGE|DEB] [--runs 5] [--cpus 2] [-- RUN_FLAGS...]
//
// Ours: spawn of the bundled CLI (dist built fresh) to the first test's start
// marker on the console. Reference: spawn of qemu-system-x86_64 to the first
// line its init prints. Both use TCG, the same CPUs/memory, -nodefaults, the
// host's / over virtio-9p read-only, and (for a kernel whose 9p is modular,
// like Debian's) the same initramfs, so the difference is our QEMU options,
// guest init setup (mounts, overlays, modules bind) and supervision.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDist } from '../__tests__/helpers/dist.js';
import { debianKernelDeb } from '../__tests__/helpers/kernels.js';
import { extractDebianKernel, isDebPath } from '../src/system/debian-kernel.js';
import { buildInitramfs } from '../src/system/initramfs.js';
import { defaultMemoryMiB, ROOT_9P_OPTIONS } from '../src/system/qemu-args.js';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const runFlags = sep >= 0 ? argv.slice(sep + 1) : [];
const own = sep >= 0 ? argv.slice(0, sep) : argv;
const opt = (name: string, def: string): string => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 && own[i + 1] ? own[i + 1]! : def;
};
const runs = Number(opt('runs', '5'));
const cpus = Number(opt('cpus', '2'));
const memory = defaultMemoryMiB(cpus);
const kernelArg = opt('kernel', debianKernelDeb());

const work = mkdtempSync(join(tmpdir(), 'kci-bench-boot-'));
let kernel = kernelArg;
let modulesDir: string | undefined = opt('modules', '') || undefined;
if (isDebPath(kernelArg)) {
  const deb = await extractDebianKernel(kernelArg);
  kernel = deb.kernel;
  modulesDir ??= deb.modulesDir;
}
const refInit = join(work, 'ref-init.sh');
writeFileSync(refInit, '#!/bin/sh\necho KCI-BENCH-FIRST-TEST\nexec poweroff -f -f\n', {
  mode: 0o755,
});
const initrd = modulesDir
  ? buildInitramfs(modulesDir, join(work, 'ref.cpio'), { tag: 'root', options: ROOT_9P_OPTIONS })
      .path
  : undefined;

/** Spawns, resolves with ms until a stdout/stderr chunk matches, then kills. */
function timeTo(cmd: string, args: string[], match: RegExp, limitMs = 300_000): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd}: no ${match} within ${limitMs / 1000} s:\n${seen.slice(-2000)}`));
    }, limitMs);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (match.test(seen)) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        child.kill('SIGTERM');
        child.once('close', () => resolve(ms));
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
}

function reference(): Promise<number> {
  const append = [
    'console=ttyS0',
    'panic=-1',
    'root=root',
    'rootfstype=9p',
    `rootflags=${ROOT_9P_OPTIONS.replace(/,ro$/, '')}`,
    'ro',
    initrd ? `kci.init=${refInit}` : `init=${refInit}`,
  ].join(' ');
  return timeTo(
    'qemu-system-x86_64',
    [
      '-nodefaults',
      '-display',
      'none',
      '-no-reboot',
      '-accel',
      'tcg',
      '-cpu',
      'max',
      '-smp',
      String(cpus),
      '-m',
      `${memory}M`,
      '-serial',
      'stdio',
      '-kernel',
      kernel,
      ...(initrd ? ['-initrd', initrd] : []),
      '-append',
      append,
      '-virtfs',
      'local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap',
    ],
    /^KCI-BENCH-FIRST-TEST/m,
  );
}

const dist = freshDist();
function ours(i: number): Promise<number> {
  return timeTo(
    process.execPath,
    [
      join(dist, 'cli.js'),
      'run',
      '--kernel',
      kernelArg,
      ...(modulesDir && !isDebPath(kernelArg) ? ['--modules', modulesDir] : []),
      '--out',
      join(work, `ours-${i}`),
      '--accel',
      'tcg',
      '--cpus',
      String(cpus),
      '--command',
      'first=true',
      ...runFlags,
    ],
    /start id=1 name=first/,
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const a: number[] = [];
const b: number[] = [];
console.log(
  `kernel: ${kernel}${initrd ? ' (+ initramfs with its 9p modules)' : ''}; ${cpus} CPU(s), ${memory} MiB, TCG; ${runs} runs each, interleaved`,
);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
for (let i = 0; i < runs; i++) {
  b.push(await reference());
  a.push(await ours(i));
  console.log(
    `run ${i + 1}: reference ${fmt(b.at(-1)!)}, kernel-ci ${fmt(a.at(-1)!)} (load ${load()})`,
  );
}
const ratio = median(a) / median(b);
console.log(
  `median boot-to-first-test: kernel-ci ${fmt(median(a))}, hand-written QEMU+9p ${fmt(median(b))}`,
);
console.log(`ratio: ${ratio.toFixed(2)}x (goal <= 1.10x)`);
