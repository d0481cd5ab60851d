import type { Kysely } from 'kysely';
import type { Database, FindingDeliveryRow, FindingRow } from '../../core/db/database.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';

/** Postgres channel told (at commit) that a finding has deliveries waiting to be sent. */
export const FINDING_CHANNEL = 'vigil_finding_queued';

type Trx = Kysely<Database>;
type TrailActor = { type: 'user' | 'system' | 'anonymous'; id: string | null };

const ledgerActor = (a: TrailActor): Actor => (a.type === 'anonymous' ? { type: 'anonymous', id: a.id } : { type: a.type, id: a.id ?? '' });

/** One step of a finding: an append-only finding_events row. */
export async function findingEvent(trx: Trx, findingId: string, kind: string, actor: TrailActor, detail: Record<string, unknown> = {}) {
  await trx.insertInto('finding_events').values({ finding_id: findingId, kind, actor_type: actor.type, actor_id: actor.id, detail: JSON.stringify(detail) }).execute();
}

/** The finding row as it now is, in the ledger (state = the full row), plus its event. */
export async function ledgerFinding(trx: Trx, row: FindingRow, action: string, actor: TrailActor, requestId?: string | null, context?: Record<string, unknown>) {
  await appendLedger(trx, { actor: ledgerActor(actor), action, entityType: 'finding', entityId: row.id, state: row, requestId: requestId ?? null, context: context ?? null });
  await findingEvent(trx, row.id, action.replace(/^finding\./, ''), actor, context ?? {});
}

/** A delivery row as it now is, in the ledger, plus the finding's event. */
export async function ledgerDelivery(trx: Trx, row: FindingDeliveryRow, action: string, actor: TrailActor, requestId?: string | null) {
  await appendLedger(trx, { actor: ledgerActor(actor), action, entityType: 'finding_delivery', entityId: row.id, state: row, requestId: requestId ?? null, context: null });
  await findingEvent(trx, row.finding_id, action.replace(/^finding_delivery\./, 'delivery.'), actor, { deliveryId: row.id, channel: row.channel, address: row.address, status: row.status });
}
