// The packetdrill pool script, run for real by sh (dash here, as in the
// guest) in real network namespaces. CI has no packetdrill: a stand-in
// program records how many runs are alive at once, their netns and args.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packetdrillRuns, poolScript, type PoolRun } from '../../src/core/plan/packetdrill.js';
import { packetdrillScripts } from '../../src/system/plan-sources.js';

const isRoot = process.getuid?.() === 0;
const canUnshare = isRoot && spawnSync('unshare', ['-n', 'true']).status === 0;

let root: string;
let standin: string;

// Stand-in for packetdrill: the first line of the .pkt says what to do.
const STANDIN = `#!/bin/sh
state=\${STANDIN_STATE:?}
for a; do pkt=$a; done
me=$state/alive.$$
: >"$me"
trap 'rm -f "$me"; exit 143' TERM
echo "$(ls "$state" | grep -c '^alive\\.')" >>"$state/counts"
# a per-netns sysctl: a run sharing a namespace with an earlier one sees 99
ttl=$(cat /proc/sys/net/ipv4/ip_default_ttl)
echo 99 >/proc/sys/net/ipv4/ip_default_ttl
echo "$(date +%s%N) start $$ $(readlink /proc/self/ns/net) ttl=$ttl $*" >>"$state/log"
act=$(head -n 1 "$pkt")
case $act in
  sleep*) sleep \${act#sleep } ;;
  fail) echo "script error: expected ACK"; echo "second line" >&2; rm -f "$me"; exit 1 ;;
  hang) echo $$ >>"$state/hung"; sleep 300 & wait ;;
  spin) i=0; while [ $i -lt 5000 ]; do i=$((i + 1)); done ;;
esac
echo "$(date +%s%N) end $$" >>"$state/log"
rm -f "$me"
`;

function makeScripts(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), `${text}\n`);
  }
}

function runsOf(dir: string, tolerance?: number): PoolRun[] {
  return packetdrillScripts(dir).flatMap((s) => packetdrillRuns(s, tolerance));
}

interface PoolRunResult {
  code: number | null;
  stdout: string;
  tap: FinalResults;
  state: string;
  ms: number;
}

async function runPool(
  runs: PoolRun[],
  o: { jobs: number; timeoutSec: number; bin?: string; prefix?: string[]; killAfterMs?: number },
): Promise<PoolRunResult> {
  const state = mkdtempSync(path.join(root, 'state-'));
  const script = poolScript({
    bin: o.bin ?? standin,
    jobs: o.jobs,
    timeoutSec: o.timeoutSec,
    runs,
  });
  const argv = [...(o.prefix ?? []), 'sh', '-c', script];
  const t0 = Date.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, STANDIN_STATE: state },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  if (o.killAfterMs) setTimeout(() => child.kill('SIGTERM'), o.killAfterMs);
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  const tap = await new Promise<FinalResults>((res) => {
    const p = new Parser(res);
    p.end(stdout);
  });
  return { code, stdout, tap, state, ms: Date.now() - t0 };
}

/** Largest number of runs alive at once, from the stand-in's start/end times. */
function maxOverlap(state: string): number {
  const events = readFileSync(path.join(state, 'log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([t, kind]) => ({ t: BigInt(t!), d: kind === 'start' ? 1 : -1 }))
    .sort((a, b) => (a.t === b.t ? a.d - b.d : a.t < b.t ? -1 : 1));
  let cur = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (cur += e.d));
  return max;
}

const counts = (state: string): number[] =>
  readFileSync(path.join(state, 'counts'), 'utf8').trim().split('\n').map(Number);

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kci-pd-'));
  standin = path.join(root, 'packetdrill');
  writeFileSync(standin, STANDIN, { mode: 0o755 });
});

afterAll(() => {
  // Whatever a failed test left behind must not linger.
  spawnSync('pkill', ['-f', `${root}/packetdrill`]);
});

