// The local command line that reproduces a run, from the flags actually given
// (defaults left out), quoted for a POSIX shell.
import type { ParsedFlags } from '../cli/args.js';

export function reproduceLine(
  cmd: string,
  flags: ParsedFlags,
  specs: Record<string, { default?: unknown; type: string }>,
): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['kernel-ci', cmd];
  for (const [k, spec] of Object.entries(specs)) {
    const v = flags[k];
    if (v === undefined || v === spec.default) continue;
    if (Array.isArray(v)) for (const x of v) parts.push(`--${k}`, q(x));
    else if (spec.type === 'bool') {
      if (v === true) parts.push(`--${k}`);
    } else parts.push(`--${k}`, q(String(v)));
  }
  return parts.join(' ');
}
