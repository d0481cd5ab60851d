import { route } from '../access/access.route.js';
import { errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { DashboardDto, DashboardQuery } from './dashboard.dto.js';
import type { DashboardService } from './dashboard.service.js';

/** The managers' dashboard (issue 16 item 1), mounted at /api. */
export function dashboardRoutes(deps: { dashboard: DashboardService }) {
  const app = router();
  const tags = ['dashboard'];

  app.openapi(route('dashboard.read', { method: 'get', path: '/dashboard', tags, request: { query: DashboardQuery }, responses: { 200: json(DashboardDto, 'The figures of the region, its sub-regions, categories and officers, with the previous period'), ...errorResponses } }), async (c) =>
    c.json(await deps.dashboard.figures(callerOf(c), c.req.valid('query')), 200),
  );
  return app;
}
