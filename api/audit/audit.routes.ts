import { route } from '../access/access.route.js';
import type { Db } from '../../core/db/connect.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { createAuditRepository } from './audit.repository.js';

const EntryDto = z
  .object({ id: z.string(), at: z.string(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(), actorName: z.string().nullable(), subjectName: z.string().nullable(), ip: z.string().nullable(), reason: z.string().nullable(), sealed: z.boolean() })
  .openapi('AuditEntry');
const StatusDto = z.object({ entries: z.number(), sealed: z.number(), checkpoint: z.object({ treeSize: z.number(), signedAt: z.string(), keyId: z.string() }).nullable() }).openapi('LedgerStatus');

/** Mounted at /api/audit: the auditor's reading of the ledger (platform entries: admins and auditors, R12). */
export function auditRoutes(db: Db) {
  const app = router();
  const repo = createAuditRepository(db);
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
  return app;
}
