import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, FindingDeliveryPurpose } from '../../core/db/database.js';
import { addressesInForce } from '../registry/service-address.repository.js';
import { ledgerDelivery } from './finding-trail.js';

type Actor = { type: 'user' | 'system'; id: string };

/**
 * Queues one notice of a finding per channel the business agreed to (its verified e-mail and SMS
 * service addresses) plus the portal message, each ledgered, inside the caller's transaction. The
 * purpose says which: the first notice, or the officer's decision on the business's dispute.
 * Only addresses the business proved are its own (R9): a registered, unverified one gets nothing.
 */
export async function queueFindingNotices(trx: Kysely<Database>, input: { findingId: string; businessId: string; purpose: FindingDeliveryPurpose; at: Date; actor: Actor; requestId?: string | null }) {
  const addresses = await addressesInForce(trx, input.businessId);
  const targets = [
    { channel: 'portal' as const, address: `business:${input.businessId}`, serviceAddressId: null as string | null },
    ...addresses.map((a) => ({ channel: a.method as 'email' | 'sms', address: a.address.trim(), serviceAddressId: a.id })),
  ];
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.channel}:${t.address.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const portal = t.channel === 'portal';
    const row = await trx
      .insertInto('finding_deliveries')
      .values({
        finding_id: input.findingId,
        purpose: input.purpose,
        channel: t.channel,
        address: t.address,
        service_address_id: t.serviceAddressId,
        // The portal message exists as this commits; e-mail carries an open pixel.
        status: portal ? 'sent' : 'queued',
        sent_at: portal ? input.at : null,
        delivered_at: portal ? input.at : null,
        open_token: t.channel === 'email' ? randomBytes(24).toString('base64url') : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ledgerDelivery(trx, row, portal ? 'finding_delivery.sent' : 'finding_delivery.queued', input.actor, input.requestId);
  }
}
