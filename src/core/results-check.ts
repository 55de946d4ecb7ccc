// Checks that parsed JSON is a results.json of ours before anything renders
// it: a report step may be handed any file (an old format, another tool's
// JSON, a truncated download). The first problem is one line naming the
// field, so a UsageError can carry it as is.
import { SCHEMA_ID, STATUSES, type RunResults } from './results.js';

const VERDICTS = ['success', 'unstable', 'failure', 'critical'];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

class Invalid extends Error {}

function need(cond: boolean, where: string, what: string): asserts cond {
  if (!cond) throw new Invalid(`${where}: ${what}`);
}

function checkTest(t: unknown, where: string, depth: number): void {
  need(isObj(t), where, 'expected an object');
  need(typeof t.name === 'string', `${where}.name`, 'expected a string');
  need(
    typeof t.status === 'string' && (STATUSES as readonly string[]).includes(t.status),
    `${where}.status`,
    `'${String(t.status)}' is not one of ${STATUSES.join(', ')}`,
  );
  need(
    t.durationMs === null || typeof t.durationMs === 'number',
    `${where}.durationMs`,
    'expected a number or null',
  );
  need(Array.isArray(t.subtests), `${where}.subtests`, 'expected an array');
  need(depth < 32, where, 'subtests nested too deep');
  t.subtests.forEach((s, i) => checkTest(s, `${where}.subtests[${i}]`, depth + 1));
}

/** Returns a one-line description of the first problem, or undefined when valid. */
export function resultsProblem(x: unknown): string | undefined {
  try {
    need(isObj(x), 'top level', 'expected an object');
    need(
      x.schema === SCHEMA_ID,
      'schema',
      `'${String(x.schema).slice(0, 60)}' is not '${SCHEMA_ID}' (not a kernel-ci results.json)`,
    );
    need(
      typeof x.verdict === 'string' && VERDICTS.includes(x.verdict),
      'verdict',
      `'${String(x.verdict)}' is not one of ${VERDICTS.join(', ')}`,
    );
    need(typeof x.name === 'string', 'name', 'expected a string');
    need(typeof x.conclusion === 'string', 'conclusion', 'expected a string');
    need(typeof x.startedAt === 'string', 'startedAt', 'expected a string');
    need(typeof x.durationMs === 'number', 'durationMs', 'expected a number');
    need(isObj(x.counts), 'counts', 'expected an object');
    for (const s of [...STATUSES, 'total'])
      need(typeof x.counts[s] === 'number', `counts.${s}`, 'expected a number');
    need(Array.isArray(x.suites), 'suites', 'expected an array');
    x.suites.forEach((s, i) => {
      need(isObj(s), `suites[${i}]`, 'expected an object');
      need(typeof s.name === 'string', `suites[${i}].name`, 'expected a string');
      need(typeof s.kind === 'string', `suites[${i}].kind`, 'expected a string');
      need(Array.isArray(s.tests), `suites[${i}].tests`, 'expected an array');
      s.tests.forEach((t, j) => checkTest(t, `suites[${i}].tests[${j}]`, 0));
    });
    need(Array.isArray(x.findings), 'findings', 'expected an array');
    x.findings.forEach((f, i) => {
      const w = `findings[${i}]`;
      need(isObj(f), w, 'expected an object');
      for (const k of ['kind', 'title', 'fingerprint', 'report'])
        need(typeof f[k] === 'string', `${w}.${k}`, 'expected a string');
      need(typeof f.fatal === 'boolean', `${w}.fatal`, 'expected true or false');
      need(typeof f.count === 'number', `${w}.count`, 'expected a number');
      need(
        isObj(f.lines) && typeof f.lines.first === 'number' && typeof f.lines.last === 'number',
        `${w}.lines`,
        'expected {first, last}',
      );
      if (f.location !== undefined)
        need(
          isObj(f.location) &&
            typeof f.location.file === 'string' &&
            typeof f.location.line === 'number',
          `${w}.location`,
          'expected {file, line}',
        );
    });
    if (x.vm !== undefined) {
      need(isObj(x.vm), 'vm', 'expected an object');
      need(x.vm.accel === 'kvm' || x.vm.accel === 'tcg', 'vm.accel', 'expected kvm or tcg');
    }
    if (x.environment !== undefined) {
      need(isObj(x.environment), 'environment', 'expected an object');
      for (const [k, v] of Object.entries(x.environment))
        need(typeof v === 'string', `environment.${k}`, 'expected a string');
    }
    return undefined;
  } catch (err) {
    if (err instanceof Invalid) return err.message;
    throw err;
  }
}

export function isRunResults(x: unknown): x is RunResults {
  return resultsProblem(x) === undefined;
}
