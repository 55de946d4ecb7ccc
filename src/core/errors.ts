// The one table of exit codes and the error a user's own mistake raises.
// Core, system and pipeline code throw UsageError; only the entry points
// (src/entries/cli.ts, src/github/run-action.ts) turn errors into codes.

/** kselftest's convention for the run's outcome, plus sysexits' EX_USAGE. */
export const EXIT = {
  ok: 0,
  /** Tests failed (or the verdict is at least "failure"). */
  failures: 1,
  /** The kernel crashed, the VM did not boot, or we broke (internal error). */
  critical: 2,
  /** The user's input was wrong; nothing ran. */
  usage: 64,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in what the user gave us: one line, exit 64, before work starts. */
export class UsageError extends Error {
  override name = 'UsageError';
}

// System errors about a path or a file the user named: when one gets past
// our checks it is still theirs (exit 64); exit 2 is for what the kernel did.
const PATH_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'EEXIST',
  'ELOOP',
  'ENAMETOOLONG',
  'ENOSPC',
]);

export const isPathError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error &&
  typeof (err as NodeJS.ErrnoException).syscall === 'string' &&
  PATH_CODES.has(String((err as NodeJS.ErrnoException).code));

/** The exit code an error thrown out of a command stands for. */
export const exitCodeOf = (err: unknown): ExitCode =>
  err instanceof UsageError || isPathError(err) ? EXIT.usage : EXIT.critical;
