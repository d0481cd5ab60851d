import { AppError, type Issue } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Db } from '../../core/db/connect.js';
import { ledgerEntityOf } from '../../core/records/record-ledger.js';
import { isRecordKind, type RecordKind } from '../../core/records/record-ref.js';
import { beijingTime } from '../../core/watermark/watermark-text.js';
import type { Access } from '../access/access.service.js';
import type { ResourceKind } from '../access/access.repository.js';
import type { Owner } from '../access/scope.js';
import type { Caller } from '../http/request-context.js';
import type { OpenRead, Reader, RecordReader } from '../records/record-reader.js';
import { CSV_BOM, csvLine } from './audit-csv.js';
import type { ReadCursor, ReadFilter, ReadRow, RecordReadsRepository } from './record-reads.repository.js';
import type { RecordTrailRepository, TrailEvent } from './record-trail.repository.js';

const DAY = 86_400_000;
/** The longest period one search covers (a year, leap day included), and the default when none is given. */
export const MAX_SPAN_MS = 366 * DAY;
export const DEFAULT_SPAN_MS = 31 * DAY;
/** The most rows one CSV export holds. */
export const EXPORT_MAX_ROWS = 100_000;

export type ReadQuery = Omit<ReadFilter, 'from' | 'to'> & { from?: Date; to?: Date };

const invalid = (path: string, message: string) => new AppError('validation_failed', '', [{ path: [path], message } satisfies Issue]);

/** The period of a search: given or the last month; `to` after `from`, at most a year. */
export function period(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date } {
  const to = q.to ?? (q.from ? new Date(Math.min(now.getTime(), q.from.getTime() + MAX_SPAN_MS)) : now);
  const from = q.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from.getTime() >= to.getTime()) throw invalid('to', 'audit.period_order');
  if (to.getTime() - from.getTime() > MAX_SPAN_MS) throw invalid('from', 'audit.period_too_long');
  return { from, to };
}

const CSV_HEADER = ['时间(北京时间)', '编号', '人员', '账号', '角色', '操作', '结果', '拒绝原因', '记录类型', '记录编号', 'SHA-256', '录像起', '录像止', '所属单位', '所属机构', '设备', '案件', '调用单', '导出编号', '字节数', 'IP', '终端'];
const csvRow = (r: ReadRow) => csvLine([
  beijingTime(r.at), r.id, r.user.name, r.user.account, r.user.role, r.action, r.outcome, r.deniedReason, r.record.kind, r.record.id, r.record.sha256,
  r.record.windowFrom ? beijingTime(r.record.windowFrom) : null, r.record.windowTo ? beijingTime(r.record.windowTo) : null,
  r.owner.businessName, r.owner.agencyName, r.deviceId, r.caseId, r.grantId, r.exportId, r.bytes, r.ip, r.userAgent,
]);

export type Trail = { record: { kind: RecordKind; id: string; sha256: string | null }; owner: { agencyPath: string; agencyName: string | null } | null; events: TrailEvent[] };

/**
 * The audit log of records (issue 15 item 6; R12): searching the read log, exporting a search as
 * CSV, and a record's whole trail. What a caller sees is the access layer's auditScope: the whole
 * platform for auditors and administrators, the agency subtree whose records were read for a unit head.
 */
