import type { Db } from '../../core/db/connect.js';

const KEEP_DAYS = 30;

/** Idempotent: deletes session rows that ended more than 30 days ago (logins stay in the ledger). */
export function sessionsPurgeWorker(db: Db) {
  return async () => {
    const cutoff = new Date(Date.now() - KEEP_DAYS * 86400_000);
    await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
      .execute();
  };
}
