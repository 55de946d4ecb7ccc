// `kernel-ci run` and the run action: check inputs, pick the accelerator,
// build the plan, boot the kernel with the host's root, follow the console,
// and write OUT/results.json + OUT/console.log whatever happens.
//
// Seams (RunHooks, run-context.ts): console plugins such as the crash
// detector (a listener that may stop the VM and contributes findings),
// per-test result assembly (TAP subtests from the test's output file), and
// the report step (summary, JUnit, annotations). By default they are filled
// by integratedRunHooks (run-hooks.ts), as for the CLI and the actions.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { RunOptions } from '../cli/specs.js';
import { fullName, type Plan, type PlanTest } from '../core/plan/plan.js';
import { emptyCounts, SCHEMA_ID, type RunResults, type TestResult } from '../core/results.js';
import { exitCodeFor, finalizeRun } from '../core/verdict.js';
import {
  extractDebianKernel,
  isDebPath,
  kernelCacheRoot,
  modulesWithDep,
} from '../system/debian-kernel.js';
import { guestFstabs, guestInitScript, MARKERS_FILE } from '../system/guest-init.js';
import { BUSYBOX_CANDIDATES, cachedInitramfs, moduleName } from '../system/initramfs.js';
import { readKernelImage } from '../system/kernel-image.js';
import { bundleFlagDefaults, isKernelBundle, unpackKernelBundle } from '../system/kernel-bundle.js';
import type { AccelChoice } from '../system/accel.js';
import { chooseAccel, kvmHangMemo, rememberKvmHang, type AccelMode } from '../system/kvm-probe.js';
import {
  defaultCpus,
  defaultMemoryMiB,
  kernelCmdline,
  QEMU_BINARY,
  qemuArgs,
  ROOT_9P_OPTIONS,
  ROOT_TAG,
  SHARE_TAG,
  type VmConfig,
} from '../system/qemu-args.js';
import { readGuestFile, safeDirSync, writeFresh } from '../system/safe-write.js';
import { Vm, type VmResult } from '../system/vm.js';
import { findOnPath } from '../system/find-on-path.js';
import type { Host } from './host.js';
import { buildPlan } from './run-plan.js';
import { pathError, streamConsole } from './report.js';
import { progressLine } from './progress.js';
import { shardFromFlags } from './shard-plan.js';
import type { RunContext, RunHooks } from './run-context.js';
import { integratedRunHooks } from './run-hooks.js';
import { classifyEnd } from './run-end.js';
import { groupSuites, MarkerCollector } from './run-results.js';

export type { RunContext, RunHooks, RunPlugin } from './run-context.js';

interface KernelInput {
  kernel: string;
  release?: string;
  modulesDir?: string;
}

/** --kernel / --modules → a readable bzImage and, maybe, its modules dir (a bundle also fills flags it carries). */
export async function resolveKernel(flags: RunOptions): Promise<KernelInput> {
  const kernelFlag = flags.kernel;
  if (!kernelFlag)
    throw new UsageError(
      '--kernel is required (a bzImage, a Debian linux-image-*.deb or a kernel-ci bundle)',
    );
  let modulesDir = flags.modules;
  let kernel = resolve(kernelFlag);
  let release: string | undefined;
  if (isDebPath(kernel)) {
    const deb = await extractDebianKernel(kernel);
    kernel = deb.kernel;
    release = deb.release;
    modulesDir ??= deb.modulesDir;
  } else if (isKernelBundle(kernel)) {
    const b = await unpackKernelBundle(kernel);
    kernel = b.kernel;
    release = b.release;
    modulesDir ??= b.modulesDir;
    bundleFlagDefaults(flags, b);
  }
  const image = readKernelImage(kernel);
  release ??= image.release;
  if (modulesDir !== undefined) {
    modulesDir = resolve(modulesDir);
    if (!existsSync(modulesDir) || !statSync(modulesDir).isDirectory())
      throw new UsageError(`--modules ${modulesDir}: not a directory`);
    if (!existsSync(join(modulesDir, 'modules.dep'))) {
      // An unpacked linux-image package: depmod runs at install, so on a copy here.
      if (release === undefined)
        throw new UsageError(
          `--modules ${modulesDir}: no modules.dep, and the kernel image names no release to run depmod for`,
        );
      modulesDir = await modulesWithDep(modulesDir, release);
    }
  }
  return { kernel, release, modulesDir };
}

