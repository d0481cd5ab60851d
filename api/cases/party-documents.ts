import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { CaseDocumentKind } from '../../core/documents/template.js';

/**
 * THE SEAM between the party's portal and service (送达, issue 14 item 2): which case documents
 * the party may see: the documents of its own case whose kind is addressed to the party (listed
 * from case_documents, the latest version of each), with `servedAt` from the delivery module (the
 * earliest effective channel; the payment due date runs from it). Still to join: show a document
 * only once served, make opening it the delivery's 'content downloaded' event, and start the
 * statement and hearing windows at the prior notice's service.
 */
export const PARTY_DOCUMENT_KINDS: readonly CaseDocumentKind[] = [
  'prior_notice', // 行政处罚事先告知书 (行政处罚法 art. 44)
  'hearing_notice', // 听证通知书 (art. 64(2))
  'penalty_decision', // 行政处罚决定书 (art. 61: served on the party)
  'on_the_spot_decision', // 当场行政处罚决定书 (art. 52: handed to the party)
  'evidence_preservation_decision', // 证据先行登记保存决定书 (art. 56)
  'seizure_decision', // 查封扣押决定书 (行政强制法 art. 24)
  'seizure_extension_decision', // 延长查封扣押期限决定书 (行政强制法 art. 25)
  'reminder', // 催告书 (行政强制法 art. 35)
];

export type PartyDocument = { documentId: string; kind: string; number: string | null; version: number; sha256: string; issuedAt: Date; stageId: string; servedAt: Date | null };

/** The documents of a case addressed to its party, oldest first, each at its latest version (a correction is a new version). */
export async function partyDocuments(db: Kysely<Database>, caseId: string): Promise<PartyDocument[]> {
  const rows = await db
    .selectFrom('case_documents as cd')
    .innerJoin('documents as d', 'd.document_id', 'cd.document_id')
    .select(['cd.document_id', 'cd.kind', 'cd.number', 'cd.issued_at', 'cd.stage_id', 'd.version', 'd.pdf_sha256'])
    .where('cd.case_id', '=', caseId)
    .where('cd.kind', 'in', PARTY_DOCUMENT_KINDS as CaseDocumentKind[])
    .orderBy('cd.issued_at')
    .orderBy('d.version')
    .execute();
  // When each was served (the delivery module's service date: the earliest effective arrival, 民诉法 art. 90).
  const served = await db.selectFrom('deliveries').select(['document_id', 'served_at']).where('case_id', '=', caseId).where('status', '=', 'served').where('served_at', 'is not', null).execute();
  const servedAt = new Map<string, Date>();
  for (const d of served) if (d.document_id && (!servedAt.has(d.document_id) || new Date(d.served_at!) < servedAt.get(d.document_id)!)) servedAt.set(d.document_id, new Date(d.served_at!));
  const latest = new Map<string, PartyDocument>();
  for (const r of rows) latest.set(r.document_id, { documentId: r.document_id, kind: r.kind, number: r.number, version: r.version, sha256: r.pdf_sha256, issuedAt: new Date(r.issued_at), stageId: r.stage_id, servedAt: servedAt.get(r.document_id) ?? null });
  return [...latest.values()];
}
