import type { Kysely } from 'kysely';
import type { Database, FindingRow } from '../../core/db/database.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';

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