/** Kernels with 9p and virtio built in mount the root themselves: no initramfs, faster boot. */
function needsInitramfs(modulesDir: string, config?: string): boolean {
  if (config && existsSync(config)) {
    const text = readFileSync(config, 'utf8');
    return !['CONFIG_9P_FS', 'CONFIG_NET_9P_VIRTIO', 'CONFIG_VIRTIO_PCI'].every((o) =>
      new RegExp(`^${o}=y$`, 'm').test(text),
    );
  }
  const file = join(modulesDir, 'modules.builtin');
  if (!existsSync(file)) return true;
  const builtin = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map(moduleName));
  return !['9p', '9pnet_virtio', 'virtio_pci'].every((m) => builtin.has(m));
}

/** Modules the guest init loads itself: overlayfs, unless built in. */
function preloadModules(modulesDir: string): string[] {
  const builtin = join(modulesDir, 'modules.builtin');
  if (existsSync(builtin) && /(^|\/)overlay\.ko$/m.test(readFileSync(builtin, 'utf8'))) return [];
  const dir = join(modulesDir, 'kernel', 'fs', 'overlayfs');
  return ['overlay.ko', 'overlay.ko.xz', 'overlay.ko.zst', 'overlay.ko.gz']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f))
    .slice(0, 1);
}

/** What a caller that built the kernel adds (`kernel-ci all`). */
export interface RunExtras {
  build?: RunResults['build'];
  /** The kernel's .config: tells whether 9p/virtio are built in. */
  config?: string;
}

interface LaunchOptions {
  flags: RunOptions;
  host: Host;
  hooks: RunHooks;
  kernel: KernelInput;
  outDir: string;
  work: string;
  outputBase: (t: PlanTest) => string;
  initrd?: string;
  qemu: string;
  monitorSocket: string;
  /** Under KVM: the bound on the wait for the kernel's first line. */
  firstOutputMs: number;
}

/** A VM after an earlier one that produced nothing: same console log, the time already spent. */
interface Relaunch {
  append: boolean;
  firstLineNo: number;
  preamble: string[];
  spentMs: number;
}

/** A line only the running kernel (or our init) prints: firmware and the boot stub's lines do not count. */
const PRINTK_LINE = /^\s*(?:<\d+>)?\[\s*\d+\.\d+\]|Linux version \d/;

/** The guest's init and fstabs in OUT/.kci, for this plan and accelerator. */
function writeGuestFiles(accel: AccelChoice, o: LaunchOptions, plan: Plan) {
  const { kernel: k, work } = o;
  const nonce = randomBytes(6).toString('hex');
  const busybox = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  const init = join(work, 'init.sh');
  const guest = {
    nonce,
    plan,
    shareDir: o.outDir,
    shareTag: SHARE_TAG,
    outputBase: o.outputBase,
    modules: k.modulesDir && k.release ? { dir: k.modulesDir, release: k.release } : undefined,
    tcg: accel.accel === 'tcg',
    shell: busybox ? `${busybox} sh` : '/bin/sh',
    timeout: findOnPath('timeout') ?? '/usr/bin/timeout',
    insmod: findOnPath('insmod'),
    // An initramfs loads overlayfs with the root's modules already.
    preload: k.modulesDir && !o.initrd ? preloadModules(k.modulesDir) : [],
    kciDir: work,
  };
  // .kci is in the guest's share: a link planted there by an earlier run is replaced, not followed.
  for (const [name, text] of Object.entries(guestFstabs(guest))) writeFresh(join(work, name), text);
  writeFresh(init, guestInitScript(guest), 0o755);
  return { nonce, init };
}

