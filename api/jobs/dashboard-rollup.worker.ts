import { shanghaiDay, nextDay } from '../../core/calendar/calendar.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import { createHealthRollupRepository } from '../dashboard/health-rollup.repository.js';

/**
 * 'dashboard.rollup' (hourly): today's and yesterday's device-health days computed again (idempotent:
 * a day's rows are overwritten), and any day of the week before not yet computed or computed before
 * it ended (a stopped platform catches up). Older days are rolled up on demand by the dashboard.
 */
export function dashboardRollupWorker(db: Db, log: Logger, clock: () => Date = () => new Date()) {
  const rollup = createHealthRollupRepository(db);
  return async () => {
    const now = clock();
    const today = shanghaiDay(now);
    const behind = await rollup.stale(nextDay(today, -8), nextDay(today, -2), now);
    for (const day of [...behind, nextDay(today, -1), today]) await rollup.computeDay(day, now);
    log.info({ days: behind.length + 2, today }, 'device health days rolled up');
  };
}
