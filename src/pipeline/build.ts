// `kernel-ci build` and the build action: source → config that provably
// sticks → bzImage/vmlinux/modules/headers/selftests, through ccache that
// the Actions cache carries between runs.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { BuildFlagOptions } from '../cli/specs.js';
import type { UnbuildableTest } from '../core/bpf-skeletons.js';
import { BuildProgress, formatElapsed } from '../core/kbuild/build-progress.js';
import {
  DiagnosticCollector,
  describeCounts,
  type DiagnosticCounts,
} from '../core/kbuild/compiler-diagnostics.js';
import { describeMismatch, type ConfigMismatch } from '../core/kbuild/kconfig-check.js';
import { debianSource, type SourceVersion } from '../system/debian-source.js';
import {
  ccacheEnv,
  checkSize,
  defaultCcacheDir,
  previousObjectCount,
  readStats,
  recordObjectCount,
  trim,
  type CcacheSetup,
  type CcacheStats,
} from '../system/kbuild/ccache.js';
import { BASES, configure, flagRequests, readFragments } from '../system/kbuild/configure.js';
import { presetRequests } from '../system/kbuild/presets.js';
import { checkBpfToolchain, type BpfToolchain } from '../system/kbuild/bpf-selftests.js';
import { bpfSelftestsStep } from './bpf-build.js';
import { openLog, runLogged, type MakeResult } from '../system/kbuild/make.js';
import {
  checkKernelTree,
  checkToolchain,
  checkTreeIsClean,
  compilerVersion,
} from '../system/kbuild/prerequisites.js';
import { bundleCompression, writeKernelBundle } from '../system/kernel-bundle.js';
import type { Host } from './host.js';
import { pathError } from './report.js';

export interface BuildOptions {
  /** Kernel tree; undefined = Debian's linux-source-<defaultSource>. */
  source?: string;
  defaultSource?: SourceVersion;
  out: string;
  arch?: string;
  base?: string;
  presets?: string[];
  fragments?: string[];
  enable?: string[];
  disable?: string[];
  /** KEY=VALUE make variables, e.g. LLVM=1. */
  makeArgs?: string[];
  strictConfig?: boolean;
  /** make headers_install even when no selftests are built. */
  headers?: boolean;
  /** false = no ccache at all. */
  ccache?: boolean;
  ccacheDir?: string;
  ccacheMaxSize?: string;
  jobs?: number;
}

export interface BuildResult {
  source: string;
  out: string;
  /** The O= dir. */
  objDir: string;
  bzImage: string;
  vmlinux: string;
  config: string;
  /** lib/modules/<release>, when the config has modules. */
  modulesDir?: string;
  /** O=/usr/include, when headers_install ran (--headers or selftests). */
  headersDir?: string;
  /** INSTALL_PATH of the kselftest targets, when any was requested. */
  selftestsDir?: string;
  /** OUT/bpf: test_progs built for this kernel (preset bpf), run from there. */
  bpfDir?: string;
  /** BPF selftests of the tree that cannot build, left out of test_progs (and why). */
  bpfLeftOut?: UnbuildableTest[];
  kselftestTargets: string[];
  release: string;
  configHash: string;
  mismatches: ConfigMismatch[];
  diagnostics: DiagnosticCounts;
  objects: number;
  seconds: number;
  /** Seconds per step (cache restore, configure, make, …): where a build's time went. */
  phases: Record<string, number>;
  ccache?: CcacheStats & { dir: string; restoredFrom?: string };
  log: string;
  /** 0 built; 64 strict-config refused (nothing compiled). */
  exitCode: 0 | 64;
}

export class BuildFailed extends Error {
  override name = 'BuildFailed';
  constructor(
    message: string,
    readonly log: string,
    readonly tail: string[],
  ) {
    super(message);
  }
}

const ANNOTATION_LIMIT = 10;

