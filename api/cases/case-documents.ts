import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { CaseDocumentKind, DocumentService } from '../../core/documents/template.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseRow, type StageRow } from './case.repository.js';
import { actorOf, ledgerRow } from './case-trail.js';

/**
 * Issues the document a stage makes (R8) in the stage's transaction and links it to the case
 * (kind, number, version, hash). The fields are the case and the stage as recorded; each
 * template takes what it prints. The signers are the acting officers (with their certificates).
 */
export async function issueStageDocument(trx: Kysely<Database>, documents: DocumentService, caller: Caller, c: CaseRow, stage: StageRow, kind: CaseDocumentKind) {
  const signers = stage.officers.length
    ? stage.officers.map((o) => ({ userId: o.id, name: o.name, certificateNo: o.certificateNo, role: '执法人员' }))
    : [{ userId: caller.user.id, name: caller.user.displayName, certificateNo: null, role: caller.user.role === 'manager' ? '负责人' : caller.user.role === 'legal_reviewer' ? '法制审核人员' : '执法人员' }];
  const doc = await documents.issue(trx, {
    kind,
    agencyId: c.agency_id,
    subject: { type: 'case', id: c.id },
    category: c.category,
    fields: { case: { id: c.id, cause: c.cause, procedure: c.procedure, partyKind: c.party_kind, businessId: c.business_id, source: c.source, sourceRecord: c.source_record, investigators: c.investigators }, stage: { kind: stage.kind, at: stage.at, fields: stage.fields, participants: stage.participants, officers: stage.officers } },
    signers,
    actor: actorOf(caller),
    requestId: caller.requestId,
  });
  const link = await repo.insertDocument(trx, { case_id: c.id, stage_id: stage.id, document_id: doc.id, kind, number: doc.number, version: doc.version, sha256: doc.sha256, issued_at: doc.issuedAt });
  await ledgerRow(trx, caller, 'case_document', link, 'case_document.issued');
  return link;
}
