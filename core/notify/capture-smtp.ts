import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';

export const OUTBOX_ID_HEADER = 'x-vigil-outbox-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Loopback only: the capture server is never reachable from another machine. */
const HOST = '127.0.0.1';

const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * The demo's loopback SMTP server (`--demo` with no SMTP_URL): mail still goes through a real
 * SMTP conversation, and lands here instead of a mailbox. Each message is parsed and its outbox
 * row marked 'captured' (the demo mailbox shows it). It listens on 127.0.0.1 only and takes mail
 * only after AUTH PLAIN/LOGIN with credentials made at start and kept in this process's memory,
 * so another local user or process cannot drop mail into the demo mailboxes. A malformed message
 * is refused, never a crash.
 */
export async function startCaptureSmtp(opts: { db: Kysely<Database>; log: Logger; port?: number }) {
  const user = `vigil-${randomBytes(6).toString('hex')}`;
  const pass = randomBytes(24).toString('base64url');
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    // No TLS on loopback; AUTH is still required before MAIL FROM.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: 1024 * 1024,
    banner: 'Vigil capture SMTP',
    logger: false,
    onConnect(session, callback) {
      const ip = session.remoteAddress.replace(/^::ffff:/, '');
      callback(ip === HOST || ip === '::1' ? undefined : new Error('loopback only'));
    },
    onAuth(auth, _session, callback) {
      if (same(auth.username ?? '', user) && same(auth.password ?? '', pass)) return callback(null, { user });
      opts.log.warn({ method: auth.method }, 'capture SMTP: authentication refused');
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const header = mail.headers.get(OUTBOX_ID_HEADER);
          const id = typeof header === 'string' ? header.trim() : '';
          const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';
          if (UUID.test(id)) {
            await opts.db.updateTable('outbox_messages').set({ status: 'captured', sent_at: new Date(), provider_id: mail.messageId ?? null }).where('id', '=', id).execute();
          } else {
            await opts.db.insertInto('outbox_messages').values({ channel: 'email', to_address: to, subject: mail.subject ?? '', body: mail.text ?? '', purpose: 'unknown', status: 'captured', sent_at: new Date() }).execute();
          }
          // A queue id in the reply, as a real relay gives (Postfix wording): the delivery evidence keeps it.
          callback(null, `OK: queued as ${randomBytes(5).toString('hex').toUpperCase()}`);
        })
        .catch((err: unknown) => {
          opts.log.warn({ err }, 'capture SMTP: message refused');
          callback(new Error('message could not be stored'));
        });
    },
  });
  server.on('error', (err) => opts.log.warn({ err }, 'capture SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  const addr = server.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return {
    /** With the credentials: for this process's own transport only, never logged or printed. */
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${HOST}:${port}?tls=off`,
    host: HOST,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
