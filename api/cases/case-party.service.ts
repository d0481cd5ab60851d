import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { checkStage } from '../../core/cases/procedure.js';
import type { Db } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { checkUpload, type UploadType } from '../http/upload-type.js';
import { casePartyRepository as party, type PartyFileRow } from './case-party.repository.js';
import { caseRepository as repo, type CaseRow, type StageRow } from './case.repository.js';
import { calendarFor, factsOf, loadBundle } from './case-facts.js';
import type { CaseStageService } from './case-stage.service.js';
import { ledgerRow, Refused, withRefusals } from './case-trail.js';
import { recordPortalEvent } from '../delivery/portal-events.js';
import { partyDocuments, type PartyDocument } from './party-documents.js';

export const PARTY_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PARTY_FILES_MAX = 10;
export const PARTY_FILE_TYPES: readonly UploadType[] = ['image/jpeg', 'image/png', 'application/pdf'];

export type StatementInput = { statement: string; hearingWaived: boolean; fileIds: string[]; expectedVersion: number };
export type HearingRequestInput = { note?: string | null; expectedVersion: number };

/**
 * The party's own procedure online (行政处罚法 art. 41 ¶3): it uploads its files, sends its
 * statement and defence (with them, within the period the prior notice gave), asks for a
 * hearing (within five working days, art. 64(1)) or waives it expressly with its statement.
 * Every act is a stage of the case through the one stage machinery (case-stage.service.ts):
 * the rules (core/cases/stages.ts) refuse it naming the article, nothing changed, the refusal
 * ledgered; the files become evidence of the case in the stage's transaction.
 */
