// Runs a workflow file job by job with the semantics of GitHub's runner for
// what our documented workflows use, so a workflow that cannot work fails
// here instead of in a maintainer's repository:
//
// - read and validated by GitHub's own @actions/workflow-parser; every
//   `${{ }}` evaluated by @actions/expressions (the runner's evaluator), with
//   the status functions (success, failure, always, cancelled) and the
//   implicit `success() &&` of an `if:` as the parser adds it;
// - jobs in `needs` order, a job skipped when a needed job did not succeed
//   unless its `if:` says otherwise; `strategy.matrix` expanded (product,
//   include, exclude), one fresh workspace per matrix job;
// - `run:` steps in `bash --noprofile --norc -eo pipefail`, the runner's
//   default shell; GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY;
// - this project's actions through their action.yml: inputs as INPUT_* with
//   the declared defaults, an unexpected input warned about as the runner
//   does, `runs.main` run by node (runner.ts), outputs and summary collected;
// - third-party actions emulated by what their documentation promises:
//   actions/checkout, actions/upload-artifact@v4 (a zip: contents only, every
//   file 0644 and dir 0755 after download, hidden files left out, names
//   unique in a run), actions/download-artifact@v4 (by name into `path`, by
//   pattern into `path/<name>/` unless merge-multiple, another run's with
//   run-id), actions/cache@v4 (exact key, then restore-keys prefixes newest
//   first; saved after the job when the key did not hit) and
//   EnricoMi/publish-unit-test-result-action@v2 (the permissions its README
//   lists as minimal, its deprecated inputs warned about).
//
// Not emulated: services, containers, concurrency, reusable workflows,
// composite actions; a step that uses any of them fails loudly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import {
  parseFileCommand,
  runActionEntry,
  type ActionRun,
  type WorkflowCommand,
} from './runner.js';

// ---------------------------------------------------------------- expressions

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Contexts = Record<string, Json>;

export interface StatusFunctions {
  success: () => boolean;
  failure: () => boolean;
  cancelled?: () => boolean;
}

const CONTEXTS = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
];

/** One `${{ }}` body, evaluated as the runner does; the result as plain JSON. */
export function evaluateExpression(
  expression: string,
  contexts: Contexts,
  status: StatusFunctions = { success: () => true, failure: () => false },
  workspace?: string,
): Json {
  const fns: {
    name: string;
    minArgs: number;
    maxArgs: number;
    call: (...a: data.ExpressionData[]) => data.ExpressionData;
  }[] = [
    { name: 'success', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status.success()) },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status.failure()) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) },
    {
      name: 'cancelled',
      minArgs: 0,
      maxArgs: 0,
      call: () => new data.BooleanData(status.cancelled?.() ?? false),
    },
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...globs) =>
        new data.StringData(
          hashFiles(
            workspace ?? process.cwd(),
            globs.map((g) => g.coerceString()),
          ),
        ),
    },
  ];
  const tokens = new Lexer(expression).lex().tokens;
  const ast = new Parser(tokens, CONTEXTS, fns).parse();
  const ctx = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  const result = new Evaluator(
    ast,
    ctx,
    new Map(fns.map((f) => [f.name.toLowerCase(), f])),
  ).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer) ?? 'null') as Json;
}

/** The runner's conversion of an expression result where a string is expected. */
export function asString(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return JSON.stringify(v, null, 2);
}

/** The hashFiles() of the docs: sha256 over each matching file's sha256, in path order. */
function hashFiles(workspace: string, patterns: string[]): string {
  const files = walk(workspace)
    .filter((f) => patterns.some((p) => globMatch(p, relative(workspace, f))))
    .sort();
  if (files.length === 0) return '';
  const all = createHash('sha256');
  for (const f of files) all.update(createHash('sha256').update(readFileSync(f)).digest());
  return all.digest('hex');
}

/** Evaluates a template token (a mapping, a sequence, a scalar or an expression) to JSON. */
export function evaluateToken(
  t: TemplateToken | undefined,
  contexts: Contexts,
  status?: StatusFunctions,
  workspace?: string,
): Json {
  if (t === undefined) return null;
  if (isBasicExpression(t)) return evaluateExpression(t.expression, contexts, status, workspace);
  if (isString(t)) return t.value;
  if (isNumber(t)) return t.value;
  if (isBoolean(t)) return t.value;
  if (isSequence(t)) {
    const out: Json[] = [];
    for (const item of t) out.push(evaluateToken(item, contexts, status, workspace));
    return out;
  }
  if (isMapping(t)) {
    const out: Record<string, Json> = {};
    for (const kv of t)
      out[asString(evaluateToken(kv.key, contexts, status, workspace))] = evaluateToken(
        kv.value,
        contexts,
        status,
        workspace,
      );
    return out;
  }
  return null;
}

// ------------------------------------------------------------------- globbing

/** @actions/glob's patterns as the artifact actions use them: *, **, ?, [...]. */
export function globMatch(pattern: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      re += end > i ? pattern.slice(i, end + 1) : '\\[';
      if (end > i) i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(path.replace(/\/+$/, ''));
}

