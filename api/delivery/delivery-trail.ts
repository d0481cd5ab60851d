import type { Kysely } from 'kysely';
import type { Database, DeliveryChannelRow, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';
import { chain, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { deliveryRepository as repo } from './delivery.repository.js';

type Trx = Kysely<Database>;
export type TrailActor = { type: 'user'; id: string } | { type: 'system'; id: string } | { type: 'anonymous'; id: null };
export const SYSTEM: TrailActor = { type: 'system', id: 'delivery' };

const ledgerActor = (a: TrailActor): Actor => (a.type === 'anonymous' ? { type: 'anonymous' } : a);

/** A delivery or channel row as it now is, in the ledger (state = the full row). */
export function ledgerDeliveryRow(trx: Trx, entityType: 'delivery' | 'delivery_channel', row: { id: string }, action: string, actor: TrailActor, requestId?: string | null, context?: Record<string, unknown>) {
  return appendLedger(trx, { actor: ledgerActor(actor), action, entityType, entityId: row.id, state: row, requestId: requestId ?? null, context: context ?? null });
}

/**
 * Appends one evidence event to a delivery's hash chain, with its ledger entry, in the caller's
 * transaction. The delivery row is locked first, so the events of one delivery are numbered and
 * chained one after the other even when channels report at once; an event is never earlier than
 * the one before it. Events are never changed (the table refuses updates and deletes).
 */
export async function appendEvent(
  trx: Trx,
  delivery: Pick<DeliveryRow, 'id' | 'content_sha256'>,
  input: { kind: DeliveryEventKind; channel: Pick<DeliveryChannelRow, 'id' | 'channel'> | null; detail?: Record<string, unknown>; actor: TrailActor; requestId?: string | null; at?: Date },
): Promise<DeliveryEventRow> {
  await repo.lock(trx, delivery.id);
  const last = await repo.lastEvent(trx, delivery.id);
  const now = input.at ?? new Date();
  const at = last && new Date(last.at).getTime() > now.getTime() ? new Date(last.at) : now;
  const e = chain(last ? { seq: last.seq, hash: last.hash } : null, { deliveryId: delivery.id, kind: input.kind, channel: (input.channel?.channel as DeliveryChannel | undefined) ?? null, at, documentSha256: delivery.content_sha256, detail: input.detail ?? {} });
  const row = await repo.insertEvent(trx, {
    delivery_id: delivery.id,
    channel_id: input.channel?.id ?? null,
    seq: e.seq,
    kind: e.kind,
    channel: e.channel,
    at: e.at,
    content_sha256: e.documentSha256,
    detail: JSON.stringify(e.detail),
    prev_hash: e.prevHash,
    hash: e.hash,
    actor_type: input.actor.type,
    actor_id: input.actor.id,
  });
  await appendLedger(trx, { actor: ledgerActor(input.actor), action: `delivery_event.${e.kind}`, entityType: 'delivery_event', entityId: row.id, state: row, requestId: input.requestId ?? null, context: { deliveryId: delivery.id, seq: e.seq, hash: e.hash } });
  return row;
}
