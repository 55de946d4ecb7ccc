// Every documented workflow, executed job by job the way GitHub's runner
// would (workflow-runner.ts): pr-checks (normal + debug builds, 3 shards
// each, merged report), pr-report (fork-safe, from pr-checks' artifacts),
// stable-kernels, reproduce and the README's workflow. Each must end in a
// merged summary whose counts are the sum of its runs'.
//
// One kernel stands for every build: the suite's CI kernel (builtKernel()),
// whatever config a workflow asks for. The runner checks how the jobs fit
// together (paths, artifacts, modes, outputs, merges), not which kernel they
// build; all.test.ts builds the README's kernel itself.
// - The build action runs for real: `source: .` (the checkout, a view of the
//   CI kernel's tree) becomes the tree's own path and base/presets/enables
//   the CI kernel's; its out dir is the CI kernel's build dir, linked into the
//   workspace, where make finds everything up to date (a copy would not do:
//   objtool's absolute paths make Kbuild rebuild everything in a copied O=,
//   and ccache misses across O= paths). A later build step with the same
//   inputs in the same test run is replayed: the dir linked, its outputs
//   rebased onto the new workspace.
// - The root action builds the same kernel in all.test.ts already: here it
//   gets that kernel as its `kernel` input (the CI kernel's bundle) after
//   its `source` is checked to be the checkout; its run and report are real.
// - Where a workflow names no tests, a short selection (a CI budget, see
//   SHARDED): one real MPTCP selftest per config, plain commands elsewhere.
// - README's job runs on a bare runner like GitHub's ubuntu-24.04 image (no
//   QEMU, no busybox) where this machine can make one (root, overlayfs).
// - Not served: our actions' own calls to GitHub's services (artifacts,
//   cache, REST API); they warn, as they do where those are unavailable.
// Measured on a loaded 2-core host: ~7 min for the file (pr-checks ~200 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import { EMBEDDED_BUILD } from '../../src/pipeline/all.js';
import { bareRunner, bareRunnerUnavailable } from '../helpers/bare-runner.js';
import { freshDist, repoRoot } from '../helpers/dist.js';
import { builtKernel, ciKernelSkipReason, ciKernelTests, hasQemu } from '../helpers/kernels.js';
import type { ActionRun } from '../helpers/runner.js';
import { writeKernelBundle, type BundleInput } from '../../src/system/kernel-bundle.js';
import {
  ArtifactStore,
  CacheStore,
  modes,
  WorkflowRunner,
  type Event,
  type JobRun,
  type OurStep,
  type RunnerOptions,
  type StepRun,
  type WorkflowRun,
} from '../helpers/workflow-runner.js';

const REPO = 'kernel-ci-actions/kernel-ci-actions';
const wf = (name: string) => join(repoRoot, 'docs/workflows', name);

/**
 * What a run is cut to where the workflow names no tests (a CI budget: each
 * boot is ~20 s of TCG here, an MPTCP selftest 30 s to minutes). A sharded
 * run (run action, 3 shards) gets one per shard: a real MPTCP selftest from
 * the bundle (its binaries need their exec bits) and two plain commands.
 */
const SHARDED = {
  only: ['net/mptcp/mptcp_sockopt.sh', 'uname', 'mptcp'],
  command: ['uname=uname -r', 'mptcp=cat /proc/sys/net/mptcp/enabled'],
};
/** A whole-job run (root action): two plain commands (reproduce.yml is dispatched with a real selftest). */
const SINGLE = { only: ['uname', 'mptcp'], command: SHARDED.command };
const REPRODUCE_ONLY = 'net/mptcp/mptcp_sockopt.sh';

/** The CI kernel's build.json. */
type CiBuild = BundleInput & { out: string };

/** actions/checkout of the kernel tree: the workspace shows the CI kernel's tree. */
function checkoutKernelTree(ws: string, tree: string): void {
  for (const e of readdirSync(tree)) symlinkSync(join(tree, e), join(ws, e));
}