/** Checks everything that needs no machine work: fails in milliseconds. */
export function validateOptions(o: BuildOptions): void {
  const arch = o.arch ?? 'x86_64';
  if (arch !== 'x86_64' && arch !== 'x86')
    throw new UsageError(`--arch ${arch}: only x86_64 is supported for now`);
  for (const a of o.makeArgs ?? [])
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(a))
      throw new UsageError(`--make-arg: expected VAR=VALUE (e.g. LLVM=1), got '${a}'`);
  if (o.ccacheMaxSize) checkSize(o.ccacheMaxSize);
}

/**
 * configure → make → modules_install → selftests → BPF selftests, with
 * ccache restored before and saved after through the host's cache. Each
 * phase below is one step of that list; the build's state travels in a
 * BuildRun.
 */
export async function buildKernel(o: BuildOptions, host: Host): Promise<BuildResult> {
  const b = await prepareBuild(o, host);
  try {
    const cache = await restoreCcache(b);
    const conf = await configureKernel(b);
    const result = newResult(b, conf);
    if (o.strictConfig && conf.mismatches.length) {
      result.exitCode = 64;
      return finish(b, result);
    }
    const diags = await makeKernel(b, conf, result);
    if (conf.modules) await installModules(b, result);
    if (conf.kselftestTargets.length) await buildSelftests(b, conf.kselftestTargets, result, diags);
    if (b.bpf) await buildBpf(b, result);
    if (b.cc) await saveCcache(b, cache, result);
    copyFileSync(conf.config, join(b.out, 'config'));
    return finish(b, result);
  } finally {
    await new Promise<void>((r) => b.log.end(r));
  }
}

/** One build in progress: what every phase needs. */
interface BuildRun {
  o: BuildOptions;
  host: Host;
  source: string;
  version: string;
  llvm: boolean;
  bpf?: BpfToolchain;
  out: string;
  objDir: string;
  logPath: string;
  log: WriteStream;
  ccacheDir: string;
  cc?: CcacheSetup;
  env: NodeJS.ProcessEnv;
  makeVars: string[];
  jobs: number;
  started: number;
  phases: Record<string, number>;
  /** Ends the phase that started at the last lap. */
  lap(name: string): void;
  make(targets: string[], extra?: string[], onLine?: (l: string) => void): Promise<MakeResult>;
}

/** Every name, file and tool checked before the first (slow) make call. */
async function checkBuildInputs(o: BuildOptions, host: Host) {
  validateOptions(o);
  const makeArgs = o.makeArgs ?? [];
  const llvm = makeArgs.some((a) => /^LLVM=(1|.*\/)$/.test(a) || a === 'LLVM=1');
  const userCC = makeArgs.some((a) => a.startsWith('CC='));
  const useCcache = o.ccache !== false && !userCC;
  let source: string;
  if (o.source) {
    source = resolve(o.source);
    checkKernelTree(source);
  } else {
    const ver = o.defaultSource ?? '6.12';
    const got = await debianSource(ver, (m) => host.info(m));
    source = got.dir;
    host.info(`source: Debian's linux-source-${ver} (${got.how}) at ${source}`);
  }
  const tree = checkKernelTree(source);
  checkTreeIsClean(source);
  checkToolchain({ llvm, ccache: useCcache });
  for (const p of o.presets ?? []) presetRequests(source, p);
  const bpf = (o.presets ?? []).includes('bpf') ? checkBpfToolchain(source) : undefined;
  readFragments(o.fragments ?? []);
  flagRequests(o.enable ?? [], o.disable ?? []);
  if (o.base && !BASES.includes(o.base) && !existsSync(o.base))
    throw new UsageError(`--base: expected ${BASES.join(', ')} or a config file, got '${o.base}'`);
  return { makeArgs, llvm, useCcache, source, version: tree.version, bpf };
}

