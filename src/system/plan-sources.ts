// The plan builder's view of the disk: kselftest targets (installed or
// in-tree), packetdrill scripts, the plan file. The guest sees the host's
// root, so what is found here is what the guest will run.
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import {
  makefileTests,
  parseKselftestList,
  settingsTimeout,
  type TestFileInfo,
} from '../core/plan/kselftest.js';
import { globToRegExp } from '../core/plan/glob.js';
import type { KselftestTarget, PacketdrillScript, PlanSources } from '../core/plan/plan-builder.js';

const LIST = 'kselftest-list.txt';
const IN_TREE = `${path.sep}tools${path.sep}testing${path.sep}selftests${path.sep}`;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function fileInfo(file: string): TestFileInfo {
  if (!existsSync(file)) return { exists: false, executable: false };
  const info: TestFileInfo = {
    exists: true,
    executable: isExecutable(file),
    ksftRunner: isExecutable(path.join(path.dirname(file), 'ksft_runner.sh')),
  };
  if (!info.executable) {
    const head = readFileSync(file).subarray(0, 256).toString('latin1').split('\n')[0] ?? '';
    if (head.startsWith('#!')) info.interpreter = head.slice(2).trim();
  }
  return info;
}

/** make's $(wildcard) for the plain `*.ext` / `name` patterns selftest Makefiles use. */
function globFiles(dir: string, pattern: string): string[] {
  if (pattern.includes('/')) return [];
  const re = globToRegExp(pattern);
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .sort();
}

function timeoutOf(dir: string): number | undefined {
  const f = path.join(dir, 'settings');
  return existsSync(f) ? settingsTimeout(readFileSync(f, 'utf8')) : undefined;
}

function fromList(root: string, only?: string): KselftestTarget[] {
  const byCollection = new Map<string, string[]>();
  for (const { collection, test } of parseKselftestList(
    readFileSync(path.join(root, LIST), 'utf8'),
  )) {
    if (only && collection !== only && !collection.startsWith(`${only}/`)) continue;
    byCollection.set(collection, [...(byCollection.get(collection) ?? []), test]);
  }
  return [...byCollection].map(([suite, tests]) => {
    const dir = path.join(root, suite);
    return {
      suite,
      dir,
      timeout: timeoutOf(dir),
      tests: tests.map((name) => ({ name, info: fileInfo(path.join(dir, name)) })),
    };
  });
}

export function kselftestTargets(dirArg: string): KselftestTarget[] {
  const dir = path.resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`kselftest: no such directory: ${dirArg}`);
  if (existsSync(path.join(dir, LIST))) {
    const targets = fromList(dir);
    if (targets.length === 0)
      throw new UsageError(`kselftest: ${path.join(dirArg, LIST)} lists no test`);
    return targets;
  }
  // One collection of an installed tree: its list sits a few levels up.
  for (let up = path.dirname(dir), depth = 0; depth < 4 && up !== path.dirname(up); depth++) {
    if (existsSync(path.join(up, LIST))) {
      const targets = fromList(up, path.relative(up, dir));
      if (targets.length > 0) return targets;
      break;
    }
    up = path.dirname(up);
  }
  const makefile = path.join(dir, 'Makefile');
  if (!existsSync(makefile))
    throw new UsageError(
      `kselftest: ${dirArg} has neither ${LIST} (installed selftests) nor a Makefile (in-tree target)`,
    );
  const tests = makefileTests(readFileSync(makefile, 'utf8'), (pattern) => globFiles(dir, pattern));
  if (tests.length === 0)
    throw new UsageError(`kselftest: ${makefile} defines no TEST_PROGS / TEST_GEN_PROGS`);
  const at = (dir + path.sep).lastIndexOf(IN_TREE);
  const suite = at >= 0 ? dir.slice(at + IN_TREE.length) : path.basename(dir);
  return [
    {
      suite,
      dir,
      timeout: timeoutOf(dir),
      tests: tests.map((name) => ({ name, info: fileInfo(path.join(dir, name)) })),
    },
  ];
}

export function packetdrillScripts(dirArg: string): PacketdrillScript[] {
  const root = path.resolve(dirArg);
  if (!existsSync(root)) throw new UsageError(`packetdrill: no such file or directory: ${dirArg}`);
  const read = (dir: string, file: string, group: string): PacketdrillScript => ({
    dir,
    file,
    group,
    text: readFileSync(path.join(dir, file), 'utf8'),
  });
  if (statSync(root).isFile()) {
    if (!root.endsWith('.pkt')) throw new UsageError(`packetdrill: ${dirArg} is not a .pkt script`);
    return [read(path.dirname(root), path.basename(root), '')];
  }
  const out: PacketdrillScript[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith('.pkt'))
        out.push(read(dir, e.name, path.relative(root, dir)));
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(root);
  if (out.length === 0) throw new UsageError(`packetdrill: no .pkt script under ${dirArg}`);
  return out;
}

export const fsPlanSources: PlanSources = {
  kselftestTargets,
  packetdrillScripts,
  readText: (file) => readFileSync(file, 'utf8'),
  isExecutable,
};
