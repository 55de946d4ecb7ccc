// Random documents that satisfy schema/results.v1.json, from the schema
// itself: whatever the schema lets through, a renderer will meet one day.
// Only the keywords our schema uses are understood; an unknown one throws,
// so a schema change cannot silently narrow what is generated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './dist.js';

type Schema = Record<string, unknown>;

export const resultsSchema = JSON.parse(
  readFileSync(join(repoRoot, 'schema/results.v1.json'), 'utf8'),
) as Schema;

/** Small deterministic PRNG (mulberry32): a failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Strings a renderer must survive: markup, workflow commands, controls,
// newlines, lone surrogates, bidi overrides, long ones.
const NASTY = [
  '',
  ' ',
  '::error::x',
  '\n::add-mask::secret',
  '<script>alert(1)</script>',
  '`|*_[x](y)#1 @user',
  '\u001b[31mred\u001b[0m',
  '\r\n\t\u0000\u007f',
  '\ud800',
  '\u202eevil',
  '%0A::warning::y',
  'a'.repeat(5000),
  'line1\nline2\nline3',
  '🔴✅',
  '-->',
  ']]>',
];

const KNOWN = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'required',
  'additionalProperties',
  'properties',
  'items',
  '$ref',
  'enum',
  'const',
  'pattern',
  'minimum',
  'maximum',
  'definitions',
]);

export function generate(r: () => number, opts: { maxDepth?: number } = {}): unknown {
  const maxDepth = opts.maxDepth ?? 4;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const str = (): string => (r() < 0.5 ? pick(NASTY) : `s${Math.floor(r() * 1000)}`);
  const resolveRef = (ref: string): Schema => {
    const path = ref.replace(/^#\//, '').split('/');
    let s: unknown = resultsSchema;
    for (const p of path) s = (s as Schema)[p];
    return s as Schema;
  };
  const gen = (s: Schema, depth: number): unknown => {
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema-gen: keyword ${k}`);
    if (typeof s.$ref === 'string') {
      // Subtests: deeper levels get fewer children so documents stay small.
      const target = resolveRef(s.$ref);
      return gen(target, s.$ref === '#/definitions/test' ? depth + 1 : depth);
    }
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum)) return pick(s.enum);
    if (s.pattern !== undefined)
      return pick([
        '2026-11-27T18:00:00Z',
        '1970-01-01T00:00:00.000+02:00',
        '9999-12-31T23:59:59.999999Z',
      ]);
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const type = pick(types);
    const min = typeof s.minimum === 'number' ? s.minimum : undefined;
    const max = typeof s.maximum === 'number' ? s.maximum : undefined;
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return r() < 0.5;
      case 'integer': {
        const lo = min ?? -5;
        const hi = max ?? lo + (r() < 0.1 ? 1e9 : 20);
        return lo + Math.floor(r() * (hi - lo + 1));
      }
      case 'number': {
        const lo = min ?? -5;
        const hi = max ?? lo + (r() < 0.1 ? 1e12 : 100);
        return r() < 0.2 ? lo : lo + r() * (hi - lo);
      }
      case 'string':
        return str();
      case 'array': {
        const items = s.items as Schema;
        const isTests = items.$ref === '#/definitions/test';
        const n = isTests && depth >= maxDepth ? 0 : Math.floor(r() * (isTests ? 4 : 3));
        return Array.from({ length: n }, () => gen(items, depth));
      }
      case 'object': {
        const out: Record<string, unknown> = {};
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set((s.required as string[] | undefined) ?? []);
        for (const [k, p] of Object.entries(props))
          if (required.has(k) || r() < 0.5) out[k] = gen(p, depth);
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          for (let i = Math.floor(r() * 3); i > 0; i--)
            out[str() || 'k'] = gen(s.additionalProperties as Schema, depth);
        return out;
      }
      default:
        throw new Error(`schema-gen: type ${String(type)}`);
    }
  };
  return gen(resultsSchema, 0);
}