/**
 * Files under dir. A symlink to a file counts as the file; a symlink to a
 * directory is not entered. (upload-artifact follows those too, with cycle
 * detection; a kernel's O= dir links back to its whole tree as `source`.)
 */
function walk(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const link = lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink();
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory() && !link) out.push(...walk(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- artifacts

/**
 * Artifacts of every run, kept as the zip would: file contents under their
 * relative paths, no modes. Stored on disk under `root/<runId>/<name>/`.
 */
export class ArtifactStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }
  dir(runId: number, name: string): string {
    return join(this.root, String(runId), name);
  }
  list(runId: number): string[] {
    const d = join(this.root, String(runId));
    return existsSync(d) ? readdirSync(d).sort() : [];
  }
  has(runId: number, name: string): boolean {
    return existsSync(this.dir(runId, name));
  }
  delete(runId: number, name: string): void {
    rmSync(this.dir(runId, name), { recursive: true, force: true });
  }
  /** Files of an artifact, relative to its root. */
  files(runId: number, name: string): string[] {
    const d = this.dir(runId, name);
    return walk(d)
      .map((f) => relative(d, f))
      .sort();
  }
}

const isHidden = (rel: string) => rel.split('/').some((part) => part.startsWith('.'));
const hasWildcard = (p: string) => /[*?[]/.test(p);
const expandTilde = (p: string) =>
  p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;

/** What upload-artifact@v4 puts in the zip: [absolute file, path inside the artifact][]. */
export function uploadSet(
  paths: string[],
  cwd: string,
  includeHidden: boolean,
): { files: [string, string][]; root: string } {
  const includes = paths.filter((p) => !p.startsWith('!')).map(expandTilde);
  const excludes = paths
    .filter((p) => p.startsWith('!'))
    .map((p) => resolve(cwd, expandTilde(p.slice(1))));
  // The search root of each path: the path itself, or what precedes its first wildcard.
  const searchRoots = includes.map((p) => {
    const abs = resolve(cwd, p);
    if (!hasWildcard(p)) return abs;
    const parts = abs.split(sep);
    const i = parts.findIndex(hasWildcard);
    return parts.slice(0, i).join(sep) || sep;
  });
  const found: string[] = [];
  includes.forEach((p, i) => {
    const abs = resolve(cwd, p);
    if (!hasWildcard(p)) {
      const st = statSync(abs, { throwIfNoEntry: false });
      if (st?.isFile()) found.push(abs);
      else if (st?.isDirectory()) found.push(...walk(abs));
    } else {
      for (const f of walk(searchRoots[i]!)) if (globMatch(abs, f)) found.push(f);
    }
  });
  // A single file's root is its directory; otherwise the least common ancestor of the search roots.
  const rootsForLca = searchRoots.map((r) =>
    statSync(r, { throwIfNoEntry: false })?.isFile() ? dirname(r) : r,
  );
  let root = rootsForLca[0] ?? cwd;
  for (const r of rootsForLca.slice(1))
    while (!(r + sep).startsWith(root.endsWith(sep) ? root : root + sep) && r !== root)
      root = dirname(root);
  const files: [string, string][] = [];
  for (const f of [...new Set(found)].sort()) {
    if (excludes.some((x) => globMatch(x, f) || f.startsWith(x + sep))) continue;
    const rel = relative(root, f);
    if (!includeHidden && isHidden(rel)) continue;
    files.push([f, rel]);
  }
  return { files, root };
}

/** download-artifact: contents written the way unzip writes them on the runner: 0644 files, 0755 dirs. */
function restoreArtifact(src: string, dest: string): void {
  for (const f of walk(src)) {
    const to = join(dest, relative(src, f));
    mkdirSync(dirname(to), { recursive: true, mode: 0o755 });
    copyFileSync(f, to);
    chmodSync(to, 0o644);
  }
}

// ---------------------------------------------------------------------- cache

export class CacheStore {
  private seq = 0;
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }
  private entries(): { key: string; dir: string; seq: number }[] {
    return readdirSync(this.root)
      .filter((d) => existsSync(join(this.root, d, 'meta.json')))
      .map((d) => {
        const m = JSON.parse(readFileSync(join(this.root, d, 'meta.json'), 'utf8')) as {
          key: string;
          seq: number;
        };
        return { key: m.key, seq: m.seq, dir: join(this.root, d) };
      });
  }
  /** Exact key first, then each restore key as a prefix, newest entry first. */
  restore(key: string, restoreKeys: string[], paths: string[]): string | undefined {
    const all = this.entries().sort((a, b) => b.seq - a.seq);
    const hit =
      all.find((e) => e.key === key) ??
      restoreKeys.map((k) => all.find((e) => e.key.startsWith(k))).find(Boolean);
    if (!hit) return undefined;
    paths.forEach((p, i) => {
      const src = join(hit.dir, String(i));
      if (existsSync(src))
        cpSync(src, resolve(expandTilde(p)), { recursive: true, verbatimSymlinks: true });
    });
    return hit.key;
  }
  save(key: string, paths: string[]): boolean {
    if (this.entries().some((e) => e.key === key)) return false; // caches are immutable
    const dir = join(this.root, createHash('sha256').update(key).digest('hex').slice(0, 16));
    paths.forEach((p, i) => {
      const abs = resolve(expandTilde(p));
      if (existsSync(abs))
        cpSync(abs, join(dir, String(i)), { recursive: true, verbatimSymlinks: true });
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'meta.json'),
      JSON.stringify({ key, seq: Date.now() * 1000 + this.seq++ }),
    );
    return true;
  }
}

