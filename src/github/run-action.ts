// Shared body of every action entry: inputs -> argv -> the CLI's command,
// verdict -> exit code. Failures become one error annotation, never a stack.
import * as core from '@actions/core';
import { UsageError } from '../cli/args.js';
import { commands, EXIT } from '../cli/main.js';
import { parseFlags } from '../cli/args.js';
import { actionsHost } from './actions-host.js';
import { inputsToArgv, multilineInput } from './inputs.js';

export async function runAction(
  command: keyof typeof commands,
  positionalInput?: string,
): Promise<void> {
  const cmd = commands[command]!;
  try {
    const argv = inputsToArgv(cmd.specs);
    const positionals = positionalInput ? multilineInput(positionalInput) : [];
    const { flags } = parseFlags(argv, cmd.specs, 0);
    if (positionals.length < (cmd.minPositionals ?? 0))
      throw new UsageError(`input '${positionalInput}' is required`);
    const code = await cmd.run(flags, positionals, actionsHost());
    core.setOutput('exit-code', String(code));
    if (code !== EXIT.ok) process.exitCode = code;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    core.setFailed(err instanceof UsageError ? `bad input: ${msg}` : msg);
    process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.critical;
  }
}
