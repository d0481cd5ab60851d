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
export async function recordPortalEvent(db: Kysely<Database>, caller: Caller, deliveryId: string, kind: 'notification_opened' | 'content_downloaded', opts: { once: boolean; via?: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const d = await repo.lock(trx, deliveryId);
    if (!d) return false;
    if (opts.once && (await repo.events(trx, [d.id])).some((e) => e.kind === kind && e.channel === 'portal')) return false;
    const portal = (await repo.channels(trx, [d.id])).find((c) => c.channel === 'portal') ?? null;
    await appendEvent(trx, d, { kind, channel: portal, actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, detail: { userId: caller.user.id, ip: caller.ip, ...(opts.via ? { via: opts.via } : {}) } });
    return true;
  });
}

/**
 * An e-mail's open pixel was fetched (a case document's or a finding notice's: the token names the
 * channel): notification_opened on that channel, the first time only. False for an unknown token.
 */
export async function recordPixelOpen(db: Kysely<Database>, token: string, ip: string | null): Promise<boolean> {
  const ch = await repo.channelByToken(db, token);
  if (!ch) return false;
  return db.transaction().execute(async (trx) => {
    const d = (await repo.lock(trx, ch.delivery_id))!;
    if ((await repo.events(trx, [d.id])).some((e) => e.kind === 'notification_opened' && e.channel_id === ch.id)) return false;
    await appendEvent(trx, d, { kind: 'notification_opened', channel: ch, actor: { type: 'anonymous', id: null }, detail: { ip, via: 'pixel' } });
    return true;
  });
}