export function createCasePartyService(deps: { db: Db; access: Access; blobs: BlobStore; stages: CaseStageService; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { db, access } = deps;

  /** The case, if it is the caller's business's (403 another's, 404 none). */
  async function own(caller: Caller, id: string): Promise<CaseRow> {
    await access.require(caller, 'case.party', { kind: 'case', id });
    const c = await repo.get(db, id);
    if (!c) throw new AppError('not_found', '');
    return c;
  }

  /** Whether the party may state its case now (the files go up only while it may): the rule's refusal otherwise. */
  async function statementProblem(caller: Caller, c: CaseRow) {
    const [bundle, cal] = await Promise.all([loadBundle(db, c), calendarFor(db, c)]);
    const at = now();
    return checkStage(factsOf(bundle, cal, at), { kind: 'statement', at, actorId: caller.user.id, officers: [], participants: 0, facts: { waived: false, statementGiven: true }, byParty: true }, cal);
  }

  /** The files sent with a statement become the party's evidence in the case (002 §16 review by the officers, like any other). */
  async function bindFiles(trx: Kysely<Database>, caller: Caller, c: CaseRow, stage: StageRow, ids: string[]) {
    const bound = await party.bindFiles(trx, c.id, ids, stage.id);
    if (bound.length !== ids.length) throw new AppError('validation_failed', '', [{ path: ['fileIds'], message: 'case.file_unknown' }]);
    for (const f of bound) {
      await ledgerRow(trx, caller, 'case_party_file', f, 'case_party_file.submitted', { stageId: stage.id });
      const ev = await repo.insertEvidence(trx, {
        case_id: c.id,
        kind: 'upload',
        flag_id: null,
        title: `当事人陈述、申辩材料：${f.filename}`.slice(0, 200),
        source: JSON.stringify({ fileId: f.id, sha256: f.blob_sha256, filename: f.filename, mediaType: f.media_type, size: Number(f.size), stageId: stage.id, submittedBy: 'party' }),
        checklist: JSON.stringify({}),
      });
      await ledgerRow(trx, caller, 'case_evidence', ev, 'case_evidence.attached', { by: 'party', stageId: stage.id });
    }
    return bound;
  }

  const fileDto = (f: PartyFileRow) => ({ id: f.id, filename: f.filename, mediaType: f.media_type, size: Number(f.size), sha256: f.blob_sha256, uploadedAt: new Date(f.uploaded_at).toISOString(), sent: !!f.stage_id });

  return {
    own,
    fileDto,

    /** One file of the party's statement, stored and recorded before the statement is sent (refused once the period is over). */
    async upload(caller: Caller, caseId: string, file: { bytes: Buffer; claimedType: string; filename: string }) {
      const c = await own(caller, caseId);
      if (file.bytes.length > PARTY_FILE_MAX_BYTES) throw new AppError('payload_too_large', '');
      const checked = checkUpload('file', file.bytes, file.claimedType, PARTY_FILE_TYPES, file.filename || undefined);
      if ('issue' in checked) throw new AppError('validation_failed', '', [checked.issue]);
      return withRefusals(db, caller, { caseId, attempted: 'party_file' }, async () => {
        const problem = await statementProblem(caller, c);
        if (problem) throw new Refused(problem);
        if ((await party.unboundCount(db, c.id)) >= PARTY_FILES_MAX) throw new AppError('conflict', 'case.too_many_files');
        const blob = await deps.blobs.put(file.bytes, checked.type);
        const filename = Array.from(file.filename, (ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 200) || 'file';
        return db.transaction().execute(async (trx) => {
          await recordBlob(trx, { ...blob, mediaType: checked.type });
          const row = await party.insertFile(trx, { case_id: c.id, blob_sha256: blob.sha256, filename, media_type: checked.type, size: blob.size, uploaded_by: caller.user.id, uploaded_at: now() });
          await ledgerRow(trx, caller, 'case_party_file', row, 'case_party_file.uploaded');
          return fileDto(row);
        });
      });
    },

    /** The party's statement and defence (行政处罚法 art. 45), with its files, and its express waiver of the hearing when it gives one. */
    async statement(caller: Caller, caseId: string, input: StatementInput) {
      await own(caller, caseId);
      const statement = input.statement.trim();
      if (!statement) throw new AppError('validation_failed', '', [{ path: ['statement'], message: 'case.statement_required' }]);
      const ids = [...new Set(input.fileIds)];
      if (ids.length > PARTY_FILES_MAX) throw new AppError('validation_failed', '', [{ path: ['fileIds'], message: 'case.too_many_files' }]);
      const files = (await party.files(db, caseId)).filter((f) => ids.includes(f.id));
      if (files.length !== ids.length || files.some((f) => f.stage_id)) throw new AppError('validation_failed', '', [{ path: ['fileIds'], message: 'case.file_unknown' }]);
      const fields = {
        waived: false,
        statement,
        hearingWaived: input.hearingWaived,
        channel: 'online',
        files: files.map((f) => ({ id: f.id, filename: f.filename, sha256: f.blob_sha256, mediaType: f.media_type, size: Number(f.size) })),
      };
      const media = files.map((f) => ({ sha256: f.blob_sha256, title: f.filename, fileId: f.id }));
      return deps.stages.record(caller, caseId, { kind: 'statement', expectedVersion: input.expectedVersion, fields, media }, { extra: (trx, stage, c) => bindFiles(trx, caller, c, stage, ids).then(() => undefined) });
    },

    /** The party asks for a hearing (行政处罚法 art. 63; within five working days, art. 64(1)). */
    async requestHearing(caller: Caller, caseId: string, input: HearingRequestInput) {
      const c = await own(caller, caseId);
      const business = await party.businessName(db, c.business_id);
      const fields = { requestedBy: business?.name ?? caller.user.displayName, channel: 'online', ...(input.note?.trim() ? { note: input.note.trim() } : {}) };
      return deps.stages.record(caller, caseId, { kind: 'hearing_request', expectedVersion: input.expectedVersion, fields });
    },

    /** A file the party sent (the party its own case's; staff the cases in their subtree). */
    async file(caller: Caller, caseId: string, fileId: string) {
      await access.require(caller, access.can(caller, 'case.read') ? 'case.read' : 'case.party', { kind: 'case', id: caseId });
      const f = await party.file(db, caseId, fileId);
      if (!f) throw new AppError('not_found', '');
      return f;
    },

    /**
     * A document served on the party, as served (the version its delivery carried). Opening it is
     * the delivery's 'content downloaded' evidence event (api/delivery/portal-events.ts); a decision
     * handed over on the spot has no delivery and its opening is ledgered as a read. A document not
     * yet served is not the party's to read: 404.
     */
    async document(caller: Caller, caseId: string, documentId: string) {
      await own(caller, caseId);
      const d = (await partyDocuments(db, caseId)).find((x) => x.documentId === documentId);
      if (!d) throw new AppError('not_found', '');
      if (d.deliveryId) await recordPortalEvent(db, caller, d.deliveryId, 'content_downloaded', { once: false, via: 'case_page' });
      else await appendLedger(db, { actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, action: 'document.read', entityType: 'document', entityId: d.rowId, state: null, context: { documentId: d.documentId, version: d.version, sha256: d.sha256, caseId, byParty: true, ip: caller.ip } });
      return { row_id: d.rowId, document_id: d.documentId, kind: d.kind, number: d.number, version: d.version, pdf_sha256: d.sha256 };
    },

    /** The party looked at its case page: each served document's delivery records 'notification opened' (the first time). */
    async opened(caller: Caller, docs: PartyDocument[]) {
      for (const d of docs) if (d.deliveryId && !d.openedAt) await recordPortalEvent(db, caller, d.deliveryId, 'notification_opened', { once: true, via: 'case_page' });
    },
  };
}
export type CasePartyService = ReturnType<typeof createCasePartyService>;
