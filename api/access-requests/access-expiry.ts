import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { AccessRequestRepository } from './access-request.repository.js';

/**
 * Marks approved grants (调用单) whose period has ended as expired, each with its ledger entry in
 * the same transaction. Idempotent (a second run finds nothing). Reads never wait for it: the
 * access layer checks a grant's end at every use (access.service requireRecord / requireGrant);
 * this keeps the records true and the lists honest.
 */
export async function expireDueGrants(db: Db, repo: AccessRequestRepository, now: Date = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await repo.dueToExpire(trx, now);
    for (const row of due) {
      const out = await repo.update(trx, row.id, { status: 'expired', ended_at: now });
      await appendLedger(trx, { actor: { type: 'system', id: 'access.expire' }, action: 'access_request.expired', entityType: 'access_request', entityId: out.id, state: out, context: { validUntil: new Date(row.valid_until!).toISOString() } });
    }
    return due.length;
  });
}
