// Action inputs -> the CLI's argv, through the same flag specs, so an action
// validates its inputs exactly as `kernel-ci` validates its flags. Inputs are
// data here: nothing is ever interpolated into a shell.
import * as core from '@actions/core';
import type { FlagSpecs } from '../cli/args.js';

export function inputsToArgv(
  specs: FlagSpecs,
  read: (name: string) => string = (n) => core.getInput(n),
): string[] {
  const argv: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = read(name);
    if (raw.trim() === '') continue;
    if (spec.type === 'list') {
      for (const line of raw
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''))
        argv.push(`--${name}=${line}`);
    } else if (spec.type === 'bool') {
      argv.push(`--${name}=${raw.trim()}`);
    } else {
      argv.push(`--${name}=${raw.trim()}`);
    }
  }
  return argv;
}

export function multilineInput(
  name: string,
  read: (name: string) => string = (n) => core.getInput(n),
): string[] {
  return read(name)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
