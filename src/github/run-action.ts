// Shared body of every action entry: inputs -> argv -> the CLI's command,
// verdict -> exit code. Failures become one error annotation, never a stack.
import * as core from '@actions/core';
import { isPathError, UsageError } from '../cli/args.js';
import { commands, EXIT } from '../cli/main.js';
import { parseFlags } from '../cli/args.js';
import { actionsHost } from './actions-host.js';
import { inputsToArgv, multilineInput } from './inputs.js';
import { prepareRunner, type RunnerRole } from '../system/runner-setup.js';

/** What each action's command uses on the runner; `all` given a kernel builds nothing. */
function rolesOf(command: string, flags: Record<string, unknown>): RunnerRole[] {
  if (command === 'build') return ['build'];
  if (command === 'run') return ['run'];
  if (command === 'all') return flags.kernel || flags.prebuilt ? ['run'] : ['build', 'run'];
  return [];
}

/** The `setup-runner` input: on unless 'false' (self-hosted runners set up by hand). */
async function setupRunner(roles: RunnerRole[]): Promise<void> {
  const raw = core.getInput('setup-runner').trim().toLowerCase();
  if (roles.length === 0 || raw === 'false') return;
  if (raw !== '' && raw !== 'true')
    throw new UsageError(`input 'setup-runner': expected true or false, got '${raw}'`);
  await core.group('Preparing the runner', async () => {
    const r = await prepareRunner(roles, (m) => core.info(m));
    core.info(
      `${r.installed.length ? `installed ${r.installed.join(' ')}` : 'nothing to install'}${r.kvm ? `; ${r.kvm}` : ''} (${(r.ms / 1000).toFixed(1)} s)`,
    );
  });
}

export async function runAction(
  command: keyof typeof commands,
  positionalInput?: string,
): Promise<void> {
  const cmd = commands[command]!;
  try {
    const argv = inputsToArgv(cmd.specs);
    const positionals = positionalInput ? multilineInput(positionalInput) : [];
    const { flags } = parseFlags(argv, cmd.specs, 0);
    await setupRunner(rolesOf(command, flags));
    if (positionals.length < (cmd.minPositionals ?? 0))
      throw new UsageError(`input '${positionalInput}' is required`);
    const code = await cmd.run(flags, positionals, actionsHost());
    core.setOutput('exit-code', String(code));
    if (code !== EXIT.ok) process.exitCode = code;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const usage = err instanceof UsageError || isPathError(err);
    core.setFailed(usage ? `bad input: ${msg}` : msg);
    process.exitCode = usage ? EXIT.usage : EXIT.critical;
  }
}
