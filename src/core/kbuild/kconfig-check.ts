// Did the configuration we asked for survive olddefconfig? Fragments and
// flags are parsed into requests (the last one for a symbol wins, like
// merge_config.sh), then compared with the final .config, and each request
// that did not stick is explained with the tree's Kconfig where it can be.
import { explain, type KconfigTree } from './kconfig-tree.js';

export interface ConfigRequest {
  /** Without the CONFIG_ prefix. */
  name: string;
  /** y | m | n, or the literal value of a string/int/hex option (quotes kept). */
  value: string;
  /** Where it came from: `preset vm`, a fragment path, `--enable`. */
  origin: string;
  line?: number;
}

export interface ConfigMismatch extends ConfigRequest {
  /** What the final .config has (`n` when the option is absent). */
  actual: string;
  reason?: string;
}

const SET = /^CONFIG_(\w+)=(.*)$/;
const UNSET = /^# CONFIG_(\w+) is not set$/;

/** A fragment or .config, as name → value (not-set = `n`). Comments ignored. */
export function parseConfig(text: string, origin = ''): ConfigRequest[] {
  const out: ConfigRequest[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const set = SET.exec(line);
    const unset = UNSET.exec(line);
    if (set) out.push({ name: set[1]!, value: set[2]!.trim(), origin, line: i + 1 });
    else if (unset) out.push({ name: unset[1]!, value: 'n', origin, line: i + 1 });
  });
  return out;
}

export function configValues(text: string): Map<string, string> {
  return new Map(parseConfig(text).map((r) => [r.name, r.value]));
}

/** Later requests override earlier ones, as merge_config.sh does. */
export function mergeRequests(...lists: ConfigRequest[][]): ConfigRequest[] {
  const byName = new Map<string, ConfigRequest>();
  for (const r of lists.flat()) {
    byName.delete(r.name);
    byName.set(r.name, r);
  }
  return [...byName.values()];
}

/** The text merge_config.sh gets for the requests (one fragment). */
export function renderFragment(requests: readonly ConfigRequest[]): string {
  return (
    requests
      .map((r) =>
        r.value === 'n' ? `# CONFIG_${r.name} is not set` : `CONFIG_${r.name}=${r.value}`,
      )
      .join('\n') + '\n'
  );
}

const unquote = (v: string) => v.replace(/^"(.*)"$/, '$1');

/**
 * `m` asked and `y` got is fine: the option is there, built in (what a
 * kernel without modules does with every m). Everything else must match.
 */
export function sticks(wanted: string, actual: string | undefined): boolean {
  const got = actual ?? 'n';
  if (wanted === 'n') return got === 'n';
  if (wanted === 'm') return got === 'm' || got === 'y';
  if (wanted === 'y') return got === 'y';
  if (/^-?\d+$/.test(wanted) || /^0x/i.test(wanted))
    return got !== 'n' && Number(unquote(got)) === Number(unquote(wanted));
  return unquote(got) === unquote(wanted);
}

export function checkConfig(
  requests: readonly ConfigRequest[],
  finalConfig: ReadonlyMap<string, string>,
  tree?: KconfigTree,
): ConfigMismatch[] {
  const out: ConfigMismatch[] = [];
  for (const r of requests) {
    const actual = finalConfig.get(r.name);
    if (sticks(r.value, actual)) continue;
    const reason = tree ? explain(tree, r.name, r.value, finalConfig) : undefined;
    out.push({ ...r, actual: actual ?? 'n', ...(reason ? { reason } : {}) });
  }
  return out;
}

export function describeMismatch(m: ConfigMismatch): string {
  return `CONFIG_${m.name}=${m.value} requested by ${m.origin}${m.line ? `:${m.line}` : ''} but the final .config has ${m.actual === 'n' ? 'it unset' : `${m.name}=${m.actual}`}${m.reason ? `: ${m.reason}` : ''}`;
}
