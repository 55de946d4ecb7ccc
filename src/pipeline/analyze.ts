import type { ParsedFlags } from '../cli/args.js';
import type { Host } from './host.js';

export async function analyzeCommand(
  _flags: ParsedFlags,
  _log: string,
  _host: Host,
): Promise<number> {
  throw new Error('analyze: not implemented yet');
}
