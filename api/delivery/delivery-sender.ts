import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Database, DeliveryChannelRow, DeliveryRow } from '../../core/db/database.js';
import { accepted, parseSmtpReply, permanent } from '../../core/delivery/smtp-reply.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import type { SendResult } from '../../core/notify/notify.types.js';
import type { DeliveryCompletion } from './delivery-completion.js';
import { documentTitle } from './delivery-completion.js';
import { servedEmail, servedSms, type ServedFacts } from './delivery-message.js';
import { findingNoticeMessage } from '../findings/finding-notice-mail.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, SYSTEM } from './delivery-trail.js';

/** A try that should be made again (4xx, no answer): the job throws so pg-boss retries it (core/jobs.ts). */
export class RetryLater extends Error {}

export const portalUrlOf = (publicBaseUrl: string, deliveryId: string) => `${publicBaseUrl}/portal/deliveries/${deliveryId}`;

async function readAll(blobs: BlobStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await blobs.get(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends one channel of a delivery — the job 'delivery.send' — and records what happened as
 * evidence: the e-mail (PDF attached, its SHA-256 in the body; a finding's notice: its own text,
 * api/findings/finding-notice-mail.ts) relayed with the receiving
 * server's reply and queue id, refused (5xx: never retried, never service) or failed (4xx, no
 * answer: recorded, then retried by pg-boss; after the last retry the dead letter 'delivery.dead'
 * marks it failed); the SMS notice handed to the gateway. The channel stays locked while it is
 * sent, so a job that runs twice sends once. When nothing is pending any more, the delivery completes.
 */
export function createDeliverySender(deps: { db: Kysely<Database>; notifier: Notifier | null; blobs: BlobStore; publicBaseUrl: string; log: Logger; completion: DeliveryCompletion }) {
  const { db, log } = deps;

  async function facts(trx: Kysely<Database>, d: DeliveryRow): Promise<ServedFacts> {
    const [business, agency, doc] = await Promise.all([repo.business(trx, d.business_id), repo.agencyName(trx, d.agency_id), d.document_row_id ? repo.document(trx, d.document_row_id) : Promise.resolve(undefined)]);
    return { agencyName: agency?.name ?? '', businessName: business?.name ?? '', documentName: documentTitle(d.document_kind), documentNumber: d.document_number, sha256: d.content_sha256, portalUrl: portalUrlOf(deps.publicBaseUrl, d.id), issuedAt: doc ? new Date(doc.issued_at) : d.created_at };
  }

  async function attempt(trx: Kysely<Database>, d: DeliveryRow, ch: DeliveryChannelRow): Promise<SendResult> {
    try {
      // A finding's notice (a notification, not service): its own texts, no document attached.
      if (d.subject_kind === 'finding_notice') {
        const msg = await findingNoticeMessage(trx, d, ch, { blobs: deps.blobs, publicBaseUrl: deps.publicBaseUrl });
        if (!msg) return { outboxId: '', status: 'failed', reason: 'not_configured', error: 'the finding or its decision is gone: nothing to send' };
        return await deps.notifier!.send(msg);
      }
      const f = await facts(trx, d);
      if (ch.channel === 'email') {
        const mail = servedEmail(f, { pixelUrl: `${deps.publicBaseUrl}/api/deliveries/open/${ch.open_token}.gif` });
        const pdf = await readAll(deps.blobs, d.content_sha256);
        const filename = `${f.documentName}${d.document_number ? `-${d.document_number}` : ''}.pdf`;
        return await deps.notifier!.send({ channel: 'email', to: ch.address, subject: mail.subject, body: mail.text, html: mail.html, attachments: [{ filename, content: pdf, contentType: 'application/pdf' }], purpose: 'delivery.document' });
      }
      return await deps.notifier!.send({ channel: 'sms', to: ch.address, body: servedSms(f), purpose: 'delivery.notice' });
    } catch (err) {
      return { outboxId: '', status: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  }

  return {
    /** The job's handler: throws RetryLater when the try should be made again. */
    async send(channelId: string): Promise<void> {
      if (!deps.notifier) throw new RetryLater('no notifier: the delivery waits');
      const retry = await db.transaction().execute(async (trx) => {
        const ch = await repo.lockQueuedChannel(trx, channelId);
        if (!ch || (ch.channel !== 'email' && ch.channel !== 'sms')) return null;
        const d = (await repo.get(trx, ch.delivery_id))!;
        const r = await attempt(trx, d, ch);
        const n = ch.attempts + 1;
        const base = { address: ch.address, attempt: n, outboxId: r.outboxId || null };
        if (ch.channel === 'sms') {
          if (r.status === 'failed' && r.reason === 'not_configured') {
            // No gateway: no retry helps; recorded as failed (an SMS is never service anyway).
            await appendEvent(trx, d, { kind: 'relay_failed', channel: ch, actor: SYSTEM, detail: { ...base, final: true, reason: (r.error ?? '').slice(0, 300) } });
            const row = await repo.updateChannel(trx, ch.id, { status: 'failed', attempts: n, outbox_id: r.outboxId || ch.outbox_id });
            await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.failed', SYSTEM);
          } else if (r.status === 'failed') {
            await appendEvent(trx, d, { kind: 'relay_failed', channel: ch, actor: SYSTEM, detail: { ...base, final: false, reason: (r.error ?? '').slice(0, 300) } });
            const row = await repo.updateChannel(trx, ch.id, { attempts: n, outbox_id: r.outboxId || ch.outbox_id });
            await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.retry', SYSTEM);
            return r.error ?? 'failed';
          } else {
            await appendEvent(trx, d, { kind: 'notification_sent', channel: ch, actor: SYSTEM, detail: { ...base, captured: r.status === 'captured' } });
            const row = await repo.updateChannel(trx, ch.id, { status: 'notified', attempts: n, outbox_id: r.outboxId || null });
            await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.notified', SYSTEM);
          }
        } else if (r.status !== 'failed' && r.relay && accepted(parseSmtpReply(r.relay.response)) && !r.relay.rejected.length) {
          const reply = parseSmtpReply(r.relay.response);
          await appendEvent(trx, d, { kind: 'relay_accepted', channel: ch, actor: SYSTEM, detail: { ...base, response: reply.text, code: reply.code, queueId: reply.queueId, messageId: r.relay.messageId, accepted: r.relay.accepted, ...(r.status === 'captured' ? { captured: true } : {}) } });
          const row = await repo.updateChannel(trx, ch.id, { status: 'relayed', attempts: n, outbox_id: r.outboxId || null });
          await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.relayed', SYSTEM);
        } else {
          const response = r.reply?.response ?? r.relay?.response ?? null;
          const reply = parseSmtpReply(response);
          const code = r.reply?.responseCode ?? reply.code;
          const detail = { ...base, response, responseCode: code, code: r.reply?.code ?? null, reason: (r.error ?? '').slice(0, 300), rejected: r.relay?.rejected ?? [] };
          if ((code !== null && code >= 500) || permanent(reply) || r.reason === 'not_configured') {
            // 5xx: the receiving server refused it for good (or there is no way out): never service.
            await appendEvent(trx, d, { kind: r.reason === 'not_configured' ? 'relay_failed' : 'relay_rejected', channel: ch, actor: SYSTEM, detail: { ...detail, final: true } });
            const row = await repo.updateChannel(trx, ch.id, { status: r.reason === 'not_configured' ? 'failed' : 'rejected', attempts: n, outbox_id: r.outboxId || ch.outbox_id });
            await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.rejected', SYSTEM);
          } else {
            await appendEvent(trx, d, { kind: 'relay_failed', channel: ch, actor: SYSTEM, detail: { ...detail, final: false } });
            const row = await repo.updateChannel(trx, ch.id, { attempts: n, outbox_id: r.outboxId || ch.outbox_id });
            await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.retry', SYSTEM);
            return r.error ?? `SMTP ${code ?? 'no reply'}`;
          }
        }
        await deps.completion.completeIfSettled(trx, d.id);
        return null;
      });
      if (retry) {
        log.warn({ channelId, err: retry }, 'delivery not sent; pg-boss retries it');
        throw new RetryLater(retry);
      }
    },

    /** The dead letter of a channel whose every try failed: recorded as failed (never service), and the delivery completes without it. */
    async dead(channelId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ch = await repo.lockQueuedChannel(trx, channelId);
        if (!ch) return;
        const d = (await repo.get(trx, ch.delivery_id))!;
        await appendEvent(trx, d, { kind: 'relay_failed', channel: ch, actor: SYSTEM, detail: { address: ch.address, attempt: ch.attempts, final: true, reason: '重试次数已用尽，未能投递' } });
        const row = await repo.updateChannel(trx, ch.id, { status: 'failed' });
        await ledgerDeliveryRow(trx, 'delivery_channel', row, 'delivery_channel.failed', SYSTEM);
        await deps.completion.completeIfSettled(trx, d.id);
      });
    },
  };
}
export type DeliverySender = ReturnType<typeof createDeliverySender>;
