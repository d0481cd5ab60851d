import type { Db } from '../../core/db/connect.js';
import type { DeliverySender } from '../../api/delivery/delivery-sender.js';

/** The channels of a finding's notices (the delivery module's tables), oldest first, with their delivery's purpose and status. */
export const noticeChannels = (db: Db, findingId: string) =>
  db
    .selectFrom('delivery_channels as c')
    .innerJoin('deliveries as d', 'd.id', 'c.delivery_id')
    .selectAll('c')
    .select(['d.purpose', 'd.subject_kind', 'd.status as delivery_status'])
    .where('d.finding_id', '=', findingId)
    .orderBy('c.created_at')
    .execute();

/** A delivery's evidence events in chain order. */
export const deliveryEvents = (db: Db, deliveryId: string) => db.selectFrom('delivery_events').selectAll().where('delivery_id', '=', deliveryId).orderBy('seq').execute();

/** What the 'delivery.send' jobs of a finding's queued e-mail/SMS channels do, one after the other; how many ran. */
export async function sendQueuedNotices(db: Db, sender: DeliverySender, findingId: string) {
  const queued = (await noticeChannels(db, findingId)).filter((c) => c.status === 'queued' && c.channel !== 'portal');
  for (const c of queued) await sender.send(c.id);
  return queued.length;
}
