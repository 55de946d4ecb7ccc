// The e-mail report as a real RFC 5322 message (nodemailer's composer:
// encoded headers, Message-ID, Date, threading under a patch's Message-ID
// with In-Reply-To and References), written to a file and/or sent over SMTP.
// The server comes from --smtp-url or KERNEL_CI_SMTP_URL (credentials are
// better kept in the environment than on a command line).
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { ReportOptions } from '../cli/specs.js';
import { UsageError } from '../core/errors.js';
import { emailBody, emailSubject, type EmailInput } from '../core/email.js';
import { writeFresh } from '../system/safe-write.js';
import type { Host } from './host.js';

export interface Mail {
  messageId: string;
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

const angle = (id: string) => (id.startsWith('<') ? id : `<${id}>`);
const addressOf = (a: string) => /<([^>]+)>/.exec(a)?.[1] ?? a.trim();

export async function composeMail(
  input: EmailInput,
  opts: { from: string; to: string[]; cc?: string[]; inReplyTo?: string; runId?: string },
): Promise<Mail> {
  const domain = addressOf(opts.from).split('@')[1] ?? 'localhost';
  const messageId = `<kernel-ci.${opts.runId ?? Date.now()}.${randomBytes(6).toString('hex')}@${domain}>`;
  const parent = opts.inReplyTo ? angle(opts.inReplyTo.trim()) : undefined;
  // Loaded only when a mail is asked for: every report need not carry it.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: opts.from,
    to: opts.to,
    ...(opts.cc && opts.cc.length > 0 ? { cc: opts.cc } : {}),
    subject: emailSubject(input),
    // RFC 5322 lines end in CRLF. The verdict icons are not ASCII, so the
    // body goes quoted-printable (nodemailer's choice; 8bit it does not do):
    // every client and lore decode it, and ASCII lines stay as written.
    text: emailBody(input).replace(/\n/g, '\r\n'),
    textEncoding: 'quoted-printable',
    messageId,
    date: new Date(),
    ...(parent ? { inReplyTo: parent, references: [parent] } : {}),
    headers: { 'X-Mailer': 'kernel-ci' },
  });
  const raw = await new Promise<Buffer>((res, rej) =>
    composer.compile().build((err, msg) => (err ? rej(err) : res(msg))),
  );
  return {
    messageId,
    raw,
    envelope: { from: addressOf(opts.from), to: [...opts.to, ...(opts.cc ?? [])].map(addressOf) },
  };
}

/** --email-to / --email-file: compose the report mail, write it, send it when a server is set. */
export async function mailReport(
  flags: Partial<
    Pick<
      ReportOptions,
      | 'email-to'
      | 'email-cc'
      | 'email-file'
      | 'email-from'
      | 'email-subject'
      | 'email-in-reply-to'
      | 'smtp-url'
    >
  >,
  input: EmailInput,
  host: Host,
  env: Record<string, string | undefined> = process.env,
  runId?: string,
): Promise<Mail | undefined> {
  const to = flags['email-to'] ?? [];
  const file = flags['email-file'];
  if (to.length === 0 && !file) return undefined;
  const smtp = flags['smtp-url'] ?? env.KERNEL_CI_SMTP_URL;
  const mail = await composeMail(
    { ...input, subject: flags['email-subject'] ?? input.subject },
    {
      from: flags['email-from'] ?? 'kernel-ci <kernel-ci@localhost>',
      to: to.length > 0 ? to : ['undisclosed-recipients:;'],
      cc: flags['email-cc'] ?? [],
      inReplyTo: flags['email-in-reply-to'],
      runId,
    },
  );
  if (file) {
    writeFresh(resolve(file), mail.raw);
    host.setOutput('email', resolve(file));
  }
  if (smtp && to.length > 0) {
    let url: URL;
    try {
      url = new URL(smtp);
    } catch {
      throw new UsageError('--smtp-url: not a URL (smtp://[user:pass@]host[:port])');
    }
    try {
      const { createTransport } = await import('nodemailer');
      await createTransport(url.href).sendMail({ envelope: mail.envelope, raw: mail.raw });
      host.info(`e-mail ${mail.messageId} sent to ${to.join(', ')} through ${url.host}`);
    } catch (err) {
      // The report stands without its mail: a warning, not the job's failure.
      host.warn(`e-mail not sent through ${url.host}: ${(err as Error).message}`);
    }
  } else if (to.length > 0 && !file)
    host.warn('e-mail: no SMTP server (--smtp-url or KERNEL_CI_SMTP_URL): not sent');
  return mail;
}
