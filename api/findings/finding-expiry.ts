import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { EventBus } from '../../core/events.js';
import { ledgerFinding } from './finding-trail.js';

/**
 * Marks findings still unanswered at their deadline as expired. The status guard in the WHERE
 * makes it happen once per finding however often (or concurrently) it runs.
 */
export async function expireDueFindings(db: Kysely<Database>, events: EventBus, now: Date = new Date()): Promise<number> {
  const rows = await db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('findings')
      .set((eb) => ({ status: 'expired', expired_at: now, version: eb('version', '+', 1), updated_at: now }))
      .where('status', '=', 'notified')
      .where('respond_by', '<=', now)
      .returningAll()
      .execute();
    for (const f of expired) await ledgerFinding(trx, f, 'finding.expired', { type: 'system', id: 'findings.expire' }, null, { respondBy: new Date(f.respond_by).toISOString() });
    return expired;
  });
  for (const f of rows) events.emit('finding:changed', { id: f.id, flagId: f.flag_id, businessId: f.business_id, agencyId: f.agency_id, status: f.status });
  return rows.length;
}