describe.skipIf(!canUnshare)('packetdrill pool (stand-in binary, real netns)', () => {
  it('never runs more than N at once, even with the CPUs saturated', async () => {
    const dir = path.join(root, 'load');
    const files: Record<string, string> = {};
    for (let i = 0; i < 4; i++) files[`g${i % 2}/t${i}.pkt`] = i % 2 ? 'spin' : 'sleep 0.2';
    makeScripts(dir, files);
    const runs = runsOf(dir);
    expect(runs).toHaveLength(12);
    // 4 busy loops on 2 cores: the pool's sh and the runs fight for CPU.
    const hogs = Array.from({ length: 4 }, () =>
      spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }),
    );
    try {
      const r = await runPool(runs, { jobs: 2, timeoutSec: 60 });
      expect(r.code).toBe(0);
      expect(r.tap.pass).toBe(12);
      expect(r.tap.plan.end).toBe(12);
      expect(Math.max(...counts(r.state))).toBe(2);
      expect(maxOverlap(r.state)).toBe(2);
      // each run in a fresh network namespace, none in ours
      const starts = readFileSync(path.join(r.state, 'log'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.includes(' start '));
      const own = spawnSync('readlink', ['/proc/self/ns/net']).stdout.toString().trim();
      expect(starts).toHaveLength(12);
      expect(starts.map((l) => l.split(' ')[3])).not.toContain(own);
      expect(starts.filter((l) => !l.includes(' ttl=64 '))).toEqual([]);
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
    }
  });

  it('caps N at the CPUs it may use', async () => {
    const dir = path.join(root, 'cap');
    makeScripts(dir, { 'a.pkt': 'sleep 0.2', 'b.pkt': 'sleep 0.2' });
    const r = await runPool(runsOf(dir), {
      jobs: 8,
      timeoutSec: 60,
      prefix: ['taskset', '-c', '0'],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('at most 1 at once');
    expect(maxOverlap(r.state)).toBe(1);
  });

  it('reports pass, failure and timeout as TAP subtests per variant, and kills the hung run', async () => {
    const dir = path.join(root, 'mixed');
    makeScripts(dir, {
      'ok.pkt': 'sleep 0.1',
      'bad_v4.pkt': 'fail',
      'stuck_v6.pkt': 'hang',
      'tol.pkt': '--tolerance_usecs=100000',
    });
    const runs = runsOf(dir, 3);
    const r = await runPool(runs, { jobs: 2, timeoutSec: 6 });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('TAP version 13');
    expect(lines[1]).toBe('1..9');
    const results = lines.filter((l) => /^(not )?ok \d+ /.test(l));
    // each id once, whatever the completion order
    expect(results.map((l) => Number(/ok (\d+)/.exec(l)![1])).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    const byName = (n: string) => results.find((l) => l.endsWith(n) || l.includes(`${n} #`));
    expect(byName('bad_v4.pkt (ipv4)')).toMatch(/^not ok \d+ bad_v4.pkt \(ipv4\) # exit=1$/);
    expect(byName('bad_v4.pkt (ipv4-mapped-v6)')).toMatch(/^not ok/);
    expect(byName('bad_v4.pkt (ipv6)')).toBeUndefined();
    expect(byName('stuck_v6.pkt (ipv6)')).toMatch(
      /^not ok \d+ stuck_v6.pkt \(ipv6\) # TIMEOUT 6 seconds$/,
    );
    expect(byName('ok.pkt (ipv4-mapped-v6)')).toMatch(/^ok /);
    expect(r.stdout).toContain('# script error: expected ACK\n# second line\n');
    expect(r.tap).toMatchObject({ count: 9, pass: 6, fail: 3 });
    // the hung stand-in and its child are gone
    const hung = readFileSync(path.join(r.state, 'hung'), 'utf8').trim();
    expect(existsSync(`/proc/${hung}`)).toBe(false);
    // tolerance factor on the command line, scaled from the script's own value
    const log = readFileSync(path.join(r.state, 'log'), 'utf8');
    expect(log).toContain('--tolerance_usecs=300000 tol.pkt');
    expect(log).toContain('--tolerance_usecs=12000 ok.pkt');
    expect(log).toMatch(/--ip_version=ipv4-mapped-ipv6 .* -D CMSG_LEVEL_IP=SOL_IPV6/);
  });

  it('stops every run when the pool itself is killed', async () => {
    const dir = path.join(root, 'killed');
    makeScripts(dir, { 'h1.pkt': 'hang', 'h2.pkt': 'hang' });
    const r = await runPool(runsOf(dir), { jobs: 2, timeoutSec: 0, killAfterMs: 1500 });
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    await new Promise((res) => setTimeout(res, 300));
    for (const pid of readFileSync(path.join(r.state, 'hung'), 'utf8').trim().split('\n'))
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(readdirSync(r.state).filter((f) => f.startsWith('alive.'))).toEqual([]);
  });

  it('skips, saying why, when the packetdrill binary is missing', async () => {
    const dir = path.join(root, 'nobin');
    makeScripts(dir, { 'a.pkt': 'sleep 0' });
    const r = await runPool(runsOf(dir), {
      jobs: 2,
      timeoutSec: 5,
      bin: '/nonexistent/packetdrill',
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe(
      'TAP version 13\n1..0 # SKIP packetdrill binary /nonexistent/packetdrill not found or not executable\n',
    );
  });
});

// The real thing: set KCI_PACKETDRILL_BIN to a packetdrill built from
// multipath-tcp/packetdrill and KCI_PACKETDRILL_TESTS to its gtests/net/mptcp.
const realBin = process.env.KCI_PACKETDRILL_BIN;
const realTests = process.env.KCI_PACKETDRILL_TESTS;
const hostMptcp =
  existsSync('/proc/sys/net/mptcp/enabled') &&
  readFileSync('/proc/sys/net/mptcp/enabled', 'utf8').trim() === '1';
const realSkip = !realBin
  ? 'KCI_PACKETDRILL_BIN is not set (no packetdrill binary on this machine)'
  : !realTests
    ? 'KCI_PACKETDRILL_TESTS is not set (dir of MPTCP .pkt scripts)'
    : !canUnshare
      ? 'needs root to make network namespaces'
      : !hostMptcp
        ? 'the host kernel has no MPTCP'
        : '';

describe('packetdrill pool (real packetdrill binary, host kernel)', () => {
  if (realSkip) {
    it.skip(`skipped: ${realSkip}`, () => {});
    return;
  }
  it('runs MPTCP scripts per variant and reports each', async () => {
    const dir = path.join(realTests!, 'syscalls');
    const runs = runsOf(dir);
    const r = await runPool(runs, { jobs: 2, timeoutSec: 180, bin: realBin });
    console.log(r.stdout);
    expect(r.tap.count).toBe(runs.length);
    expect(r.tap.pass).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^ok \d+ \S+\.pkt \(ipv4\)$/m);
    expect(r.stdout).toMatch(/^ok \d+ \S+\.pkt \(ipv6\)$/m);
    expect(r.stdout).toMatch(/^ok \d+ \S+\.pkt \(ipv4-mapped-v6\)$/m);
  });
});

// What the pool printed in a real TCG guest (Debian 6.1, real packetdrill,
// multipath-tcp/packetdrill's gtests/net/mptcp, 2 at once): valid TAP whose
// subtests are exactly the script × variant runs the generator plans,
// completing out of order.
describe('packetdrill pool output captured in a real guest', () => {
  const fx = (f: string): string =>
    readFileSync(new URL(`../fixtures/plan/packetdrill-6.1/${f}`, import.meta.url), 'utf8');
  for (const group of ['add_addr', 'dss', 'fastclose'])
    it(`${group}: one TAP subtest per script and variant`, async () => {
      const text = fx(`${group}.tap`);
      const tap = await new Promise<FinalResults>((res) => {
        const p = new Parser(res);
        p.end(text);
      });
      const names = [...text.matchAll(/^(?:not )?ok (\d+) (.*?)(?: # .*)?$/gm)];
      const scripts = [...new Set(names.map((m) => m[2]!.replace(/ \(.*\)$/, '')))];
      const planned = scripts.flatMap((file) =>
        packetdrillRuns({ dir: '/x', file, text: '' }).map((r) => r.name),
      );
      expect(names.map((m) => m[2]).sort()).toEqual([...planned].sort());
      expect(names.map((m) => Number(m[1])).sort((a, b) => a - b)).toEqual(
        planned.map((_, i) => i + 1),
      );
      expect(tap.count).toBe(planned.length);
      expect(tap.plan.end).toBe(planned.length);
      expect(tap.pass + tap.fail).toBe(planned.length);
    });
});