/** The inputs checked; the out dir, the log and the make environment set up. */
async function prepareBuild(o: BuildOptions, host: Host): Promise<BuildRun> {
  const { makeArgs, llvm, useCcache, source, version, bpf } = await checkBuildInputs(o, host);
  const out = resolve(o.out);
  const objDir = join(out, 'obj');
  try {
    mkdirSync(objDir, { recursive: true });
  } catch (err) {
    throw pathError('--out', out, err);
  }
  const logPath = join(out, 'build.log');
  rmSync(logPath, { force: true });
  const log = openLog(logPath);
  const compiler = llvm ? 'clang' : 'gcc';
  const ccacheDir = resolve(o.ccacheDir ?? defaultCcacheDir());
  const cc = useCcache
    ? ccacheEnv(ccacheDir, o.ccacheMaxSize ?? '2G', join(out, 'ccache-stats.log'))
    : undefined;
  const env = { ...process.env, ...(cc?.env ?? {}) };
  const makeVars = [
    'ARCH=x86_64',
    // Host tools (fixdep, kconfig, objtool) too: every fresh O= rebuilds them.
    ...(useCcache ? [`CC=ccache ${compiler}`, `HOSTCC=ccache ${compiler}`] : []),
    ...makeArgs,
  ];
  const jobs = o.jobs ?? availableParallelism();
  const started = Date.now();
  const phases: Record<string, number> = {};
  let lapStart = started;
  return {
    o,
    host,
    source,
    version,
    llvm,
    bpf,
    out,
    objDir,
    logPath,
    log,
    ccacheDir,
    cc,
    env,
    makeVars,
    jobs,
    started,
    phases,
    lap(name) {
      const now = Date.now();
      phases[name] = (now - lapStart) / 1000;
      lapStart = now;
    },
    make: (targets, extra = [], onLine) =>
      runLogged('make', {
        args: ['-C', source, `O=${objDir}`, `-j${jobs}`, ...makeVars, ...extra, ...targets],
        env,
        log,
        onLine,
      }),
  };
}

/**
 * ccache through the Actions cache, restored before configure (its host
 * tools are cached too), so keyed by what was asked rather than by the
 * final .config: the same inputs first, then any config of the same
 * compiler (most objects still hit). GitHub itself falls back from this
 * branch's scope to the default branch's.
 */
async function restoreCcache(b: BuildRun): Promise<{ key: string; restoredFrom?: string }> {
  const compilerTag = createHash('sha256')
    .update(compilerVersion(b.llvm))
    .digest('hex')
    .slice(0, 8);
  const prefix = `kernel-ci-ccache-v1-x86_64-${b.llvm ? 'clang' : 'gcc'}-${compilerTag}-`;
  const inputs = inputsHash(b.o, b.version);
  const runId = process.env.GITHUB_RUN_ID
    ? `${process.env.GITHUB_RUN_ID}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`
    : String(Date.now());
  const key = `${prefix}${inputs}-${runId}`;
  if (!b.cc) return { key };
  const restoredFrom = await b.host.restoreCache([b.ccacheDir], key, [
    `${prefix}${inputs}-`,
    prefix,
  ]);
  if (restoredFrom) b.host.info(`ccache restored from ${restoredFrom}`);
  b.lap('cache restore');
  return { key, restoredFrom };
}

type Configured = Awaited<ReturnType<typeof configure>>;

/** base + presets + fragments + flags → .config; what did not stick is annotated. */
async function configureKernel(b: BuildRun): Promise<Configured> {
  const { o, host } = b;
  const conf = await host.group('configure', async () => {
    host.info(
      `linux ${b.version} at ${b.source}: base ${o.base ?? 'defconfig'}, presets [${(o.presets ?? []).join(', ')}], ${(o.fragments ?? []).length} fragment(s)`,
    );
    return configure({
      source: b.source,
      objDir: b.objDir,
      base: o.base ?? 'defconfig',
      presets: o.presets ?? [],
      fragments: o.fragments ?? [],
      enable: o.enable ?? [],
      disable: o.disable ?? [],
      makeVars: b.makeVars,
      log: b.log,
      env: b.env,
    });
  });
  b.lap('configure');
  const level = o.strictConfig ? 'error' : 'warning';
  for (const m of conf.mismatches)
    host.annotate({ level, title: `CONFIG_${m.name} did not stick`, message: describeMismatch(m) });
  host.info(
    `config ${conf.configHash}: ${conf.requests.length} requested options, ${conf.mismatches.length} did not stick`,
  );
  return conf;
}

