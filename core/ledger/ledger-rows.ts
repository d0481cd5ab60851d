import { sql, type RawBuilder } from 'kysely';
import type { LeafEntry } from './leaf.js';

/**
 * How ledger entries are read for hashing, shared by the sealer and the verifier so both see
 * the same bytes. recorded_at is read as text with its full microsecond precision (a JS Date
 * would drop the last three digits, and a change to them would go unnoticed).
 */
export const RECORDED_AT_ISO: RawBuilder<string> = sql<string>`to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Columns of ledger_entries `e` that make up a leaf (id as text, recorded_at as ISO text). */
export const LEAF_COLUMNS: RawBuilder<unknown> = sql`e.id::text AS id, ${RECORDED_AT_ISO} AS recorded_at, e.actor_type, e.actor_id,
  e.action, e.entity_type, e.entity_id, e.state_digest, e.request_id, e.context`;

export type LeafRow = {
  id: string;
  recorded_at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  state_digest: Buffer;
  request_id: string | null;
  context: unknown;
};

export function leafEntryOf(row: LeafRow): LeafEntry {
  return {
    id: row.id,
    recordedAt: row.recorded_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    stateDigest: row.state_digest,
    requestId: row.request_id,
    context: row.context,
  };
}
