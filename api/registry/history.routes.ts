import { route } from '../access/access.route.js';
import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { IdParam } from './registry.schemas.js';

const HistoryDto = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        action: z.string(),
        entityType: z.string(),
        entityId: z.string().nullable(),
        actorName: z.string().nullable(),
        reason: z.string().nullable(),
        sealed: z.boolean(),
      }),
    ),
  })
  .openapi('History');

/** GET /api/businesses/{id}/history: every ledgered change to a business, its sites, devices and addresses. */
export function historyRoutes(db: Db, access: Access) {
  const app = router();
  app.openapi(
    route('business.read', { method: 'get', path: '/{id}/history', tags: ['registry'], request: { params: IdParam }, responses: { 200: json(HistoryDto), ...errorResponses } }),
    async (c) => {
      const id = c.req.valid('param').id;
      await access.require(callerOf(c), 'business.read', { kind: 'business', id });
      const rows = await sql<{ id: string; recorded_at: Date; action: string; entity_type: string; entity_id: string | null; actor_name: string | null; reason: string | null; sealed: boolean }>`
        WITH ids AS (
          SELECT 'business' AS t, ${id}::text AS i
          UNION ALL SELECT 'site', id::text FROM sites WHERE business_id = ${id}
          UNION ALL SELECT 'device', id::text FROM devices WHERE business_id = ${id}
          UNION ALL SELECT 'service_address', id::text FROM service_addresses WHERE business_id = ${id}
          UNION ALL SELECT 'service_address_confirmation', id::text FROM service_address_confirmations WHERE business_id = ${id})
        SELECT e.id, e.recorded_at, e.action, e.entity_type, e.entity_id,
               coalesce(u.display_name, e.actor_id) AS actor_name, e.context->>'reason' AS reason,
               EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id) AS sealed
        FROM ledger_entries e
        JOIN ids ON ids.t = e.entity_type AND ids.i = e.entity_id
        LEFT JOIN users u ON e.actor_type = 'user' AND u.id::text = e.actor_id
        ORDER BY e.id DESC LIMIT 500`.execute(db);
      return c.json(
        {
          items: rows.rows.map((r) => ({ id: r.id, at: new Date(r.recorded_at).toISOString(), action: r.action, entityType: r.entity_type, entityId: r.entity_id, actorName: r.actor_name, reason: r.reason, sealed: r.sealed })),
        },
        200,
      );
    },
  );
  return app;
}
