import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { Caller } from '../http/request-context.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent } from './delivery-trail.js';

/**
 * The business looked at a delivery in the portal (ETSI EN 319 522's "notification opened", once)
 * or took its document ("content downloaded", each time): one evidence event on the delivery's
 * portal channel, chained and ledgered in its own transaction. Called from the delivery inbox and
 * from the party's case page (api/cases), so both record the same evidence.
 */
export async function recordPortalEvent(db: Kysely<Database>, caller: Caller, deliveryId: string, kind: 'notification_opened' | 'content_downloaded', opts: { once: boolean; via?: string }) {
  await db.transaction().execute(async (trx) => {
    const d = await repo.lock(trx, deliveryId);
    if (!d) return;
    if (opts.once && (await repo.events(trx, [d.id])).some((e) => e.kind === kind && e.channel === 'portal')) return;
    const portal = (await repo.channels(trx, [d.id])).find((c) => c.channel === 'portal') ?? null;
    await appendEvent(trx, d, { kind, channel: portal, actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, detail: { userId: caller.user.id, ip: caller.ip, ...(opts.via ? { via: opts.via } : {}) } });
  });
}
