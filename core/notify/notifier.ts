import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { OUTBOX_ID_HEADER, startCaptureSmtp } from './capture-smtp.js';
import { createSmtpTransport } from './mailer.js';
import type { MailTransport, OutgoingMessage, SendResult, SmsAdapter } from './notify.types.js';
import { markMessage, queueMessage } from './outbox.repository.js';
import { outboxSmsAdapter } from './sms-outbox.adapter.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(1[3-9]\d{9}|\+\d{8,15})$/;

export type Notifier = { send(msg: OutgoingMessage): Promise<SendResult> };

/**
 * Sends e-mail (SMTP) and SMS (adapter). The outbox row is written first, in its own statement,
 * so a crash mid-send leaves a visible 'queued' row; then it is marked sent, captured or failed.
 * A failed send is an outcome, not an exception; only a malformed address throws.
 */
export function createNotifier(deps: { db: Kysely<Database>; mail: { transport: MailTransport; from: string }; sms: SmsAdapter; log: Logger }): Notifier {
  const { db, log } = deps;
  return {
    async send(msg) {
      const to = msg.to.trim();
      if (msg.channel === 'email' ? !EMAIL.test(to) : !PHONE.test(to.replace(/[\s-]/g, ''))) {
        throw new AppError('validation_failed', '', [{ path: ['to'], message: 'invalid' }]);
      }
      const { id } = await queueMessage(db, { ...msg, to });
      try {
        if (msg.channel === 'email') {
          const info = await deps.mail.transport.send({ from: deps.mail.from, to, subject: msg.subject ?? '', text: msg.body, html: msg.html, attachments: msg.attachments, headers: { [OUTBOX_ID_HEADER]: id } });
          // The capture server may already have marked the row 'captured'; keep that.
          await db.updateTable('outbox_messages').set({ status: 'sent', provider_id: info.messageId, sent_at: new Date() }).where('id', '=', id).where('status', '=', 'queued').execute();
          const row = await db.selectFrom('outbox_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow();
          return { outboxId: id, status: row.status === 'captured' ? 'captured' : 'sent' };
        }
        const r = await deps.sms.send(to, msg.body);
        await markMessage(db, id, { status: r.captured ? 'captured' : 'sent', providerId: r.providerId });
        return { outboxId: id, status: r.captured ? 'captured' : 'sent' };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log.warn({ outboxId: id, channel: msg.channel, err: error }, 'message not sent');
        await markMessage(db, id, { status: 'failed', error: error.slice(0, 1000) });
        return { outboxId: id, status: 'failed', error };
      }
    },
  };
}

/**
 * The notifier the config asks for: SMTP_URL when set; otherwise a loopback capture SMTP server
 * (mail is kept on this machine, shown in the demo mailbox, and not delivered).
 */
export async function createNotifierFromConfig(config: Config, db: Kysely<Database>, log: Logger) {
  let url = config.mail.smtpUrl;
  let capture: Awaited<ReturnType<typeof startCaptureSmtp>> | null = null;
  if (!url) {
    capture = await startCaptureSmtp({ db, log });
    url = capture.url;
    log.warn({ smtp: url }, 'SMTP_URL is not set: e-mail is captured on this machine (demo mailbox), not delivered');
  }
  const transport = createSmtpTransport(url);
  const notifier = createNotifier({ db, mail: { transport, from: config.mail.from }, sms: outboxSmsAdapter, log });
  return {
    notifier,
    captured: capture !== null,
    async stop() {
      transport.close();
      await capture?.stop();
    },
  };
}
