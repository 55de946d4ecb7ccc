// Runs an action entry the way the GitHub Actions runner does: inputs as
// INPUT_* variables, file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// GITHUB_ENV, GITHUB_STATE), stdout parsed for workflow commands with the
// runner's rules, including ::stop-commands::.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  summary: string;
  commands: WorkflowCommand[];
  /** Lines that were printed but not interpreted (plain log). */
  logLines: string[];
}

const unescapeData = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProp = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** The runner's parser: `::cmd k=v,k=v::message`, honouring stop-commands. */
export function parseWorkflowCommands(stdout: string): {
  commands: WorkflowCommand[];
  logLines: string[];
} {
  const commands: WorkflowCommand[] = [];
  const logLines: string[] = [];
  let stopToken: string | null = null;
  for (const line of stdout.split('\n')) {
    const m = /^\s*::([A-Za-z-]+)( [^:]*)?::(.*)$/.exec(line);
    if (stopToken !== null) {
      if (line.trim() === `::${stopToken}::`) stopToken = null;
      else logLines.push(line);
      continue;
    }
    if (!m) {
      logLines.push(line);
      continue;
    }
    const [, command, props, message] = m;
    if (command === 'stop-commands') {
      stopToken = message!;
      continue;
    }
    const properties: Record<string, string> = {};
    for (const kv of (props ?? '').trim().split(',').filter(Boolean)) {
      const eq = kv.indexOf('=');
      if (eq > 0) properties[kv.slice(0, eq)] = unescapeProp(kv.slice(eq + 1));
    }
    commands.push({ command: command!, properties, message: unescapeData(message!) });
  }
  return { commands, logLines };
}

/** GITHUB_OUTPUT / GITHUB_ENV format: `name=value` or `name<<DELIM ... DELIM`. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** A command the runner's node is started through (e.g. a chroot of a bare runner). */
  wrap?: string[];
}

export async function runActionEntry(script: string, opts: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kci-runner-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_PATH: join(dir, 'path'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: join(dir, 'runner-temp'),
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: opts.cwd ?? process.cwd(),
    GITHUB_JOB: 'test',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    ...files,
    ...opts.env,
  };
  // The runner upper-cases the name and keeps dashes: INPUT_PACKETDRILL-JOBS.
  for (const [k, v] of Object.entries(opts.inputs ?? {}))
    env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const node = [process.execPath, script];
  if (opts.wrap) {
    env.KCI_WRAPPED_ENV = Buffer.from(JSON.stringify(env)).toString('base64');
    node.splice(1, 0, '--import', join(import.meta.dirname, 'restore-env.mjs'));
  }
  const [file, ...args] = [...(opts.wrap ?? []), ...node];
  const child = spawn(file!, args, {
    cwd: opts.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const exitCode = await new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  clearTimeout(timer);
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommand(read(files.GITHUB_OUTPUT)),
    env: parseFileCommand(read(files.GITHUB_ENV)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    ...parseWorkflowCommands(stdout),
  };
}
