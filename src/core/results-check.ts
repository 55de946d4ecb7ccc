// Checks that parsed JSON is a results.json of ours before anything renders
// it: a report step may be handed any file (an old or newer format, another
// tool's JSON, a truncated download, a file a hostile guest wrote). The
// schema (schema/results.v1.json) is the contract, so it is the check:
// whatever it accepts, every renderer must handle. The first problem is one
// line naming the field, so a UsageError can carry it as is.
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../schema/results.v1.json' with { type: 'json' };
import { MAX_TEST_DEPTH, SCHEMA_ID, type RunResults } from './results.js';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  // Compiled on first use: `kernel-ci run` never reads a results file.
  compiled ??= new Ajv({ allErrors: false, strict: true }).compile(schema);
  return compiled;
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const show = (x: unknown) =>
  typeof x === 'string' ? `'${clip(x)}'` : clip(JSON.stringify(x) ?? String(x));

/** JSON Pointer → the dotted path the rest of our messages use. */
function where(pointer: string): string {
  if (pointer === '') return 'top level';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function describe(e: ErrorObject, data: unknown): string {
  const at = where(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const value = e.instancePath
    .slice(1)
    .split('/')
    .filter((s) => s !== '')
    .reduce<unknown>(
      (v, k) => (isObj(v) || Array.isArray(v) ? (v as Obj)[k.replace(/~1/g, '/')] : undefined),
      data,
    );
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field '${clip(String(p.additionalProperty))}'`;
    case 'required':
      return `${at}: missing field '${String(p.missingProperty)}'`;
    case 'enum':
      return `${at}: ${show(value)} is not one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${at}: ${show(value)} is not ${show(p.allowedValue)}`;
    case 'pattern':
      return `${at}: ${show(value)} is not in the expected format`;
    default:
      return `${at}: ${e.message ?? e.keyword}${e.keyword === 'type' ? `, got ${show(value)}` : ''}`;
  }
}

/**
 * Subtests nest at most MAX_TEST_DEPTH levels (the writer flattens below
 * that, assemble.ts). Checked without recursion before the validator, whose
 * recursion a file nested 100,000 deep would otherwise overflow.
 */
function tooDeep(x: Obj): string | undefined {
  if (!Array.isArray(x.suites)) return undefined;
  const stack: { t: unknown; depth: number; at: string }[] = [];
  x.suites.forEach((s, i) => {
    if (isObj(s) && Array.isArray(s.tests))
      s.tests.forEach((t, j) => stack.push({ t, depth: 1, at: `suites[${i}].tests[${j}]` }));
  });
  while (stack.length > 0) {
    const { t, depth, at } = stack.pop()!;
    if (!isObj(t) || !Array.isArray(t.subtests) || t.subtests.length === 0) continue;
    if (depth >= MAX_TEST_DEPTH)
      return `${at}: subtests nested deeper than ${MAX_TEST_DEPTH} levels`;
    t.subtests.forEach((c, k) =>
      stack.push({ t: c, depth: depth + 1, at: `${at}.subtests[${k}]` }),
    );
  }
  return undefined;
}

/** Returns a one-line description of the first problem, or undefined when valid. */
export function resultsProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'top level: expected an object';
  if (x.schema !== SCHEMA_ID) {
    const v = typeof x.schema === 'string' ? /^kernel-ci-results\/v(\d+)$/.exec(x.schema) : null;
    if (v && Number(v[1]) > 1)
      return `schema: '${x.schema}' was written by a newer kernel-ci (this one reads '${SCHEMA_ID}')`;
    return `schema: ${show(x.schema)} is not '${SCHEMA_ID}' (not a kernel-ci results.json)`;
  }
  const deep = tooDeep(x);
  if (deep) return deep;
  const validate = validator();
  if (validate(x)) return undefined;
  return describe(validate.errors![0]!, x);
}

export function isRunResults(x: unknown): x is RunResults {
  return resultsProblem(x) === undefined;
}
