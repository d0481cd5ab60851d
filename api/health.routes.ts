import { route } from './access/access.route.js';
import { sql } from 'kysely';
import type { Db } from '../core/db/connect.js';
import type { DeliveryModes } from '../core/notify/notify.types.js';
import { json, router, z } from './http/openapi.js';

const DeliveryMode = z.enum(['delivered', 'captured', 'not_configured']);
const ComponentStatus = z.object({ status: z.enum(['ok', 'down', 'not_running']), instances: z.number(), lastSeenAt: z.string().nullable(), detail: z.record(z.string(), z.unknown()).optional() });
const HealthDto = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    time: z.string(),
    db: z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number().nullable() }),
    queue: z.object({ status: z.enum(['ok', 'down']) }),
    /** How e-mail and SMS leave this machine: not_configured means they cannot be sent at all. */
    mail: z.object({ status: DeliveryMode, sms: DeliveryMode }),
    ledger: z.object({ status: z.enum(['ok', 'lagging', 'unknown']), unsealed: z.number().nullable(), lastCheckpointSize: z.number().nullable(), lastCheckpointAt: z.string().nullable() }),
    api: ComponentStatus,
    sealer: ComponentStatus,
    streams: ComponentStatus,
    analyzer: ComponentStatus,
  })
  .openapi('Health');

const FRESH_MS = 15_000;

/** GET /api/health: database, queue, ledger sealing and the platform's processes, as JSON. */
export function healthRoutes(deps: { db: Db; queueOk: () => boolean; mail: DeliveryModes }) {
  const app = router();
  app.openapi(
    route('public', { method: 'get', path: '/', tags: ['ops'], responses: { 200: json(HealthDto), 503: json(HealthDto, 'Database unreachable') } }),
    async (c) => {
      const t0 = performance.now();
      let dbOk = true;
      let beats: { component: string; last_seen_at: Date; detail: unknown }[] = [];
      let ledger: z.infer<typeof HealthDto>['ledger'] = { status: 'unknown', unsealed: null, lastCheckpointSize: null, lastCheckpointAt: null };
      try {
        beats = await deps.db.selectFrom('process_heartbeats').select(['component', 'last_seen_at', 'detail']).execute();
        const r = await sql<{ unsealed: number; size: string | null; at: Date | null; oldest: Date | null }>`
          SELECT (SELECT count(*)::int FROM ledger_entries e
                   WHERE e.txid >= (SELECT horizon FROM ledger_sealer_state WHERE id = 1)
                     AND NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)) AS unsealed,
                 (SELECT min(e.recorded_at) FROM ledger_entries e
                   WHERE e.txid >= (SELECT horizon FROM ledger_sealer_state WHERE id = 1)
                     AND NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)) AS oldest,
                 cp.tree_size AS size, cp.signed_at AS at
          FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT tree_size, signed_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1) cp ON true`.execute(deps.db);
        const row = r.rows[0];
        const lagging = row.oldest !== null && Date.now() - new Date(row.oldest).getTime() > 5000;
        ledger = { status: lagging ? 'lagging' : 'ok', unsealed: row.unsealed, lastCheckpointSize: row.size === null ? null : Number(row.size), lastCheckpointAt: row.at ? new Date(row.at).toISOString() : null };
      } catch {
        dbOk = false;
      }
      const latencyMs = dbOk ? Math.round((performance.now() - t0) * 10) / 10 : null;
      const component = (name: string) => {
        const mine = beats.filter((b) => b.component === name);
        const fresh = mine.filter((b) => Date.now() - b.last_seen_at.getTime() < FRESH_MS);
        const last = mine.map((b) => b.last_seen_at).sort((a, b) => b.getTime() - a.getTime())[0];
        return {
          status: fresh.length ? ('ok' as const) : mine.length ? ('down' as const) : ('not_running' as const),
          instances: fresh.length,
          lastSeenAt: last ? last.toISOString() : null,
          ...(fresh[0] ? { detail: fresh[0].detail as Record<string, unknown> } : {}),
        };
      };
      const queueOk = deps.queueOk();
      const body = {
        status: !dbOk ? ('down' as const) : queueOk && ledger.status === 'ok' ? ('ok' as const) : ('degraded' as const),
        time: new Date().toISOString(),
        db: { status: dbOk ? ('ok' as const) : ('down' as const), latencyMs },
        queue: { status: queueOk ? ('ok' as const) : ('down' as const) },
        mail: { status: deps.mail.email, sms: deps.mail.sms },
        ledger,
        api: component('api'),
        sealer: component('sealer'),
        streams: component('streams'),
        analyzer: component('analyzer'),
      };
      return dbOk ? c.json(body, 200) : c.json(body, 503);
    },
  );
  return app;
}
