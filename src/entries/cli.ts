#!/usr/bin/env node
import { main, EXIT } from '../cli/main.js';
import { isPathError, UsageError } from '../cli/args.js';
import { terminalHost } from '../cli/terminal-host.js';
import { neutraliseCommands } from '../core/escape.js';

// Nothing the CLI prints may act as a workflow command in a `run:` step.
const stderr = (s: string) => void process.stderr.write(neutraliseCommands(s));

main(process.argv.slice(2), terminalHost(), (s) =>
  process.stdout.write(neutraliseCommands(s)),
).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      stderr(`kernel-ci: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (isPathError(err)) {
      // A path check we missed: still the user's path, not a kernel's crash.
      stderr(`kernel-ci: ${err.message.split('\n')[0]}\n`);
      process.exitCode = EXIT.usage;
    } else {
      stderr(
        `kernel-ci: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = EXIT.critical;
    }
  },
);
