import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { consentDeviceIds, notifyPublishGate, syncDeviceStatus } from './consent-state.js';

/**
 * Marks consents whose last valid day (Asia/Shanghai) has passed as expired, each ledgered.
 * Idempotent. The publish authority already refuses them by date; this keeps records true.
 */
export async function expireDueConsents(db: Db, events: EventBus): Promise<number> {
  const actor: Actor = { type: 'system', id: 'consents.expire' };
  const due = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('consents')
      .set((eb) => ({ status: 'expired', status_reason: '有效期届满', status_changed_at: new Date(), version: eb('version', '+', 1), updated_at: new Date() }))
      .where('status', 'in', ['active', 'suspended'])
      .where('valid_until', '<', sql<string>`(now() AT TIME ZONE 'Asia/Shanghai')::date`)
      .returningAll()
      .execute();
    for (const row of rows) {
      await appendLedger(trx, { actor, action: 'consent.expired', entityType: 'consent', entityId: row.id, state: row });
      const deviceIds = await consentDeviceIds(trx, row.id);
      await syncDeviceStatus(trx, deviceIds, actor, null, { consentId: row.id, action: 'consent.expired' });
      await notifyPublishGate(trx, { consentId: row.id, deviceIds, reason: 'consent.expired' });
    }
    return rows;
  });
  for (const row of due) events.emit('consent:changed', { id: row.id, status: 'expired' });
  return due.length;
}
