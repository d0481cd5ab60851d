import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { canonicalJson, stateDigest } from './canonical.js';

export type Actor =
  | { type: 'user'; id: string }
  | { type: 'system'; id: string }
  | { type: 'device'; id: string }
  | { type: 'anonymous'; id?: string | null };

export type LedgerInput = {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The new state of the entity (null for events with no state, e.g. a denied request). */
  state: unknown;
  requestId?: string | null;
  context?: Record<string, unknown> | null;
};

/**
 * Appends one ledger entry. Call it with the transaction that makes the state change, so the
 * change and its entry commit or roll back together. The sealer chains the entry after commit.
 */
export async function appendLedger(trx: Kysely<Database>, input: LedgerInput): Promise<string> {
  const state = input.state === undefined ? null : input.state;
  const row = await trx
    .insertInto('ledger_entries')
    .values({
      actor_type: input.actor.type,
      actor_id: input.actor.id ?? null,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      state: state === null ? null : canonicalJson(state),
      state_digest: stateDigest(state),
      request_id: input.requestId ?? null,
      context: input.context ? canonicalJson(input.context) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
