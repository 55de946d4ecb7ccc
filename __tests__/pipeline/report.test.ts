// publishRun and reportCommand against a recording Host, on results and
// console logs captured from real TCG boots of Debian's 6.1 kernel.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Annotation, Host } from '../../src/pipeline/host.js';
import type { RunResults } from '../../src/core/results.js';
import { loadResults, publishRun, reportCommand } from '../../src/pipeline/report.js';
import { artifactName } from '../../src/core/artifact-name.js';
import { repoRoot } from '../helpers/dist.js';

function recordingHost(kind: Host['kind'] = 'actions') {
  const rec = {
    annotations: [] as Annotation[],
    outputs: {} as Record<string, string>,
    summaries: [] as string[],
    untrusted: [] as string[],
    artifacts: [] as { name: string; files: string[]; rootDir: string }[],
  };
  const host: Host = {
    kind,
    info: () => undefined,
    warn: () => undefined,
    untrusted: (l) => void rec.untrusted.push(...l),
    group: (_t, fn) => fn(),
    annotate: (a) => void rec.annotations.push(a),
    setOutput: (n, v) => void (rec.outputs[n] = v),
    summary: async (m) => void rec.summaries.push(m),
    uploadArtifact: async (name, files, rootDir) =>
      void rec.artifacts.push({ name, files, rootDir }),
    restoreCache: async () => undefined,
    saveCache: async () => undefined,
  };
  return { host, rec };
}

const fixtureDir = (n: string) => join(repoRoot, '__tests__/fixtures/results', n);
function outDirOf(n: string): string {
  const d = join(mkdtempSync(join(tmpdir(), 'kci-publish-')), n);
  cpSync(fixtureDir(n), d, { recursive: true });
  return d;
}

describe('publishRun', () => {
  it('a clean run: summary, outputs with paths, one artifact without crash files', async () => {
    const out = outDirOf('success');
    const results = await loadResults(out);
    const { host, rec } = recordingHost();
    const vmlinux = join(out, 'vmlinux-fake');
    writeFileSync(vmlinux, 'ELF');
    const { artifact, files } = await publishRun(results, out, host, {
      vmlinux,
      env: { GITHUB_JOB: 'kselftest', GITHUB_RUN_ATTEMPT: '1' },
    });
    expect(rec.summaries).toHaveLength(1);
    expect(rec.summaries[0]).toMatch(/^## ✅ Success — demo\n/);
    expect(rec.outputs).toMatchObject({
      verdict: 'success',
      results: join(out, 'results.json'),
      console: join(out, 'console.log'),
    });
    expect(rec.annotations).toEqual([]);
    expect(artifact).toBe('kernel-ci-kselftest-demo-6.1.0-50-amd64');
    expect(rec.artifacts).toEqual([{ name: artifact, files, rootDir: out }]);
    expect(files.map((f) => basename(f)).sort()).toEqual([
      'console.log',
      'junit.xml',
      'results.json',
      'results.tap',
    ]);
    expect(rec.outputs.junit).toBe(join(out, 'junit.xml'));
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(join(out, 'results.tap'), 'utf8')).toMatch(/^TAP version 14/);
    // The plain-text twin went to the log as untrusted text.
    expect(rec.untrusted[0]).toBe('SUCCESS  demo');
  });

  it('a crash: crash reports and the compressed vmlinux are attached', async () => {
    const out = outDirOf('crash');
    const results: RunResults = await loadResults(join(out, 'results.json'));
    const vmlinux = join(out, 'vmlinux');
    writeFileSync(vmlinux, Buffer.alloc(100_000, 7));
    writeFileSync(join(out, 'config'), 'CONFIG_MPTCP=y\n');
    const { host, rec } = recordingHost();
    const { files } = await publishRun(results, out, host, {
      vmlinux,
      env: { GITHUB_JOB: 'run', GITHUB_RUN_ATTEMPT: '2' },
    });
    const names = files.map((f) => f.slice(out.length + 1)).sort();
    expect(names).toEqual([
      'config',
      'console.log',
      'crashes/01-panic-039f2f4bafec65ab.txt',
      'junit.xml',
      'results.json',
      'results.tap',
      'vmlinux.gz',
    ]);
    expect(gunzipSync(readFileSync(join(out, 'vmlinux.gz')))).toEqual(readFileSync(vmlinux));
    const crashReport = readFileSync(join(out, 'crashes/01-panic-039f2f4bafec65ab.txt'), 'utf8');
    expect(crashReport).toContain('test: commands/crash');
    expect(crashReport).toContain('sysrq_handle_crash+0x16/0x20');
    expect(rec.artifacts[0]!.name).toBe('kernel-ci-run-crash-demo-6.1.0-50-amd64-attempt-2');
    expect(rec.annotations[0]).toMatchObject({
      level: 'error',
      title: 'Kernel panic (fatal): kernel panic: sysrq triggered crash',
    });
    expect(rec.annotations[1]).toMatchObject({
      level: 'error',
      title: 'crashed: commands / crash',
    });
  });

  it('never writes through or attaches a symlink the guest planted in its out dir', async () => {
    const out = outDirOf('unstable');
    const secretDir = mkdtempSync(join(tmpdir(), 'kci-secret-'));
    const secret = join(secretDir, 'token');
    writeFileSync(secret, 'ghs_secret');
    for (const name of ['junit.xml', 'results.tap', 'config', 'crashes'])
      symlinkSync(secret, join(out, name));
    const { host, rec } = recordingHost();
    const { files } = await publishRun(await loadResults(out), out, host, { env: {} });
    expect(readFileSync(secret, 'utf8')).toBe('ghs_secret');
    for (const f of files) {
      expect(lstatSync(f).isSymbolicLink()).toBe(false);
      expect(readFileSync(f, 'utf8')).not.toContain('ghs_secret');
    }
    expect(files.map((f) => basename(f)).sort()).toEqual([
      'console.log',
      'junit.xml',
      'results.json',
      'results.tap',
    ]);
    expect(rec.artifacts[0]!.files).toEqual(files);
  });

  it('on a terminal prints the plain-text twin and uploads nothing', async () => {
    const out = outDirOf('unstable');
    const { host, rec } = recordingHost('terminal');
    let printed = '';
    await publishRun(await loadResults(out), out, host, { stdout: (s) => (printed += s) });
    expect(rec.summaries).toEqual([]);
    expect(rec.artifacts).toEqual([]);
    // The verdict recomputed from the tests: the file (an older kernel-ci's) says "failure".
    expect(printed).toContain('UNSTABLE  mptcp-demo');
    expect(printed).toMatch(/FAIL +commands \/ fails +2\.29 s +\(exit code 2\)/);
    // No colour when not a TTY.
    expect(printed).not.toContain('\x1b[');
  });
});

