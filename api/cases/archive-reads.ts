import { ARCHIVE_READ_RULE } from '../../core/cases/archive.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Caller } from '../http/request-context.js';
import { actorOf } from './case-trail.js';
import { closingRepository as closing } from './closing.repository.js';

export type ArchiveReadWhat = 'workspace' | 'document' | 'document_pdf' | 'evidence_clip' | 'evidence_snapshot' | 'payment_receipt' | 'export';
const WHAT_ZH: Record<ArchiveReadWhat, string> = { workspace: '案件', document: '文书', document_pdf: '文书PDF', evidence_clip: '证据视频', evidence_snapshot: '证据截图', payment_receipt: '缴款凭证', export: '导出案卷' };

/**
 * Every read of an archived case is logged (R10, R12; 001 §24: "任何个人不得私自调用已归档的行政执法
 * 全过程记录"): a ledger entry 'case_archive.read' about the case — who, when (the entry's time),
 * what (the workspace, a document, a clip …), from where — written before a byte is served.
 * The archivist's view of the case lists them (closing.repository.ts reads).
 */
export function createArchiveReads(db: Db) {
  const log = (caller: Caller, caseId: string, what: ArchiveReadWhat, context: Record<string, unknown> = {}) =>
    appendLedger(db, { actor: actorOf(caller), requestId: caller.requestId, action: 'case_archive.read', entityType: 'case', entityId: caseId, state: null, context: { what, ...context, ip: caller.ip, role: caller.user.role, rule: ARCHIVE_READ_RULE, reason: `查阅已归档案卷（${WHAT_ZH[what]}）` } });
  return {
    log,
    /** A document (or its PDF) of an archived case. */
    async document(caller: Caller, documentId: string, what: 'document' | 'document_pdf', context: Record<string, unknown> = {}) {
      const c = await closing.archivedCaseOfDocument(db, documentId);
      if (c) await log(caller, c.id, what, { documentId, ...context });
    },
    /** A flag's clip or snapshot that is evidence of an archived case. */
    async flag(caller: Caller, flagId: string, what: 'evidence_clip' | 'evidence_snapshot', context: Record<string, unknown> = {}) {
      for (const c of await closing.archivedCasesOfFlag(db, flagId)) await log(caller, c.id, what, { flagId, ...context });
    },
  };
}
export type ArchiveReads = ReturnType<typeof createArchiveReads>;
