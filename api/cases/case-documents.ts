import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { CaseDocumentKind, DocumentService } from '../../core/documents/template.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseRow, type StageRow } from './case.repository.js';
import { actorOf, ledgerRow } from './case-trail.js';
import { documentFields, loadDocumentContext } from './document-fields/index.js';

const ROLE_ZH: Record<string, string> = { manager: '负责人', legal_reviewer: '法制审核人员' };

/**
 * Issues the document a stage makes (R8) in the stage's transaction and links it to the case
 * (kind, number, version, hash). Its fields are the template's own, made from the case, the
 * party, the evidence, the earlier stages, the stage and the agency's settings
 * (document-fields/); the document service validates them before anything is numbered, so a
 * missing one is a 400 naming it and the stage is not recorded. The signers are the acting
 * officers (with their certificates), else the person who recorded the stage.
 */
export async function issueStageDocument(trx: Kysely<Database>, documents: DocumentService, caller: Caller, c: CaseRow, stage: StageRow, kind: CaseDocumentKind) {
  const signers = stage.officers.length
    ? stage.officers.map((o) => ({ userId: o.id, name: o.name, certificateNo: o.certificateNo, role: '执法人员' }))
    : [{ userId: caller.user.id, name: caller.user.displayName, certificateNo: null, role: ROLE_ZH[caller.user.role] ?? '执法人员' }];
  const fields = documentFields(kind, await loadDocumentContext(trx, caller, c, stage));
  const doc = await documents.issue(trx, { kind, agencyId: c.agency_id, subject: { type: 'case', id: c.id }, category: c.category, fields, signers, actor: actorOf(caller), requestId: caller.requestId });
  const link = await repo.insertDocument(trx, { case_id: c.id, stage_id: stage.id, document_id: doc.id, kind, number: doc.number, version: doc.version, sha256: doc.sha256, issued_at: doc.issuedAt });
  await ledgerRow(trx, caller, 'case_document', link, 'case_document.issued');
  return link;
}