function newResult(b: BuildRun, conf: Configured): BuildResult {
  return {
    source: b.source,
    out: b.out,
    objDir: b.objDir,
    bzImage: join(b.objDir, 'arch/x86/boot/bzImage'),
    vmlinux: join(b.objDir, 'vmlinux'),
    config: conf.config,
    kselftestTargets: conf.kselftestTargets,
    release: '',
    configHash: conf.configHash,
    mismatches: conf.mismatches,
    diagnostics: { errors: 0, warnings: 0 },
    objects: 0,
    seconds: 0,
    phases: b.phases,
    log: b.logPath,
    exitCode: 0,
  };
}

/** make bzImage (modules, headers): progress every second, compiler diagnostics annotated. */
async function makeKernel(
  b: BuildRun,
  conf: Configured,
  result: BuildResult,
): Promise<DiagnosticCollector> {
  const { host, cc } = b;
  const estimate = cc ? previousObjectCount(b.ccacheDir, conf.configHash) : undefined;
  const progress = new BuildProgress(Date.now(), estimate);
  const diags = new DiagnosticCollector({ sourceDir: b.source, buildDir: b.objDir });
  const ticker = setInterval(() => {
    const line = progress.due(Date.now());
    if (line) host.info(line);
  }, 1000);
  try {
    await host.group('build', async () => {
      // The BPF programs compile against the kernel's uapi headers too.
      const headers = b.o.headers || b.bpf !== undefined;
      const targets = makeTargets(conf.modules, conf.kselftestTargets, headers);
      if (targets.includes('headers_install')) result.headersDir = join(b.objDir, 'usr/include');
      host.info(
        `make -j${b.jobs} ${targets.join(' ')}${estimate ? ` (~${estimate} objects last time)` : ''}`,
      );
      const r = await b.make(targets, [], (l) => {
        if (!progress.feed(l)) diags.add(l);
      });
      if (r.code !== 0)
        throw new BuildFailed(
          `make ${targets.join(' ')} failed (exit ${r.code})`,
          b.logPath,
          r.tail,
        );
      host.info(progress.line(Date.now()).replace(/\(\d+%\)/, '(done)'));
    });
    b.lap('make');
  } finally {
    clearInterval(ticker);
    result.diagnostics = diags.counts;
    result.objects = progress.state.objects;
    for (const a of diags.annotations(ANNOTATION_LIMIT)) host.annotate(a);
    if (diags.diagnostics.length) host.info(describeCounts(diags.counts, ANNOTATION_LIMIT));
  }
  // The next build's progress estimate: the largest count seen for this config.
  const objects = progress.state.objects;
  if (cc && objects > 0 && (!estimate || objects > estimate))
    recordObjectCount(b.ccacheDir, conf.configHash, objects);
  result.release = readFileSync(join(b.objDir, 'include/config/kernel.release'), 'utf8').trim();
  return diags;
}

async function installModules(b: BuildRun, result: BuildResult): Promise<void> {
  const modRoot = join(b.out, 'modules');
  rmSync(modRoot, { recursive: true, force: true });
  const r = await b.make(['modules_install'], [`INSTALL_MOD_PATH=${modRoot}`]);
  if (r.code !== 0) throw new BuildFailed('make modules_install failed', b.logPath, r.tail);
  result.modulesDir = join(modRoot, 'lib/modules', result.release);
  b.lap('modules_install');
}

