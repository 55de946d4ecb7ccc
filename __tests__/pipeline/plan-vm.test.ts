// The plan side in a real guest: one TCG boot of Debian's 6.1 kernel runs a
// kselftest target with runner.sh semantics (a test outrunning its settings
// timeout comes out `timeout`), the tool guard against a stand-in `ss`
// replaying upstream iproute2 6.7.0 (fixtures/tool-guard), and a packetdrill
// pool (stand-in binary: CI has no packetdrill) in the guest's own network
// namespaces.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResults, TestResult } from '../../src/core/results.js';
import { repoRoot } from '../helpers/dist.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';

const STANDIN = `#!/bin/sh
for a; do pkt=$a; done
echo "variant $(echo "$*" | sed -n 's/.*--ip_version=\\([^ ]*\\).*/\\1/p') netns $(readlink /proc/self/ns/net)"
act=$(head -n 1 "$pkt")
case $act in fail) echo "stand-in: script failed"; exit 1 ;; sleep*) sleep \${act#sleep } ;; hang) sleep 300 ;; esac
`;

let dir: string;
let deb: string;

beforeAll(() => {
  deb = debianKernelDeb();
  dir = mkdtempSync(join(tmpdir(), 'kci-planvm-'));
  const sel = join(dir, 'sel/kci');
  mkdirSync(sel, { recursive: true });
  writeFileSync(
    join(sel, 'Makefile'),
    'TEST_PROGS := quick.sh slow.sh skipper.sh\ninclude ../../lib.mk\n',
  );
  writeFileSync(join(sel, 'settings'), 'timeout=2\n');
  const script = (name: string, body: string) =>
    writeFileSync(join(sel, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  script('quick.sh', 'echo "quick in $(pwd) with KSFT_MACHINE_SLOW=$KSFT_MACHINE_SLOW"');
  script('slow.sh', 'echo "slow starts"; sleep 120; echo "slow ends"');
  script('skipper.sh', 'echo "needs a feature"; exit 4');
  const shim = join(dir, 'shim');
  mkdirSync(shim);
  const ss67 = join(repoRoot, '__tests__/fixtures/tool-guard/ss-6.7.0.txt');
  writeFileSync(
    join(shim, 'ss'),
    `#!/bin/sh\nif [ "$1" = -V ]; then sed -n 1p '${ss67}'; else sed -n '2,$p' '${ss67}'; fi\n`,
    { mode: 0o755 },
  );
  const pkts = join(dir, 'pkts/mptcp');
  mkdirSync(pkts, { recursive: true });
  writeFileSync(join(pkts, 'good.pkt'), 'sleep 0.5\n');
  writeFileSync(join(pkts, 'bad_v4.pkt'), 'fail\n');
  writeFileSync(join(pkts, 'stuck_v6.pkt'), 'hang\n');
  writeFileSync(join(dir, 'packetdrill'), STANDIN, { mode: 0o755 });
  writeFileSync(
    join(dir, 'plan.yml'),
    [
      'env:',
      `  PATH: ${shim}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      'kselftest: sel/kci',
      'packetdrill:',
      '  dir: pkts',
      '  bin: packetdrill',
      '  timeout: 3',
      'tool-guard: error',
    ].join('\n'),
  );
});

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'src/entries/cli.ts'), 'run', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.on('close', (code) => res({ code, stderr })));
}

const tap = (text: string): Promise<FinalResults> =>
  new Promise((res) => {
    const p = new Parser(res);
    p.end(text);
  });

describe.skipIf(!hasQemu())("the test plan in a TCG guest (Debian's 6.1 kernel)", () => {
  it('kselftest timeouts and skips, the tool guard, a packetdrill pool', async () => {
    const out = join(dir, 'out');
    const r = await run([
      '--kernel',
      deb,
      '--accel',
      'tcg',
      '--cpus',
      '2',
      '--out',
      out,
      '--plan',
      join(dir, 'plan.yml'),
    ]);
    const res: RunResults = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const tests = new Map<string, TestResult>();
    for (const s of res.suites) for (const t of s.tests) tests.set(`${s.name}/${t.name}`, t);
    expect([...tests.keys()]).toEqual([
      'tool-guard/versions',
      'kci/quick.sh',
      'kci/slow.sh',
      'kci/skipper.sh',
      'packetdrill/mptcp',
    ]);
    const output = (name: string) => readFileSync(join(out, tests.get(name)!.outputPath!), 'utf8');

    // the guard: the guest saw the stand-in, probed it and failed its check, saying why
    expect(tests.get('tool-guard/versions')).toMatchObject({ status: 'fail', exitCode: 1 });
    expect(output('tool-guard/versions')).toMatch(/^# known-bad iproute2 6\.7\.0: /m);
    expect(output('tool-guard/versions')).toMatch(/^@@KCI-TOOL@@ iproute2 probe=broken$/m);

    // kselftest semantics: settings timeout=2, x4 under TCG
    expect(tests.get('kci/quick.sh')!.status).toBe('pass');
    expect(output('kci/quick.sh')).toContain(
      `quick in ${join(dir, 'sel/kci')} with KSFT_MACHINE_SLOW=yes`,
    );
    const slow = tests.get('kci/slow.sh')!;
    expect(slow.status).toBe('timeout');
    expect(slow.durationMs).toBeGreaterThanOrEqual(7_500);
    expect(slow.durationMs).toBeLessThan(30_000);
    expect(output('kci/slow.sh')).toContain('slow starts');
    expect(output('kci/slow.sh')).not.toContain('slow ends');
    expect(tests.get('kci/skipper.sh')!.status).toBe('skip');

    // packetdrill: one TAP subtest per variant, each in its own guest netns
    const pd = tests.get('packetdrill/mptcp')!;
    expect(pd).toMatchObject({ status: 'fail', exitCode: 1 });
    const text = output('packetdrill/mptcp');
    const t = await tap(text);
    expect(t).toMatchObject({ count: 6, pass: 3, fail: 3 });
    expect(t.plan.end).toBe(6);
    expect(text).toMatch(/^not ok \d+ stuck_v6\.pkt \(ipv6\) # TIMEOUT 12 seconds$/m);
    // ...and in results.json, one subtest per script and variant
    const sub = new Map(pd.subtests.map((x) => [x.name, x.status]));
    expect(Object.fromEntries(sub)).toEqual({
      'bad_v4.pkt (ipv4)': 'fail',
      'bad_v4.pkt (ipv4-mapped-v6)': 'fail',
      'good.pkt (ipv4)': 'pass',
      'good.pkt (ipv4-mapped-v6)': 'pass',
      'good.pkt (ipv6)': 'pass',
      'stuck_v6.pkt (ipv6)': 'timeout',
    });
    expect(text).toMatch(/^not ok \d+ bad_v4\.pkt \(ipv4\) # exit=1$/m);
    expect(text).toMatch(/^ok \d+ good\.pkt \(ipv6\)$/m);
    expect(text).toMatch(/^# variant ipv4-mapped-ipv6 netns net:\[\d+\]$/m);
    expect(text).toContain('at most 2 at once');

    expect(r.code).toBe(1);
  });
});
