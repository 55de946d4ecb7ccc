// A local stand-in for the parts of GitHub's REST API a report uses (issue
// comments, check runs), where every request is first checked against
// GitHub's published OpenAPI description (@octokit/openapi,
// api.github.com.json): the method and path must be an operation, path and
// required query parameters present, the JSON body valid against the
// operation's schema (required fields, types, enums, lengths, maxItems).
// A request that is not is answered 422 and recorded as a violation.
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Schema = {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  maxItems?: number;
  maxLength?: number;
  minimum?: number;
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

interface Operation {
  operationId: string;
  parameters?: (Schema & { in?: string; name?: string; required?: boolean })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> };
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
}

let spec: OpenApi | undefined;
function openApi(): OpenApi {
  spec ??= createRequire(import.meta.url)(
    '@octokit/openapi/generated/api.github.com.json',
  ) as OpenApi;
  return spec;
}

function deref<T>(o: T & { $ref?: string }): T {
  let cur: unknown = o;
  while (cur && typeof cur === 'object' && '$ref' in cur && typeof cur.$ref === 'string') {
    const parts = cur.$ref.replace(/^#\//, '').split('/');
    cur = parts.reduce<unknown>((a, k) => (a as Record<string, unknown>)[k], openApi());
  }
  return cur as T;
}

/** Problems of `value` against `schema`, with JSON-pointer-ish locations. */
export function validate(value: unknown, schema: Schema, at = '$'): string[] {
  const s = deref(schema);
  if (s.allOf) return s.allOf.flatMap((x) => validate(value, x, at));
  for (const alts of [s.anyOf, s.oneOf])
    if (alts) {
      const each = alts.map((x) => validate(value, x, at));
      if (!each.some((e) => e.length === 0))
        return [`${at}: matches none of its ${alts.length} alternatives (${each[0]!.join('; ')})`];
    }
  if (value === null)
    return s.nullable || s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'))
      ? []
      : s.type
        ? [`${at}: null`]
        : [];
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const actual = Array.isArray(value)
    ? 'array'
    : Number.isInteger(value)
      ? 'integer'
      : typeof value;
  if (
    types.length > 0 &&
    !types.includes(actual) &&
    !(actual === 'integer' && types.includes('number'))
  )
    return [`${at}: ${actual}, expected ${types.join('|')}`];
  const out: string[] = [];
  if (s.enum && !s.enum.includes(value))
    out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (typeof value === 'string' && s.maxLength !== undefined && value.length > s.maxLength)
    out.push(`${at}: longer than ${s.maxLength}`);
  if (typeof value === 'number' && s.minimum !== undefined && value < s.minimum)
    out.push(`${at}: under ${s.minimum}`);
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems)
      out.push(`${at}: ${value.length} items, at most ${s.maxItems}`);
    if (s.items) value.forEach((v, i) => out.push(...validate(v, s.items!, `${at}[${i}]`)));
  } else if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) out.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(o)) {
      const p = s.properties?.[k];
      if (p) out.push(...validate(v, p, `${at}.${k}`));
      else if (s.additionalProperties === false) out.push(`${at}.${k}: not allowed`);
    }
  }
  return out;
}

export interface ApiRequest {
  method: string;
  path: string;
  operationId?: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  violations: string[];
}

