// The KUnit-module command, run for real in sh against a stand-in debugfs; a
// stand-in modprobe/insmod "loads" the module by making its suite appear, as
// the kernel does. The results files follow lib/kunit/debugfs.c
// (debugfs_print_results, 6.1 and 6.12 alike); the real-kernel check is
// __tests__/pipeline/kunit-vm.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { kunitModuleCommand } from '../../../src/core/plan/kunit-modules.js';

const suiteResults = (name: string, cases: string[], ok: boolean): string =>
  [
    'KTAP version 1',
    '1..1',
    '    KTAP version 1',
    `    # Subtest: ${name}`,
    `    1..${cases.length}`,
    ...cases.map((c) => `    ${c}`),
    `${ok ? 'ok' : 'not ok'} 1 ${name}`,
    '',
  ].join('\n');

const BUILTIN = suiteResults('mptcp-crypto', ['ok 1 mptcp_crypto_test_basic'], true);
const EXAMPLE = suiteResults(
  'kci-example',
  ['ok 1 kci_pass', 'not ok 2 kci_fail', 'ok 3 kci_skip # SKIP not today'],
  false,
);
const EXAMPLE2 = suiteResults('kci-example-2', ['ok 1 kci_other'], true);

function setup(): { debugfs: string; bin: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'kci-kunit-'));
  const debugfs = path.join(root, 'kunit');
  mkdirSync(path.join(debugfs, 'mptcp-crypto'), { recursive: true });
  writeFileSync(path.join(debugfs, 'mptcp-crypto/results'), BUILTIN);
  writeFileSync(path.join(root, 'kci-example'), EXAMPLE);
  writeFileSync(path.join(root, 'kci-example-2'), EXAMPLE2);
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  const loader = `#!/bin/sh
[ "$1" = builtin_one ] && exit 0
[ "$1" = kci_kunit_example ] || [ "$1" = /m/kci_kunit_example.ko ] || { echo "modprobe: FATAL: Module $1 not found" >&2; exit 1; }
for s in kci-example kci-example-2; do mkdir -p ${debugfs}/$s && cp ${root}/$s ${debugfs}/$s/results; done
`;
  for (const b of ['modprobe', 'insmod']) writeFileSync(path.join(bin, b), loader, { mode: 0o755 });
  return { debugfs, bin };
}

function run(module: string): { status: number | null; stdout: string; stderr: string } {
  const { debugfs, bin } = setup();
  const r = spawnSync('sh', ['-c', kunitModuleCommand(module, debugfs)], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const parse = (text: string): Promise<FinalResults> =>
  new Promise((res) => {
    const p = new Parser(res);
    p.end(text);
  });

describe('KUnit module command', () => {
  it('prints only the suites the module added, as one KTAP document', async () => {
    for (const m of ['kci_kunit_example', '/m/kci_kunit_example.ko']) {
      const r = run(m);
      expect(r.status).toBe(1); // kci_fail fails
      expect(r.stdout).toBe(
        [
          'KTAP version 1',
          '1..2',
          ...EXAMPLE.split('\n').slice(2, -2),
          'not ok 1 kci-example',
          ...EXAMPLE2.split('\n').slice(2, -2),
          'ok 2 kci-example-2',
          '',
        ].join('\n'),
      );
      const tap = await parse(r.stdout);
      expect(tap).toMatchObject({ count: 2, pass: 1, fail: 1 });
    }
  });

  it('skips, saying why, when loading adds no suite (built in or already loaded)', () => {
    const r = run('builtin_one');
    expect(r.status).toBe(4);
    expect(r.stdout).toBe(
      'KTAP version 1\n1..0 # SKIP no new KUnit suite after loading builtin_one (already loaded, or built in?)\n',
    );
  });

  it('says why when the module cannot be loaded', () => {
    const r = run('no_such_test');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('# loading no_such_test failed\n');
    expect(r.stderr).toContain('Module no_such_test not found');
  });
});
