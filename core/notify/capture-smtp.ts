import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Logger } from '../log.js';

export const OUTBOX_ID_HEADER = 'x-vigil-outbox-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A loopback SMTP server for the embedded default: with no SMTP_URL, mail still goes through a
 * real SMTP conversation, and lands here instead of a mailbox. Each message is parsed and its
 * outbox row marked 'captured' (the demo mailbox shows it). A malformed message is refused,
 * never a crash.
 */
export async function startCaptureSmtp(opts: { db: Kysely<Database>; log: Logger; host?: string; port?: number }) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 1024 * 1024,
    banner: 'Vigil capture SMTP',
    logger: false,
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
          callback();
        })
        .catch((err: unknown) => {
          opts.log.warn({ err }, 'capture SMTP: message refused');
          callback(new Error('message could not be stored'));
        });
    },
  });
  server.on('error', (err) => opts.log.warn({ err }, 'capture SMTP error'));
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return {
    url: `smtp://${host}:${port}?tls=off`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
