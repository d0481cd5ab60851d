import { route } from '../access/access.route.js';
import { bytes, errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { QueueQuery, queueFilterOf } from '../review/review.routes.js';
import { DashboardDto, DashboardQuery } from './dashboard.dto.js';
import type { DashboardExports, ExportFile, ExportFormat } from './dashboard-export.service.js';
import type { DashboardService } from './dashboard.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The queue's filters without its paging. */
const ListQuery = QueueQuery.omit({ limit: true, cursor: true, sort: true });

const send = (f: ExportFile) =>
  new Response(f.body, { status: 200, headers: { 'content-type': f.contentType, 'content-disposition': `attachment; filename="${f.name}"`, 'x-row-count': String(f.rows), 'cache-control': 'no-store' } });

/** The managers' dashboard (issue 16 item 1), mounted at /api: the figures, their exports, and the flag list export. */
export function dashboardRoutes(deps: { dashboard: DashboardService; exports: DashboardExports }) {
  const app = router();
  const tags = ['dashboard'];

  app.openapi(route('dashboard.read', { method: 'get', path: '/dashboard', tags, request: { query: DashboardQuery }, responses: { 200: json(DashboardDto, 'The figures of the region, its sub-regions, categories and officers, with the previous period'), ...errorResponses } }), async (c) =>
    c.json(await deps.dashboard.figures(callerOf(c), c.req.valid('query')), 200),
  );

  for (const format of ['csv', 'xlsx'] as const satisfies readonly ExportFormat[]) {
    app.openapi(
      route('dashboard.read', { method: 'get', path: `/dashboard/export.${format}`, tags, request: { query: DashboardQuery }, responses: { 200: bytes(format === 'csv' ? 'text/csv' : XLSX, 'The figures as tables (概览, 地区, 类别, 规则, 执法人员, 每日); ledgered as dashboard.exported'), ...errorResponses } }),
      async (c) => send(await deps.exports.dashboard(callerOf(c), c.req.valid('query'), format, c.get('lang'))),
    );
    app.openapi(
      route('flag.read', { method: 'get', path: `/review/queue/export.${format}`, tags: ['review'], request: { query: ListQuery }, responses: { 200: bytes(format === 'csv' ? 'text/csv' : XLSX, 'The flags under the queue’s filters, deadline first (≤ 100,000 rows); ledgered as flags.exported'), ...errorResponses } }),
      async (c) => {
        const caller = callerOf(c);
        return send(await deps.exports.queue(caller, queueFilterOf(caller, c.req.valid('query')), format, c.get('lang')));
      },
    );
  }
  return app;
}
