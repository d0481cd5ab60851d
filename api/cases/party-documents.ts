import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { CaseDocumentKind } from '../../core/documents/template.js';

/**
 * What the party sees of its case's documents (issue 14 items 2–3): the documents of its own case
 * whose kind is addressed to it, and of those only what was served on it — each at the version the
 * delivery module served (the content it carried, its hash), with the service date (the earliest
 * effective channel's arrival, 民诉法第九十条), when the party first opened it and when it
 * acknowledged it. A document not yet served is not shown (it has not reached the party in law).
 * A decision made on the spot is handed over there and then (行政处罚法第五十二条): served at issue,
 * with no delivery.
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

export type PartyDocument = {
  /** The documents row of the version shown (the ledger's 'document' entity). */
  rowId: string;
  documentId: string;
  kind: string;
  number: string | null;
  version: number;
  sha256: string;
  issuedAt: Date;
  stageId: string;
  servedAt: Date;
  /** The delivery that served it (null: handed over on the spot). */
  deliveryId: string | null;
  openedAt: Date | null;
  acknowledgedAt: Date | null;
};

/** The documents of a case served on its party, oldest first, each at the version served. */
export async function partyDocuments(db: Kysely<Database>, caseId: string): Promise<PartyDocument[]> {
  const rows = await db
    .selectFrom('case_documents as cd')
    .innerJoin('documents as d', 'd.document_id', 'cd.document_id')
    .select(['d.id as row_id', 'cd.document_id', 'cd.kind', 'cd.number', 'cd.issued_at', 'cd.stage_id', 'd.version', 'd.pdf_sha256'])
    .where('cd.case_id', '=', caseId)
    .where('cd.kind', 'in', PARTY_DOCUMENT_KINDS as CaseDocumentKind[])
    .orderBy('cd.issued_at')
    .orderBy('d.version')
    .execute();
  const served = await db
    .selectFrom('deliveries')
    .select(['id', 'document_id', 'document_version', 'content_sha256', 'served_at'])
    .where('case_id', '=', caseId)
    .where('subject_kind', '=', 'document')
    .where('status', '=', 'served')
    .where('served_at', 'is not', null)
    .orderBy('document_version', 'desc')
    .orderBy('served_at')
    .execute();
  const events = served.length
    ? await db
        .selectFrom('delivery_events')
        .select(['delivery_id', 'kind', 'at'])
        .where('delivery_id', 'in', served.map((d) => d.id))
        .where('kind', 'in', ['notification_opened', 'acknowledged'])
        .where('channel', '=', 'portal')
        .orderBy('seq')
        .execute()
    : [];
  const first = (deliveryId: string, kind: string) => {
    const e = events.find((x) => x.delivery_id === deliveryId && x.kind === kind);
    return e ? new Date(e.at) : null;
  };
  // Per document: the latest version served (its earliest service), else nothing.
  const delivery = new Map<string, (typeof served)[number]>();
  for (const d of served) if (d.document_id && !delivery.has(d.document_id)) delivery.set(d.document_id, d);
  const out = new Map<string, PartyDocument>();
  for (const r of rows) {
    const d = delivery.get(r.document_id);
    if (d) {
      if (r.version !== d.document_version) continue;
      out.set(r.document_id, { rowId: r.row_id, documentId: r.document_id, kind: r.kind, number: r.number, version: d.document_version!, sha256: d.content_sha256, issuedAt: new Date(r.issued_at), stageId: r.stage_id, servedAt: new Date(d.served_at!), deliveryId: d.id, openedAt: first(d.id, 'notification_opened'), acknowledgedAt: first(d.id, 'acknowledged') });
    } else if (r.kind === 'on_the_spot_decision') {
      out.set(r.document_id, { rowId: r.row_id, documentId: r.document_id, kind: r.kind, number: r.number, version: r.version, sha256: r.pdf_sha256, issuedAt: new Date(r.issued_at), stageId: r.stage_id, servedAt: new Date(r.issued_at), deliveryId: null, openedAt: null, acknowledgedAt: null });
    }
  }
  return [...out.values()];
}