// ------------------------------------------------------------------ the run

export type Result = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepRun {
  name: string;
  uses?: string;
  outcome: Result;
  conclusion: Result;
  outputs: Record<string, string>;
  inputs?: Record<string, string>;
  exitCode?: number | null;
  /** The result of an earlier identical step stood for this one (RunnerOptions.replay). */
  replayed?: boolean;
  log: string;
  /** ::warning:: / ::error:: commands and the runner's own warnings (unexpected inputs, deprecations). */
  warnings: string[];
  errors: string[];
  summary: string;
  ms: number;
}

export interface JobRun {
  id: string;
  /** `build (normal)`, as GitHub names a matrix job. */
  name: string;
  matrix: Record<string, Json>;
  result: Result;
  steps: StepRun[];
  summary: string;
  workspace: string;
  outputs: Record<string, string>;
  ms: number;
}

export interface WorkflowRun {
  file: string;
  runId: number;
  attempt: number;
  jobs: JobRun[];
  /** The result of each job id over its matrix (what `needs.<id>.result` says). */
  results: Record<string, Result>;
  ms: number;
}

export interface Event {
  name: string;
  payload: Record<string, Json>;
  ref?: string;
  sha?: string;
}

/** A step of one of our actions, before it runs: the harness may change its inputs (see the test for why). */
export interface OurStep {
  action: string;
  job: string;
  matrix: Record<string, Json>;
  workspace: string;
  inputs: Record<string, string>;
}

export interface RunnerOptions {
  /** Where runs, workspaces, artifacts and caches go. */
  root: string;
  artifacts: ArtifactStore;
  cache: CacheStore;
  /** owner/name of this project's actions → the dir holding them (its action.yml files). */
  ours: { repo: string; dir: string; dist: string };
  /** actions/checkout: fills the workspace with the repository the workflow runs for. */
  checkout: (workspace: string, with_: Record<string, string>) => void;
  /** Called before each of our actions' steps runs. */
  mapOurStep?: (s: OurStep) => Record<string, string>;
  /** Called before a job (each matrix job) starts. */
  beforeJob?: (job: string, matrix: Record<string, Json>, run: { runId: number }) => void;
  /** Environment every step sees (PATH, HOME, caches). */
  env?: Record<string, string>;
  /** Which token permissions the workflow grants; read from the file when absent. */
  repository?: string;
  /**
   * Steps of ours whose result may stand for a later identical one (the
   * test decides which and how: e.g. a build's out dir copied, its outputs
   * rebased to the new workspace).
   */
  replay?: {
    get(s: OurStep): ActionRun | undefined;
    put(s: OurStep, r: ActionRun): void;
  };
  /**
   * The runner image a step of ours runs in, as a command prefix (e.g. a
   * bare runner: helpers/bare-runner.ts); undefined = this machine.
   */
  image?: (s: OurStep) => string[] | undefined;
  /** How many matrix jobs of a job run at once (default 1). */
  parallel?: (job: string) => number;
  /** The job-level timeout of our actions, ms. */
  stepTimeoutMs?: number;
  log?: (m: string) => void;
}

let nextRunId = 1000;

interface LoadedWorkflow {
  file: string;
  root: TemplateToken;
  jobs: Awaited<ReturnType<typeof convertWorkflowTemplate>>['jobs'];
  permissions: Record<string, string>;
  env: TemplateToken | undefined;
}

