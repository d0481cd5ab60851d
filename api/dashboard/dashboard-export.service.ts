import type { Db } from '../../core/db/connect.js';
import type { ExportLang } from '../../core/dashboard/labels.js';
import { AppError } from '../../core/errors.js';
import { csvStream, xlsxStream, type Sheet } from '../../core/export/table-export.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { QueueFilter, QueueRow, ReviewRepository } from '../review/review.repository.js';
import { dashboardSheets, queueSheet } from './dashboard-export.js';
import type { DashboardQuery, DashboardService } from './dashboard.service.js';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportFile = { name: string; contentType: string; rows: number; body: ReadableStream<Uint8Array> };
/** A list export holds at most this many rows (issue 16: 100,000 flags in ≤ 10 s); a larger one is refused (400) before it starts. */
export const LIST_EXPORT_MAX_ROWS = 100_000;
/** Rows read per query while a list streams (each query joins the names anew: fewer, larger pages are faster). */
const PAGE = 10_000;
const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/**
 * The dashboard's exports (issue 16 item 1): its figures as tables, and the flag list under the
 * review queue's filters — each ledgered before it streams (who, what filter, how many rows, from
 * where), as the audit log's export is (audit.exported).
 */
export function createDashboardExports(deps: { db: Db; access: Access; dashboard: DashboardService; review: ReviewRepository; log?: Logger; clock?: () => Date }) {
  const clock = deps.clock ?? (() => new Date());

  function stream(sheets: Sheet[], format: ExportFormat): ReadableStream<Uint8Array> {
    if (format === 'csv') return csvStream(sheets);
    const { body, done } = xlsxStream(sheets);
    done.catch((err: unknown) => deps.log?.warn({ err }, 'export failed while streaming'));
    return body;
  }

  return {
    /** The figures of the dashboard the same query shows, as sheets (概览 with the previous period and the change, 地区, 类别, 规则, 执法人员, 每日). */
    async dashboard(caller: Caller, q: DashboardQuery, format: ExportFormat, lang: ExportLang): Promise<ExportFile> {
      const d = await deps.dashboard.figures(caller, q);
      await appendLedger(deps.db, {
        actor: { type: 'user', id: caller.user.id },
        requestId: caller.requestId,
        action: 'dashboard.exported',
        entityType: 'dashboard',
        entityId: null,
        state: null,
        context: { agencyId: d.agency.id, period: d.period, category: q.category ?? null, format, ip: caller.ip },
      });
      return { name: `dashboard-${d.period.from}-${d.period.to}.${format}`, contentType: CONTENT_TYPE[format], rows: 0, body: stream(dashboardSheets(d, lang), format) };
    },

    /**
     * The flag list under the queue's filters, in deadline order (≤ 100,000 rows, else 400): counted,
     * ledgered (flags.exported: the filter and the count), then read page by page as it streams —
     * no more rows than counted, however many flags arrive meanwhile.
     */
    async queue(caller: Caller, filter: QueueFilter, format: ExportFormat, lang: ExportLang): Promise<ExportFile> {
      const scope = deps.access.scope(caller, 'flag.read');
      const n = await deps.review.count(scope, filter);
      if (n > LIST_EXPORT_MAX_ROWS) throw new AppError('validation_failed', '', [{ path: ['status'], message: 'dashboard.export_too_large' }]);
      const now = clock();
      await appendLedger(deps.db, {
        actor: { type: 'user', id: caller.user.id },
        requestId: caller.requestId,
        action: 'flags.exported',
        entityType: 'flag_list',
        entityId: null,
        state: null,
        context: { filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }, rows: n, format, scope, ip: caller.ip },
      });
      const review = deps.review;
      async function* rows(): AsyncGenerator<QueueRow> {
        let left = n;
        let cursor: { at: string; id: string } | null = null;
        while (left > 0) {
          const want = Math.min(PAGE, left);
          // A page holds one row more than asked when there is more to read.
          const page = await review.page(scope, filter, 'deadline', want, cursor);
          const take = page.slice(0, want);
          for (const r of take) yield r;
          left -= take.length;
          const last = take.at(-1);
          if (page.length <= want || !last) break;
          cursor = { at: last.cursor_at, id: last.id };
        }
      }
      return { name: `flags-${now.toISOString().slice(0, 10)}.${format}`, contentType: CONTENT_TYPE[format], rows: n, body: stream([queueSheet(rows(), now, lang)], format) };
    },
  };
}
export type DashboardExports = ReturnType<typeof createDashboardExports>;
