import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { expireDueConsents } from '../consent/consent-expiry.js';

/** Idempotent: expires consents past their last valid day. */
export function consentsExpireWorker(db: Db, events: EventBus, log: Logger) {
  return async () => {
    const n = await expireDueConsents(db, events);
    if (n) log.info({ expired: n }, 'consents expired');
  };
}