export function createAuditService(deps: { db: Db; access: Access; reads: RecordReadsRepository; trails: RecordTrailRepository; records?: RecordReader; clock?: () => Date }) {
  const { access, reads, trails } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function trailOf(caller: Caller, kind: string, id: string, sha256?: string | null): Promise<Trail & { entityType: string; owned: Owner | null }> {
    if (!isRecordKind(kind)) throw invalid('kind', 'audit.record_kind_unknown');
    const { entityType } = ledgerEntityOf(kind, id);
    // Who owns the record: the access layer where it knows the kind, else what the read log recorded.
    const owned = await access.ownerOf({ kind: entityType as ResourceKind, id });
    const placed = owned ? { agencyPath: owned.agencyPath } : await trails.loggedOwner(kind, id);
    access.requireAuditOf(caller, placed);
    const owner = placed ? { ...placed, agencyName: await trails.agencyName(placed.agencyPath) } : null;
    const sha = sha256 ?? (await trails.sha256Of(kind, id));
    const events = await trails.trail({ kind, id, entityType, sha256: sha });
    if (!events.length && !owned) throw new AppError('not_found', '');
    return { record: { kind, id, sha256: sha }, owner, events, entityType, owned };
  }

  return {
    /** One page of the search, newest first, and the cursor of the next (null on the last page). */
    async search(caller: Caller, q: ReadQuery, page: { after?: ReadCursor; limit: number }) {
      const scope = access.auditScope(caller);
      const f = { ...q, ...period(q, clock()) };
      const rows = await reads.page(f, scope, { after: page.after, limit: page.limit + 1 });
      const more = rows.length > page.limit;
      const items = rows.slice(0, page.limit);
      return { items, next: more ? items[items.length - 1].cursor : null, period: { from: f.from, to: f.to } };
    },

    /**
     * The search as CSV (≤ 100,000 rows, else 400): counted up to the newest row at the start, the
     * export ledgered (audit.exported: the filter and the count), then the rows streamed in pages.
     */
    async exportCsv(caller: Caller, q: ReadQuery): Promise<{ rows: number; body: ReadableStream<Uint8Array> }> {
      const scope = access.auditScope(caller);
      const f = { ...q, ...period(q, clock()) };
      const maxId = await reads.lastId();
      const n = await reads.count(f, scope, maxId, EXPORT_MAX_ROWS + 1);
      if (n > EXPORT_MAX_ROWS) throw invalid('from', 'audit.export_too_large');
      await deps.db.transaction().execute((trx) =>
        appendLedger(trx, {
          actor: { type: 'user', id: caller.user.id },
          requestId: caller.requestId,
          action: 'audit.exported',
          entityType: 'record_reads',
          entityId: null,
          state: null,
          context: { filter: { ...f, from: f.from.toISOString(), to: f.to.toISOString() }, rows: n, upToId: maxId, scope: scope ?? 'platform', ip: caller.ip },
        }),
      );
      const encoder = new TextEncoder();
      const rows = reads.all(f, scope, maxId);
      let header = true;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (header) {
            header = false;
            controller.enqueue(encoder.encode(CSV_BOM + csvLine(CSV_HEADER)));
            return;
          }
          // A few hundred lines per chunk: the response streams while the next page is read.
          let chunk = '';
          for (let i = 0; i < 500; i++) {
            const next = await rows.next();
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += csvRow(next.value);
          }
          controller.enqueue(encoder.encode(chunk));
        },
        async cancel() {
          await rows.return(undefined);
        },
      });
      return { rows: n, body };
    },

    trail: (caller: Caller, kind: string, id: string) => trailOf(caller, kind, id),

    /** The trail of the record a SHA-256 names (its bytes, or an exported copy of them). */
    async trailBySha(caller: Caller, sha256: string) {
      const rec = await trails.recordBySha(sha256);
      if (!rec) throw new AppError('not_found', '');
      return trailOf(caller, rec.kind, rec.id);
    },

    /**
     * Printing the trail: itself a read of the record (action 'print') through the one read path
     * (api/records: asked, then its row written before the PDF is made; the caller finishes it
     * with the PDF's bytes) and ledgered (audit.trail_printed); the printed trail includes it.
     */
    async printTrail(who: Reader, kind: string, id: string): Promise<Trail & { printedAt: Date; read: OpenRead }> {
      if (!isRecordKind(kind)) throw invalid('kind', 'audit.record_kind_unknown');
      const records = deps.records;
      if (!records) throw new Error('printing a trail needs the records read path');
      let first: Awaited<ReturnType<typeof trailOf>> | undefined;
      const req = { action: 'print' as const, record: { kind, id } };
      const granted = await records.authorize(who, {
        ...req,
        ask: {
          decided: async () => {
            first = await trailOf(who, kind, id);
            // Owned by a known row, else placed by what the logs recorded (its agency only).
            const owner = first.owned ?? (first.owner ? { businessId: null, agencyId: '', agencyPath: first.owner.agencyPath } : null);
            return { owner };
          },
        },
      });
      const f = first!;
      const read = await records.open(who, { ...req, record: { kind, id, sha256: f.record.sha256 }, ask: { granted } });
      await trails.printed({ ref: { kind, id, entityType: f.entityType, sha256: f.record.sha256 }, user: { id: who.user.id }, ip: who.ip, requestId: who.requestId, events: f.events.length });
      const t = await trailOf(who, kind, id);
      return { record: t.record, owner: t.owner, events: t.events, printedAt: clock(), read };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