/** Reads the markers; says where the plan is (`[i/N]`), as a maintainer watching a long run asks. */
function progressCollector(
  plan: Plan,
  nonce: string,
  outputBase: (t: PlanTest) => string,
  host: Host,
): MarkerCollector {
  return new MarkerCollector(plan, nonce, outputBase, {
    onReady: (up) => host.info(`guest ready (kernel uptime ${up} s)`),
    onEnd: (t, a) => host.info(progressLine(plan, t, fullName(t), a)),
  });
}

/**
 * Everything one boot under one accelerator needs: the plan (its timeouts
 * scale with the accelerator), the guest's init and fstabs, the QEMU command,
 * the marker collector, the plugins, and the VM.
 */
// One boot's wiring (plan, guest files, VM, plugins) stays in one function: the
// context handed to the plugins closes over this VM and its stop state.
function launch(accel: AccelChoice, o: LaunchOptions, again?: Relaunch) {
  const { flags, host, kernel: k, outDir, outputBase } = o;
  const cpus = flags.cpus ?? defaultCpus();
  const memoryMiB = flags.memory ?? defaultMemoryMiB(cpus);
  const { plan, shard } = shardFromFlags(
    buildPlan(flags, { accel: accel.accel, cpus, cwd: process.cwd() }),
    flags,
  );
  if (shard && !again)
    host.info(`shard ${shard.index}/${shard.total}: ${plan.tests.length} test(s)`);
  const { nonce, init } = writeGuestFiles(accel, o, plan);
  const config: VmConfig = {
    qemu: o.qemu,
    kernel: k.kernel,
    initrd: o.initrd,
    accel: accel.accel,
    cpus,
    memoryMiB,
    init,
    shareDir: outDir,
    monitorSocket: o.monitorSocket,
    extraCmdline: flags.cmdline,
    extraArgs: flags['qemu-arg'],
  };
  const collector = progressCollector(plan, nonce, outputBase, host);
  const vm = new Vm({
    argv: [o.qemu, ...qemuArgs(config)],
    consoleLog: join(outDir, 'console.log'),
    monitorSocket: config.monitorSocket,
    isReady: (line) => collector.ready || (line.includes(nonce) && line.includes(' ready ')),
    isAlive: (line) => PRINTK_LINE.test(line) || line.includes(nonce),
    firstOutputTimeoutMs: accel.accel === 'kvm' ? o.firstOutputMs : undefined,
    bootTimeoutMs: flags['boot-timeout'] * 1000,
    runTimeoutMs: Math.max(1000, flags.timeout * 1000 - (again?.spentMs ?? 0)),
    inactivityTimeoutMs: flags['inactivity-timeout'] * 1000,
    bootRetries: flags['boot-retries'],
    // console.log always; the terminal only with --console (report.ts streamConsole).
    onChunk: streamConsole(flags, host) ? (lines) => host.untrusted(lines) : undefined,
    append: again?.append,
    firstLineNo: again?.firstLineNo,
    preamble: again?.preamble,
  });
  vm.addListener(collector);

  const state: {
    requested?: { kind: 'crash' | 'cancelled'; message: string };
    bootCrash?: string;
  } = {};
  const ctx: RunContext = {
    flags,
    host,
    outDir,
    plan,
    accel,
    currentTest: () => collector.current,
    stopVm: (kind, message) => {
      // A crash before the guest is ready is a boot failure: the kernel
      // (panic=-1) exits by itself, or the boot timeout ends it, and the
      // boot is retried.
      if (kind === 'crash' && !collector.ready) {
        state.bootCrash ??= message;
        return;
      }
      state.requested ??= { kind, message };
      vm.stop(message);
    },
  };
  const plugins = o.hooks.plugins(ctx);
  for (const p of plugins) if (p.listener) vm.addListener(p.listener);
  return {
    plan,
    shard,
    config,
    collector,
    vm,
    ctx,
    plugins,
    get requested() {
      return state.requested;
    },
    get bootCrash() {
      return state.bootCrash;
    },
  };
}

