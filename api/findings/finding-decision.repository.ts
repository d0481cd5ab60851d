import type { Kysely } from 'kysely';
import type { Database, FindingDecisionKind, FindingStatus } from '../../core/db/database.js';

/** The writes of an officer's decision on a finding, inside the caller's transaction. */
export const findingDecisionRepository = {
  /** Moves the finding on, only from one of `from` and at the version the officer saw; null when it was not. */
  transition: (trx: Kysely<Database>, input: { id: string; from: readonly FindingStatus[]; to: FindingStatus; expectedVersion: number; at: Date }) =>
    trx
      .updateTable('findings')
      .set((eb) => ({ status: input.to, version: eb('version', '+', 1), updated_at: input.at }))
      .where('id', '=', input.id)
      .where('status', 'in', input.from)
      .where('version', '=', input.expectedVersion)
      .returningAll()
      .executeTakeFirst(),

  /** The finding's status and version, locked until the transaction ends. */
  lock: (trx: Kysely<Database>, id: string) => trx.selectFrom('findings').select(['status', 'version']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow(),

  record: (trx: Kysely<Database>, input: { findingId: string; kind: FindingDecisionKind; reason: string; fromStatus: FindingStatus; decidedBy: string; at: Date }) =>
    trx
      .insertInto('finding_decisions')
      .values({ finding_id: input.findingId, kind: input.kind, reason: input.reason, from_status: input.fromStatus, decided_by: input.decidedBy, decided_at: input.at })
      .returningAll()
      .executeTakeFirstOrThrow(),
};
