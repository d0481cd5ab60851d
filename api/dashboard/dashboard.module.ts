import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import type { Access } from '../access/access.service.js';
import { createReviewRepository } from '../review/review.repository.js';
import { createDashboardExports } from './dashboard-export.service.js';
import { createDashboardRepository } from './dashboard.repository.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { createDashboardService } from './dashboard.service.js';
import { createHealthRollupRepository } from './health-rollup.repository.js';

/** The dashboard's parts, built once (api/app.ts mounts `app` at /api; the 'dashboard.rollup' job keeps recent days rolled up: api/jobs/dashboard-rollup.worker.ts). */
export function dashboardApi(deps: { db: Db; access: Access; log: Logger; clock?: () => Date }) {
  const log = deps.log.child({ module: 'dashboard' });
  const dashboard = createDashboardService({ access: deps.access, repo: createDashboardRepository(deps.db), rollup: createHealthRollupRepository(deps.db), log, clock: deps.clock });
  const exports = createDashboardExports({ db: deps.db, access: deps.access, dashboard, review: createReviewRepository(deps.db), log, clock: deps.clock });
  return { app: dashboardRoutes({ dashboard, exports }), dashboard, exports };
}
