import { route } from '../access/access.route.js';
import type { Access } from '../access/access.service.js';
import type { Db } from '../../core/db/connect.js';
import { RECORD_KINDS } from '../../core/records/record-ref.js';
import { bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import { createAuditRepository } from './audit.repository.js';
import { createAuditService, type Trail } from './audit.service.js';
import { createRecordReadsRepository, type ReadRow } from './record-reads.repository.js';
import { createRecordTrailRepository } from './record-trail.repository.js';
import { renderTrailPdf } from './trail-pdf.js';

const EntryDto = z
  .object({ id: z.string(), at: z.string(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(), actorName: z.string().nullable(), subjectName: z.string().nullable(), ip: z.string().nullable(), reason: z.string().nullable(), sealed: z.boolean() })
  .openapi('AuditEntry');
const StatusDto = z.object({ entries: z.number(), sealed: z.number(), checkpoint: z.object({ treeSize: z.number(), signedAt: z.string(), keyId: z.string() }).nullable() }).openapi('LedgerStatus');

const kinds = Object.keys(RECORD_KINDS) as [keyof typeof RECORD_KINDS, ...(keyof typeof RECORD_KINDS)[]];
const uuid = z.string().trim().uuid('invalid_id');
const sha256 = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'invalid');
/** The audit log's filter (GET /reads and /reads.csv): a period of at most a year, the last month when none is given. */
const readShape = {
    person: z.string().trim().min(1).max(100).optional().openapi({ description: 'A user id, or part of a name or account' }),
    kind: z.enum(kinds).optional(),
    id: z.string().trim().min(1).max(200).optional().openapi({ description: 'The record id (with kind)' }),
    sha256: sha256.optional(),
    device: uuid.optional(),
    case: uuid.optional(),
    business: uuid.optional(),
    action: z.enum(['view', 'play', 'live', 'download', 'export', 'print']).optional(),
    outcome: z.enum(['served', 'denied']).optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
};
const needsKind = (q: { kind?: string; id?: string }) => !q.id || !!q.kind;
const ReadQuery = z.object(readShape).refine(needsKind, { path: ['kind'], message: 'required' });
const PageQuery = z
  .object({
    ...readShape,
    after: z.string().regex(/^\d{1,20}\.\d{1,19}$/, 'invalid').optional().openapi({ description: 'The `next` of the previous page' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(needsKind, { path: ['kind'], message: 'required' });
const ReadDto = z
  .object({
    id: z.string(),
    at: z.string(),
    user: z.object({ id: z.string().nullable(), name: z.string(), role: z.string(), account: z.string().nullable() }),
    action: z.string(),
    outcome: z.string(),
    deniedReason: z.string().nullable(),
    record: z.object({ kind: z.string(), id: z.string(), sha256: z.string().nullable(), windowFrom: z.string().nullable(), windowTo: z.string().nullable() }),
    owner: z.object({ businessId: z.string().nullable(), businessName: z.string().nullable(), agencyPath: z.string().nullable(), agencyName: z.string().nullable() }),
    deviceId: z.string().nullable(),
    caseId: z.string().nullable(),
    grantId: z.string().nullable(),
    exportId: z.string().nullable(),
    bytes: z.number().nullable(),
    ip: z.string().nullable(),
  })
  .openapi('RecordRead');
const TrailDto = z
  .object({
    record: z.object({ kind: z.string(), id: z.string(), sha256: z.string().nullable() }),
    owner: z.object({ agencyPath: z.string(), agencyName: z.string().nullable() }).nullable(),
    events: z.array(
      z.object({
        at: z.string(),
        event: z.string(),
        source: z.string(),
        action: z.string(),
        actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), role: z.string().nullable(), type: z.string() }),
        ip: z.string().nullable(),
        grantId: z.string().nullable(),
        ledger: z.object({ id: z.string(), hash: z.string().nullable() }).nullable(),
        detail: z.string().nullable(),
      }),
    ),
  })
  .openapi('RecordTrail');

type Q = z.infer<typeof ReadQuery>;
const filterOf = (q: Q) => ({
  person: q.person,
  record: q.kind && q.id ? { kind: q.kind, id: q.id } : undefined,
  sha256: q.sha256,
  deviceId: q.device,
  caseId: q.case,
  businessId: q.business,
  action: q.action,
  outcome: q.outcome,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const readDto = ({ cursor: _cursor, userAgent: _userAgent, ...r }: ReadRow): z.infer<typeof ReadDto> => ({ ...r, at: r.at.toISOString(), record: { ...r.record, windowFrom: iso(r.record.windowFrom), windowTo: iso(r.record.windowTo) } });
const trailDto = (t: Trail): z.infer<typeof TrailDto> => ({ record: t.record, owner: t.owner, events: t.events.map((e) => ({ ...e, at: e.at.toISOString() })) });

/**
 * Mounted at /api/audit: the auditor's reading of the ledger (platform entries: admins and
 * auditors, R12), and the audit log of records (issue 15 item 6): who read what (/reads, as CSV
 * /reads.csv) and a record's whole trail (/records/{kind}/{id}, as PDF …/trail.pdf).
 */
export function auditRoutes(db: Db, access: Access, records: RecordReader) {
  const app = router();
  const repo = createAuditRepository(db);
  const audit = createAuditService({ db, access, reads: createRecordReadsRepository(db), trails: createRecordTrailRepository(db), records });
  const tags = ['audit'];
  app.openapi(
    route('ledger.platform', {
      method: 'get',
      path: '/entries',
      tags,
      request: { query: z.object({ kind: z.enum(['access', 'administration']).default('access'), before: z.string().regex(/^\d{1,18}$/, 'invalid').optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(EntryDto) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await repo.entries(q.kind, callerOf(c).user.agencyPath ?? '/__none__/', { before: q.before, limit: q.limit });
      return c.json({ items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) }, 200);
    },
  );
  app.openapi(route('ledger.platform', { method: 'get', path: '/status', tags, responses: { 200: json(StatusDto, 'How far the ledger is chained and signed'), ...errorResponses } }), async (c) => c.json(await repo.status(), 200));

  app.openapi(
    route('audit.read', {
      method: 'get',
      path: '/reads',
      tags,
      request: { query: PageQuery },
      responses: { 200: json(z.object({ items: z.array(ReadDto), next: z.string().nullable(), period: z.object({ from: z.string(), to: z.string() }) }), 'Reads of records, newest first'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const [atUs, id] = q.after ? q.after.split('.') : [];
      const page = await audit.search(callerOf(c), filterOf(q), { after: q.after ? { atUs, id } : undefined, limit: q.limit });
      return c.json({ items: page.items.map(readDto), next: page.next ? `${page.next.atUs}.${page.next.id}` : null, period: { from: page.period.from.toISOString(), to: page.period.to.toISOString() } }, 200);
    },
  );
  app.openapi(
    route('audit.read', { method: 'get', path: '/reads.csv', tags, request: { query: ReadQuery }, responses: { 200: bytes('text/csv', 'The search as CSV (UTF-8 with BOM, ≤ 100,000 rows); ledgered as audit.exported'), ...errorResponses } }),
    async (c) => {
      const { rows, body } = await audit.exportCsv(callerOf(c), filterOf(c.req.valid('query')));
      const name = `audit-reads-${new Date().toISOString().slice(0, 10)}.csv`;
      return new Response(body, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'x-row-count': String(rows), 'cache-control': 'no-store' } });
    },
  );
  app.openapi(
    route('audit.read', { method: 'get', path: '/records', tags, request: { query: z.object({ sha256 }) }, responses: { 200: json(TrailDto, 'The trail of the record these bytes are'), ...errorResponses } }),
    async (c) => c.json(trailDto(await audit.trailBySha(callerOf(c), c.req.valid('query').sha256)), 200),
  );
  const RecordParams = z.object({ kind: z.enum(kinds), id: z.string().min(1).max(200) });
  app.openapi(
    route('audit.read', { method: 'get', path: '/records/{kind}/{id}', tags, request: { params: RecordParams }, responses: { 200: json(TrailDto, 'The record’s whole trail, in time order'), ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(trailDto(await audit.trail(callerOf(c), p.kind, p.id)), 200);
    },
  );
  app.openapi(
    route('audit.read', { method: 'get', path: '/records/{kind}/{id}/trail.pdf', tags, request: { params: RecordParams }, responses: { 200: bytes('application/pdf', 'The trail as PDF; printing it is ledgered (audit.trail_printed) and logged as a read'), ...errorResponses } }),
    async (c) => {
      const p = c.req.valid('param');
      const caller = readerOf(c);
      const t = await audit.printTrail(caller, p.kind, p.id);
      let pdf: Buffer;
      try {
        pdf = await renderTrailPdf({ record: t.record, ownerName: t.owner?.agencyName ?? null, events: t.events, printedBy: { name: caller.user.displayName, account: caller.user.username, role: caller.user.role }, printedAt: t.printedAt });
      } catch (err) {
        t.read.finish(0);
        throw err;
      }
      t.read.finish(pdf.length);
      return new Response(new Uint8Array(pdf), { status: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="trail-${p.kind}-${p.id.slice(0, 40)}.pdf"`, 'cache-control': 'no-store', 'x-vigil-read': t.read.id } });
    },
  );
  return app;
}