/**
 * SIGINT/SIGTERM from the first step to the last write cancel the run
 * instead of killing Node: the probe finishes (it is bounded), the VM is
 * stopped, decoding is aborted, and results.json says cancelled with every
 * test that finished.
 */
class Cancellation {
  private readonly controller = new AbortController();
  /** Set while a VM may run. */
  stopVm: ((message: string) => void) | undefined;
  reason: string | undefined;
  readonly signal = this.controller.signal;

  constructor(private readonly host: Host) {}

  readonly onSignal = (sig: NodeJS.Signals): void => {
    if (this.reason === undefined) {
      this.reason = `cancelled by ${sig}`;
      this.host.warn(`${sig}: cancelling the run (results so far are kept)`);
      this.controller.abort(new Error(this.reason));
    }
    this.stopVm?.(this.reason);
  };
}

/** What run() would have said of a VM the cancel kept from starting. */
const notStarted = (reason: string): VmResult => ({
  end: 'stopped',
  message: `stopped: ${reason}`,
  stopReason: reason,
  boots: 0,
  bootSeconds: null,
  exitCode: null,
  signal: null,
  lines: 0,
  tail: [],
  stderr: [],
});

/** `hooks` defaults to the integrated ones (run-hooks.ts), what the CLI and the actions use. */
export async function runCommand(
  flags: RunOptions,
  host: Host,
  hooks: RunHooks = integratedRunHooks(flags),
  extras: RunExtras = {},
): Promise<number> {
  const cancel = new Cancellation(host);
  process.on('SIGINT', cancel.onSignal);
  process.on('SIGTERM', cancel.onSignal);
  try {
    return await runCancellable(flags, host, hooks, extras, cancel);
  } finally {
    process.off('SIGINT', cancel.onSignal);
    process.off('SIGTERM', cancel.onSignal);
  }
}

async function runCancellable(
  flags: RunOptions,
  host: Host,
  hooks: RunHooks,
  extras: RunExtras,
  cancel: Cancellation,
): Promise<number> {
  const startedAt = new Date();
  const inputs = await checkInputs(flags);
  const mode: AccelMode = flags.accel;
  const picked = await pickAccel(mode, inputs.qemu, host, cancel);
  const outputBase = clearOutputs(inputs.outDir);
  const initrd = initramfsFor(inputs.kernel, extras, host);
  const booted = await boot(
    {
      flags,
      host,
      hooks,
      kernel: inputs.kernel,
      outDir: inputs.outDir,
      work: inputs.work,
      outputBase,
      initrd,
      qemu: inputs.qemu,
      monitorSocket: '',
      firstOutputMs: flags['first-output-timeout'] * 1000,
    },
    { mode, ...picked, startedAt },
    cancel,
  );
  let run = await collectResults(booted, flags, hooks, inputs, extras, startedAt);
  // Written now and again below: decoding can take minutes, and what the VM
  // did must survive even a SIGKILL meanwhile.
  writeResults(inputs.outDir, run);
  if (hooks.finalize)
    run = settle(await hooks.finalize(run, { ...booted.l.ctx, signal: cancel.signal }), booted);
  if (cancel.reason !== undefined && !run.abort) {
    // The VM was done; the cancel came while the results were being finished.
    run = settle({ ...run, abort: { kind: 'cancelled', message: cancel.reason } }, booted);
    host.warn(`cancelled: ${cancel.reason}`);
  }
  writeResults(inputs.outDir, run);
  await hooks.report(run, booted.l.ctx);
  return exitCodeFor(run.verdict);
}

interface CheckedInputs {
  qemu: string;
  kernel: KernelInput;
  outDir: string;
  /** OUT/.kci: the init, fstabs and markers copy. */
  work: string;
}