/** The operation a request is, or why it is none. */
export function matchOperation(
  method: string,
  url: string,
  body: unknown,
): Pick<ApiRequest, 'operationId' | 'params' | 'violations'> {
  const u = new URL(url, 'http://x');
  for (const [template, ops] of Object.entries(openApi().paths)) {
    const names: string[] = [];
    const re = new RegExp(
      `^${template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
          names.push(a ?? b);
          return '([^/]+)';
        })}$`,
    );
    const m = re.exec(u.pathname);
    if (!m) continue;
    const op = ops[method.toLowerCase()];
    if (!op) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const violations: string[] = [];
    for (const p of op.parameters ?? []) {
      const param = deref(p);
      if (param.in === 'query' && param.required && !u.searchParams.has(param.name!))
        violations.push(`query ${param.name}: required`);
      if (param.in === 'path' && !(param.name! in params))
        violations.push(`path ${param.name}: missing`);
      if (param.in === 'path' && (param as { schema?: Schema }).schema) {
        const sch = deref((param as { schema: Schema }).schema);
        if (sch.type === 'integer' && !/^\d+$/.test(params[param.name!] ?? ''))
          violations.push(`path ${param.name}: not an integer`);
      }
    }
    const rb = op.requestBody;
    const json = rb?.content?.['application/json']?.schema;
    if (rb?.required && body === undefined) violations.push('body: required');
    if (json && body !== undefined) violations.push(...validate(body, json, 'body'));
    return { operationId: op.operationId, params, violations };
  }
  return {
    params: {},
    violations: [`${method} ${u.pathname}: no such operation in GitHub's REST API`],
  };
}

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeGitHub {
  url: string;
  requests: ApiRequest[];
  comments: Map<number, Comment[]>;
  checkRuns: Map<
    number,
    {
      name: string;
      head_sha: string;
      status?: string;
      conclusion?: string;
      annotations: unknown[];
      title?: string;
    }
  >;
  close(): Promise<void>;
}

/** The fake API: issue comments and check runs, in memory, validated. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: ApiRequest[] = [];
  const comments = new Map<number, Comment[]>();
  const checkRuns: FakeGitHub['checkRuns'] = new Map();
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      const u = new URL(req.url ?? '/', 'http://x');
      const m = matchOperation(req.method ?? 'GET', req.url ?? '/', body);
      const rec: ApiRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        ...m,
        ...(body !== undefined ? { body } : {}),
      };
      requests.push(rec);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      if (
        !req.headers.authorization?.startsWith('token ') &&
        !req.headers.authorization?.startsWith('Bearer ')
      )
        return send(401, { message: 'Requires authentication' });
      if (m.violations.length > 0)
        return send(422, { message: 'Validation Failed', errors: m.violations });
      const p = m.params;
      const issue = Number(p.issue_number);
      switch (m.operationId) {
        case 'issues/list-comments':
          return send(200, comments.get(issue) ?? []);
        case 'issues/create-comment': {
          const c = {
            id: ++nextId,
            body: String(body!.body),
            user: { login: 'github-actions[bot]', type: 'Bot' },
          };
          comments.set(issue, [...(comments.get(issue) ?? []), c]);
          return send(201, c);
        }
        case 'issues/update-comment': {
          const c = [...comments.values()].flat().find((x) => x.id === Number(p.comment_id));
          if (!c) return send(404, { message: 'Not Found' });
          c.body = String(body!.body);
          return send(200, c);
        }
        case 'checks/create': {
          const id = ++nextId;
          const output = body!.output as { annotations?: unknown[]; title?: string } | undefined;
          checkRuns.set(id, {
            name: String(body!.name),
            head_sha: String(body!.head_sha),
            status: body!.status as string,
            conclusion: body!.conclusion as string,
            annotations: [...(output?.annotations ?? [])],
            title: output?.title,
          });
          return send(201, { id, name: body!.name, head_sha: body!.head_sha });
        }
        case 'checks/update': {
          const run = checkRuns.get(Number(p.check_run_id));
          if (!run) return send(404, { message: 'Not Found' });
          const output = body!.output as { annotations?: unknown[] } | undefined;
          // GitHub appends each request's annotations to the run's.
          run.annotations.push(...(output?.annotations ?? []));
          if (body!.status) run.status = body!.status as string;
          if (body!.conclusion) run.conclusion = body!.conclusion as string;
          return send(200, { id: Number(p.check_run_id) });
        }
        default:
          return send(404, { message: `not served here: ${m.operationId}` });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    comments,
    checkRuns,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
