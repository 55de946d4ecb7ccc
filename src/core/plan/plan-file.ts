// The YAML test plan a user keeps in their repo (`--plan FILE`, docs/plan.md).
// Every key is checked; a mistake is a UsageError naming file and line.
// Relative paths are relative to the plan file's directory.
import { posix as path } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { UsageError } from '../errors.js';
import { globToRegExp } from './glob.js';
import { parseBpfFlag, type BpfSpec } from '../test-progs.js';
import {
  emptySpec,
  PACKETDRILL_DEFAULT_JOBS,
  PACKETDRILL_DEFAULT_TIMEOUT,
  type CommandSpec,
  type PlanSpec,
  type ToolGuardLevel,
} from './plan-spec.js';

class Reader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  fail(node: Node | null | undefined, msg: string): never {
    const at = node?.range ? this.lines.linePos(node.range[0]).line : undefined;
    throw new UsageError(`${this.file}${at ? `:${at}` : ''}: ${msg}`);
  }

  map(node: Node | null | undefined, what: string, keys: readonly string[]): Map<string, Node> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping`);
    const out = new Map<string, Node>();
    for (const pair of node.items) {
      const k = pair.key as Node;
      const name = isScalar(k) ? String(k.value) : '';
      if (!keys.includes(name))
        this.fail(k, `unknown key '${name}' in ${what} (known: ${keys.join(', ')})`);
      out.set(name, pair.value as Node);
    }
    return out;
  }

  string(node: Node | undefined, what: string): string {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object')
      this.fail(node, `${what} must be a string`);
    const v = String(node.value);
    if (!v.trim()) this.fail(node, `${what} must not be empty`);
    return v;
  }

  int(node: Node | undefined, what: string, min: number): number {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value))
      this.fail(node, `${what} must be a whole number`);
    if (node.value < min) this.fail(node, `${what} must be at least ${min}`);
    return node.value;
  }

  number(node: Node | undefined, what: string): number {
    if (!isScalar(node) || typeof node.value !== 'number' || !(node.value > 0))
      this.fail(node, `${what} must be a positive number`);
    return node.value;
  }

  bool(node: Node | undefined, what: string): boolean {
    if (!isScalar(node) || typeof node.value !== 'boolean')
      this.fail(node, `${what} must be true or false`);
    return node.value;
  }

  /** A list, or a single string standing for a list of one. */
  strings(node: Node | undefined, what: string): string[] {
    if (isScalar(node)) return [this.string(node, what)];
    if (!isSeq(node)) this.fail(node, `${what} must be a list of strings`);
    return node.items.map((n, i) => this.string(n as Node, `${what}[${i + 1}]`));
  }

  globs(node: Node | undefined, what: string): string[] {
    const out = this.strings(node, what);
    for (const g of out) {
      try {
        globToRegExp(g);
      } catch (e) {
        this.fail(node, (e as Error).message);
      }
    }
    return out;
  }

  list(node: Node | undefined, what: string): Node[] {
    if (!isSeq(node)) this.fail(node, `${what} must be a list`);
    return node.items as Node[];
  }
}

const TOP = [
  'kselftest',
  'kunit',
  'packetdrill',
  'bpf',
  'commands',
  'before',
  'after',
  'env',
  'only',
  'except',
  'test-timeout',
  'skip-is-fail',
  'retries',
  'tool-guard',
] as const;

/** `defaults` holds the command's defaults: what the file does not say keeps them. */
export function parsePlanFile(
  text: string,
  file: string,
  defaults: PlanSpec = emptySpec(),
): PlanSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const name = file;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new UsageError(`${name}:${line}: ${e.message.split('\n')[0]}`);
  }
  const r: Reader = new Reader(name, lineCounter);
  const spec = defaults;
  if (doc.contents === null) return spec;
  const top = r.map(doc.contents as Node, 'the plan', TOP);
  const base = path.dirname(file);
  const abs = (p: string): string => path.resolve(base, p);

  const ks = top.get('kselftest');
  if (ks !== undefined)
    for (const [i, n] of (isScalar(ks) ? [ks] : r.list(ks, 'kselftest')).entries()) {
      const what = `kselftest[${i + 1}]`;
      if (isScalar(n)) {
        spec.kselftest.push({ dir: abs(r.string(n, what)), include: [], exclude: [] });
        continue;
      }
      const m = r.map(n, what, ['dir', 'include', 'exclude', 'timeout']);
      if (!m.has('dir')) r.fail(n, `${what} needs a dir`);
      spec.kselftest.push({
        dir: abs(r.string(m.get('dir'), `${what}.dir`)),
        include: m.has('include') ? r.globs(m.get('include'), `${what}.include`) : [],
        exclude: m.has('exclude') ? r.globs(m.get('exclude'), `${what}.exclude`) : [],
        ...(m.has('timeout') ? { timeout: r.int(m.get('timeout'), `${what}.timeout`, 0) } : {}),
      });
    }

  const ku = top.get('kunit');
  if (ku !== undefined) {
    if (isScalar(ku)) spec.kunit.builtin = r.bool(ku, 'kunit');
    else {
      const m = r.map(ku, 'kunit', ['builtin', 'modules']);
      if (m.has('builtin')) spec.kunit.builtin = r.bool(m.get('builtin'), 'kunit.builtin');
      if (m.has('modules'))
        spec.kunit.modules = r
          .strings(m.get('modules'), 'kunit.modules')
          .map((x) => (x.includes('/') ? abs(x) : x));
    }
  }

  const pd = top.get('packetdrill');
  if (pd !== undefined)
    for (const [i, n] of (isMap(pd) ? [pd] : r.list(pd, 'packetdrill')).entries()) {
      const what = `packetdrill[${i + 1}]`;
      const m = r.map(n, what, [
        'dir',
        'bin',
        'jobs',
        'timeout',
        'tolerance',
        'include',
        'exclude',
      ]);
      if (!m.has('dir')) r.fail(n, `${what} needs a dir (of .pkt scripts)`);
      if (!m.has('bin')) r.fail(n, `${what} needs a bin (the packetdrill binary)`);
      spec.packetdrill.push({
        dir: abs(r.string(m.get('dir'), `${what}.dir`)),
        bin: abs(r.string(m.get('bin'), `${what}.bin`)),
        jobs: m.has('jobs') ? r.int(m.get('jobs'), `${what}.jobs`, 1) : PACKETDRILL_DEFAULT_JOBS,
        timeout: m.has('timeout')
          ? r.int(m.get('timeout'), `${what}.timeout`, 0)
          : PACKETDRILL_DEFAULT_TIMEOUT,
        ...(m.has('tolerance')
          ? { tolerance: r.number(m.get('tolerance'), `${what}.tolerance`) }
          : {}),
        include: m.has('include') ? r.globs(m.get('include'), `${what}.include`) : [],
        exclude: m.has('exclude') ? r.globs(m.get('exclude'), `${what}.exclude`) : [],
      });
    }

  const bpf = top.get('bpf');
  if (bpf !== undefined)
    for (const [i, n] of (isMap(bpf) ? [bpf] : r.list(bpf, 'bpf')).entries()) {
      const what = `bpf[${i + 1}]`;
      const m = r.map(n, what, ['dir', 'run', 'timeout']);
      if (!m.has('dir') || !m.has('run'))
        r.fail(n, `${what} needs a dir (the built BPF selftests) and a run (test_progs ...)`);
      const run = r.string(m.get('run'), `${what}.run`);
      const dir = abs(r.string(m.get('dir'), `${what}.dir`));
      let s: BpfSpec;
      try {
        s = parseBpfFlag(run, dir, `${what}.run`);
      } catch (e) {
        r.fail(m.get('run'), (e as Error).message);
      }
      if (m.has('timeout')) s.timeout = r.int(m.get('timeout'), `${what}.timeout`, 0);
      spec.bpf.push(s);
    }

  const cmds = top.get('commands');
  if (cmds !== undefined)
    for (const [i, n] of r.list(cmds, 'commands').entries()) {
      const what = `commands[${i + 1}]`;
      const m = r.map(n, what, ['name', 'run', 'cwd', 'timeout']);
      if (!m.has('name') || !m.has('run')) r.fail(n, `${what} needs a name and a run`);
      const c: CommandSpec = {
        name: r.string(m.get('name'), `${what}.name`),
        run: r.string(m.get('run'), `${what}.run`),
      };
      if (/[\s/]/.test(c.name))
        r.fail(m.get('name'), `${what}.name must not contain spaces or '/'`);
      if (m.has('cwd')) c.cwd = abs(r.string(m.get('cwd'), `${what}.cwd`));
      if (m.has('timeout')) c.timeout = r.int(m.get('timeout'), `${what}.timeout`, 0);
      spec.commands.push(c);
    }

  if (top.has('before')) spec.before = r.strings(top.get('before'), 'before');
  if (top.has('after')) spec.after = r.strings(top.get('after'), 'after');
  if (top.has('env')) {
    const envNode = top.get('env');
    if (!isMap(envNode)) r.fail(envNode, 'env must be a mapping of NAME: value');
    for (const pair of envNode.items) {
      const k = pair.key as Node;
      const key = isScalar(k) ? String(k.value) : '';
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) r.fail(k, `env: '${key}' is not a variable name`);
      const v = pair.value as Node;
      if (!isScalar(v) || v.value === null || typeof v.value === 'object')
        r.fail(v ?? k, `env.${key} must be a string, number or boolean`);
      spec.env[key] = String(v.value);
    }
  }
  if (top.has('only')) spec.only = r.globs(top.get('only'), 'only');
  if (top.has('except')) spec.except = r.globs(top.get('except'), 'except');
  if (top.has('test-timeout')) spec.testTimeout = r.int(top.get('test-timeout'), 'test-timeout', 0);
  if (top.has('skip-is-fail')) spec.skipIsFail = r.bool(top.get('skip-is-fail'), 'skip-is-fail');
  if (top.has('retries')) spec.retries = r.int(top.get('retries'), 'retries', 0);
  if (top.has('tool-guard')) {
    const n = top.get('tool-guard');
    const v = r.string(n, 'tool-guard');
    if (!['off', 'warn', 'error'].includes(v)) r.fail(n, `tool-guard must be off, warn or error`);
    spec.toolGuard = v as ToolGuardLevel;
  }
  return spec;
}
