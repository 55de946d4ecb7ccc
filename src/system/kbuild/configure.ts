// base config → merge_config.sh (the tree's own) → olddefconfig → proof:
// every requested option compared with the final .config and, where it did
// not stick, Kconfig's reason.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WriteStream } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import {
  checkConfig,
  configValues,
  mergeRequests,
  parseConfig,
  renderFragment,
  type ConfigMismatch,
  type ConfigRequest,
} from '../../core/kbuild/kconfig-check.js';
import { parseKconfigTree } from '../../core/kbuild/kconfig-tree.js';
import { runLogged } from './make.js';
import { presetRequests } from './presets.js';

export interface ConfigureOptions {
  source: string;
  objDir: string;
  /** defconfig | tinyconfig | path of a full .config */
  base: string;
  presets: string[];
  fragments: string[];
  enable: string[];
  disable: string[];
  /** KEY=VALUE make variables (ARCH, CC, LLVM=1…) for every make call. */
  makeVars: string[];
  log: WriteStream;
  env: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
}

export interface Configured {
  config: string;
  /** sha256 of the final .config without its generated header. */
  configHash: string;
  requests: ConfigRequest[];
  mismatches: ConfigMismatch[];
  kselftestTargets: string[];
  modules: boolean;
  /** merge_config.sh's own words (redefinitions, its mismatch list). */
  mergeOutput: string[];
}

export const BASES = ['defconfig', 'tinyconfig', 'allnoconfig'];

const OPT = /^(?:CONFIG_)?([A-Za-z0-9_]+)(?:=(.+))?$/;

export function flagRequests(enable: string[], disable: string[]): ConfigRequest[] {
  const parse = (raw: string, flag: string, off: boolean): ConfigRequest => {
    const m = OPT.exec(raw.trim());
    if (!m || (off && m[2] !== undefined))
      throw new UsageError(
        `--${flag}: expected an option name like MPTCP or CONFIG_MPTCP, got '${raw}'`,
      );
    return { name: m[1]!, value: off ? 'n' : (m[2] ?? 'y'), origin: `--${flag}` };
  };
  return [
    ...enable.map((e) => parse(e, 'enable', false)),
    ...disable.map((d) => parse(d, 'disable', true)),
  ];
}

export function readFragments(paths: string[]): ConfigRequest[][] {
  return paths.map((p) => {
    if (!existsSync(p)) throw new UsageError(`--fragment: no such file '${p}'`);
    const text = readFileSync(p, 'utf8');
    const reqs = parseConfig(text, p);
    if (reqs.length === 0 && text.trim() !== '')
      throw new UsageError(`--fragment: '${p}' has no CONFIG_ lines (not a config fragment?)`);
    return reqs;
  });
}

export function hashConfig(text: string): string {
  // The header carries the kernel version and compiler; the body is what matters.
  const body = text
    .split('\n')
    .filter((l) => l.startsWith('CONFIG_'))
    .join('\n');
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

export async function configure(o: ConfigureOptions): Promise<Configured> {
  const make = (targets: string[]) =>
    runLogged('make', {
      args: ['-C', o.source, `O=${o.objDir}`, ...o.makeVars, ...targets],
      env: o.env,
      log: o.log,
      onLine: o.onLine,
    });
  const dotConfig = join(o.objDir, '.config');
  if (BASES.includes(o.base)) {
    const r = await make([o.base]);
    if (r.code !== 0) throw new Error(`make ${o.base} failed: ${r.tail.slice(-3).join(' | ')}`);
  } else {
    const file = resolve(o.base);
    if (!existsSync(file))
      throw new UsageError(
        `--base: expected defconfig, tinyconfig or a config file, got '${o.base}'`,
      );
    copyFileSync(file, dotConfig);
  }
  const base = configValues(readFileSync(dotConfig, 'utf8'));

  const fragmentReqs = readFragments(o.fragments);
  const flagReqs = flagRequests(o.enable, o.disable);
  const explicit = mergeRequests(...fragmentReqs, flagReqs);
  // Presets first, then fragments, then flags: the most specific wins.
  const presetLists: ConfigRequest[][] = [];
  const kselftestTargets: string[] = [];
  for (const name of o.presets) {
    const sofar = mergeRequests(...presetLists, explicit);
    const on = (opt: string) => {
      const r = sofar.find((x) => x.name === opt);
      const v = r ? r.value : base.get(opt);
      return v === 'y' || v === 'm';
    };
    const p = presetRequests(o.source, name, on);
    presetLists.push(p.requests);
    if (p.kselftest) kselftestTargets.push(p.kselftest);
  }
  const requests = mergeRequests(...presetLists, ...fragmentReqs, flagReqs);

  let mergeOutput: string[] = [];
  if (requests.length) {
    const fragment = join(o.objDir, 'kernel-ci.fragment.config');
    writeFileSync(fragment, renderFragment(requests));
    const lines: string[] = [];
    const r = await runLogged(join(o.source, 'scripts/kconfig/merge_config.sh'), {
      args: ['-m', '-O', o.objDir, dotConfig, fragment],
      cwd: o.source,
      env: o.env,
      log: o.log,
      onLine: (l) => lines.push(l),
    });
    mergeOutput = lines;
    if (r.code !== 0) throw new Error(`merge_config.sh failed: ${r.tail.slice(-3).join(' | ')}`);
  }
  const od = await make(['olddefconfig']);
  if (od.code !== 0) throw new Error(`make olddefconfig failed: ${od.tail.slice(-3).join(' | ')}`);

  const finalText = readFileSync(dotConfig, 'utf8');
  const final = configValues(finalText);
  let mismatches = checkConfig(requests, final);
  if (mismatches.length) {
    // Only read the whole Kconfig tree when there is something to explain.
    const tree = parseKconfigTree(
      (p) => {
        try {
          return readFileSync(join(o.source, p), 'utf8');
        } catch {
          return undefined;
        }
      },
      { SRCARCH: 'x86', ARCH: 'x86_64', HEADER_ARCH: 'x86' },
    );
    mismatches = checkConfig(requests, final, tree);
  }
  return {
    config: dotConfig,
    configHash: hashConfig(finalText),
    requests,
    mismatches,
    kselftestTargets,
    modules: final.get('MODULES') === 'y' && [...final.values()].includes('m'),
    mergeOutput,
  };
}
