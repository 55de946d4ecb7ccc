import type { ParsedFlags } from '../cli/args.js';
import type { Host } from './host.js';

export async function buildCommand(_flags: ParsedFlags, _host: Host): Promise<number> {
  throw new Error('build: not implemented yet');
}
