// publishRun and reportCommand against a recording Host, on results and
// console logs captured from real TCG boots of Debian's 6.1 kernel.
import { describe, expect, it } from 'vitest';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
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
    expect(rec.summaries[0]).toMatch(/^## ✅ kernel-ci: demo/);
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
    expect(printed).toContain('FAILURE  mptcp-demo');
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

  it('rejects a results.json with a bad status, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kci-report-'));
    const r = JSON.parse(readFileSync(join(fixtureDir('success'), 'results.json'), 'utf8'));
    r.suites[0].tests[1].status = 'exploded';
    writeFileSync(join(dir, 'r.json'), JSON.stringify(r));
    const { host } = recordingHost();
    await expect(reportCommand({}, [join(dir, 'r.json')], host)).rejects.toThrow(
      /r\.json: not a kernel-ci results file: suites\[0\]\.tests\[1\]\.status: 'exploded' is not one of/,
    );
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
