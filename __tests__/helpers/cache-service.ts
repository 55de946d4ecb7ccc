// A stand-in for the Actions cache service (v2, what @actions/cache talks to
// when ACTIONS_CACHE_SERVICE_V2 is set, as on github.com): the three Twirp
// calls of github.actions.results.api.v1.CacheService and the blob store
// behind the signed URLs (an Azure block-blob PUT, a plain GET).
//
// Scopes as GitHub documents them: the runtime token names the refs a run
// may read and the one it writes (the `ac` claim of the real token, a JSON
// list of {Scope, Permission}: 1 read, 2 write, 3 both). A lookup tries the
// exact key then each restore key as a prefix, newest entry first, in each
// readable scope in the token's order (the run's own ref first, then a pull
// request's base, then the default branch); the version (paths +
// compression) must match. Entries are immutable: a key already saved in a
// scope with the same version is refused.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheEntry {
  scope: string;
  key: string;
  version: string;
  data?: Buffer;
  size?: number;
  createdAt: number;
  finalized: boolean;
}

export interface ScopeGrant {
  Scope: string;
  /** 1 read, 2 write, 3 both. */
  Permission: number;
}

/** A runtime token with the refs the run may read and write (unsigned: the stand-in trusts it). */
export function runtimeToken(grants: ScopeGrant[]): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ac: JSON.stringify(grants) })}.x`;
}

function grantsOf(req: IncomingMessage): ScopeGrant[] {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer (.+)$/.exec(auth)?.[1];
  if (!token) throw new Error('no bearer token');
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    ac?: string;
  };
  return JSON.parse(payload.ac ?? '[]') as ScopeGrant[];
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface CacheService {
  url: string;
  entries: CacheEntry[];
  /** Every call, for tests to check what was asked. */
  calls: { method: string; key?: string; restoreKeys?: string[]; scope?: string; hit?: string }[];
  close(): Promise<void>;
}

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

export async function startCacheService(): Promise<CacheService> {
  const entries: CacheEntry[] = [];
  const calls: CacheService['calls'] = [];
  let seq = 0;
  let url = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      try {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (req.method === 'POST' && path.startsWith(TWIRP)) {
          const method = path.slice(TWIRP.length);
          const grants = grantsOf(req);
          const input = JSON.parse((await body(req)).toString() || '{}') as Record<string, unknown>;
          const readable = grants.filter((g) => g.Permission & 1).map((g) => g.Scope);
          const writable = grants.find((g) => g.Permission & 2)?.Scope;
          const key = input.key as string;
          const version = input.version as string;
          if (method === 'GetCacheEntryDownloadURL') {
            const restoreKeys = (input.restore_keys as string[] | undefined) ?? [];
            let hit: CacheEntry | undefined;
            for (const scope of readable) {
              const mine = entries
                .filter((e) => e.finalized && e.scope === scope && e.version === version)
                .sort((a, b) => b.createdAt - a.createdAt);
              hit =
                mine.find((e) => e.key === key) ??
                restoreKeys.map((k) => mine.find((e) => e.key.startsWith(k))).find(Boolean);
              if (hit) break;
            }
            calls.push({ method, key, restoreKeys, hit: hit?.key });
            if (!hit) return send(200, { ok: false });
            const id = entries.indexOf(hit);
            return send(200, {
              ok: true,
              signed_download_url: `${url}/blob/devstoreaccount1/cache/${id}?sig=read`,
              matched_key: hit.key,
            });
          }
          if (method === 'CreateCacheEntry') {
            calls.push({ method, key, scope: writable });
            if (!writable) return send(200, { ok: false, message: 'no writable scope' });
            if (entries.some((e) => e.scope === writable && e.key === key && e.version === version))
              return send(200, { ok: false, message: 'cache entry already exists' });
            entries.push({ scope: writable, key, version, createdAt: ++seq, finalized: false });
            return send(200, {
              ok: true,
              signed_upload_url: `${url}/blob/devstoreaccount1/cache/${entries.length - 1}?sig=write`,
            });
          }
          if (method === 'FinalizeCacheEntryUpload') {
            calls.push({ method, key, scope: writable });
            const e = entries.find(
              (x) => x.scope === writable && x.key === key && x.version === version && !x.finalized,
            );
            if (!e?.data) return send(200, { ok: false, message: 'nothing uploaded' });
            e.finalized = true;
            e.size = Number(input.size_bytes);
            return send(200, { ok: true, entry_id: String(entries.indexOf(e) + 1) });
          }
          return send(404, { code: 'bad_route', msg: method });
        }
        const blob = /^\/blob\/devstoreaccount1\/cache\/(\d+)$/.exec(path);
        const entry = blob ? entries[Number(blob[1])] : undefined;
        if (entry && req.method === 'PUT') {
          // Azure Put Blob: the whole archive in one request (under 128 MiB).
          if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return send(400, {});
          entry.data = await body(req);
          res.writeHead(201, {
            etag: `"${entry.createdAt}"`,
            'last-modified': new Date().toUTCString(),
            'x-ms-request-id': String(entry.createdAt),
            'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-01-05'),
            'x-ms-request-server-encrypted': 'true',
          });
          return res.end();
        }
        if (entry?.data && req.method === 'GET') {
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-length': String(entry.data.length),
          });
          return res.end(entry.data);
        }
        send(404, {});
      } catch (err) {
        send(500, { msg: (err as Error).message });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    entries,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
