import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import { createDeliveryCompletion } from '../delivery/delivery-completion.js';
import { deliveryRepository as deliveries } from '../delivery/delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, type TrailActor } from '../delivery/delivery-trail.js';
import { addressesInForce } from '../registry/service-address.repository.js';
import { loadFindingFacts } from './finding-facts.js';
import { findingNoticeText } from './finding-message.js';
import { NOTICE_PURPOSE, type NoticePurpose } from './finding-notice-mail.js';

/** Enqueues a channel's 'delivery.send' job in the caller's transaction (the delivery module's; null: the channel waits). */
export type NoticeEnqueue = (trx: Kysely<Database>, channelId: string, correlationId: string) => Promise<unknown>;

// A notice touches no case, so its completion needs no document service.
const completion = createDeliveryCompletion({ documents: null });

/**
 * Tells the business of a finding through the delivery module (issue 14 item 2), inside the
 * caller's transaction: one delivery (subject 'finding_notice', the finding and the purpose — the
 * first notice, or the officer's decision on its dispute), one channel per way the business agreed
 * to be told — the portal message, and each e-mail and SMS service address it proved its own (R9:
 * a registered, unverified one gets nothing). This is a notification, not service: it goes to the
 * verified addresses, not only to those of the signed 送达地址确认书, and issues no 送达回证. Each
 * e-mail/SMS channel is a 'delivery.send' job enqueued here (retries and the dead letter are the
 * queue's settings); the portal message exists as this commits. The delivery's content_sha256 is
 * the SHA-256 of the notice's canonical text (finding-message.ts findingNoticeText), which the
 * first evidence event keeps. Every row and event is ledgered in this transaction.
 */
export async function queueFindingNotices(
  trx: Kysely<Database>,
  input: { findingId: string; businessId: string; purpose: NoticePurpose; at: Date; actor: { type: 'user' | 'system'; id: string }; requestId?: string | null; enqueue?: NoticeEnqueue | null },
) {
  const finding = await trx.selectFrom('findings').select(['id', 'agency_id']).where('id', '=', input.findingId).executeTakeFirstOrThrow();
  const loaded = await loadFindingFacts(trx, input.findingId, '');
  const text = loaded ? findingNoticeText(loaded.facts, input.purpose) : '';
  const actor: TrailActor = input.actor.type === 'user' ? { type: 'user', id: input.actor.id } : { type: 'system', id: input.actor.id };
  const requestId = input.requestId ?? null;
  const d = await deliveries.insert(trx, {
    business_id: input.businessId,
    agency_id: finding.agency_id,
    case_id: null,
    subject_kind: 'finding_notice',
    finding_id: input.findingId,
    content_sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    purpose: NOTICE_PURPOSE[input.purpose],
    created_by: input.actor.type === 'user' ? input.actor.id : null,
  });
  await ledgerDeliveryRow(trx, 'delivery', d, 'delivery.created', actor, requestId, { findingId: input.findingId, purpose: input.purpose });

  const addresses = await addressesInForce(trx, input.businessId);
  const targets = [
    { channel: 'portal' as const, address: `business:${input.businessId}`, serviceAddressId: null as string | null },
    ...addresses.map((a) => ({ channel: a.method as 'email' | 'sms', address: a.address.trim(), serviceAddressId: a.id })),
  ];
  const seen = new Set<string>();
  let first = true;
  for (const t of targets) {
    const key = `${t.channel}:${t.address.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const portal = t.channel === 'portal';
    const ch = await deliveries.insertChannel(trx, { delivery_id: d.id, channel: t.channel, address: t.address, service_address_id: t.serviceAddressId, status: portal ? 'delivered' : 'queued', open_token: t.channel === 'email' ? randomBytes(24).toString('base64url') : null, proof: null, recorded_by: null });
    await ledgerDeliveryRow(trx, 'delivery_channel', ch, portal ? 'delivery_channel.delivered' : 'delivery_channel.queued', actor, requestId);
    await appendEvent(trx, d, { kind: 'submission_accepted', channel: ch, actor, requestId, at: input.at, detail: { address: portal ? null : t.address, ...(first ? { notice: text } : {}) } });
    first = false;
    // The portal message exists as this commits: the business's finding page shows it.
    if (portal) await appendEvent(trx, d, { kind: 'delivered_to_portal', channel: ch, actor, requestId, at: input.at, detail: {} });
    else if (input.enqueue) await input.enqueue(trx, ch.id, requestId ?? '');
  }
  await completion.completeIfSettled(trx, d.id, requestId);
  return d;
}