/** The kselftest targets, built against the fresh headers and installed (OUT/selftests). */
async function buildSelftests(
  b: BuildRun,
  targets: string[],
  result: BuildResult,
  diags: DiagnosticCollector,
): Promise<void> {
  const dir = join(b.out, 'selftests');
  rmSync(dir, { recursive: true, force: true });
  await b.host.group(`selftests: ${targets.join(' ')}`, async () => {
    const r = await runLogged('make', {
      args: [
        '-C',
        join(b.source, 'tools/testing/selftests'),
        `O=${b.objDir}`,
        `-j${b.jobs}`,
        'ARCH=x86_64',
        ...(b.llvm ? ['LLVM=1'] : []),
        `TARGETS=${targets.join(' ')}`,
        `INSTALL_PATH=${dir}`,
        'install',
      ],
      env: process.env,
      log: b.log,
      onLine: (l) => diags.add(l),
    });
    if (r.code !== 0) throw new BuildFailed('selftests build/install failed', b.logPath, r.tail);
  });
  result.selftestsDir = dir;
  b.lap('selftests');
}

async function buildBpf(b: BuildRun, result: BuildResult): Promise<void> {
  const dir = join(b.out, 'bpf');
  const { source, objDir, jobs, log } = b;
  const r = await bpfSelftestsStep({ source, objDir, dir, jobs, log, toolchain: b.bpf! }, b.host);
  if (r.failed)
    throw new BuildFailed(
      `make test_progs failed (exit ${r.failed.code})`,
      b.logPath,
      r.failed.tail,
    );
  result.bpfDir = r.dir;
  if (r.leftOut.length) result.bpfLeftOut = r.leftOut;
  b.lap('bpf selftests');
}

async function saveCcache(
  b: BuildRun,
  cache: { key: string; restoredFrom?: string },
  result: BuildResult,
): Promise<void> {
  const stats = readStats(b.cc!);
  trim(b.cc!);
  result.ccache = {
    dir: b.ccacheDir,
    ...stats,
    ...(cache.restoredFrom ? { restoredFrom: cache.restoredFrom } : {}),
  };
  await b.host.saveCache([b.ccacheDir], cache.key);
  b.lap('cache save');
}

function finish(b: BuildRun, result: BuildResult): BuildResult {
  result.seconds = (Date.now() - b.started) / 1000;
  writeBuildJson(result);
  return result;
}

/**
 * The kernel's make targets. headers_install runs a shell script per header
 * (~1000): on a 2-core runner that is a minute of a warm build, so only when
 * the selftests (which compile against them) or the user want them.
 */
export function makeTargets(modules: boolean, selftests: string[], headers = false): string[] {
  return [
    'bzImage',
    ...(modules ? ['modules'] : []),
    ...(headers || selftests.length > 0 ? ['headers_install'] : []),
  ];
}

/** What was asked, as a short hash: fragments by content, not by path. */
export function inputsHash(o: BuildOptions, version: string): string {
  const content = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : p);
  const base = o.base ?? 'defconfig';
  return createHash('sha256')
    .update(
      JSON.stringify({
        version,
        base: BASES.includes(base) ? base : content(base),
        presets: o.presets ?? [],
        fragments: (o.fragments ?? []).map(content),
        enable: o.enable ?? [],
        disable: o.disable ?? [],
        makeArgs: o.makeArgs ?? [],
      }),
    )
    .digest('hex')
    .slice(0, 16);
}

function writeBuildJson(r: BuildResult): void {
  writeFileSync(
    join(r.out, 'build.json'),
    JSON.stringify({ schema: 'kernel-ci/build@1', ...r }, null, 2) + '\n',
  );
}

/** The build flags (the CLI's or the action's) as the build pipeline's options. */
export function optionsFromFlags(f: Omit<BuildFlagOptions, 'bundle'>): BuildOptions {
  return {
    ...(f.source ? { source: f.source } : {}),
    defaultSource: f['default-source'],
    out: f.out,
    arch: f.arch,
    base: f.base,
    presets: f.preset.flatMap((p) => p.split(/[\s,]+/)).filter(Boolean),
    fragments: f.fragment,
    enable: f.enable,
    disable: f.disable,
    makeArgs: f['make-arg'],
    strictConfig: f['strict-config'],
    headers: f.headers,
    ...(f['ccache-dir'] ? { ccacheDir: f['ccache-dir'] } : {}),
    ccacheMaxSize: f['ccache-max-size'],
    ...(f.jobs !== undefined ? { jobs: f.jobs } : {}),
  };
}

