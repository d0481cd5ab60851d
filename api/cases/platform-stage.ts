import type { Kysely } from 'kysely';
import type { CaseOfficer, Database } from '../../core/db/database.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { caseRepository as repo, type CaseRow, type StageRow } from './case.repository.js';

/** The stages the platform records by itself, outside the stage machinery (case-stage.service). */
export type PlatformStageKind = 'acceptance' | 'seizure_extension' | 'service';

/**
 * A stage the platform records by itself, not through the officer's stage machinery (no
 * procedure check, no clocks, no state move): the 受理 stage of a new case, the 延长查封扣押
 * stage of an approved extension (行政强制法第二十五条第二款), the 送达 stage of a completed
 * service. The case stays in its state (from = to); the stage is numbered after the case's
 * last one and ledgered as 'case_stage.<kind>' by the given actor, in the caller's transaction.
 */
export async function recordPlatformStage(
  trx: Kysely<Database>,
  input: { case: Pick<CaseRow, 'id' | 'state'>; kind: PlatformStageKind; actorId: string; officers?: CaseOfficer[]; fields: Record<string, unknown>; at: Date },
  by: { actor: Actor; requestId: string | null },
): Promise<StageRow> {
  const seq = (await repo.stages(trx, input.case.id)).length + 1;
  const stage = await repo.insertStage(trx, {
    case_id: input.case.id,
    seq,
    kind: input.kind,
    actor_id: input.actorId,
    officers: JSON.stringify(input.officers ?? []),
    participants: '[]',
    fields: JSON.stringify(input.fields),
    evidence_ids: '[]',
    media: '[]',
    from_state: input.case.state,
    to_state: input.case.state,
    at: input.at,
  });
  await appendLedger(trx, { actor: by.actor, requestId: by.requestId, action: `case_stage.${input.kind}`, entityType: 'case_stage', entityId: stage.id, state: stage, context: null });
  return stage;
}
