// The guard's guest command runs here for real in sh (perl binds the probe's
// socket); a stand-in `ss` on PATH replays what four real iproute2 builds
// printed (fixtures/tool-guard/README.md says how they were captured).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KNOWN_BAD_TOOLS,
  reportedToolVersions,
  toolGuardAnnotations,
  toolGuardCommand,
  toolGuardHits,
} from '../../src/core/tool-guard.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/tool-guard');

/** A dir holding an `ss` that answers as the captured build did. */
function replaying(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kci-ss-'));
  const file = path.join(FIXTURES, fixture);
  writeFileSync(
    path.join(dir, 'ss'),
    `#!/bin/sh\nif [ "$1" = -V ]; then sed -n 1p '${file}'; else sed -n '2,$p' '${file}'; fi\n`,
    { mode: 0o755 },
  );
  return dir;
}

function guest(pathValue: string): { status: number | null; stdout: string; console: string[] } {
  const r = spawnSync('/bin/sh', ['-c', toolGuardCommand()], {
    env: { ...process.env, PATH: pathValue },
    encoding: 'utf8',
  });
  // as it reaches the host: on the console, after printk noise
  return { ...r, console: r.stdout.split('\n').map((l) => `[    3.141592] ${l}`) };
}

const which = (tool: string): string =>
  spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();

const withSs = (fixture: string) => guest(`${replaying(fixture)}:${process.env.PATH}`);

describe('tool-version guard', () => {
  it('lists iproute2 6.7.0 with a reason, a link and a probe', () => {
    const ip = KNOWN_BAD_TOOLS.find((t) => t.tool === 'iproute2')!;
    expect(ip.bad).toContain('6.7.0');
    expect(ip.command).toBe('ss -V');
    expect(ip.reason).toMatch(/ss/);
    expect(ip.link).toMatch(/^https:\/\//);
    expect(ip.probe).toBeDefined();
  });

  it('fires on upstream 6.7.0, whose ss drops the extended info without -p', () => {
    const r = withSs('ss-6.7.0.txt');
    // the guest's own verdict: exit 1 and the reason
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^# known-bad iproute2 6\.7\.0: .*https:/m);
    expect(r.stdout).toMatch(/^# probe: u_str LISTEN .*kci-probe/m);
    const versions = reportedToolVersions(r.console);
    expect(versions).toEqual([
      { tool: 'iproute2', version: '6.7.0', raw: 'ss utility, iproute2-6.7.0', probe: 'broken' },
    ]);
    const hits = toolGuardHits(versions);
    expect(hits).toHaveLength(1);
    expect(toolGuardAnnotations(hits, 'warn')).toEqual([
      expect.objectContaining({ level: 'warning', title: 'known-bad iproute2 6.7.0 in the guest' }),
    ]);
    expect(toolGuardAnnotations(hits, 'error')[0]!.level).toBe('error');
    expect(toolGuardAnnotations(hits, 'off')).toEqual([]);
  });

  it('stays quiet on a 6.7.0 carrying the fix (a distribution backport): same version string', () => {
    const r = withSs('ss-6.7.0-87d804ca.txt');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# iproute2 6\.7\.0 with the fix .*: not flagged$/m);
    const versions = reportedToolVersions(r.console);
    expect(versions[0]).toMatchObject({ version: '6.7.0', probe: 'fixed' });
    expect(toolGuardHits(versions)).toEqual([]);
  });

  for (const [fixture, version] of [
    ['ss-6.8.0.txt', '6.8.0'],
    ['ss-6.1.0-debian12.txt', '6.1.0'],
  ] as const)
    it(`does not even probe ${version}`, () => {
      const r = withSs(fixture);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain('probe');
      const versions = reportedToolVersions(r.console);
      expect(versions).toEqual([
        {
          tool: 'iproute2',
          version,
          raw: readFileSync(path.join(FIXTURES, fixture), 'utf8').split('\n')[0],
        },
      ]);
      expect(toolGuardHits(versions)).toEqual([]);
    });

  // the interpreter itself, not a version manager's shim script
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).stdout?.trim();
  it.skipIf(!python)('the python3 fallback binds the socket when perl is missing', () => {
    const bin = replaying('ss-6.7.0-87d804ca.txt');
    for (const tool of ['mktemp', 'rm', 'head', 'sed'])
      symlinkSync(which(tool), path.join(bin, tool));
    symlinkSync(python!, path.join(bin, 'python3'));
    const r = guest(bin);
    expect(r.stdout).toMatch(/probe=fixed/);
    expect(r.status).toBe(0);
  });

  it('a probe that cannot run (no perl, no python3) falls back to the version', () => {
    const bin = replaying('ss-6.7.0-87d804ca.txt');
    for (const tool of ['mktemp', 'rm', 'head', 'sed'])
      symlinkSync(which(tool), path.join(bin, tool));
    const r = guest(bin);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^# the probe could not tell/m);
    const hits = toolGuardHits(reportedToolVersions(r.console));
    expect(hits).toEqual([expect.objectContaining({ version: '6.7.0', probe: 'unknown' })]);
    expect(toolGuardAnnotations(hits, 'warn')[0]!.message).toMatch(/version string decided/);
  });

  it("stays quiet on this machine's iproute2 and reads other formats", () => {
    const r = guest(process.env.PATH!);
    expect(r.status).toBe(0);
    const versions = reportedToolVersions(r.console);
    expect(versions[0]!.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(toolGuardHits(versions)).toEqual([]);
    const v = reportedToolVersions([
      '@@KCI-TOOL@@ iproute2 ip utility, iproute2-6.7.0, libbpf 1.3.0',
    ]);
    expect(v[0]!.version).toBe('6.7.0');
    expect(
      reportedToolVersions(['@@KCI-TOOL@@ iproute2 sh: 1: ss: not found'])[0]!.version,
    ).toBeNull();
    // a probe line with no version line before it is ignored, not a crash
    expect(reportedToolVersions(['@@KCI-TOOL@@ iproute2 probe=fixed'])).toEqual([]);
  });
});