/** Everything that can be wrong with the inputs fails here, before QEMU starts. */
async function checkInputs(flags: RunOptions): Promise<CheckedInputs> {
  const qemu = findOnPath(QEMU_BINARY);
  if (!qemu)
    throw new UsageError(
      `${QEMU_BINARY} not found on PATH: install qemu-system-x86 (scripts/setup-host.sh)`,
    );
  const kernel = await resolveKernel(flags);
  const outDir = resolve(flags.out);
  // Before the probe: --out naming a file is the user's error, said at once.
  try {
    safeDirSync(outDir);
    // An earlier run's outputs (or what its guest left there) are not this run's.
    rmSync(join(outDir, 'tests'), { recursive: true, force: true });
    safeDirSync(outDir, 'tests');
    return { qemu, kernel, outDir, work: safeDirSync(outDir, '.kci') };
  } catch (err) {
    throw pathError('--out', outDir, err);
  }
}

/** The probe's choice, or the reason there was none; a host that hung KVM before is remembered. */
async function pickAccel(
  mode: AccelMode,
  qemu: string,
  host: Host,
  cancel: Cancellation,
): Promise<{ accel: AccelChoice; memo: string }> {
  const t0 = Date.now();
  const kvmDev = process.env.KERNEL_CI_KVM_DEVICE ?? '/dev/kvm';
  const memo = kvmHangMemo(kvmDev, qemu, kernelCacheRoot());
  const accel = cancel.reason
    ? { accel: 'tcg' as const, reason: `not chosen: ${cancel.reason}` }
    : await chooseAccel(mode, { qemu, dev: kvmDev, memo: mode === 'auto' ? memo : undefined });
  if (mode === 'kvm' && accel.accel !== 'kvm' && cancel.reason === undefined)
    throw new UsageError(
      `--accel kvm: KVM is not usable: ${accel.reason.replace(/; using TCG$/, '')}`,
    );
  host.info(`accel: ${accel.accel} (${accel.reason}) [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  return { accel, memo };
}

/** Removes the last run's results; returns where each test's output goes. */
function clearOutputs(outDir: string): (t: PlanTest) => string {
  for (const f of ['results.json', 'console.log', join('.kci', MARKERS_FILE)])
    rmSync(join(outDir, f), { force: true });
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return (t) => join(outDir, 'tests', `${t.id}-${safe(t.suite)}-${safe(t.name)}`);
}

/** An initramfs only when the kernel cannot mount the 9p root by itself. */
function initramfsFor(k: KernelInput, extras: RunExtras, host: Host): string | undefined {
  if (!k.modulesDir || !needsInitramfs(k.modulesDir, extras.config)) return undefined;
  const info = cachedInitramfs(k.modulesDir, join(kernelCacheRoot(), 'initramfs'), {
    tag: ROOT_TAG,
    options: ROOT_9P_OPTIONS,
  });
  host.info(`initramfs${info.cached ? ' (cached)' : ''}: busybox + ${info.modules.join(', ')}`);
  return info.path;
}

type Launched = ReturnType<typeof launch>;

interface Booted {
  l: Launched;
  vmResult: VmResult;
  accel: AccelChoice;
}

/**
 * Boots once; under `--accel auto`, a KVM that prints nothing within the
 * first-output deadline is given up for TCG at once, in the same console log.
 */
async function boot(
  o: LaunchOptions,
  a: { mode: AccelMode; accel: AccelChoice; memo: string; startedAt: Date },
  cancel: Cancellation,
): Promise<Booted> {
  const sockDir = mkdtempSync(join(tmpdir(), 'kci-mon-'));
  const launchOptions: LaunchOptions = { ...o, monitorSocket: join(sockDir, 'm') };
  let accel = a.accel;
  let l = launch(accel, launchOptions);
  let vmResult: VmResult;
  cancel.stopVm = (message) => l.ctx.stopVm('cancelled', message);
  // A VM.run() after stop() would still boot: a cancel before the start skips it.
  const runVm = (title: string) => {
    if (cancel.reason === undefined) return o.host.group(title, () => l.vm.run());
    l.ctx.stopVm('cancelled', cancel.reason);
    return Promise.resolve(notStarted(cancel.reason));
  };
  const k = o.kernel;
  const say = (what: string) =>
    o.host.info(
      `booting ${k.kernel}${k.release ? ` (${k.release})` : ''} under ${what}: ${l.config.cpus} CPU(s), ${l.config.memoryMiB} MiB, ${l.plan.tests.length} test(s)`,
    );
  try {
    say(accel.accel.toUpperCase());
    const kvmStart = Date.now();
    vmResult = await runVm('QEMU console');
    // A /dev/kvm can run firmware (the probe passed) and still hang every
    // Linux guest: the real boot is the proof. Nothing from the kernel in
    // seconds under KVM → TCG now, not after the boot timeout and retries.
    if (vmResult.end === 'no-output' && a.mode === 'auto' && l.requested === undefined) {
      const why = `no kernel output in ${o.firstOutputMs / 1000} s under KVM`;
      const lost = ((Date.now() - kvmStart) / 1000).toFixed(1);
      accel = {
        accel: 'tcg',
        reason: `kvm → tcg: ${why} (${lost} s lost; before: ${accel.reason})`,
      };
      o.host.warn(`${why}: KVM cannot run this guest here; booting again under TCG`);
      rememberKvmHang(a.memo, accel.reason);
      l = launch(accel, launchOptions, {
        append: true,
        firstLineNo: vmResult.lines,
        preamble: [`==== kernel-ci: ${why}: booting again under TCG ====`],
        spentMs: Date.now() - a.startedAt.getTime(),
      });
      say('TCG');
      vmResult = await runVm('QEMU console (TCG)');
    }
  } finally {
    cancel.stopVm = undefined;
    rmSync(sockDir, { recursive: true, force: true });
  }
  return { l, vmResult, accel };
}

/** The run's results from what the VM left: tests, their ends, findings, the VM's facts. */
async function collectResults(
  { l, vmResult, accel }: Booted,
  flags: RunOptions,
  hooks: RunHooks,
  inputs: CheckedInputs,
  extras: RunExtras,
  startedAt: Date,
): Promise<RunResults> {
  const { plan, collector, ctx, plugins, config } = l;
  const copy = join(inputs.work, MARKERS_FILE);
  if (existsSync(copy)) {
    // Written by the guest: a link or a FIFO there must not hang or flood the host.
    const n = collector.recover(readGuestFile(copy, 16 << 20));
    if (n) ctx.host.warn(`${n} marker(s) garbled on the console were recovered from ${copy}`);
  }
  const { abort, cut } = classifyEnd(vmResult, l.requested, l.bootCrash, collector.done);
  const results = new Map<number, TestResult>();
  for (const o of collector.outcomes())
    results.set(o.test.id, await hooks.assembleTest(o, ctx, cut));
  const suites = groupSuites(plan, results);
  const run: RunResults = {
    schema: SCHEMA_ID,
    verdict: 'success',
    conclusion: '',
    name: flags.name ?? suites[0]?.name ?? 'boot',
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    vm: {
      accel: accel.accel,
      accelReason: accel.reason,
      bootSeconds: vmResult.bootSeconds,
      cpus: config.cpus,
      memoryMiB: config.memoryMiB,
      kernelRelease: inputs.kernel.release,
      cmdline: kernelCmdline(config),
      boots: vmResult.boots,
    },
    counts: emptyCounts(),
    suites,
    findings: plugins.flatMap((p) => p.findings?.() ?? []),
    files: { console: 'console.log' },
  };
  if (extras.build) run.build = extras.build;
  if (abort) {
    run.abort = abort;
    run.consoleTail = vmResult.tail;
    ctx.host.warn(`${abort.kind}: ${abort.message}`);
  }
  return settle(run, { l });
}

/**
 * The one place a run's verdict, counts and conclusion are made (the shared
 * rules, docs/verdict.md), each time the results change.
 */
function settle(run: RunResults, { l }: Pick<Booted, 'l'>): RunResults {
  const done = finalizeRun(run);
  if (l.shard) done.shard = { index: l.shard.index, total: l.shard.total };
  return done;
}

// The guest could have planted a symlink there: never write through it.
const writeResults = (outDir: string, run: RunResults): void =>
  writeFresh(join(outDir, 'results.json'), JSON.stringify(run, null, 2) + '\n');
