import { shanghaiDay, nextDay } from '../../core/calendar/calendar.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import { createHealthRollupRepository } from '../dashboard/health-rollup.repository.js';

/**
 * 'dashboard.rollup' (hourly): today's and yesterday's device-health days computed again (idempotent:
 * a day's rows are overwritten), and any day of the 400 before not yet computed or computed before
 * it ended: the first run after an upgrade backfills the year and its previous period's tail in the
 * background (about a second per 60 days on two busy cores), later runs find nothing stale and a
 * stopped platform catches up. The dashboard rolls up on demand only what is still missing.
 */
export function dashboardRollupWorker(db: Db, log: Logger, clock: () => Date = () => new Date()) {
  const rollup = createHealthRollupRepository(db);
  return async () => {
    const now = clock();
    const today = shanghaiDay(now);
    const behind = await rollup.stale(nextDay(today, -400), nextDay(today, -2), now);
    for (const day of [...behind, nextDay(today, -1), today]) await rollup.computeDay(day, now);
    log.info({ days: behind.length + 2, today }, 'device health days rolled up');
  };
}
