import type { Kysely } from 'kysely';
import { STAGES } from '../../core/cases/procedure.js';
import type { Database } from '../../core/db/database.js';
import type { DocumentService, DocumentSigner, IssuedDocument } from '../../core/documents/template.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { caseRepository as repo, type CaseRow } from './case.repository.js';
import { calendarFor, clockOf } from './case-facts.js';
import { recordPlatformStage } from './platform-stage.js';

const SYSTEM: Actor = { type: 'system', id: 'delivery' };
const ledger = (trx: Kysely<Database>, entityType: string, row: { id: string }, action: string, requestId: string | null, context?: Record<string, unknown>) =>
  appendLedger(trx, { actor: SYSTEM, requestId, action, entityType, entityId: row.id, state: row, context: context ?? null });

/**
 * A document's service completed (api/delivery): the case records it as its 送达 stage, in the
 * delivery's transaction — the stage in the name of the officer who served it, the 送达回证 issued
 * and attached to the stage, and, when the document is the penalty decision, the seven-day
 * service clock (行政处罚法第六十一条) stopped at the service date; when it is the prior notice, the
 * party's statement and hearing windows run again from the service date. A case that is closed (or was
 * never filed) records nothing: null.
 */
export async function recordServiceStage(
  trx: Kysely<Database>,
  documents: DocumentService,
  input: { caseId: string; officerId: string; servedKind: string; servedAt: Date; deliveryId: string; documentId: string | null; certificate: unknown; signers: DocumentSigner[]; requestId: string | null },
): Promise<IssuedDocument | null> {
  const c = await repo.lock(trx, input.caseId);
  if (!c || !STAGES.service.from.includes(c.state)) return null;
  const at = new Date();
  const fields = { deliveryId: input.deliveryId, servedKind: input.servedKind, servedAt: input.servedAt.toISOString() };
  const stage = await recordPlatformStage(trx, { case: c, kind: 'service', actorId: input.officerId, fields, at }, { actor: SYSTEM, requestId: input.requestId });
  const moved = (await repo.advance(trx, { id: c.id, expectedVersion: c.version, set: {}, at }))!;
  await ledger(trx, 'case', moved, 'case.service', input.requestId, { stageId: stage.id, deliveryId: input.deliveryId });
  if (input.servedKind === 'penalty_decision') await stopServiceClock(trx, moved, stage.id, input.servedAt, input.requestId);
  if (input.servedKind === 'prior_notice' && input.documentId) await restartPartyWindows(trx, moved, stage.id, input.documentId, input.servedAt, input.requestId);
  const doc = await documents.issue(trx, { kind: 'service_certificate', agencyId: c.agency_id, subject: { type: 'case', id: c.id }, category: c.category, fields: input.certificate, signers: input.signers, actor: SYSTEM, requestId: input.requestId });
  const link = await repo.insertDocument(trx, { case_id: c.id, stage_id: stage.id, document_id: doc.id, kind: doc.kind, number: doc.number, version: doc.version, sha256: doc.sha256, issued_at: doc.issuedAt });
  await ledger(trx, 'case_document', link, 'case_document.issued', input.requestId);
  return doc;
}

/** The running service clock stops at the service date (never before it started, never in the future). */
async function stopServiceClock(trx: Kysely<Database>, c: CaseRow, stageId: string, servedAt: Date, requestId: string | null) {
  const clock = (await repo.clocks(trx, c.id)).find((k) => k.kind === 'service' && !k.stopped_at);
  if (!clock) return;
  const now = new Date();
  const at = new Date(Math.min(now.getTime(), Math.max(servedAt.getTime(), new Date(clock.started_at).getTime())));
  const [pauses, extensions] = await Promise.all([repo.pauses(trx, [clock.id]), repo.extensions(trx, [clock.id])]);
  const view = clockOf(clock, pauses, extensions, await calendarFor(trx, c), now);
  const row = await repo.updateClock(trx, clock.id, { due_at: view.dueAt, stopped_at: at, stopped_by: stageId });
  await ledger(trx, 'case_clock', row, 'case_clock.stopped', requestId);
}

/**
 * The prior notice reached the party: its windows count from then. The hearing request is due
 * "在行政机关告知后五日内" (行政处罚法第六十四条第（一）项) and the statement period the notice prints
 * runs from its receipt — the party cannot answer a notice it has not received. The notice's stage
 * started both windows at its issue; each still running is stopped by the 送达 stage and started
 * again from the service date (never before the old start), with the same limit and basis, both
 * ledgered. A window already closed (the party stated, asked for a hearing, or waived it) stays closed.
 */
async function restartPartyWindows(trx: Kysely<Database>, c: CaseRow, serviceStageId: string, documentId: string, servedAt: Date, requestId: string | null) {
  const noticeStage = await repo.stageOfDocument(trx, c.id, documentId);
  if (!noticeStage) return;
  const now = new Date();
  const cal = await calendarFor(trx, c);
  for (const clock of await repo.clocks(trx, c.id)) {
    if (clock.stopped_at || clock.started_by !== noticeStage.stage_id || (clock.kind !== 'statement' && clock.kind !== 'hearing_request')) continue;
    const stopped = await repo.updateClock(trx, clock.id, { due_at: clock.due_at ? new Date(clock.due_at) : null, stopped_at: now, stopped_by: serviceStageId });
    await ledger(trx, 'case_clock', stopped, 'case_clock.stopped', requestId, { reason: 'restarted_at_service' });
    const from = new Date(Math.min(now.getTime(), Math.max(servedAt.getTime(), new Date(clock.started_at).getTime())));
    const fresh = await repo.insertClock(trx, { case_id: c.id, kind: clock.kind, amount: clock.amount, unit: clock.unit, basis: clock.basis, started_at: from, started_by: serviceStageId, due_at: null });
    const view = clockOf(fresh, [], [], cal, now);
    const row = await repo.updateClock(trx, fresh.id, { due_at: view.dueAt });
    await ledger(trx, 'case_clock', row, 'case_clock.started', requestId, { restartedFrom: clock.id, servedAt: servedAt.toISOString(), basis: '行政处罚法第六十四条第（一）项（告知后五日内）' });
  }
}

/**
 * The party acknowledged after the 送达回证 was issued (在线诉讼规则第三十三条): a new version of the
 * certificate with the acknowledgement, attached to the same 送达 stage (the old version stays).
 */
export async function attachCertificateVersion(trx: Kysely<Database>, documents: DocumentService, input: { caseId: string; certificateId: string; certificate: unknown; signers: DocumentSigner[]; reason: string; requestId: string | null }): Promise<IssuedDocument | null> {
  const first = await repo.stageOfDocument(trx, input.caseId, input.certificateId);
  if (!first) return null;
  const doc = await documents.correct(trx, { documentId: input.certificateId, fields: input.certificate, reason: input.reason, signers: input.signers, actor: SYSTEM, requestId: input.requestId });
  const link = await repo.insertDocument(trx, { case_id: input.caseId, stage_id: first.stage_id, document_id: doc.id, kind: doc.kind, number: doc.number, version: doc.version, sha256: doc.sha256, issued_at: doc.issuedAt });
  await ledger(trx, 'case_document', link, 'case_document.corrected', input.requestId);
  return doc;
}