/** "4m05s (configure 31s, make 3m20s)": the steps that took a second or more. */
function buildTime(r: BuildResult): string {
  const steps = Object.entries(r.phases)
    .filter(([, s]) => s >= 1)
    .map(([k, s]) => `${k} ${formatElapsed(s * 1000)}`);
  const total = formatElapsed(r.seconds * 1000);
  return steps.length ? `${total} (${steps.join(', ')})` : total;
}

export function buildSummary(r: BuildResult): string {
  const rate = r.ccache?.hitRate;
  const rows = [
    ['kernel', `${r.release || '(not built)'}`],
    ['source', `\`${r.source}\``],
    ['config', `\`${r.configHash}\`, ${r.mismatches.length} requested option(s) did not stick`],
    ['compiler', describeCounts(r.diagnostics, ANNOTATION_LIMIT)],
    ['objects compiled', String(r.objects)],
    ['build time', buildTime(r)],
    [
      'ccache',
      rate === undefined
        ? 'off'
        : `${(rate * 100).toFixed(1)}% hits (${r.ccache!.hits}/${r.ccache!.hits + r.ccache!.misses})`,
    ],
  ];
  const md = [
    '### Kernel build',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ];
  if (r.mismatches.length) {
    md.push('', '<details><summary>Options that did not stick</summary>', '');
    for (const m of r.mismatches) md.push(`- ${describeMismatch(m).replace(/\|/g, '\\|')}`);
    md.push('', '</details>');
  }
  return md.join('\n') + '\n';
}

export async function buildCommand(flags: BuildFlagOptions, host: Host): Promise<number> {
  const opts = optionsFromFlags(flags);
  let r: BuildResult;
  try {
    r = await buildKernel(opts, host);
  } catch (err) {
    if (!(err instanceof BuildFailed)) throw err;
    host.untrusted(err.tail);
    host.annotate({
      level: 'error',
      title: 'kernel build failed',
      message: `${err.message}; see ${err.log}`,
    });
    const out = resolve(opts.out);
    if (existsSync(join(out, 'build.log')))
      await host.uploadArtifact('kernel-build-log', [join(out, 'build.log')], out);
    return 2;
  }
  const out = (name: string, v: string | undefined) => host.setOutput(name, v ?? '');
  out('bzimage', r.exitCode === 0 ? r.bzImage : '');
  out('vmlinux', r.exitCode === 0 ? r.vmlinux : '');
  out('config', r.config);
  out('modules', r.modulesDir);
  out('selftests', r.selftestsDir);
  out('headers', r.headersDir);
  out('bpf', r.bpfDir);
  out('build-seconds', r.seconds.toFixed(1));
  out('ccache-hit-rate', r.ccache?.hitRate === undefined ? '' : r.ccache.hitRate.toFixed(3));
  if (r.exitCode === 0 && flags.bundle) {
    // The file another job takes as --kernel: upload-artifact keeps its bytes, the tar keeps the modes.
    const b = await host.group('kernel bundle', () =>
      writeKernelBundle(r, join(r.out, `kernel${bundleCompression().ext}`)),
    );
    host.info(
      `bundle ${b.file}: ${(b.bytes / 1048576).toFixed(1)} MiB (${b.compression}) in ${b.seconds.toFixed(1)} s`,
    );
    out('bundle', b.file);
  } else out('bundle', '');
  await host.summary(buildSummary(r));
  const files = [join(r.out, 'build.log'), join(r.out, 'build.json')];
  if (existsSync(join(r.out, 'config'))) files.push(join(r.out, 'config'));
  await host.uploadArtifact('kernel-build-log', files, r.out);
  if (r.exitCode === 0)
    host.info(
      `built ${r.release} in ${formatElapsed(r.seconds * 1000)}: ${r.bzImage}${r.ccache?.hitRate !== undefined ? `, ccache ${(r.ccache.hitRate * 100).toFixed(1)}% hits` : ''}`,
    );
  return r.exitCode;
}
