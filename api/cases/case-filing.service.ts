import { FLAG_TYPE_ZH, type FlagType } from '../../core/analysis/rule-kinds.js';
import { legalDeadline, type LegalLimit } from '../../core/calendar/legal-clock.js';
import { loadCalendar } from '../../core/calendar/calendar.repository.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { checklistComplete, checklistGaps, type Checklist } from '../../core/cases/checklist.js';
import { DEFAULT_FILING_LIMIT } from '../../core/cases/limits.js';
import { refusal } from '../../core/cases/refusal.js';
import type { Db } from '../../core/db/connect.js';
import type { CaseOfficer, CaseSource, Database } from '../../core/db/database.js';
import type { DocumentService } from '../../core/documents/template.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Kysely } from 'kysely';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseRow } from './case.repository.js';
import { actorOf, archivedRefusal, ledgerRow, Refused, withRefusals } from './case-trail.js';
import { issueStageDocument } from './case-documents.js';
import { closingRepository } from './closing.repository.js';
import { recordPlatformStage } from './platform-stage.js';
import { isUniqueViolation } from '../registry/unique-violation.js';

const ALREADY_FILED = refusal('already_recorded', '行政处罚法第二十九条（一事不二罚）', '线索已在其他案件中立案');
const rethrow = (e: unknown): never => {
  throw isUniqueViolation(e, 'case_flags_flag_id_key') ? new Refused(ALREADY_FILED) : e;
};

export type CaseOpening = {
  procedure: 'simple' | 'general';
  cause: string;
  category: string;
  investigatorIds: string[];
  partyKind?: 'person' | 'organisation';
  /** 案情摘要 */
  summary: string;
  /** 负责人意见 (on the acceptance record), when given. */
  headOpinion?: string | null;
  /** The unit head who gave that opinion (named on the acceptance record). */
  headId?: string | null;
};
export type ByHandOpening = CaseOpening & { businessId: string; siteId?: string | null; source: Exclude<CaseSource, 'flags'>; sourceDetail: string; receivedAt?: Date | null };

/**
 * Filing (R7): a case from confirmed flags of one business, their evidence attached and frozen,
 * or by hand from a complaint, inspection, transfer or assignment (案件受理记录). Both start the
 * filing clock (from the flags' confirmation, or the acceptance) and record the acceptance
 * stage with its document. The 立案报告 and its approval are stages (case-stage.service.ts).
 */
