import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { Logger } from '../../core/log.js';
import type { Queue } from '../../core/queue.js';
import { deliveryRepository as repo } from './delivery.repository.js';

/**
 * At start-up: every e-mail/SMS channel still queued with no job of its own — one moved from the
 * old finding_deliveries table by migration 20261207T060000, or one whose job was lost — gets its
 * 'delivery.send' job. Channels are read before the jobs, so a channel committed meanwhile with
 * its job is never missed; a job given twice is harmless (the sender locks a queued channel and
 * sends it once). Returns how many jobs it added.
 */
export async function resumeQueuedChannels(db: Kysely<Database>, queue: Pick<Queue, 'pending' | 'send'>, log: Logger): Promise<number> {
  const queued = await repo.queuedChannels(db, 5000);
  if (!queued.length) return 0;
  const [sending, dead] = await Promise.all([queue.pending('delivery.send', 'channelId'), queue.pending('delivery.dead', 'channelId')]);
  let n = 0;
  for (const c of queued) {
    if (sending.has(c.id) || dead.has(c.id)) continue;
    await queue.send('delivery.send', { channelId: c.id });
    n++;
  }
  if (n) log.info({ channels: n }, 'queued delivery channels without a job were given one');
  return n;
}
