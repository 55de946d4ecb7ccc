// The guard's guest command runs here for real in sh; a shim `ip` on PATH
// plays iproute2 6.7.0, the host's own ip plays a good version.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

function guestOutput(pathPrefix?: string): string[] {
  const env = { ...process.env };
  if (pathPrefix) env.PATH = `${pathPrefix}:${env.PATH}`;
  const r = spawnSync('sh', ['-c', toolGuardCommand()], { env, encoding: 'utf8' });
  // the guest's own verdict: exit 1 and the reason for a known-bad version
  expect(r.status).toBe(pathPrefix ? 1 : 0);
  if (pathPrefix) expect(r.stdout).toMatch(/^# known-bad iproute2 6\.7\.0: .*https:/m);
  // as it reaches the host: on the console, after printk noise
  return r.stdout.split('\n').map((l) => `[    3.141592] ${l}`);
}

describe('tool-version guard', () => {
  it('lists iproute2 6.7.0 with a reason and a link', () => {
    const ip = KNOWN_BAD_TOOLS.find((t) => t.tool === 'iproute2')!;
    expect(ip.bad).toContain('6.7.0');
    expect(ip.reason).toMatch(/ss/);
    expect(ip.link).toMatch(/^https:\/\//);
  });

  it('fires on a fake `ip -V` reporting iproute2-6.7.0', () => {
    const shim = mkdtempSync(path.join(tmpdir(), 'kci-shim-'));
    writeFileSync(path.join(shim, 'ip'), '#!/bin/sh\necho "ip utility, iproute2-6.7.0"\n', {
      mode: 0o755,
    });
    const versions = reportedToolVersions(guestOutput(shim));
    expect(versions).toEqual([
      { tool: 'iproute2', version: '6.7.0', raw: 'ip utility, iproute2-6.7.0' },
    ]);
    const hits = toolGuardHits(versions);
    expect(hits).toHaveLength(1);
    expect(toolGuardAnnotations(hits, 'warn')).toEqual([
      expect.objectContaining({ level: 'warning', title: 'known-bad iproute2 6.7.0 in the guest' }),
    ]);
    expect(toolGuardAnnotations(hits, 'error')[0]!.level).toBe('error');
    expect(toolGuardAnnotations(hits, 'off')).toEqual([]);
  });

  it("stays quiet on this machine's iproute2 and on newer formats", () => {
    const versions = reportedToolVersions(guestOutput());
    expect(versions[0]!.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(versions[0]!.version).not.toBe('6.7.0');
    expect(toolGuardHits(versions)).toEqual([]);
    const v = reportedToolVersions([
      '@@KCI-TOOL@@ iproute2 ip utility, iproute2-6.7.0, libbpf 1.3.0',
    ]);
    expect(v[0]!.version).toBe('6.7.0');
    expect(
      reportedToolVersions(['@@KCI-TOOL@@ iproute2 sh: 1: ip: not found'])[0]!.version,
    ).toBeNull();
  });
});
