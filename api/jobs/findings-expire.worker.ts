import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { expireDueFindings } from '../findings/finding-expiry.js';

/** Idempotent: expires findings past their answer deadline (each exactly once). */
export function findingsExpireWorker(db: Db, events: EventBus, log: Logger) {
  return async () => {
    const n = await expireDueFindings(db, events);
    if (n) log.info({ expired: n }, 'findings expired');
  };
}
