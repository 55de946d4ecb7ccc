import type { ParsedFlags } from '../cli/args.js';
import type { Host } from './host.js';

export async function reportCommand(
  _flags: ParsedFlags,
  _files: string[],
  _host: Host,
): Promise<number> {
  throw new Error('report: not implemented yet');
}