export function createCaseFilingService(deps: { db: Db; access: Access; documents: DocumentService; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function filingLimit(db: Kysely<Database>): Promise<LegalLimit> {
    const row = await repo.filingLimit(db);
    return row ? (row.value as unknown as LegalLimit) : DEFAULT_FILING_LIMIT;
  }

  /** The investigators: at least two officers of the caller's agency subtree, each with a certificate (行政处罚法 art. 42, 55). */
  async function investigators(caller: Caller, ids: string[]): Promise<CaseOfficer[]> {
    const unique = [...new Set(ids)];
    const rows = await repo.officers(deps.db, unique);
    const ok = rows.filter((r) => r.role === 'officer' && r.status === 'active');
    if (unique.length < 2 || ok.length !== unique.length) throw new Refused(refusal('officers_required', '行政处罚法第四十二条', '案件须由不少于两名执法人员承办'));
    if (ok.some((r) => !r.certificate_no?.trim())) throw new Refused(refusal('certificate_missing', '行政处罚法第五十五条', '承办人员须持有执法证件（执法证号）'));
    for (const id of unique) await deps.access.require(caller, 'case.file', { kind: 'user', id });
    return unique.map((id) => {
      const r = ok.find((o) => o.id === id)!;
      return { id, name: r.display_name, certificateNo: r.certificate_no };
    });
  }

  /** The unit head named on the acceptance record: a manager of the case's agency or one above it. */
  async function head(id: string | null | undefined, agencyId: string): Promise<string | null> {
    if (!id) return null;
    const [row] = await repo.officers(deps.db, [id]);
    if (!row || row.role !== 'manager' || row.status !== 'active' || !row.agency_id || !(await repo.agencyCovers(deps.db, row.agency_id, agencyId)))
      throw new AppError('validation_failed', '', [{ path: ['headId'], message: 'case.head_unknown' }]);
    return id;
  }

  async function open(trx: Kysely<Database>, caller: Caller, input: CaseOpening & { agencyId: string; businessId: string; siteId: string | null; source: CaseSource; sourceRecord: Record<string, unknown>; clockFrom: Date; officers: CaseOfficer[] }): Promise<CaseRow> {
    const at = now();
    const row = await repo.insertCase(trx, {
      agency_id: input.agencyId,
      business_id: input.businessId,
      site_id: input.siteId,
      party_kind: input.partyKind ?? 'organisation',
      procedure: input.procedure,
      source: input.source,
      source_record: JSON.stringify(input.sourceRecord),
      cause: input.cause,
      category: input.category,
      investigators: JSON.stringify(input.officers),
      state: 'accepted',
      filing_clock_from: input.clockFrom,
      accepted_at: at,
      created_by: caller.user.id,
      created_at: at,
      updated_at: at,
    });
    await ledgerRow(trx, caller, 'case', row, 'case.accepted');
    const stage = await recordPlatformStage(trx, { case: row, kind: 'acceptance', actorId: caller.user.id, officers: input.officers, fields: input.sourceRecord, at }, { actor: actorOf(caller), requestId: caller.requestId });
    await issueStageDocument(trx, deps.documents, caller, row, stage, 'case_acceptance');
    // The filing limit runs only for the general procedure (a simple case is decided on the spot).
    if (input.procedure === 'general') {
      const limit = await filingLimit(trx);
      const cal = await loadCalendar(trx, shanghaiDay(new Date(input.clockFrom.getTime() - 7 * 86400_000)));
      const due = legalDeadline({ start: input.clockFrom, limit, calendar: cal }).dueAt;
      const clock = await repo.insertClock(trx, { case_id: row.id, kind: 'filing', amount: limit.amount, unit: limit.unit, basis: limit.basis, started_at: input.clockFrom, started_by: stage.id, due_at: due });
      await ledgerRow(trx, caller, 'case_clock', clock, 'case_clock.started');
    }
    return row;
  }

  return {
    filingLimit: () => filingLimit(deps.db),

    async setFilingLimit(caller: Caller, limit: { amount: number; unit: 'working_days' | 'natural_days'; basis: string }) {
      deps.access.assert(caller, 'settings.admin');
      return deps.db.transaction().execute(async (trx) => {
        const row = await repo.putFilingLimit(trx, limit, caller.user.id, now());
        await ledgerRow(trx, caller, 'case_setting', row, 'case_setting.filing_limit');
        return row;
      });
    },

    /** Files a case from confirmed flags of one business (their findings, answers, snapshots, clips and covering segments). */
    async fileFromFlags(caller: Caller, input: CaseOpening & { flagIds: string[] }): Promise<CaseRow> {
      deps.access.assert(caller, 'case.file');
      const flagIds = [...new Set(input.flagIds)];
      for (const id of flagIds) await deps.access.require(caller, 'case.file', { kind: 'flag', id });
      return withRefusals(deps.db, caller, { caseId: null, attempted: 'file_from_flags' }, async () => {
        const officers = await investigators(caller, input.investigatorIds);
        return deps.db.transaction().execute(async (trx) => {
          const flags = await repo.flagsForFiling(trx, flagIds).catch(rethrow);
          if (flags.length !== flagIds.length) throw new AppError('not_found', '');
          const unconfirmed = flags.filter((f) => f.review_status !== 'confirmed');
          if (unconfirmed.length) throw new Refused(refusal('flag_not_confirmed', '002第十六条、第十七条', '只有经确认的预警线索方可立案'));
          if (flags.some((f) => f.finding_status === 'withdrawn')) throw new Refused(refusal('flag_not_confirmed', '行政处罚法第四十五条', '当事人异议已被采纳、认定已撤回的线索不得立案'));
          if (new Set(flags.map((f) => f.business_id)).size !== 1) throw new Refused(refusal('flags_of_one_business', '行政处罚法第五十四条', '一个案件只能针对同一当事人的线索立案'));
          if (flags.some((f) => f.in_case)) throw new Refused(ALREADY_FILED);
          const first = flags[0];
          const clockFrom = new Date(Math.min(...flags.map((f) => new Date(f.decided_at ?? f.confirmed_at ?? now()).getTime())));
          const sourceRecord = { source: 'flags', sourceDetail: `非现场监管预警线索 ${flags.length} 条`, summary: input.summary, headOpinion: input.headOpinion ?? null, headId: await head(input.headId, first.agency_id), flagIds };
          const row = await open(trx, caller, { ...input, agencyId: first.agency_id, businessId: first.business_id, siteId: first.site_id, source: 'flags', sourceRecord, clockFrom, officers });
          for (const f of flags) {
            // Two officers filing one flag at once: the second waits on the flag's lock, then meets the link.
            const link = await repo.linkFlag(trx, { case_id: row.id, flag_id: f.id, finding_id: f.finding_id }).catch(rethrow);
            await ledgerRow(trx, caller, 'case_flag', link, 'case_flag.linked');
            const items: { kind: 'finding' | 'business_answer' | 'snapshot' | 'clip' | 'segments'; title: string; source: Record<string, unknown> }[] = [];
            items.push({ kind: 'finding', title: `预警线索认定（${FLAG_TYPE_ZH[f.type as FlagType] ?? f.type}）`, source: { flagId: f.id, findingId: f.finding_id, type: f.type, startedAt: f.started_at, endedAt: f.ended_at, confirmedAt: f.decided_at, detail: f.detail } });
            if (f.finding_id && f.responded_at) items.push({ kind: 'business_answer', title: '当事人确认或异议', source: { findingId: f.finding_id, status: f.finding_status, statement: f.statement, respondedAt: f.responded_at } });
            if (f.snapshot_sha256) items.push({ kind: 'snapshot', title: '现场截图', source: { sha256: f.snapshot_sha256 } });
            const clip = await repo.finalClip(trx, f.id);
            if (clip) items.push({ kind: 'clip', title: `证据视频（第 ${clip.version} 版${clip.final ? '，最终版' : ''}）`, source: { flagId: f.id, version: clip.version, sha256: clip.blob_sha256, coversFrom: clip.covers_from, coversTo: clip.covers_to, provenance: clip.provenance } });
            const segments = await repo.coveringSegments(trx, f.id);
            if (segments.length) {
              items.push({ kind: 'segments', title: `原始录像片段 ${segments.length} 段`, source: { segments: segments.map((s) => ({ id: s.id, sha256: s.blob_sha256, startedAt: s.started_at, endedAt: s.ended_at })) } });
              // Frozen as the case file (R11): ordinary retention never purges them.
              for (const seg of await repo.freezeSegments(trx, segments.map((s) => s.id))) await ledgerRow(trx, caller, 'recording_segment', seg, 'recording.retention_case', { caseId: row.id });
            }
            for (const it of items) {
              const ev = await repo.insertEvidence(trx, { case_id: row.id, kind: it.kind, flag_id: f.id, title: it.title, source: JSON.stringify(it.source), checklist: '{}' });
              await ledgerRow(trx, caller, 'case_evidence', ev, 'case_evidence.attached');
            }
            if (f.finding_id) {
              // The link the other way: the finding's trail and ledger name the case.
              await repo.findingEvent(trx, { findingId: f.finding_id, actorId: caller.user.id, detail: { caseId: row.id }, at: new Date(row.accepted_at) });
              const finding = await repo.finding(trx, f.finding_id);
              await appendLedger(trx, { actor: actorOf(caller), requestId: caller.requestId, action: 'finding.case_filed', entityType: 'finding', entityId: finding.id, state: finding, context: { caseId: row.id } });
            }
          }
          return row;
        });
      });
    },

    /** Opens a case by hand (案件受理记录: source, party, 案情摘要, 负责人意见). */
    async openByHand(caller: Caller, input: ByHandOpening): Promise<CaseRow> {
      await deps.access.require(caller, 'case.file', { kind: 'business', id: input.businessId });
      return withRefusals(deps.db, caller, { caseId: null, attempted: 'open_by_hand' }, async () => {
        const officers = await investigators(caller, input.investigatorIds);
        const business = await repo.business(deps.db, input.businessId);
        if (!business) throw new AppError('not_found', '');
        return deps.db.transaction().execute(async (trx) => {
          const at = now();
          const sourceRecord = { source: input.source, sourceDetail: input.sourceDetail, receivedAt: input.receivedAt ?? at, party: { name: business.name, creditCode: business.credit_code, address: business.address }, summary: input.summary, headOpinion: input.headOpinion ?? null, headId: await head(input.headId, business.agency_id) };
          return open(trx, caller, { ...input, agencyId: business.agency_id, businessId: business.id, siteId: input.siteId ?? null, sourceRecord, clockFrom: input.receivedAt ?? at, officers });
        });
      });
    },

    /** Answers an evidence item's 002 §16 checklist (each point; a note where not met). */
    async reviewEvidence(caller: Caller, caseId: string, evidenceId: string, input: { checklist: Checklist; expectedVersion: number }) {
      await deps.access.require(caller, 'case.act', { kind: 'case', id: caseId });
      const gaps = checklistGaps(input.checklist);
      if (gaps.noteMissing.length) throw new AppError('validation_failed', '', gaps.noteMissing.map((p) => ({ path: ['checklist', p, 'note'], message: 'case.checklist_note_required' })));
      return withRefusals(deps.db, caller, { caseId, attempted: 'evidence_review' }, () => deps.db.transaction().execute(async (trx) => {
        if (await closingRepository.isArchived(trx, caseId)) throw new Refused(archivedRefusal());
        const ev = await repo.lockEvidence(trx, evidenceId);
        if (!ev || ev.case_id !== caseId) throw new AppError('not_found', '');
        const row = await repo.reviewEvidence(trx, { id: evidenceId, expectedVersion: input.expectedVersion, checklist: input.checklist, complete: checklistComplete(input.checklist), by: caller.user.id, at: now() });
        if (!row) throw new AppError('version_conflict', '');
        await ledgerRow(trx, caller, 'case_evidence', row, 'case_evidence.reviewed');
        return row;
      }));
    },

    /** Hand-entered evidence (a document received, a witness's account), to be reviewed like the rest. */
    async addEvidence(caller: Caller, caseId: string, input: { title: string; description: string }) {
      await deps.access.require(caller, 'case.act', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: 'evidence_entry' }, () => deps.db.transaction().execute(async (trx) => {
        const c = await repo.lock(trx, caseId);
        if (c && (await closingRepository.isArchived(trx, caseId))) throw new Refused(archivedRefusal());
        if (!c || c.state === 'closed' || c.state === 'not_filed') throw new AppError('conflict', 'case.closed');
        const ev = await repo.insertEvidence(trx, { case_id: caseId, kind: 'entry', flag_id: null, title: input.title, source: JSON.stringify({ description: input.description, enteredBy: caller.user.id }), checklist: '{}' });
        await ledgerRow(trx, caller, 'case_evidence', ev, 'case_evidence.entered');
        return ev;
      }));
    },
  };
}
export type CaseFilingService = ReturnType<typeof createCaseFilingService>;
