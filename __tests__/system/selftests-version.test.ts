// The selftests' tree version from what a build leaves (its real build.json,
// fixtures/skips) and from a kernel tree's top Makefile (linux 6.12's head).
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makefileVersion, selftestsTree } from '../../src/system/selftests-version.js';

const LINUX_6_12_HEAD = `# SPDX-License-Identifier: GPL-2.0
VERSION = 6
PATCHLEVEL = 12
SUBLEVEL = 117
EXTRAVERSION =
NAME = Baby Opossum Posse
`;

describe('selftests tree version', () => {
  it("reads a kernel Makefile's version lines", () => {
    expect(makefileVersion(LINUX_6_12_HEAD)).toBe('6.12.117');
    expect(makefileVersion(LINUX_6_12_HEAD.replace('EXTRAVERSION =', 'EXTRAVERSION = -rc3'))).toBe(
      '6.12.117-rc3',
    );
    expect(makefileVersion('all:\n\techo hi\n')).toBeNull();
  });

  it("an installed target: the build's build.json beside selftests/", () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-selver-'));
    const b = JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/skips/build.json'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(
      join(out, 'build.json'),
      JSON.stringify({ ...b, selftestsDir: join(out, 'selftests') }),
    );
    mkdirSync(join(out, 'selftests/net/mptcp'), { recursive: true });
    expect(selftestsTree(join(out, 'selftests/net/mptcp'))).toEqual({
      dir: join(out, 'selftests/net/mptcp'),
      version: '6.12.117',
      from: 'build.json',
    });
    // a build.json whose selftests are elsewhere says nothing about this dir
    mkdirSync(join(out, 'other/net'), { recursive: true });
    expect(selftestsTree(join(out, 'other/net')).version).toBeUndefined();
  });

  it('an installed target reached through a link (a workspace out dir linked to the build dir)', () => {
    const out = mkdtempSync(join(tmpdir(), 'kci-selver-'));
    const b = JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/skips/build.json'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(
      join(out, 'build.json'),
      JSON.stringify({ ...b, selftestsDir: join(out, 'selftests') }),
    );
    mkdirSync(join(out, 'selftests/net/mptcp'), { recursive: true });
    const ws = mkdtempSync(join(tmpdir(), 'kci-selver-ws-'));
    symlinkSync(out, join(ws, 'out'));
    const viaLink = join(ws, 'out/selftests/net/mptcp');
    expect(selftestsTree(viaLink)).toEqual({
      dir: viaLink,
      version: '6.12.117',
      from: 'build.json',
    });
  });

  it("an unpacked kernel bundle: its kernel-ci-bundle.json (the CI kernel's, fixtures/skips)", () => {
    const root = mkdtempSync(join(tmpdir(), 'kci-selbundle-'));
    writeFileSync(
      join(root, 'kernel-ci-bundle.json'),
      readFileSync(join(import.meta.dirname, '../fixtures/skips/kernel-ci-bundle.json')),
    );
    mkdirSync(join(root, 'selftests/net/mptcp'), { recursive: true });
    expect(selftestsTree(join(root, 'selftests/net/mptcp'))).toMatchObject({
      version: '6.12.117',
      from: 'bundle',
    });
  });

  it('an in-tree target: the top Makefile of the tree (a Kbuild beside it)', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kci-seltree-'));
    writeFileSync(join(tree, 'Makefile'), LINUX_6_12_HEAD);
    writeFileSync(join(tree, 'Kbuild'), '');
    const dir = join(tree, 'tools/testing/selftests/net/mptcp');
    mkdirSync(dir, { recursive: true });
    // the target's own Makefile is not the tree's
    writeFileSync(join(dir, 'Makefile'), 'TEST_PROGS := diag.sh\ninclude ../../lib.mk\n');
    expect(selftestsTree(dir)).toMatchObject({ version: '6.12.117', from: 'Makefile' });
  });
});