const linkInto = (outDir: string, target: string) => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  symlinkSync(target, outDir);
};

const buildOut = (s: OurStep) => resolve(s.workspace, s.inputs.out || 'out/build');

export function mapToCiKernel(s: OurStep, ci: CiBuild, ciBundle: string): Record<string, string> {
  const i = { ...s.inputs };
  const root = s.action === REPO;
  const build = s.action === `${REPO}/actions/build`;
  const run = s.action === `${REPO}/actions/run`;
  if (build || (root && !i.kernel && i.prebuilt !== 'true')) {
    if (i.source && resolve(s.workspace, i.source) !== s.workspace)
      throw new Error(`source '${i.source}' is not the checkout: not mapped`);
    if (build) {
      i.source = ci.source;
      i.base = 'tinyconfig';
      i.preset = EMBEDDED_BUILD.presets.join('\n');
      i.enable = EMBEDDED_BUILD.enable.join('\n');
    } else {
      i.source = '';
      i.kernel = ciBundle;
    }
  }
  if ((run || root) && !(i.only ?? '').trim()) {
    const cut = run ? SHARDED : SINGLE;
    i.only = cut.only.join('\n');
    i.command = [...(i.command ?? '').split('\n').filter(Boolean), ...cut.command].join('\n');
  }
  return i;
}

/**
 * Build steps: the first runs in the CI kernel's own build dir (warm at its
 * path), linked into the workspace; identical later ones are replayed. That
 * dir's build.json is put back as it was at once: the build rewrote it with
 * the workspace's paths, and builtKernel() reads it.
 */
function buildReplay(ci: CiBuild): NonNullable<RunnerOptions['replay']> {
  const done = new Map<string, { ws: string; run: ActionRun }>();
  const key = (s: OurStep) => JSON.stringify({ ...s.inputs, out: s.inputs.out ?? '' });
  const buildJson = join(ci.out, 'build.json');
  const original = readFileSync(buildJson, 'utf8');
  return {
    get(s) {
      if (s.action !== `${REPO}/actions/build`) return undefined;
      linkInto(buildOut(s), ci.out);
      const prev = done.get(key(s));
      if (!prev) return undefined;
      return JSON.parse(JSON.stringify(prev.run).split(prev.ws).join(s.workspace)) as ActionRun;
    },
    put(s, r) {
      if (s.action !== `${REPO}/actions/build`) return;
      writeFileSync(buildJson, original);
      if (r.exitCode === 0) done.set(key(s), { ws: s.workspace, run: r });
    },
  };
}

const ourSteps = (run: WorkflowRun, action: string): [JobRun, StepRun][] =>
  run.jobs.flatMap((j) =>
    j.steps.filter((s) => s.uses?.split('@')[0] === action).map((s) => [j, s] as [JobRun, StepRun]),
  );

/**
 * Warnings about the emulated runner or this host, not the workflow: our
 * actions' own calls to GitHub's services (artifacts, cache, the REST API
 * for the PR comment and check run), which the emulation does not offer,
 * this host's KVM that cannot run a guest (the boot falls back to TCG), and
 * a subtest that passed on retry.
 */
const HOST_NOTES = [
  /^artifact '.*' not uploaded/,
  /^cache not (restored|saved)/,
  /^(pull-request comment|check run) not posted: .*(api\.github\.com|fetch failed)/,
  /^no kernel output in \d+ s under KVM: KVM cannot run this guest here/,
  // A real selftest on a loaded TCG host can fail once and pass on the
  // workflow's retry: reported flaky, as designed, not a workflow defect
  // (the verdicts and counts are still checked).
  /^flaky( \d+ %)?: .*: failed in an earlier attempt, passed on retry$/,
];

