// The e-mail report through a real SMTP server on loopback (smtp-server),
// parsed back (mailparser): headers, threading under the patch, the body in
// the MPTCP CI's shape, and the .eml written beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseFlags } from '../../src/cli/args.js';
import { reportFlags } from '../../src/cli/specs.js';
import type { Host } from '../../src/pipeline/host.js';
import { reportCommand } from '../../src/pipeline/report.js';
import type { Status } from '../../src/core/results.js';
import { results, suite, test } from '../helpers/results-builder.js';

interface Received {
  from: string;
  to: string[];
  user?: string;
  raw: Buffer;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    // Loopback only, no TLS to offer: authentication in clear is allowed here.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'ci' && auth.password === 's3cret') cb(null, { user: auth.username });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const host: Host = {
  kind: 'terminal',
  info: () => undefined,
  warn: (m) => {
    throw new Error(`unexpected warning: ${m}`);
  },
  untrusted: () => undefined,
  group: (_t, fn) => fn(),
  annotate: () => undefined,
  setOutput: () => undefined,
  summary: async () => undefined,
  uploadArtifact: async () => undefined,
  restoreCache: async () => undefined,
  saveCache: async () => undefined,
};

const dir = mkdtempSync(join(tmpdir(), 'kci-email-'));

function job(name: string, statuses: Record<string, Status>): string {
  const file = join(dir, `${name}.json`);
  const r = results(
    [
      suite(
        name,
        Object.entries(statuses).map(([n, s]) => test(n, s)),
        'command',
      ),
    ],
    { reproduce: `kernel-ci run --kernel bzImage --name ${name}` },
  );
  writeFileSync(file, JSON.stringify(r));
  return file;
}

async function report(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { flags, positionals } = parseFlags(args, reportFlags, Infinity);
    return await reportCommand(flags, positionals, host, () => undefined);
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
  }
}

describe('report e-mail', () => {
  it('is sent over SMTP as an RFC 5322 reply to the patch, one line per job', async () => {
    const eml = join(dir, 'report.eml');
    const code = await report(
      [
        job('normal', { connect: 'pass', diag: 'pass' }),
        job('debug', { connect: 'fail', diag: 'pass' }),
        '--email-to',
        'MPTCP Upstream <mptcp@lists.linux.dev>',
        '--email-cc',
        'dev@example.org',
        '--email-from',
        'kernel-ci bot <ci@example.org>',
        '--email-subject',
        '[PATCH mptcp-next] mptcp: fix the fastclose path',
        '--email-in-reply-to',
        '20261127-fastclose-v1-1-abc@kernel.org',
        '--email-file',
        eml,
        '--smtp-url',
        `smtp://ci:s3cret@127.0.0.1:${port}`,
      ],
      {
        GITHUB_RUN_ID: '4242',
        GITHUB_REPOSITORY: 'octo/linux',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_EVENT_PATH: '',
      },
    );
    expect(code).toBe(1);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.user).toBe('ci');
    expect(got.from).toBe('ci@example.org');
    expect(got.to).toEqual(['mptcp@lists.linux.dev', 'dev@example.org']);
    // What went over the wire is what was written.
    expect(got.raw.toString()).toBe(readFileSync(eml, 'utf8'));
    const mail: ParsedMail = await simpleParser(got.raw);
    expect(mail.subject).toBe('Re: [PATCH mptcp-next] mptcp: fix the fastclose path');
    expect(mail.from?.value).toEqual([{ name: 'kernel-ci bot', address: 'ci@example.org' }]);
    expect(mail.inReplyTo).toBe('<20261127-fastclose-v1-1-abc@kernel.org>');
    expect(mail.references).toBe('<20261127-fastclose-v1-1-abc@kernel.org>');
    expect(mail.messageId).toMatch(/^<kernel-ci\.4242\.[0-9a-f]{12}@example\.org>$/);
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.html).toBe(false);
    expect(mail.text).toBe(
      [
        'Hi,',
        '',
        'Thank you for your modifications. kernel-ci tested them; here is its report:',
        '',
        '- normal: Success! ✅',
        '- debug: Unstable: 1 failed subtest(s): connect 🔴',
        '  - debug / connect',
        '- Task: https://github.com/octo/linux/actions/runs/4242',
        '',
        'If there are some issues, you can reproduce them locally with:',
        '',
        '    $ kernel-ci run --kernel bzImage --name normal',
        '    $ kernel-ci run --kernel bzImage --name debug',
        '',
        'Some failures may not come from your modifications: the history above',
        'says which ones were already failing or flaky.',
        '',
        'Cheers,',
        'kernel-ci',
        '',
      ].join('\n'),
    );
    // CRLF lines; non-ASCII (the icons) quoted-printable, ASCII lines as written.
    expect(mail.headers.get('content-transfer-encoding')).toBe('quoted-printable');
    expect(got.raw.toString().replace(/\r\n/g, '')).not.toContain('\n');
    expect(got.raw.toString()).toContain(
      '\r\n    $ kernel-ci run --kernel bzImage --name normal\r\n',
    );
  });
});
