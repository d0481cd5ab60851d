import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';

export type SessionEnd = { sessionId: string; deviceId: string; at: Date; reason: string; video: string };

/**
 * Ends a publish session and opens the recording gap that follows it, with its ledger entry, in
 * one transaction. A session already ended is left alone (so a replayed end writes nothing).
 */
export async function endPublishSession(db: Db, e: SessionEnd): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('publish_sessions').set({ ended_at: e.at, end_reason: e.reason, video: e.video }).where('id', '=', e.sessionId).where('ended_at', 'is', null).returningAll().executeTakeFirst();
    if (!row) return;
    await trx.insertInto('recording_gaps').values({ device_id: e.deviceId, started_at: e.at, reason: e.reason }).execute();
    await appendLedger(trx, { actor: { type: 'device', id: e.deviceId }, action: 'stream.publish_ended', entityType: 'publish_session', entityId: row.id, state: row, context: { reason: e.reason } });
  });
}
