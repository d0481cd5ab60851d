import { createHash, randomUUID } from 'node:crypto';
import { newPublicRef } from '../../api/documents/document.service.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { DocumentService, IssueDocumentInput, IssuedDocument } from '../../core/documents/template.js';
import { appendLedger } from '../../core/ledger/append.js';

/**
 * A stand-in for the documents service in case tests (the real one renders and stores PDFs):
 * records every call and numbers 文号 documents per agency and kind like 婺卫医罚〔2026〕1号. It
 * writes the documents row (case_documents references it) with a blob row for a stand-in hash
 * and its ledger entry, in the caller's transaction, so rows and ledger stay consistent.
 */
export function createFakeDocuments() {
  const calls: IssueDocumentInput[] = [];
  const seq = new Map<string, number>();
  const NATURE: Record<string, string> = { penalty_decision: '罚', prior_notice: '告', hearing_notice: '听', on_the_spot_decision: '当罚', seizure_decision: '封', evidence_preservation_decision: '保', reminder: '催' };
  const service: DocumentService = {
    async issue(trx, input) {
      calls.push(input);
      const nature = NATURE[input.kind];
      const key = `${input.agencyId}:${nature ?? 'serial'}`;
      const n = (seq.get(key) ?? 0) + 1;
      seq.set(key, n);
      const doc: IssuedDocument = {
        id: randomUUID(),
        kind: input.kind,
        templateVersion: 1,
        version: 1,
        number: nature ? `婺卫${input.category}${nature}〔2026〕${n}号` : `2026-${String(n).padStart(4, '0')}`,
        sha256: createHash('sha256').update(JSON.stringify(input.fields)).digest('hex'),
        sealed: input.kind === 'penalty_decision',
        issuedAt: new Date(),
        publicRef: newPublicRef(),
      };
      await recordBlob(trx, { sha256: doc.sha256, size: 1, mediaType: 'application/pdf' });
      const row = await trx
        .insertInto('documents')
        .values({
          id: doc.id, document_id: doc.id, version: 1, kind: doc.kind, template_version: 1, agency_id: input.agencyId,
          subject_type: input.subject.type, subject_id: input.subject.id, number: doc.number, series: `fake:${nature ?? 'serial'}`, year: 2026, seq: n,
          fields: JSON.stringify(input.fields), signers: JSON.stringify(input.signers), pdf_sha256: doc.sha256, sealed: doc.sealed,
          issued_by: input.actor.type === 'user' ? input.actor.id : null, issued_at: doc.issuedAt, public_ref: doc.publicRef, supersedes: null, reason: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: input.actor, requestId: input.requestId, action: 'document.issued', entityType: 'document', entityId: row.id, state: row, context: { sha256: doc.sha256, number: doc.number, kind: doc.kind } });
      return doc;
    },
    async correct() {
      throw new Error('not used in these tests');
    },
  };
  return { service, calls };
}
