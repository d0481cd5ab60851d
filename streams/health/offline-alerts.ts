import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { DEVICE_HEALTH_CHANNEL } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';

/**
 * R2: a device that a consent in force covers, offline (or never online since signing) for
 * longer than the threshold, gets one open alert; it is cleared when the device is back.
 * Each raise and clear is ledgered and announced. Idempotent; run every minute.
 */
export async function checkOfflineAlerts(db: Db, thresholdMinutes: number, now = new Date()): Promise<{ raised: string[]; cleared: string[] }> {
  const cutoff = new Date(now.getTime() - thresholdMinutes * 60_000);
  const actor = { type: 'system' as const, id: 'streams.health' };
  return db.transaction().execute(async (trx) => {
    const due = await sql<{ device_id: string; since: Date }>`
      SELECT cd.device_id, coalesce(h.since, c.signed_at) AS since
      FROM consents c
      JOIN consent_devices cd ON cd.consent_id = c.id
      JOIN devices d ON d.id = cd.device_id AND d.status NOT IN ('retired', 'suspended')
      LEFT JOIN device_health h ON h.device_id = cd.device_id
      WHERE c.status = 'active'
        AND c.valid_until >= (now() AT TIME ZONE 'Asia/Shanghai')::date
        AND coalesce(h.online, false) = false
        AND coalesce(h.since, c.signed_at) < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM device_alerts a WHERE a.device_id = cd.device_id AND a.kind = 'offline' AND a.cleared_at IS NULL)`.execute(trx);
    const raised: string[] = [];
    for (const d of due.rows) {
      const row = await trx.insertInto('device_alerts').values({ device_id: d.device_id, kind: 'offline', since: d.since }).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
      if (!row) continue;
      await appendLedger(trx, { actor, action: 'device.offline_alert_raised', entityType: 'device_alert', entityId: row.id, state: row });
      raised.push(d.device_id);
    }
    const back = await trx
      .updateTable('device_alerts as a')
      .set({ cleared_at: now })
      .where('a.cleared_at', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('device_health as h').whereRef('h.device_id', '=', 'a.device_id').where('h.online', '=', true)))
      .returningAll()
      .execute();
    for (const row of back) await appendLedger(trx, { actor, action: 'device.offline_alert_cleared', entityType: 'device_alert', entityId: row.id, state: row });
    for (const id of [...raised, ...back.map((b) => b.device_id)]) await sql`SELECT pg_notify(${DEVICE_HEALTH_CHANNEL}, ${JSON.stringify({ deviceId: id, online: !raised.includes(id) })})`.execute(trx);
    return { raised, cleared: back.map((b) => b.device_id) };
  });
}
