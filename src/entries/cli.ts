#!/usr/bin/env node
import { main, EXIT } from '../cli/main.js';
import { UsageError } from '../cli/args.js';
import { terminalHost } from '../cli/terminal-host.js';

main(process.argv.slice(2), terminalHost(), (s) => process.stdout.write(s)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`kernel-ci: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(
        `kernel-ci: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = EXIT.critical;
    }
  },
);