describe('reportCommand', () => {
  it('merges shards given as directories, writes the merged results and summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    const { host, rec } = recordingHost();
    const code = await reportCommand(
      { summary: join(dir, 's.md'), json: join(dir, 'm.json'), junit: join(dir, 'j.xml') },
      [fixtureDir('success'), fixtureDir('unstable')],
      host,
    );
    expect(code).toBe(1);
    const merged = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as RunResults;
    expect(merged.counts).toMatchObject({ total: 6, pass: 4, fail: 2 });
    expect(merged.verdict).toBe('unstable');
    expect(merged.conclusion).toMatch(/^demo \+ mptcp-demo: Unstable: 2 failed subtest\(s\)/);
    expect(existsSync(join(dir, 's.md'))).toBe(true);
    expect(rec.outputs.results).toBe(join(dir, 'm.json'));
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toMatch(/<testsuites[^>]* tests="6"/);
    expect(rec.outputs.junit).toBe(join(dir, 'j.xml'));
  });

  it('reports a results.json with a bad status as unreadable, naming the field, and still writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    const r = JSON.parse(readFileSync(join(fixtureDir('success'), 'results.json'), 'utf8'));
    r.suites[0].tests[1].status = 'exploded';
    writeFileSync(join(dir, 'r.json'), JSON.stringify(r));
    const { host, rec } = recordingHost();
    const code = await reportCommand(
      { summary: join(dir, 's.md'), json: join(dir, 'm.json') },
      [join(dir, 'r.json'), fixtureDir('success')],
      host,
    );
    expect(code).toBe(1);
    const summary = unescapeMd(readFileSync(join(dir, 's.md'), 'utf8'));
    expect(summary).toMatch(
      /r\.json \(unreadable\)\*\*: .*not a kernel-ci results file: suites\[0\]\.tests\[1\]\.status: 'exploded' is not one of/,
    );
    const merged = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as RunResults;
    expect(merged.verdict).toBe('failure');
    expect(merged.merge!.missing).toEqual([
      expect.objectContaining({ kind: 'unreadable', name: join(dir, 'r.json') }),
    ]);
    expect(rec.outputs.verdict).toBe('failure');
  });

  it('exits 64 only for bad usage: no argument at all', async () => {
    const { host, rec } = recordingHost();
    await expect(reportCommand({}, [], host)).rejects.toThrow(/no results given/);
    expect(rec.summaries).toEqual([]);
  });
});

