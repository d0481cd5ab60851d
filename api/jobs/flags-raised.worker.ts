import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';

/** A flag was written or changed by an analyzer: tell the officers' dashboards (idempotent). */
export function flagsRaisedWorker(db: Db, events: EventBus) {
  return async ({ flagId }: { flagId: string }) => {
    const f = await db.selectFrom('flags').select(['id', 'device_id', 'agency_id', 'type', 'state', 'evidence_status', 'review_status']).where('id', '=', flagId).executeTakeFirst();
    if (!f) return; // never written (the analyzer's transaction rolled back): nothing to show
    events.emit('flag:changed', { id: f.id, deviceId: f.device_id, agencyId: f.agency_id, type: f.type, state: f.state, evidence: f.evidence_status, reviewStatus: f.review_status });
  };
}
