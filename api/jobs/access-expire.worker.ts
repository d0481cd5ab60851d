import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import { expireDueGrants } from '../access-requests/access-expiry.js';
import { createAccessRequestRepository } from '../access-requests/access-request.repository.js';

/** Idempotent: marks access grants past their period's end as expired (ledgered). */
export function accessExpireWorker(db: Db, log: Logger) {
  const repo = createAccessRequestRepository(db);
  return async () => {
    const n = await expireDueGrants(db, repo);
    if (n) log.info({ expired: n }, 'access grants expired');
  };
}