export async function loadWorkflow(
  file: string,
  content = readFileSync(file, 'utf8'),
): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: basename(file), content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) throw new Error(`${file}: ${errors.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length)
    throw new Error(`${file}: ${template.errors.map((e) => e.Message).join('; ')}`);
  const raw = parseYaml(content) as { permissions?: Record<string, string> | string };
  const perms =
    typeof raw.permissions === 'string'
      ? Object.fromEntries(
          ['actions', 'checks', 'contents', 'issues', 'pull-requests', 'statuses'].map((k) => [
            k,
            raw.permissions === 'write-all'
              ? 'write'
              : raw.permissions === 'read-all'
                ? 'read'
                : 'none',
          ]),
        )
      : (raw.permissions ?? { default: 'write' });
  const rootMap = parsed.value;
  return {
    file,
    root: rootMap,
    jobs: template.jobs,
    permissions: perms,
    env: isMapping(rootMap) ? rootMap.find('env') : undefined,
  };
}

/** The strategy's matrix as the runner expands it: product of the lists, then exclude, then include. */
export function expandMatrix(m: Json): Record<string, Json>[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return [{}];
  const { include, exclude, ...axes } = m as Record<string, Json>;
  let combos: Record<string, Json>[] = [{}];
  for (const [k, values] of Object.entries(axes)) {
    const vs = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((c) => vs.map((v) => ({ ...c, [k]: v })));
  }
  const matches = (c: Record<string, Json>, e: Record<string, Json>) =>
    Object.entries(e).every(([k, v]) => JSON.stringify(c[k]) === JSON.stringify(v));
  if (Array.isArray(exclude))
    combos = combos.filter((c) => !exclude.some((e) => matches(c, e as Record<string, Json>)));
  if (Object.keys(axes).length === 0) combos = [];
  if (Array.isArray(include)) {
    const original = combos.map((c) => ({ ...c }));
    for (const inc of include as Record<string, Json>[]) {
      let added = false;
      combos.forEach((c, i) => {
        // Added to every original combination it does not overwrite.
        const o = original[i]!;
        if (
          Object.entries(inc).every(
            ([k, v]) => !(k in o) || JSON.stringify(o[k]) === JSON.stringify(v),
          )
        ) {
          Object.assign(c, inc);
          added = true;
        }
      });
      if (!added) combos.push({ ...inc });
    }
  }
  return combos.length ? combos : [{}];
}

function tokenAt(t: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return t && isMapping(t) ? t.find(key) : undefined;
}

export class WorkflowRunner {
  constructor(readonly o: RunnerOptions) {}

  private log(m: string) {
    this.o.log?.(m);
  }

  /**
   * Runs a workflow. `previous` + `onlyJobs` re-runs jobs of an earlier run
   * as GitHub's "re-run jobs" does: same run id (its artifacts), the other
   * jobs' results kept, a new attempt number.
   */
  async run(
    file: string,
    event: Event,
    opts: {
      inputs?: Record<string, Json>;
      previous?: WorkflowRun;
      onlyJobs?: string[];
      content?: string;
    } = {},
  ): Promise<WorkflowRun> {
    const t0 = Date.now();
    const wf = await loadWorkflow(file, opts.content);
    const runId = opts.previous?.runId ?? nextRunId++;
    const attempt = (opts.previous?.attempt ?? 0) + 1;
    const run: WorkflowRun = { file, runId, attempt, jobs: [], results: {}, ms: 0 };
    if (opts.previous) {
      run.results = { ...opts.previous.results };
      run.jobs = opts.previous.jobs.filter((j) => !opts.onlyJobs?.includes(j.id));
    }
    const done = new Set<string>(
      opts.previous ? Object.keys(run.results).filter((j) => !opts.onlyJobs?.includes(j)) : [],
    );
    const pending = wf.jobs.filter((j) => !done.has(j.id.value));
    while (pending.length) {
      const i = pending.findIndex((j) => (j.needs ?? []).every((n) => done.has(n.value)));
      if (i < 0) throw new Error(`${file}: a cycle in needs`);
      const job = pending.splice(i, 1)[0]!;
      if (job.type !== 'job') throw new Error(`${file}: reusable workflows are not emulated`);
      const legs = await this.runJob(wf, job, event, run, opts.inputs ?? {});
      run.jobs.push(...legs);
      const rs = legs.map((l) => l.result);
      run.results[job.id.value] = rs.includes('failure')
        ? 'failure'
        : rs.includes('cancelled')
          ? 'cancelled'
          : rs.every((r) => r === 'skipped')
            ? 'skipped'
            : 'success';
      done.add(job.id.value);
    }
    run.ms = Date.now() - t0;
    return run;
  }

  private baseContexts(
    wf: LoadedWorkflow,
    event: Event,
    run: WorkflowRun,
    inputs: Record<string, Json>,
    workspace: string,
    jobId: string,
    eventPath: string,
  ): Contexts {
    const repository = this.o.repository ?? 'example/linux';
    return {
      github: {
        event_name: event.name,
        event: event.payload,
        event_path: eventPath,
        workspace,
        ref: event.ref ?? 'refs/heads/main',
        sha: event.sha ?? '0'.repeat(40),
        repository,
        repository_owner: repository.split('/')[0]!,
        run_id: String(run.runId),
        run_number: '1',
        run_attempt: String(run.attempt),
        job: jobId,
        actor: 'octocat',
        token: 'ghs_emulated',
        server_url: 'https://github.com',
        api_url: 'https://api.github.com',
        workflow: basename(wf.file),
      },
      inputs,
      vars: {},
      secrets: { GITHUB_TOKEN: 'ghs_emulated' },
    };
  }

  private async runJob(
    wf: LoadedWorkflow,
    job: Extract<LoadedWorkflow['jobs'][number], { type: 'job' }>,
    event: Event,
    run: WorkflowRun,
    inputs: Record<string, Json>,
  ): Promise<JobRun[]> {
    const id = job.id.value;
    const needs: Record<string, Json> = {};
    for (const n of job.needs ?? []) {
      const legs = run.jobs.filter((j) => j.id === n.value);
      needs[n.value] = {
        result: run.results[n.value] ?? 'skipped',
        outputs: Object.assign({}, ...legs.map((l) => l.outputs)) as Json,
      };
    }
    const needResults = (job.needs ?? []).map((n) => run.results[n.value] ?? 'skipped');
    const jobStatus: StatusFunctions = {
      success: () => needResults.every((r) => r === 'success'),
      failure: () => needResults.some((r) => r === 'failure'),
    };
    const scratch = join(this.o.root, `run-${run.runId}-${run.attempt}`);
    const ctx0 = this.baseContexts(wf, event, run, inputs, '', id, '');
    ctx0.needs = needs;
    const strategy = evaluateToken(job.strategy, ctx0) as Record<string, Json> | null;
    const combos = expandMatrix(strategy?.matrix ?? null);
    const legs: JobRun[] = [];
    const runLeg = async (index: number, matrix: Record<string, Json>): Promise<void> => {
      const t0 = Date.now();
      const suffix = Object.keys(matrix).length
        ? ` (${Object.values(matrix).map(asString).join(', ')})`
        : '';
      const leg: JobRun = {
        id,
        name: `${id}${suffix}`,
        matrix,
        result: 'success',
        steps: [],
        summary: '',
        workspace: '',
        outputs: {},
        ms: 0,
      };
      legs[index] = leg;
      const runIf = job.if
        ? evaluateExpression(job.if.expression, { ...ctx0, matrix }, jobStatus)
        : jobStatus.success();
      if (!runIf) {
        leg.result = 'skipped';
        this.log(`job ${leg.name}: skipped`);
        return;
      }
      this.o.beforeJob?.(id, matrix, { runId: run.runId });
      const home = join(scratch, `${id}-${index}`);
      rmSync(home, { recursive: true, force: true });
      const workspace = join(home, 'work');
      const temp = join(home, '_temp');
      const eventPath = join(temp, '_github_workflow', 'event.json');
      mkdirSync(workspace, { recursive: true });
      mkdirSync(dirname(eventPath), { recursive: true });
      writeFileSync(eventPath, JSON.stringify(event.payload, null, 2));
      leg.workspace = workspace;
      this.log(`job ${leg.name}: start`);
      const contexts = this.baseContexts(wf, event, run, inputs, workspace, id, eventPath);
      Object.assign(contexts, {
        needs,
        matrix,
        strategy: {
          'fail-fast': strategy?.['fail-fast'] ?? true,
          'job-index': index,
          'job-total': combos.length,
          'max-parallel': combos.length,
        },
        runner: {
          os: 'Linux',
          arch: 'X64',
          name: 'emulated',
          temp,
          tool_cache: join(home, '_tool'),
        },
        job: { status: 'success' },
        steps: {},
      });
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(
        (evaluateToken(wf.env, contexts) as Record<string, Json> | null) ?? {},
      ))
        env[k] = asString(v);
      contexts.env = { ...env };
      for (const [k, v] of Object.entries(
        (evaluateToken(job.env, contexts) as Record<string, Json> | null) ?? {},
      ))
        env[k] = asString(v);
      contexts.env = { ...env };
      const path: string[] = [];
      const posts: (() => void)[] = [];
      const rawSteps = tokenAt(tokenAt(tokenAt(wf.root, 'jobs'), id), 'steps');
      const raws: TemplateToken[] = [];
      if (rawSteps && isSequence(rawSteps)) for (const s of rawSteps) raws.push(s);
      let failed = false;
      for (const [si, step] of job.steps.entries()) {
        const raw = raws[si]!;
        const userId = asString(evaluateToken(tokenAt(raw, 'id'), contexts)) || undefined;
        const stepStatus: StatusFunctions = { success: () => !failed, failure: () => failed };
        (contexts.job as Record<string, Json>).status = failed ? 'failure' : 'success';
        const name =
          asString(evaluateToken(tokenAt(raw, 'name'), contexts, stepStatus, workspace)) ||
          ('uses' in step && step.uses.value) ||
          `run ${si + 1}`;
        const sr: StepRun = {
          name,
          outcome: 'skipped',
          conclusion: 'skipped',
          outputs: {},
          log: '',
          warnings: [],
          errors: [],
          summary: '',
          ms: 0,
        };
        const t1 = Date.now();
        const cond =
          'if' in step && step.if
            ? evaluateExpression(step.if.expression, contexts, stepStatus, workspace)
            : !failed;
        if (!cond) {
          leg.steps.push(sr);
          if (userId)
            (contexts.steps as Record<string, Json>)[userId] = {
              outputs: {},
              outcome: 'skipped',
              conclusion: 'skipped',
            };
          continue;
        }
        const stepEnv = { ...env };
        for (const [k, v] of Object.entries(
          (evaluateToken(tokenAt(raw, 'env'), contexts, stepStatus, workspace) as Record<
            string,
            Json
          > | null) ?? {},
        ))
          stepEnv[k] = asString(v);
        const files = {
          GITHUB_OUTPUT: join(temp, `output-${si}`),
          GITHUB_ENV: join(temp, `env-${si}`),
          GITHUB_PATH: join(temp, `path-${si}`),
          GITHUB_STEP_SUMMARY: join(temp, `summary-${si}`),
          GITHUB_STATE: join(temp, `state-${si}`),
        };
        for (const f of Object.values(files)) writeFileSync(f, '');
        const runnerEnv: Record<string, string> = {
          ...this.o.env,
          PATH: [
            ...path.slice().reverse(),
            this.o.env?.PATH ?? process.env.PATH ?? '/usr/bin:/bin',
          ].join(':'),
          HOME: this.o.env?.HOME ?? process.env.HOME ?? '/root',
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_EVENT_NAME: event.name,
          GITHUB_REF: asString((contexts.github as Record<string, Json>).ref),
          GITHUB_SHA: asString((contexts.github as Record<string, Json>).sha),
          GITHUB_REPOSITORY: asString((contexts.github as Record<string, Json>).repository),
          GITHUB_RUN_ID: String(run.runId),
          GITHUB_RUN_ATTEMPT: String(run.attempt),
          GITHUB_JOB: id,
          RUNNER_OS: 'Linux',
          RUNNER_TEMP: temp,
          ...stepEnv,
        };
        try {
          if ('run' in step) {
            const script = asString(evaluateToken(step.run, contexts, stepStatus, workspace));
            const wd = asString(
              evaluateToken(tokenAt(raw, 'working-directory'), contexts, stepStatus, workspace),
            );
            const file = join(temp, `step-${si}.sh`);
            writeFileSync(file, script);
            const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
              cwd: wd ? resolve(workspace, wd) : workspace,
              env: { ...runnerEnv, ...files },
              encoding: 'utf8',
              maxBuffer: 256 << 20,
            });
            sr.log = `${r.stdout}${r.stderr}`;
            sr.exitCode = r.status;
            sr.outcome = r.status === 0 ? 'success' : 'failure';
          } else if ('uses' in step) {
            sr.uses = step.uses.value;
            const with_: Record<string, string> = {};
            for (const [k, v] of Object.entries(
              (evaluateToken(tokenAt(raw, 'with'), contexts, stepStatus, workspace) as Record<
                string,
                Json
              > | null) ?? {},
            ))
              with_[k] = asString(v);
            sr.inputs = with_;
            await this.runUses(step.uses.value, with_, sr, {
              wf,
              id,
              matrix,
              workspace,
              runnerEnv,
              files,
              run,
              posts,
            });
          }
        } catch (err) {
          sr.outcome = 'failure';
          sr.errors.push(err instanceof Error ? err.message : String(err));
        }
        const fileOut = (f: string) =>
          existsSync(f) ? parseFileCommand(readFileSync(f, 'utf8')) : {};
        Object.assign(sr.outputs, fileOut(files.GITHUB_OUTPUT));
        Object.assign(env, fileOut(files.GITHUB_ENV));
        contexts.env = { ...env };
        if (existsSync(files.GITHUB_PATH))
          path.push(...readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean));
        if (existsSync(files.GITHUB_STEP_SUMMARY))
          sr.summary += readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
        leg.summary += sr.summary;
        const coe = 'continue-on-error' in step ? step['continue-on-error'] : undefined;
        const continueOnError =
          coe === true ||
          (typeof coe === 'object' && coe !== null && evaluateToken(coe, contexts) === true);
        sr.conclusion = sr.outcome === 'failure' && continueOnError ? 'success' : sr.outcome;
        if (sr.conclusion === 'failure') failed = true;
        if (userId)
          (contexts.steps as Record<string, Json>)[userId] = {
            outputs: sr.outputs,
            outcome: sr.outcome,
            conclusion: sr.conclusion,
          };
        sr.ms = Date.now() - t1;
        leg.steps.push(sr);
        this.log(
          `  ${sr.name}: ${sr.outcome} (${(sr.ms / 1000).toFixed(1)} s)${sr.errors.length ? `: ${sr.errors.join('; ').slice(0, 300)}` : ''}`,
        );
      }
      for (const post of posts.reverse()) post.call(undefined);
      // Job outputs are evaluated after the steps.
      const outs = tokenAt(tokenAt(tokenAt(wf.root, 'jobs'), id), 'outputs');
      for (const [k, v] of Object.entries(
        (evaluateToken(outs, contexts) as Record<string, Json> | null) ?? {},
      ))
        leg.outputs[k] = asString(v);
      leg.result = failed ? 'failure' : 'success';
      leg.ms = Date.now() - t0;
      this.log(`job ${leg.name}: ${leg.result} in ${(leg.ms / 1000).toFixed(1)} s`);
    };
    // Matrix jobs run side by side on GitHub; here as many at once as asked.
    const width = Math.max(1, Math.min(this.o.parallel?.(id) ?? 1, combos.length));
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < combos.length) {
          const i = next++;
          await runLeg(i, combos[i]!);
        }
      }),
    );
    return legs;
  }

  private async runUses(
    uses: string,
    with_: Record<string, string>,
    sr: StepRun,
    c: {
      wf: LoadedWorkflow;
      id: string;
      matrix: Record<string, Json>;
      workspace: string;
      runnerEnv: Record<string, string>;
      files: Record<string, string>;
      run: WorkflowRun;
      posts: (() => void)[];
    },
  ): Promise<void> {
    const [ref, version] = uses.split('@') as [string, string | undefined];
    const ok = () => {
      sr.outcome = 'success';
    };
    const fail = (m: string) => {
      sr.outcome = 'failure';
      sr.errors.push(m);
    };
    const setOutput = (k: string, v: string) =>
      writeFileSync(c.files.GITHUB_OUTPUT!, `${k}=${v}\n`, { flag: 'a' });
    if (ref === this.o.ours.repo || ref.startsWith(`${this.o.ours.repo}/`)) {
      return this.runOurs(ref, with_, sr, c);
    }
    switch (`${ref}@${version ?? ''}`.replace(/@v(\d+).*$/, '@v$1')) {
      case 'actions/checkout@v4': {
        this.o.checkout(c.workspace, with_);
        if (with_['persist-credentials'] !== 'false') {
          // What checkout documents: the token is written into the local git config.
          mkdirSync(join(c.workspace, '.git'), { recursive: true });
          writeFileSync(
            join(c.workspace, '.git', 'config'),
            '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ***\n',
            { flag: 'a' },
          );
        }
        return ok();
      }
      case 'actions/upload-artifact@v4': {
        const name = with_.name || 'artifact';
        if (!with_.path) return fail('Input required and not supplied: path');
        const { files } = uploadSet(
          with_.path
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
          c.workspace,
          with_['include-hidden-files'] === 'true',
        );
        const mode = with_['if-no-files-found'] || 'warn';
        if (files.length === 0) {
          const m = `No files were found with the provided path: ${with_.path}. No artifacts will be uploaded.`;
          if (mode === 'error') return fail(m);
          if (mode === 'warn') sr.warnings.push(m);
          return ok();
        }
        if (this.o.artifacts.has(c.run.runId, name)) {
          if (with_.overwrite === 'true') this.o.artifacts.delete(c.run.runId, name);
          else
            return fail(
              `Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run`,
            );
        }
        const dest = this.o.artifacts.dir(c.run.runId, name);
        for (const [abs, rel] of files) {
          mkdirSync(dirname(join(dest, rel)), { recursive: true });
          copyFileSync(abs, join(dest, rel));
          chmodSync(join(dest, rel), 0o644);
        }
        setOutput(
          'artifact-id',
          String(createHash('sha1').update(`${c.run.runId}/${name}`).digest().readUInt32BE(0)),
        );
        return ok();
      }
      case 'actions/download-artifact@v4': {
        const runId = with_['run-id'] ? Number(with_['run-id']) : c.run.runId;
        if (with_['run-id'] && !with_['github-token'])
          return fail('github-token is required with run-id');
        const dest = resolve(c.workspace, expandTilde(with_.path || '.'));
        const available = this.o.artifacts.list(runId);
        if (with_.name) {
          if (!available.includes(with_.name))
            return fail(
              `Unable to download artifact(s): Artifact not found for name: ${with_.name}`,
            );
          restoreArtifact(this.o.artifacts.dir(runId, with_.name), dest);
          setOutput('download-path', dest);
          return ok();
        }
        const names = with_.pattern
          ? available.filter((n) => globMatch(with_.pattern!, n))
          : available;
        const merge = with_['merge-multiple'] === 'true';
        for (const n of names)
          restoreArtifact(this.o.artifacts.dir(runId, n), merge ? dest : join(dest, n));
        setOutput('download-path', dest);
        return ok();
      }
      case 'actions/cache@v4': {
        const paths = (with_.path ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        if (!with_.key || paths.length === 0)
          return fail('Input required and not supplied: key/path');
        const restoreKeys = (with_['restore-keys'] ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const hit = this.o.cache.restore(
          with_.key,
          restoreKeys,
          paths.map((p) => resolve(c.workspace, expandTilde(p))),
        );
        setOutput('cache-hit', String(hit === with_.key));
        if (hit) setOutput('cache-matched-key', hit);
        c.posts.push(() => {
          if (hit !== with_.key)
            this.o.cache.save(
              with_.key!,
              paths.map((p) => resolve(c.workspace, expandTilde(p))),
            );
        });
        return ok();
      }
      case 'EnricoMi/publish-unit-test-result-action@v2': {
        // Its README: "Minimal workflow job permissions required by this action in public GitHub repositories are: checks: write, pull-requests: write".
        // Inputs are read (and a deprecated one warned about) before any API call.
        if (with_.files !== undefined)
          sr.warnings.push('The "files" input is deprecated, use "junit_files" instead.');
        const perms = c.wf.permissions;
        const can = (k: string) => perms[k] === 'write' || perms.default === 'write';
        for (const p of ['checks', 'pull-requests'])
          if (!can(p))
            return fail(
              `Resource not accessible by integration: the workflow grants '${p}: ${perms[p] ?? 'none'}', this action needs '${p}: write'`,
            );
        const patterns = (with_.junit_files ?? with_.files ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const found = walk(c.workspace).filter((f) =>
          patterns.some((p) => globMatch(resolve(c.workspace, p), f)),
        );
        if (found.length === 0)
          sr.warnings.push(`Could not find any JUnit XML files for ${patterns.join(', ')}`);
        if (with_.event_file && !existsSync(resolve(c.workspace, with_.event_file)))
          return fail(`event_file ${with_.event_file}: no such file`);
        let tests = 0;
        for (const f of found)
          tests += (readFileSync(f, 'utf8').match(/<testcase\b/g) ?? []).length;
        setOutput('json', JSON.stringify({ files: found.length, tests }));
        sr.log = `published ${tests} test(s) from ${found.length} file(s)`;
        return ok();
      }
      default:
        return fail(`${uses}: not emulated by this runner`);
    }
  }

  private async runOurs(
    ref: string,
    with_: Record<string, string>,
    sr: StepRun,
    c: {
      id: string;
      matrix: Record<string, Json>;
      workspace: string;
      runnerEnv: Record<string, string>;
      files: Record<string, string>;
    },
  ): Promise<void> {
    const sub = ref.slice(this.o.ours.repo.length).replace(/^\//, '');
    const actionDir = join(this.o.ours.dir, sub);
    const yml = parseYaml(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { default?: string; required?: boolean }>;
      runs: { using: string; main: string };
    };
    if (!/^node\d+$/.test(yml.runs.using))
      throw new Error(`${ref}: runs.using ${yml.runs.using} is not emulated`);
    const declared = yml.inputs ?? {};
    const unexpected = Object.keys(with_).filter((k) => !(k in declared));
    if (unexpected.length)
      sr.warnings.push(
        `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`,
      );
    let inputs: Record<string, string> = {};
    for (const [k, d] of Object.entries(declared))
      if (d.default !== undefined) inputs[k] = d.default;
    Object.assign(inputs, with_);
    for (const [k, d] of Object.entries(declared))
      if (d.required && !inputs[k]) {
        sr.outcome = 'failure';
        sr.errors.push(`Input required and not supplied: ${k}`);
        return;
      }
    if (this.o.mapOurStep)
      inputs = this.o.mapOurStep({
        action: ref,
        job: c.id,
        matrix: c.matrix,
        workspace: c.workspace,
        inputs,
      });
    sr.inputs = inputs;
    const step: OurStep = {
      action: ref,
      job: c.id,
      matrix: c.matrix,
      workspace: c.workspace,
      inputs,
    };
    // runs.main inside the repository's dist/ → the same file of the bundle under test.
    const main = resolve(actionDir, yml.runs.main);
    const script = join(this.o.ours.dist, relative(join(this.o.ours.dir, 'dist'), main));
    const replayed = this.o.replay?.get(step);
    if (replayed) sr.replayed = true;
    const r =
      replayed ??
      (await runActionEntry(script, {
        inputs,
        cwd: c.workspace,
        env: { ...c.runnerEnv },
        timeoutMs: this.o.stepTimeoutMs ?? 1_200_000,
        wrap: this.o.image?.(step),
      }));
    if (!replayed) this.o.replay?.put(step, r);
    sr.exitCode = r.exitCode;
    sr.log = r.stdout + r.stderr;
    sr.outcome = r.exitCode === 0 ? 'success' : 'failure';
    Object.assign(sr.outputs, r.outputs);
    writeFileSync(c.files.GITHUB_STEP_SUMMARY!, r.summary, { flag: 'a' });
    const text = (cmd: WorkflowCommand) =>
      `${cmd.properties.title ? `${cmd.properties.title}: ` : ''}${cmd.message}`;
    for (const cmd of r.commands) {
      if (cmd.command === 'warning') sr.warnings.push(text(cmd));
      if (cmd.command === 'error') sr.errors.push(text(cmd));
    }
  }
}

/** Modes as the listing of a dir shows them: rel path → octal mode, for checks on what an artifact kept. */
export function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of walk(dir)) out[relative(dir, f)] = (lstatSync(f).mode & 0o777).toString(8);
  return out;
}

export const isInside = (child: string, parent: string) =>
  !relative(parent, child).startsWith('..') && !isAbsolute(relative(parent, child));

/**
 * What upload-artifact@v4 then download-artifact@v4 (by name) do to `paths`:
 * the files come back under `dest` with their contents only (0644).
 */
export function artifactRoundTrip(paths: string[], cwd: string, dest: string): string[] {
  const { files } = uploadSet(paths, cwd, false);
  const zip = `${dest}.zip-contents`;
  rmSync(zip, { recursive: true, force: true });
  for (const [abs, rel] of files) {
    mkdirSync(dirname(join(zip, rel)), { recursive: true });
    copyFileSync(abs, join(zip, rel));
  }
  restoreArtifact(zip, dest);
  rmSync(zip, { recursive: true, force: true });
  return files.map(([, rel]) => rel);
}