/** Warnings that mean something is wrong: not our actions' own artifact/cache service calls, which the emulated runner does not offer. */
const realWarnings = (run: WorkflowRun): string[] =>
  run.jobs.flatMap((j) =>
    j.steps.flatMap((s) =>
      s.warnings
        .filter((w) => !HOST_NOTES.some((re) => re.test(w)))
        .map((w) => `${j.name} / ${s.name}: ${w}`),
    ),
  );

const failures = (run: WorkflowRun): string[] =>
  run.jobs.flatMap((j) =>
    j.steps
      .filter((s) => s.outcome === 'failure')
      .map(
        (s) =>
          `${j.name} / ${s.name}: exit ${s.exitCode ?? '-'} ${s.errors.join('; ')} ${s.log.slice(-1500)}`,
      ),
  );

function sumCounts(results: RunResults[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.counts)) sum[k] = (sum[k] ?? 0) + (v as number);
  return sum;
}

/** The results.json files the run's artifacts named results-* hold. */
function artifactResults(store: ArtifactStore, run: WorkflowRun): RunResults[] {
  return store
    .list(run.runId)
    .filter((n) => n.startsWith('results-') && n !== 'results-event')
    .map((n) => JSON.parse(readFileSync(join(store.dir(run.runId, n), 'results.json'), 'utf8')));
}

const PR_EVENT: Event = {
  name: 'pull_request',
  ref: 'refs/pull/7/merge',
  sha: 'a'.repeat(40),
  payload: {
    action: 'synchronize',
    number: 7,
    pull_request: { number: 7, head: { sha: 'b'.repeat(40) }, base: { ref: 'main' } },
  },
};

