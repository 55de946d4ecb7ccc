// node --import tsx bench/ss-guard.ts IPROUTE2_CLONE [--keep]
// The tool guard's real command against real `ss` builds: upstream v6.7.0
// (the regression), v6.7.0 + the fix 87d804ca (what distributions ship as
// 6.7.0), v6.8.0, and this host's own. Each is built in a temp dir from a
// clone of github.com/iproute2/iproute2 (./configure; make SUBDIRS="lib
// misc"), put first on PATH, and the guard's verdict printed. Expected:
// only plain 6.7.0 flagged.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reportedToolVersions, toolGuardCommand, toolGuardHits } from '../src/core/tool-guard.js';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: bench/ss-guard.ts IPROUTE2_CLONE [--keep]');
  process.exit(64);
}
const root = mkdtempSync(path.join(tmpdir(), 'kci-ss-guard-'));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function build(name: string, tag: string, pick?: string): string {
  const dir = path.join(root, name);
  execFileSync('git', ['clone', '-q', repo!, dir]);
  git(dir, 'checkout', '-q', tag);
  if (pick) git(dir, 'cherry-pick', pick);
  // compiler warnings go to the log, a failed build says where it is
  const log = path.join(dir, 'build.log');
  const r = spawnSync('sh', ['-c', `(./configure && make SUBDIRS="lib misc") >${log} 2>&1`], {
    cwd: dir,
  });
  if (r.status !== 0) throw new Error(`building ${tag} failed: see ${log} (run with --keep)`);
  return path.join(dir, 'misc');
}

const builds: [string, string][] = [
  ['v6.7.0', build('6.7.0', 'v6.7.0')],
  ['v6.7.0 + 87d804ca', build('6.7.0-fix', 'v6.7.0', '87d804ca0854b09c07872e9fd6036bf5d3e0cc85')],
  ['v6.8.0', build('6.8.0', 'v6.8.0')],
  ['this host', ''],
];
try {
  for (const [label, bin] of builds) {
    const PATH = bin ? `${bin}:${process.env.PATH}` : process.env.PATH;
    const r = spawnSync('/bin/sh', ['-c', toolGuardCommand()], {
      env: { ...process.env, PATH },
      encoding: 'utf8',
    });
    const v = reportedToolVersions(r.stdout.split('\n'));
    const hits = toolGuardHits(v);
    console.log(
      `${label.padEnd(18)} ${v[0]?.raw ?? '?'}; probe ${v[0]?.probe ?? 'not run'}; guest exit ${String(r.status)}; ${hits.length > 0 ? 'FLAGGED' : 'quiet'}`,
    );
  }
} finally {
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