// What pr-checks.yml's report job finds after download-artifact: one
// directory per matrix job (config x shard), each with its results.json.
// The shards are the captured real runs, named and numbered as the matrix
// would; `pick` chooses which capture each shard is.
function matrixDir(pick: (config: string, shard: number) => string, names = 'per-run'): string {
  const root = mkdtempSync(join(tmpdir(), 'kci-matrix-'));
  for (const config of ['normal', 'debug'])
    for (const shard of [1, 2, 3]) {
      const dir = join(root, 'results', `results-${config}-${shard}`);
      mkdirSync(dir, { recursive: true });
      const r = JSON.parse(
        readFileSync(join(fixtureDir(pick(config, shard)), 'results.json'), 'utf8'),
      ) as RunResults;
      // pr-checks.yml names each job after its shard; a plain matrix names the run.
      r.name = names === 'per-job' ? `mptcp-${config}-${shard}` : `mptcp-${config}`;
      r.shard = { index: shard, total: 3 };
      writeFileSync(join(dir, 'results.json'), JSON.stringify(r));
      // What else an artifact holds must not be taken for results.
      writeFileSync(join(dir, 'console.log'), 'not json');
      writeFileSync(join(dir, 'durations.json'), '{"x": 1}');
    }
  return root;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateResults = ajv.compile(
  JSON.parse(readFileSync(join(repoRoot, 'schema/results.v1.json'), 'utf8')),
);

const unescapeMd = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

async function report(cwd: string, args: string[], kind: Host['kind'] = 'actions') {
  const out = mkdtempSync(join(tmpdir(), 'kci-report-out-'));
  const { host, rec } = recordingHost(kind);
  const warnings: string[] = [];
  host.warn = (m) => void warnings.push(m);
  let printed = '';
  const prev = process.cwd();
  process.chdir(cwd);
  let code: number;
  try {
    code = await reportCommand(
      { summary: join(out, 's.md'), json: join(out, 'm.json'), junit: join(out, 'j.xml') },
      args,
      host,
      (s) => (printed += s),
    );
  } finally {
    process.chdir(prev);
  }
  const merged = JSON.parse(readFileSync(join(out, 'm.json'), 'utf8')) as RunResults;
  expect(validateResults(merged), JSON.stringify(validateResults.errors)).toBe(true);
  return {
    code,
    merged,
    // Markdown escapes what came from the results; the checks read the text.
    summary: unescapeMd(readFileSync(join(out, 's.md'), 'utf8')),
    junit: readFileSync(join(out, 'j.xml'), 'utf8'),
    terminal: kind === 'actions' ? rec.untrusted.join('\n') : printed,
    rec,
    warnings,
  };
}

const shardCounts = (root: string) =>
  readdirSync(join(root, 'results'))
    .sort()
    .map(
      (d) =>
        (JSON.parse(readFileSync(join(root, 'results', d, 'results.json'), 'utf8')) as RunResults)
          .counts,
    );

describe('reportCommand on what a matrix leaves', () => {
  const mixed = (config: string, shard: number) =>
    config === 'debug' && shard === 3 ? 'crash' : shard === 2 ? 'unstable' : 'success';

  it('takes a glob, a ** glob or the directory alike; merged counts are the sum of the shards', async () => {
    const root = matrixDir(mixed);
    const sums = shardCounts(root).reduce(
      (a, c) => {
        for (const [k, v] of Object.entries(c)) a[k] = (a[k] ?? 0) + v;
        return a;
      },
      {} as Record<string, number>,
    );
    expect(sums.total).toBe(18);
    for (const args of [
      ['results/*/results.json'],
      ['results/**'],
      ['results'],
      [join(root, 'results/results-{normal,debug}-[1-3]')],
    ]) {
      const r = await report(root, args);
      expect(r.merged.merge!.runs, args[0]).toHaveLength(6);
      expect(r.merged.merge!.missing).toEqual([]);
      expect(r.merged.counts).toEqual(sums);
      expect(r.merged.verdict).toBe('critical');
      expect(r.code).toBe(2);
      expect(r.merged.merge!.runs.map((x) => x.label).sort()).toEqual(
        ['debug', 'normal'].flatMap((c) => [1, 2, 3].map((i) => `mptcp-${c} shard ${i}/3`)).sort(),
      );
    }
  });

  it('one shard deleted: summary, terminal, JSON and verdict name it; exit is the verdict, not 64', async () => {
    const root = matrixDir(() => 'success');
    const all = await report(root, ['results/*/results.json']);
    expect(all.merged.verdict).toBe('success');
    expect(all.code).toBe(0);

    rmSync(join(root, 'results/results-debug-2'), { recursive: true });
    const r = await report(root, ['results/*/results.json'], 'terminal');
    expect(r.code).toBe(1);
    expect(r.merged.verdict).toBe('failure');
    expect(r.merged.merge!.missing).toEqual([
      {
        kind: 'shard',
        name: 'mptcp-debug',
        shard: { index: 2, total: 3 },
        reason: 'no results for shard 2 of 3 (2 of 3 shards reported)',
      },
    ]);
    expect(r.merged.conclusion).toBe(
      'mptcp-debug + mptcp-normal: Failure: 1 missing result(s): mptcp-debug shard 2/3 ❌',
    );
    expect(r.summary).toMatch(/^## ❌ Failure — mptcp-debug, mptcp-normal · 5 runs\n/);
    expect(r.summary).toContain('**1 expected result(s) missing**');
    expect(r.summary).toContain('> - **mptcp-debug shard 2/3**: no results for shard 2 of 3');
    expect(r.summary).toContain('### Merged runs (5, 1 missing)');
    expect(r.summary).toMatch(/\| ⬜ \*\*missing\*\*: mptcp-debug shard 2\/3 \|/);
    expect(r.terminal).toMatch(/^FAILURE {2}mptcp-debug, mptcp-normal$/m);
    expect(r.terminal).toMatch(
      /^ {2}MISSING {2}mptcp-debug shard 2\/3: no results for shard 2 of 3/m,
    );
    expect(r.warnings).toEqual([
      'report: mptcp-debug shard 2/3: no results for shard 2 of 3 (2 of 3 shards reported)',
    ]);
    // Shards hold the same commands: the inferred reproduction names each once.
    expect(r.terminal.match(/--command hello=CMD/g)).toHaveLength(1);
    // The five present shards still count, summed.
    expect(r.merged.counts.total).toBe(15);
    expect(r.merged.counts.pass).toBe(15);
    // The JUnit (what pr-report.yml's PR comment reads) fails on it by name.
    expect(r.junit).toMatch(/<testsuites[^>]* tests="16" failures="1"/);
    expect(r.junit).toMatch(
      /<testcase [^>]*name="mptcp-debug shard 2\/3"[^>]*>\s*<failure message="no results for shard 2 of 3/,
    );
  });

  it('finds the missing shard when the matrix names each job after its shard (pr-checks.yml)', async () => {
    const root = matrixDir(() => 'success', 'per-job');
    rmSync(join(root, 'results/results-normal-3'), { recursive: true });
    const r = await report(root, ['results']);
    expect(
      r.merged.merge!.missing.map((m) => `${m.name} ${m.shard!.index}/${m.shard!.total}`),
    ).toEqual(['mptcp-normal 3/3']);
    expect(r.merged.verdict).toBe('failure');
  });

  it('--expect names a whole config that never uploaded (nothing else could know it)', async () => {
    const root = matrixDir(() => 'success');
    for (const i of [1, 2, 3])
      rmSync(join(root, `results/results-debug-${i}`), { recursive: true });
    const unaware = await report(root, ['results']);
    expect(unaware.merged.verdict).toBe('success');

    const out = mkdtempSync(join(tmpdir(), 'kci-report-out-'));
    const { host } = recordingHost();
    const prev = process.cwd();
    process.chdir(root);
    try {
      const code = await reportCommand(
        { json: join(out, 'm.json'), expect: ['mptcp-normal=3', 'mptcp-debug=3', 'kunit'] },
        ['results'],
        host,
        () => undefined,
      );
      expect(code).toBe(1);
    } finally {
      process.chdir(prev);
    }
    const merged = JSON.parse(readFileSync(join(out, 'm.json'), 'utf8')) as RunResults;
    expect(merged.verdict).toBe('failure');
    expect(merged.merge!.missing.map((m) => `${m.kind}:${m.name}:${m.shard?.index ?? ''}`)).toEqual(
      ['run:kunit:', 'shard:mptcp-debug:1', 'shard:mptcp-debug:2', 'shard:mptcp-debug:3'],
    );
    expect(validateResults(merged), JSON.stringify(validateResults.errors)).toBe(true);
    await expect(reportCommand({ expect: ['x=0'] }, ['results'], host)).rejects.toThrow(
      /^--expect: expected NAME or NAME=SHARDS/,
    );
  });

  it('a missing shard keeps a worse verdict and is added to its conclusion', async () => {
    const root = matrixDir(mixed);
    rmSync(join(root, 'results/results-normal-1'), { recursive: true });
    const r = await report(root, ['results/**']);
    expect(r.merged.verdict).toBe('critical');
    expect(r.code).toBe(2);
    expect(r.merged.conclusion).toMatch(
      / - Failure: 1 missing result\(s\): mptcp-normal shard 1\/3$/,
    );
  });

  it('a path or glob that matches nothing is reported, not a crash: alone, a failure naming it', async () => {
    const root = matrixDir(() => 'success');
    const none = await report(root, ['artifacts/*/results.json']);
    expect(none.code).toBe(1);
    expect(none.merged.verdict).toBe('failure');
    expect(none.merged.counts.total).toBe(0);
    expect(none.merged.merge).toEqual({
      runs: [],
      missing: [
        {
          kind: 'unmatched',
          name: 'artifacts/*/results.json',
          reason: 'no results.json found there',
        },
      ],
    });
    expect(none.summary).toContain('**artifacts/*/results.json (matched nothing)**');
    expect(none.merged.conclusion).toBe(
      'report: Failure: no results: 1 missing result(s): artifacts/*/results.json (matched nothing) ❌',
    );
    expect(none.warnings).toEqual([
      'report: artifacts/*/results.json: no results.json found there',
    ]);

    // Next to results that are there: they are reported, the gap is named.
    const some = await report(root, ['results/results-normal-*', 'gone/results.json']);
    expect(some.merged.merge!.runs).toHaveLength(3);
    expect(some.merged.merge!.missing.map((m) => m.name)).toEqual(['gone/results.json']);
    expect(some.merged.verdict).toBe('failure');
  });

  it('problems and findings in a merged report say which run they come from', async () => {
    const root = matrixDir(mixed);
    const r = await report(root, ['results'], 'terminal');
    const tests = r.merged.suites.flatMap((s) => s.tests);
    expect(
      tests
        .filter((t) => t.name === 'fails')
        .map((t) => t.run)
        .sort(),
    ).toEqual(['mptcp-debug shard 2/3', 'mptcp-normal shard 2/3']);
    expect(tests.every((t) => t.run !== undefined)).toBe(true);
    expect(r.summary).toContain('| status | subtest | run | duration | why |');
    expect(r.summary).toMatch(/\| 💥 crashed \| commands \/ crash \| mptcp-debug shard 3\/3 \|/);
    expect(r.summary).toMatch(/\| ❌ fail \| commands \/ fails \| mptcp-normal shard 2\/3 \|/);
    expect(r.merged.findings).toHaveLength(1);
    expect(r.merged.findings[0]!.runs).toEqual(['mptcp-debug shard 3/3']);
    expect(r.summary).toContain('in mptcp-debug shard 3/3');
    expect(r.terminal).toMatch(/CRASHED commands \/ crash .*\[mptcp-debug shard 3\/3\]/);
    expect(r.terminal).toMatch(/FAIL +commands \/ fails .*\[mptcp-normal shard 2\/3\]/);
    // The failing output and the slowest tests say their run too.
    expect(r.summary).toContain('❌ commands / fails [mptcp-normal shard 2/3]</summary>');
    expect(r.summary).toContain('commands / fails [mptcp-debug shard 2/3] — 2.29 s');
  });
});

describe('artifactName', () => {
  it('is unique per job, run name, kernel and shard, and has only allowed characters', () => {
    const n = artifactName(
      { name: 'net/mptcp: "x"', vm: undefined, shard: { index: 2, total: 3 } },
      { GITHUB_JOB: 'tests' },
    );
    expect(n).toBe('kernel-ci-tests-net-mptcp-x-shard-2-of-3');
    expect(n).not.toMatch(/["':<>|*?\\/\r\n]/);
  });
});
