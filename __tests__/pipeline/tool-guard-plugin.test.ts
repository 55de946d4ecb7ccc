import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { runFlags } from '../../src/cli/specs.js';
import type { Annotation, Host } from '../../src/pipeline/host.js';
import type { RunContext } from '../../src/pipeline/run.js';
import { toolGuardPlugin } from '../../src/pipeline/tool-guard-plugin.js';
import { hostToolLines } from '../../src/system/tool-versions.js';

function context(toolGuard: string | undefined, annotations: Annotation[]): RunContext {
  const host = { annotate: (a: Annotation) => annotations.push(a) } as unknown as Host;
  return {
    flags: parseFlags([], runFlags).flags,
    host,
    outDir: '/tmp',
    plan: { tests: [], ...(toolGuard ? { toolGuard } : {}) },
    accel: { accel: 'tcg', reason: 'test' },
    currentTest: () => undefined,
    stopVm: () => {},
  } as RunContext;
}

const consoleLines = [
  '[    2.718281] random: crng init done',
  '@@KCI-TOOL@@ iproute2 ss utility, iproute2-6.7.0',
  '@@KCI-TOOL@@ iproute2 probe=broken',
  '[    3.000000] @@KCI@@ abc ready uptime=3.00',
];

describe('tool guard run plugin', () => {
  for (const [level, want] of [
    ['warn', 'warning'],
    ['error', 'error'],
  ] as const)
    it(`annotates a known-bad version from the console (${level})`, () => {
      const got: Annotation[] = [];
      const p = toolGuardPlugin(context(level, got));
      consoleLines.forEach((l, i) => p.listener!.onLine(l, i + 1));
      expect(p.findings!()).toEqual([]);
      expect(got).toEqual([
        expect.objectContaining({ level: want, title: 'known-bad iproute2 6.7.0 in the guest' }),
      ]);
    });

  it('says nothing when off or when the version is fine', () => {
    const got: Annotation[] = [];
    const off = toolGuardPlugin(context('off', got));
    consoleLines.forEach((l, i) => off.listener!.onLine(l, i + 1));
    off.findings!();
    // a 6.7.0 whose ss showed the fix (a distribution's backport)
    const patched = toolGuardPlugin(context('warn', got), () => []);
    patched.listener!.onLine('@@KCI-TOOL@@ iproute2 ss utility, iproute2-6.7.0', 1);
    patched.listener!.onLine('@@KCI-TOOL@@ iproute2 probe=fixed', 2);
    patched.findings!();
    const ok = toolGuardPlugin(context(undefined, got));
    ok.listener!.onLine('@@KCI-TOOL@@ iproute2 ip utility, iproute2-6.1.0, libbpf 1.1.2', 1);
    ok.findings!();
    expect(got).toEqual([]);
  });

  it("at 'warn' the host's own tools are checked (the guest's root is the host's); 'error' leaves it to the guest", () => {
    const bad = () => ['@@KCI-TOOL@@ iproute2 ip utility, iproute2-6.7.0'];
    const warned: Annotation[] = [];
    toolGuardPlugin(context('warn', warned), bad).findings!();
    expect(warned).toEqual([
      expect.objectContaining({ level: 'warning', title: 'known-bad iproute2 6.7.0 in the guest' }),
    ]);
    const strict: Annotation[] = [];
    toolGuardPlugin(context('error', strict), bad).findings!();
    expect(strict).toEqual([]);
  });

  it("the real check on this host reports the host's iproute2", () => {
    const got: Annotation[] = [];
    const lines: string[] = [];
    toolGuardPlugin(context('warn', got), () => {
      lines.push(...hostToolLines());
      return lines;
    }).findings!();
    expect(lines).toEqual([expect.stringMatching(/^@@KCI-TOOL@@ iproute2 ss utility, iproute2-/)]);
  });
});
