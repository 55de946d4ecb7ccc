// The Host for a terminal: progress on stderr, annotations as readable lines,
// caches and artifacts are the local directories themselves.
import { neutraliseCommands } from '../core/escape.js';
import type { Annotation, Host } from '../pipeline/host.js';

/**
 * Whether to colour what goes to `out`, as other command-line tools decide:
 * NO_COLOR (no-color.org) set and not empty: never; FORCE_COLOR: always,
 * unless it is 0 or false; otherwise a terminal that is not "dumb".
 */
export function useColour(
  out: NodeJS.WritableStream,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return 'isTTY' in out && !!(out as NodeJS.WriteStream).isTTY && env.TERM !== 'dumb';
}

export function terminalHost(out: NodeJS.WritableStream = process.stderr): Host {
  // The CLI also runs in `run:` steps: nothing it prints may act as a workflow command.
  const stream = { write: (s: string) => out.write(neutraliseCommands(s)) };
  const color = useColour(out);
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const where = (a: Annotation) => (a.file ? `${a.file}${a.line ? `:${a.line}` : ''}: ` : '');
  return {
    kind: 'terminal',
    info: (m) => void stream.write(`${m}\n`),
    warn: (m) => void stream.write(`${paint('33', 'warning:')} ${m}\n`),
    untrusted: (lines) => void stream.write(lines.map((l) => `  | ${l}\n`).join('')),
    async group(title, fn) {
      stream.write(`${paint('1', `== ${title}`)}\n`);
      return fn();
    },
    annotate: (a) => {
      const tag =
        a.level === 'error'
          ? paint('31', 'error:')
          : a.level === 'warning'
            ? paint('33', 'warning:')
            : 'notice:';
      stream.write(
        `${tag} ${where(a)}${a.title ? `${a.title}: ` : ''}${a.message.split('\n')[0]}\n`,
      );
    },
    setOutput: () => undefined,
    summary: async () => undefined,
    uploadArtifact: async () => undefined,
    restoreCache: async () => undefined,
    saveCache: async () => undefined,
  };
}
