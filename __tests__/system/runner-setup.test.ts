// Preparing a runner: what is missing is found by file, installed with the
// real apt-get from the real mirror on a bare runner (helpers/bare-runner.ts),
// and the action then gets to a result.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../src/core/results.js';
import {
  missingPackages,
  prepareRunner,
  RUNNER_NEEDS,
  type Need,
} from '../../src/system/runner-setup.js';
import { bareRunner, bareRunnerUnavailable } from '../helpers/bare-runner.js';
import { freshDist, repoRoot } from '../helpers/dist.js';
import { debianKernelDeb, hasQemu } from '../helpers/kernels.js';
import { runActionEntry } from '../helpers/runner.js';

describe('what a runner is missing', () => {
  const needs: Need[] = [
    { file: 'sh', pkg: 'dash', roles: ['build', 'run'] },
    { file: 'kci-no-such-tool', pkg: 'tool-a', roles: ['run'] },
    { file: 'kci-no-such-other', pkg: 'tool-a', roles: ['run'] },
    { file: '/nonexistent/x.h', alternatives: ['/bin/sh'], pkg: 'hdr', roles: ['build'] },
    { file: '/nonexistent/y.h', pkg: 'libdev', roles: ['build'] },
  ];

  it('named by package, each with the files it would provide, only for the roles asked', () => {
    expect(missingPackages(['run'], '/usr/bin:/bin', needs)).toEqual([
      { pkg: 'tool-a', files: ['kci-no-such-tool', 'kci-no-such-other'] },
    ]);
    expect(missingPackages(['build'], '/usr/bin:/bin', needs)).toEqual([
      { pkg: 'libdev', files: ['/nonexistent/y.h'] },
    ]);
    // Commands are looked up on the PATH given.
    expect(missingPackages(['build'], '/nonexistent', needs).map((m) => m.pkg)).toEqual([
      'dash',
      'libdev',
    ]);
  });

  it('this machine (set up by scripts/setup-host.sh) lacks nothing the actions use', () => {
    expect(missingPackages(['build', 'run'])).toEqual([]);
  });

  it("scripts/setup-host.sh (README's fresh-machine step) installs every package the actions would", () => {
    const script = readFileSync(join(repoRoot, 'scripts/setup-host.sh'), 'utf8');
    const list = /^packages=\(([^)]*)\)/m.exec(script)![1]!.split(/\s+/).filter(Boolean);
    expect([...new Set(RUNNER_NEEDS.map((n) => n.pkg))].filter((p) => !list.includes(p))).toEqual(
      [],
    );
  });

  it('a runner that is not Linux: one clear error', async () => {
    await expect(prepareRunner(['run'], () => undefined, { platform: 'darwin' })).rejects.toThrow(
      /^this runner is darwin: kernel-ci needs a Linux runner/,
    );
  });
});

const unavailable = !hasQemu() ? 'no QEMU' : bareRunnerUnavailable();

describe.skipIf(unavailable !== undefined)('a bare runner: the run action sets it up', () => {
  it('without QEMU and busybox: installs them (apt-get, real mirror), boots, passes', async () => {
    const deb = debianKernelDeb();
    const out = mkdtempSync(join(tmpdir(), 'kci-bare-out-'));
    const run = await runActionEntry(join(freshDist(), 'run.js'), {
      inputs: { kernel: deb, out, command: 'uname=uname -r\nbusybox=busybox true' },
      wrap: bareRunner(['qemu-system-x86', 'busybox-static'], ['/tmp']),
      timeoutMs: 900_000,
    });
    expect(run.exitCode, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    // The setup is one collapsed group that says what it did.
    const group = run.stdout.indexOf('::group::Preparing the runner');
    expect(group).toBeGreaterThanOrEqual(0);
    const setup = run.stdout.slice(group, run.stdout.indexOf('::endgroup::', group));
    expect(setup).toMatch(
      /missing: qemu-system-x86_64 \(qemu-system-x86\); \/bin\/busybox.* \(busybox-static\)/,
    );
    expect(setup).toMatch(/installed qemu-system-x86 busybox-static/);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(res.verdict).toBe('success');
    expect(res.suites[0]!.tests.map((t) => [t.name, t.status])).toEqual([
      ['uname', 'pass'],
      ['busybox', 'pass'],
    ]);
    expect(run.outputs.verdict).toBe('success');
  });

  it('setup-runner: false on a bare runner: nothing installed, the missing QEMU named, exit 64', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-bare-out-'));
    const run = await runActionEntry(join(freshDist(), 'run.js'), {
      inputs: { kernel: debianKernelDeb(), out, command: 'x=true', 'setup-runner': 'false' },
      wrap: bareRunner(['qemu-system-x86'], ['/tmp']),
      timeoutMs: 120_000,
    });
    expect(run.exitCode, run.stdout.slice(0, 3000)).toBe(64);
    expect(run.stdout).not.toContain('Preparing the runner');
    expect(run.stdout).toMatch(/::error::bad input: qemu-system-x86_64 not found on PATH/);
  });
});
