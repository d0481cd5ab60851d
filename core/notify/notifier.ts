import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { OUTBOX_ID_HEADER, startCaptureSmtp } from './capture-smtp.js';
import { createSmtpTransport } from './mailer.js';
import type { DeliveryModes, MailTransport, OutgoingMessage, SendResult, SmsAdapter } from './notify.types.js';
import { markMessage, queueMessage } from './outbox.repository.js';
import { outboxSmsAdapter } from './sms-outbox.adapter.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(1[3-9]\d{9}|\+\d{8,15})$/;

/** modes: how each channel leaves this machine (absent: both delivered). */
export type Notifier = { send(msg: OutgoingMessage): Promise<SendResult>; modes?: DeliveryModes };

const NOT_CONFIGURED: Record<'email' | 'sms', string> = {
  email: 'not_configured: SMTP_URL is not set, e-mail cannot be delivered',
  sms: 'not_configured: no SMS gateway; SMS are only captured in the demo (--demo)',
};

/**
 * Sends e-mail (SMTP) and SMS (adapter). The outbox row is written first, in its own statement,
 * so a crash mid-send leaves a visible 'queued' row; then it is marked sent, captured or failed.
 * A failed send is an outcome, not an exception; only a malformed address throws.
 */
export function createNotifier(deps: { db: Kysely<Database>; mail: { transport: MailTransport; from: string }; sms: SmsAdapter; log: Logger; modes?: DeliveryModes }): Notifier {
  const { db, log } = deps;
  return {
    modes: deps.modes,
    async send(msg) {
      const to = msg.to.trim();
      if (msg.channel === 'email' ? !EMAIL.test(to) : !PHONE.test(to.replace(/[\s-]/g, ''))) {
        throw new AppError('validation_failed', '', [{ path: ['to'], message: 'invalid' }]);
      }
      const { id } = await queueMessage(db, { ...msg, to });
      if (deps.modes?.[msg.channel] === 'not_configured') {
        // Recorded as not sent, never captured where nobody will read it.
        await markMessage(db, id, { status: 'failed', error: NOT_CONFIGURED[msg.channel] });
        return { outboxId: id, status: 'failed', error: NOT_CONFIGURED[msg.channel], reason: 'not_configured' };
      }
      try {
        if (msg.channel === 'email') {
          const info = await deps.mail.transport.send({ from: deps.mail.from, to, subject: msg.subject ?? '', text: msg.body, html: msg.html, attachments: msg.attachments, headers: { [OUTBOX_ID_HEADER]: id } });
          // The capture server may already have marked the row 'captured'; keep that.
          await db.updateTable('outbox_messages').set({ status: 'sent', provider_id: info.messageId, sent_at: new Date() }).where('id', '=', id).where('status', '=', 'queued').execute();
          const row = await db.selectFrom('outbox_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow();
          return { outboxId: id, status: row.status === 'captured' ? 'captured' : 'sent', relay: info };
        }
        const r = await deps.sms.send(to, msg.body);
        await markMessage(db, id, { status: r.captured ? 'captured' : 'sent', providerId: r.providerId });
        return { outboxId: id, status: r.captured ? 'captured' : 'sent' };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log.warn({ outboxId: id, channel: msg.channel, err: error }, 'message not sent');
        await markMessage(db, id, { status: 'failed', error: error.slice(0, 1000) });
        // nodemailer's error carries the server's reply (550 …, 451 …) when there was one.
        const e = err as { responseCode?: unknown; response?: unknown; code?: unknown };
        const reply = { responseCode: typeof e?.responseCode === 'number' ? e.responseCode : null, response: typeof e?.response === 'string' ? e.response : null, code: typeof e?.code === 'string' ? e.code : null };
        return { outboxId: id, status: 'failed', error, reply };
      }
    },
  };
}

/** A transport for when there is no way out: every send fails (it is never called: see modes). */
const noTransport: MailTransport = {
  send: () => Promise.reject(new Error(NOT_CONFIGURED.email)),
  close: () => undefined,
};

/**
 * The notifier the config asks for: SMTP_URL when set. Without it, only in demo mode (--demo)
 * a loopback capture SMTP server keeps mail on this machine for the demo mailbox; otherwise
 * e-mail cannot be delivered, and start-up, /api/health and every attempt say so. SMS have no
 * gateway yet: the outbox adapter captures them in the demo, and outside it they are not sent.
 */
export async function createNotifierFromConfig(config: Config, db: Kysely<Database>, log: Logger) {
  let capture: Awaited<ReturnType<typeof startCaptureSmtp>> | null = null;
  if (!config.mail.smtpUrl && config.demo) {
    capture = await startCaptureSmtp({ db, log });
    log.warn({ smtp: `${capture.host}:${capture.port}` }, 'demo: SMTP_URL is not set, e-mail is captured on this machine (demo mailbox), not delivered');
  }
  const url = config.mail.smtpUrl ?? capture?.url;
  const modes: DeliveryModes = {
    email: config.mail.smtpUrl ? 'delivered' : capture ? 'captured' : 'not_configured',
    sms: config.demo ? 'captured' : 'not_configured',
  };
  if (modes.email === 'not_configured') log.error('SMTP_URL is not set: e-mail cannot be delivered (one-time codes, notices); set SMTP_URL, or use --demo to capture mail locally');
  if (modes.sms === 'not_configured') log.warn('no SMS gateway: SMS cannot be delivered (the outbox adapter captures them only with --demo)');
  const transport = url ? createSmtpTransport(url) : noTransport;
  const notifier = createNotifier({ db, mail: { transport, from: config.mail.from }, sms: outboxSmsAdapter, log, modes });
  return {
    notifier,
    captured: capture !== null,
    modes,
    async stop() {
      transport.close();
      await capture?.stop();
    },
  };
}
