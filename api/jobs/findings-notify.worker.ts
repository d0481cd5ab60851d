import type { Logger } from '../../core/log.js';
import type { FindingSender } from '../findings/finding-sender.js';

/** Idempotent: sends the queued notices of one finding, or (cron) every queued one. */
export function findingsNotifyWorker(sender: FindingSender, log: Logger) {
  return async (payload: { findingId?: string }) => {
    const n = await sender.sendQueued(payload?.findingId);
    if (n) log.info({ deliveries: n, findingId: payload?.findingId ?? null }, 'finding notices processed');
  };
}