describe.skipIf(!hasQemu())('documented workflows, executed', () => {
  if (!ciKernelTests) it.skip(ciKernelSkipReason, () => undefined);
  else {
    let ci: CiBuild;
    let root: string;
    let artifacts: ArtifactStore;
    let runner: WorkflowRunner;
    let ciBundle: string;
    const log = (m: string) => process.stderr.write(`[workflows] ${m}\n`);

    beforeAll(async () => {
      const k = await builtKernel();
      ci = JSON.parse(readFileSync(k.buildJson, 'utf8')) as CiBuild;
      root = mkdtempSync(join(tmpdir(), 'kci-workflows-'));
      ciBundle = join(root, 'ci-kernel', 'kernel.tar.zst');
      await writeKernelBundle(ci as unknown as Parameters<typeof writeKernelBundle>[0], ciBundle);
      artifacts = new ArtifactStore(join(root, 'artifacts'));
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/root',
      };
      if (process.env.KERNEL_CI_CACHE) env.KERNEL_CI_CACHE = process.env.KERNEL_CI_CACHE;
      runner = new WorkflowRunner({
        root,
        artifacts,
        cache: new CacheStore(join(root, 'cache')),
        ours: { repo: REPO, dir: repoRoot, dist: freshDist() },
        checkout: (ws) => checkoutKernelTree(ws, ci.source),
        mapOurStep: (s) => mapToCiKernel(s, ci, ciBundle),
        replay: buildReplay(ci),
        parallel: (job) => (job === 'test' || job === 'stable' ? 2 : 1),
        env,
        log,
      });
    }, 3_600_000);

    // Workspaces and artifacts: ~2 GB (the old pr-checks uploads its whole out dir).
    afterAll(() => {
      if (root && !process.env.KCI_KEEP_WORKFLOW_RUNS)
        rmSync(root, { recursive: true, force: true });
    });

    let prChecks: WorkflowRun;

    it('pr-checks.yml: normal and debug built once each, 3 shards each booted from the bundle artifact, one merged report', async () => {
      prChecks = await runner.run(wf('pr-checks.yml'), PR_EVENT);
      log(`pr-checks: ${(prChecks.ms / 1000).toFixed(0)} s`);
      expect(failures(prChecks)).toEqual([]);
      expect(prChecks.results).toEqual({ build: 'success', test: 'success', report: 'success' });
      expect(realWarnings(prChecks)).toEqual([]);
      // The build's natural output travels as one file; the run takes it as is.
      for (const config of ['normal', 'debug'])
        expect(artifacts.files(prChecks.runId, `kernel-${config}`)).toEqual(['kernel.tar.zst']);
      const tests = prChecks.jobs.filter((j) => j.id === 'test');
      expect(tests).toHaveLength(6);
      for (const j of tests) {
        // What download-artifact left: the bundle, mode 0644 like every file of an artifact.
        expect(modes(join(j.workspace, 'kernel'))).toEqual({ 'kernel.tar.zst': '644' });
        const res = JSON.parse(
          readFileSync(join(j.workspace, 'out/run/results.json'), 'utf8'),
        ) as RunResults;
        expect(res.verdict, j.name).toBe('success');
        expect(res.vm?.kernelRelease).toBe(ci.release);
        expect(res.counts.pass, j.name).toBeGreaterThan(0);
      }
      // The merged summary: its counts are the six shards' sum.
      const shards = artifactResults(artifacts, prChecks);
      expect(shards.map((r) => `${r.name} ${r.shard?.index}/${r.shard?.total}`).sort()).toEqual([
        'mptcp-debug 1/3',
        'mptcp-debug 2/3',
        'mptcp-debug 3/3',
        'mptcp-normal 1/3',
        'mptcp-normal 2/3',
        'mptcp-normal 3/3',
      ]);
      const [, report] = ourSteps(prChecks, `${REPO}/actions/report`)[0]!;
      expect(JSON.parse(report.outputs.counts!)).toEqual(sumCounts(shards));
      expect(report.outputs.verdict).toBe('success');
      expect(report.summary).toContain(String(sumCounts(shards).pass));
      expect(artifacts.files(prChecks.runId, 'junit')).toEqual(['junit.xml']);
      expect(artifacts.files(prChecks.runId, 'results-event')).toEqual(['event.json']);
    }, 3_600_000);

    it("pr-report.yml: the fork-safe report reads pr-checks' artifacts and publishes the merged result", async () => {
      expect(prChecks, 'needs the pr-checks run').toBeDefined();
      const run = await runner.run(wf('pr-report.yml'), {
        name: 'workflow_run',
        payload: {
          action: 'completed',
          workflow_run: {
            id: prChecks.runId,
            event: 'pull_request',
            head_sha: 'b'.repeat(40),
            conclusion: 'success',
            name: 'kernel-ci',
          },
        },
      });
      expect(failures(run)).toEqual([]);
      expect(realWarnings(run)).toEqual([]);
      const [, report] = ourSteps(run, `${REPO}/actions/report`)[0]!;
      expect(JSON.parse(report.outputs.counts!)).toEqual(
        sumCounts(artifactResults(artifacts, prChecks)),
      );
    }, 600_000);

    it('a shard whose results never arrived: the report names it and does not succeed', async () => {
      expect(prChecks, 'needs the pr-checks run').toBeDefined();
      // A copy of pr-checks' artifacts without shard 2 of the debug config.
      const lost = new ArtifactStore(join(root, 'artifacts-lost'));
      const copy = (name: string) =>
        spawnSync('cp', [
          '-a',
          artifacts.dir(prChecks.runId, name),
          lost.dir(prChecks.runId, name),
        ]);
      mkdirSync(join(lost.root, String(prChecks.runId)), { recursive: true });
      for (const n of artifacts.list(prChecks.runId)) if (n !== 'results-debug-2') copy(n);
      const r = new WorkflowRunner({ ...runner.o, artifacts: lost });
      const run = await r.run(wf('pr-report.yml'), {
        name: 'workflow_run',
        payload: {
          workflow_run: { id: prChecks.runId, event: 'pull_request', head_sha: 'b'.repeat(40) },
        },
      });
      const [job, report] = ourSteps(run, `${REPO}/actions/report`)[0]!;
      expect(report.outputs.verdict).not.toBe('success');
      expect(report.outcome).toBe('failure');
      expect(job.result).toBe('failure');
      expect(report.outputs.conclusion).toMatch(/missing.*mptcp-debug shard 2\/3/);
      // Markdown-escaped in the summary.
      expect(report.summary.replace(/\\/g, '')).toMatch(/missing\W+mptcp-debug shard 2\/3/);
    }, 600_000);

    /** A whole-job workflow (root action): its summary's counts are its run's. */
    const expectWholeJob = (run: WorkflowRun) => {
      expect(failures(run)).toEqual([]);
      expect(realWarnings(run)).toEqual([]);
      const steps = ourSteps(run, REPO);
      expect(steps.length).toBeGreaterThan(0);
      for (const [job, step] of steps) {
        const res = JSON.parse(
          readFileSync(join(job.workspace, 'out/run/results.json'), 'utf8'),
        ) as RunResults;
        expect(res.verdict, job.name).toBe('success');
        expect(res.counts.pass, job.name).toBeGreaterThan(0);
        expect(JSON.parse(step.outputs.counts!)).toEqual(res.counts);
        // The verdict once, in the title (the conclusion's words are not repeated).
        expect(step.summary.replace(/\\/g, '')).toContain(`✅ Success — ${res.name}`);
      }
      return steps;
    };

    it('stable-kernels.yml: the four whole jobs, then one merged report', async () => {
      const run = await runner.run(wf('stable-kernels.yml'), {
        name: 'schedule',
        payload: { schedule: '17 3 * * *' },
      });
      log(`stable-kernels: ${(run.ms / 1000).toFixed(0)} s`);
      expect(run.results).toEqual({ stable: 'success', report: 'success' });
      expect(expectWholeJob(run)).toHaveLength(4);
      const shards = artifactResults(artifacts, run);
      expect(shards.map((r) => r.name).sort()).toEqual([
        'stable-6.1-debug',
        'stable-6.1-normal',
        'stable-6.12-debug',
        'stable-6.12-normal',
      ]);
      const [, report] = ourSteps(run, `${REPO}/actions/report`)[0]!;
      expect(JSON.parse(report.outputs.counts!)).toEqual(sumCounts(shards));
      expect(report.outputs.verdict).toBe('success');
    }, 3_600_000);

    it("new-selftests-old-kernel.yml: the build action's 6.12 selftests run on Debian's prebuilt 6.1, both versions in the uploaded results", async () => {
      // One real selftest of the new tree on the old kernel (mptcp_sockopt.sh:
      // ~3 min of TCG on Debian's generic 6.1), and a plain command.
      const r = new WorkflowRunner({
        ...runner.o,
        mapOurStep: (s) => {
          const i = mapToCiKernel(s, ci, ciBundle);
          if (s.action === REPO) {
            i.only = [REPRODUCE_ONLY, 'uname'].join('\n');
            i.command = 'uname=uname -r';
          }
          return i;
        },
      });
      const run = await r.run(wf('new-selftests-old-kernel.yml'), {
        name: 'workflow_dispatch',
        payload: { inputs: {} },
      });
      log(`new-selftests-old-kernel: ${(run.ms / 1000).toFixed(0)} s`);
      expect(failures(run)).toEqual([]);
      expect(realWarnings(run)).toEqual([]);
      expect(run.results).toEqual({ 'selftests-6-12-on-6-1': 'success' });
      const [[, step]] = ourSteps(run, REPO) as [[JobRun, StepRun]];
      expect(step.inputs?.prebuilt).toBe('true');
      // What the workflow uploads is the cross-tree run's results.json.
      const res = JSON.parse(
        readFileSync(
          join(artifacts.dir(run.runId, 'selftests-6.12-on-6.1'), 'results.json'),
          'utf8',
        ),
      ) as RunResults;
      expect(res.verdict).toBe('success');
      expect(res.vm?.kernelRelease).toMatch(/^6\.1\./);
      expect(res.selftests?.map((t) => t.version)).toEqual([expect.stringMatching(/^6\.12\./)]);
      const sockopt = res.suites.flatMap((x) => x.tests).find((t) => t.name === 'mptcp_sockopt.sh');
      expect(sockopt?.status).toBe('pass');
      expect(sockopt?.subtests.length).toBeGreaterThan(0);
    }, 1_800_000);

    it('reproduce.yml: dispatched with a test glob, the whole job on the checked-out tree', async () => {
      const run = await runner.run(
        wf('reproduce.yml'),
        {
          name: 'workflow_dispatch',
          payload: { inputs: { ref: 'main', only: REPRODUCE_ONLY, debug: 'false' } },
        },
        { inputs: { ref: 'main', only: REPRODUCE_ONLY, debug: false } },
      );
      log(`reproduce: ${(run.ms / 1000).toFixed(0)} s`);
      expect(run.results).toEqual({ reproduce: 'success' });
      const [[, step]] = expectWholeJob(run) as [[JobRun, StepRun]];
      expect(step.inputs?.only).toBe(REPRODUCE_ONLY);
    }, 1_800_000);

    const readmeWorkflow = () =>
      /```yaml\n([\s\S]*?)```/.exec(readFileSync(join(repoRoot, 'README.md'), 'utf8'))![1]!;
    /**
     * A runner like GitHub's ubuntu-24.04 image, which has neither QEMU nor
     * busybox: made from this machine (helpers/bare-runner.ts) where it can be.
     */
    const bare = bareRunnerUnavailable();
    const ubuntuImage = (s: OurStep) => [
      ...bareRunner(['qemu-system-x86', 'busybox-static'], ['/tmp']),
      // chroot starts in /: the runner starts an action in the workspace.
      'sh',
      '-c',
      'cd "$0" && exec "$@"',
      s.workspace,
    ];

    it(`README's workflow: checkout and the root action on a pull request, ${bare ? `on this machine (no bare runner: ${bare})` : 'on a bare runner it prepares itself'}`, async () => {
      const r = bare ? runner : new WorkflowRunner({ ...runner.o, image: ubuntuImage });
      const run = await r.run(join(root, 'readme.yml'), PR_EVENT, { content: readmeWorkflow() });
      log(`README: ${(run.ms / 1000).toFixed(0)} s`);
      expect(run.results).toEqual({ mptcp: 'success' });
      const [[, step]] = expectWholeJob(run) as [[JobRun, StepRun]];
      if (!bare) expect(step.log).toMatch(/installed .*qemu-system-x86/);
    }, 1_800_000);

    // The workflows as they were when issue 15 was filed (fixtures), each
    // defect it lists made visible by this runner, one after the other.
    describe('before issue 15', () => {
      const before = (name: string) =>
        readFileSync(join(repoRoot, '__tests__/fixtures/workflows/before-issue-15', name), 'utf8');
      // One config, one shard: each defect shows on any of them, and the old
      // build job uploads its whole out dir.
      const narrowed = (yaml: string, edit: (y: string) => string = (y) => y) =>
        edit(
          yaml
            .replace('config: [normal, debug]\n    steps', 'config: [normal]\n    steps')
            .replace(
              'config: [normal, debug]\n        shard: [1, 2, 3]',
              'config: [normal]\n        shard: [1]',
            )
            .replace('shard: ${{ matrix.shard }}/3', 'shard: ${{ matrix.shard }}/1'),
        );
      const runStep = (run: WorkflowRun) => ourSteps(run, `${REPO}/actions/run`)[0]![1];

      it('pr-checks: vmlinux passed without source is refused (exit 64)', async () => {
        const run = await runner.run(wf('pr-checks.yml'), PR_EVENT, {
          content: narrowed(before('pr-checks.yml')),
        });
        expect(run.results.test).toBe('failure');
        expect(runStep(run).exitCode).toBe(64);
        expect(runStep(run).errors.join()).toMatch(/--vmlinux and --source go together/);
        // Found by this runner too: the report job writes its JUnit into a dir it never made.
        const [, report] = ourSteps(run, `${REPO}/actions/report`)[0]!;
        expect(report.errors.join()).toMatch(/--junit out\/junit.xml: no such directory/);
      }, 1_200_000);

      it('pr-checks without vmlinux: kernel out/build/bzImage is not where the build action puts it (out/build/obj/...)', async () => {
        const run = await runner.run(wf('pr-checks.yml'), PR_EVENT, {
          content: narrowed(before('pr-checks.yml'), (y) =>
            y.replace(/\n\s*vmlinux: out\/build\/vmlinux/, ''),
          ),
        });
        expect(runStep(run).exitCode).toBe(64);
        expect(runStep(run).errors.join()).toMatch(/--kernel \S*out\/build\/bzImage: no such file/);
      }, 1_200_000);

      it('pr-checks with both paths fixed: the selftests come out of the artifact without exec bits and fail; the hand-listed report paths miss results', async () => {
        const run = await runner.run(wf('pr-checks.yml'), PR_EVENT, {
          content: narrowed(before('pr-checks.yml'), (y) =>
            y
              .replace('kernel: out/build/bzImage', 'kernel: out/build/obj/arch/x86/boot/bzImage')
              .replace(/\n\s*vmlinux: out\/build\/vmlinux/, '')
              .replace('junit: out/junit.xml', 'junit: junit.xml')
              // A failing selftest is not retried here: its failure is the point.
              .replace(/\n\s*retries: 1/, ''),
          ),
        });
        const job = run.jobs.find((j) => j.id === 'test')!;
        expect(modes(join(job.workspace, 'out/build/selftests/net/mptcp'))['mptcp_connect']).toBe(
          '644',
        );
        const res = JSON.parse(
          readFileSync(join(job.workspace, 'out/run/results.json'), 'utf8'),
        ) as RunResults;
        expect(res.verdict).not.toBe('success');
        expect(run.results.test).toBe('failure');
        // And the report's six hand-listed paths: five name results that never arrived.
        const [, report] = ourSteps(run, `${REPO}/actions/report`)[0]!;
        expect(report.outcome).toBe('failure');
        expect(report.outputs.verdict).not.toBe('success');
        expect(report.outputs.conclusion).toMatch(/5 missing result/);
      }, 1_200_000);

      it.skipIf(bare !== undefined)(
        'the workflows installed nothing on the runner: an action that does not prepare it (setup-runner: false) fails on a bare runner',
        async () => {
          const r = new WorkflowRunner({
            ...runner.o,
            image: ubuntuImage,
            mapOurStep: (s) => ({ ...mapToCiKernel(s, ci, ciBundle), 'setup-runner': 'false' }),
          });
          const run = await r.run(join(root, 'readme.yml'), PR_EVENT, {
            content: readmeWorkflow(),
          });
          expect(run.results.mptcp).toBe('failure');
          const [, step] = ourSteps(run, REPO)[0]!;
          expect(step.errors.join()).toMatch(/qemu-system-x86_64 not found on PATH/);
        },
        600_000,
      );

      it('pr-report: no pull-requests: write for the reporter it calls, and its deprecated files: input', async () => {
        expect(prChecks, 'needs the pr-checks run').toBeDefined();
        const run = await runner.run(
          wf('pr-report.yml'),
          {
            name: 'workflow_run',
            payload: {
              workflow_run: { id: prChecks.runId, event: 'pull_request', head_sha: 'b'.repeat(40) },
            },
          },
          { content: before('pr-report.yml') },
        );
        const publish = run.jobs[0]!.steps.find((s) => s.uses?.startsWith('EnricoMi/'))!;
        expect(publish.outcome).toBe('failure');
        expect(publish.errors.join()).toMatch(/pull-requests: write/);
        expect(publish.warnings.join()).toMatch(/deprecated/);
      }, 600_000);
    });
  }
});
