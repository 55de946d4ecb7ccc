import type { ParsedFlags } from '../cli/args.js';
import type { Host } from './host.js';

export async function allCommand(_flags: ParsedFlags, _host: Host): Promise<number> {
  throw new Error('all: not implemented yet');
}
