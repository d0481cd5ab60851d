import { recordBlob } from '../../core/blob/blob.repository.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { AppError, type Issue } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import { checklistProblems, checklistVersion, currentChecklist, orderedAnswers, type Answer, type Checklist } from '../../core/self-reports/checklists.js';
import { COMMITMENT_VERSION, commitmentText, contentSha256, type ReportContent } from '../../core/self-reports/commitment.js';
import { dueAt, periodOfDay, periodsBetween, periodStarting, periodState, REPORT_PERIODS, submission, type Period } from '../../core/self-reports/periods.js';
import type { Access } from '../access/access.service.js';
import { checkUpload } from '../http/upload-type.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessFacts, ReportRow, SelfReportRepository } from './self-report.repository.js';

/** A photo of a self-inspection item: at most 8 MB, JPEG or PNG (checked by its bytes). */
export const SELF_REPORT_PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** How many past periods the portal and the late/missing list look back. */
const LOOK_BACK = 12;

const invalid = (issues: Issue[]) => new AppError('validation_failed', '', issues);
const conflict = (message: string) => new AppError('conflict', message);

/** What the composition root passes: the falsified hook (the lead wires credit's recompute). */
export type SelfReportHooks = { onFalsified?: (businessId: string) => Promise<void> | void };

export const periodLabel = (p: Pick<Period, 'key'>) => (p.key.includes('Q') ? `${p.key.slice(0, 4)} 年第 ${p.key.slice(-1)} 季度` : `${p.key.slice(0, 4)} 年 ${Number(p.key.slice(5))} 月`);
export const periodOfRow = (r: Pick<ReportRow, 'category' | 'period_start'>): Period => periodOfDay(REPORT_PERIODS[r.category], r.period_start);

/**
 * Self-inspection reports (issue 16 item 3; R14; seed 002 §14): the business drafts its period's
 * report on its category's checklist, attaches photos, and signs the commitment of truthfulness
 * with a one-time code (self-report-signing.service.ts); officers review. Every state change is
 * ledgered in its transaction; refusals change nothing.
 */
export function createSelfReportService(deps: { db: Db; repo: SelfReportRepository; access: Access; blobs: BlobStore; log: Logger; hooks?: SelfReportHooks; clock?: () => Date }) {
  const { db, repo, access, blobs } = deps;
  const now = deps.clock ?? (() => new Date());

  async function businessOf(id: string): Promise<BusinessFacts> {
    const b = await repo.business(id);
    if (!b) throw new AppError('not_found', '');
    return b;
  }

  /** The report in the caller's scope under the permission, or 403/404. */
  async function report(caller: Caller, permission: 'self_report.read' | 'self_report.submit' | 'self_report.review', id: string): Promise<ReportRow> {
    await access.require(caller, permission, { kind: 'self_report', id });
    const r = await repo.byId(id);
    if (!r) throw new AppError('not_found', '');
    return r;
  }

  function checklistOf(r: Pick<ReportRow, 'category' | 'checklist_version'>): Checklist {
    const list = checklistVersion(r.category, r.checklist_version);
    if (!list) throw new Error(`no checklist ${r.category} v${r.checklist_version}`);
    return list;
  }

  /** The report as it would be (or was) signed: answers in order, photos by SHA-256, the commitment text. */
  async function contentOf(r: ReportRow, b: Pick<BusinessFacts, 'name'>): Promise<ReportContent> {
    const p = periodOfRow(r);
    const photos = new Map((await repo.photosOf(r.business_id, r.period_start)).map((x) => [x.id, x.blob_sha256]));
    return {
      businessId: r.business_id,
      businessName: b.name,
      category: r.category,
      periodKey: p.key,
      periodStart: p.start,
      periodEnd: p.end,
      checklistVersion: r.checklist_version,
      answers: (r.answers as Answer[]).map(({ photoIds, ...a }) => ({ ...a, photos: photoIds.map((id) => photos.get(id) ?? id) })),
      commitment: r.commitment_text ?? commitmentText(b.name, periodLabel(p)),
    };
  }

  /** The answers checked against the checklist's items and the period's photos. */
  async function checkedAnswers(r: ReportRow, answers: Answer[]): Promise<Answer[]> {
    const list = checklistOf(r);
    const keys = new Set(list.items.map((i) => i.key));
    const photos = new Set((await repo.photosOf(r.business_id, r.period_start)).map((x) => x.id));
    const issues: Issue[] = [];
    answers.forEach((a, i) => {
      if (!keys.has(a.key)) issues.push({ path: ['answers', i, 'key'], message: 'self_report.unknown_item' });
      a.photoIds.forEach((id, j) => {
        if (!photos.has(id)) issues.push({ path: ['answers', i, 'photoIds', j], message: 'self_report.unknown_photo' });
      });
    });
    if (issues.length) throw invalid(issues);
    return orderedAnswers(list, answers);
  }

  const ledger = (trx: Db, caller: Caller, action: string, row: ReportRow, context: Record<string, unknown> = {}) =>
    appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action, entityType: 'self_inspection_report', entityId: row.id, state: row, context });

  return {
    checklistOf,
    contentOf,
    report,
    now,

    /**
     * A business's periods, newest first (the current one and up to 12 before it, none before it
     * was registered), each with where it stands and its latest version; and its checklist.
     */
    async periods(caller: Caller, businessId: string) {
      await access.require(caller, 'self_report.read', { kind: 'business', id: businessId });
      const b = await businessOf(businessId);
      const length = REPORT_PERIODS[b.category];
      const at = now();
      const reports = await repo.ofBusiness(businessId);
      const periods = periodsBetween(length, b.created_at, at).slice(-LOOK_BACK).reverse();
      return {
        business: b,
        length,
        checklist: currentChecklist(b.category),
        periods: periods.map((p) => {
          const versions = reports.filter((r) => r.period_start === p.start);
          const signed = versions.map((r) => r.signed_at).filter((x): x is Date => !!x);
          const first = signed.length ? new Date(Math.min(...signed.map((d) => d.getTime()))) : null;
          return { period: p, label: periodLabel(p), state: periodState(p, at, first), dueAt: dueAt(p), latest: versions[0] ?? null, versions: versions.length };
        }),
      };
    },

    /**
     * Starts the period's report (or its corrected version after a return), as a draft. Refused
     * for another business (403), a period not begun or closed, or when the period already has a
     * live report (a draft to continue, or one signed).
     */
    async createDraft(caller: Caller, businessId: string, periodStart: string, siteId: string | null) {
      await access.require(caller, 'self_report.submit', { kind: 'business', id: businessId });
      const b = await businessOf(businessId);
      if (b.status !== 'active') throw conflict('self_report.business_archived');
      const p = periodStarting(REPORT_PERIODS[b.category], periodStart);
      if (!p) throw invalid([{ path: ['periodStart'], message: 'self_report.not_a_period' }]);
      const window = submission(p, now());
      if (!window.ok) throw invalid([{ path: ['periodStart'], message: window.reason }]);
      if (siteId) await access.require(caller, 'self_report.submit', { kind: 'site', id: siteId });
      return db.transaction().execute(async (trx) => {
        const versions = await repo.lockVersions(trx, businessId, p.start);
        const live = versions.find((v) => v.status !== 'returned');
        if (live) throw conflict(live.status === 'draft' ? 'self_report.draft_exists' : 'self_report.already_submitted');
        const returned = versions[0];
        const list = returned ? checklistOf(returned) : currentChecklist(b.category);
        const row = await repo.insert(trx, {
          business_id: businessId,
          site_id: siteId ?? returned?.site_id ?? null,
          agency_id: b.agency_id,
          category: b.category,
          period_key: p.key,
          period_start: p.start,
          period_end: p.end,
          due_date: p.due,
          version: (returned?.version ?? 0) + 1,
          supersedes: returned?.id ?? null,
          checklist_version: list.version,
          // A correction starts from the returned answers; a first report from a blank list.
          answers: JSON.stringify(returned ? (returned.answers as Answer[]) : orderedAnswers(list, [])),
          created_by: caller.user.id,
        });
        await ledger(trx, caller, 'self_report.drafted', row, { supersedes: returned?.id ?? null });
        return row;
      });
    },

    /** Saves the draft's answers (the trigger keeps a signed report as it was). */
    async saveDraft(caller: Caller, id: string, answers: Answer[]) {
      const r = await report(caller, 'self_report.submit', id);
      if (r.status !== 'draft') throw conflict('self_report.not_draft');
      const ordered = await checkedAnswers(r, answers);
      return db.transaction().execute(async (trx) => {
        const row = await repo.update(trx, id, 'draft', { answers: JSON.stringify(ordered) });
        if (!row) throw conflict('self_report.not_draft');
        await ledger(trx, caller, 'self_report.draft_saved', row);
        return row;
      });
    },

    /** A photo for one item of the draft: checked by its bytes, stored once, added to that item's answer. */
    async addPhoto(caller: Caller, id: string, itemKey: string, bytes: Buffer, claimedType: string) {
      const r = await report(caller, 'self_report.submit', id);
      if (r.status !== 'draft') throw conflict('self_report.not_draft');
      if (!checklistOf(r).items.some((i) => i.key === itemKey)) throw invalid([{ path: ['item'], message: 'self_report.unknown_item' }]);
      if (bytes.length > SELF_REPORT_PHOTO_MAX_BYTES) throw new AppError('payload_too_large', '');
      const checked = checkUpload('photo', bytes, claimedType, ['image/jpeg', 'image/png']);
      if ('issue' in checked) throw invalid([checked.issue]);
      const type = checked.type as 'image/jpeg' | 'image/png';
      const blob = await blobs.put(bytes, type);
      return db.transaction().execute(async (trx) => {
        const locked = await repo.lock(trx, id);
        if (locked?.status !== 'draft') throw conflict('self_report.not_draft');
        await recordBlob(trx, { ...blob, mediaType: type });
        const photo = await repo.insertPhoto(trx, { report_id: id, business_id: r.business_id, period_start: r.period_start, item_key: itemKey, blob_sha256: blob.sha256, media_type: type, size: blob.size, uploaded_by: caller.user.id });
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'self_report.photo_added', entityType: 'self_inspection_photo', entityId: photo.id, state: photo, context: { reportId: id } });
        const answers = (locked.answers as Answer[]).map((a) => (a.key === itemKey ? { ...a, photoIds: [...a.photoIds, photo.id] } : a));
        const row = await repo.update(trx, id, 'draft', { answers: JSON.stringify(answers) });
        await ledger(trx, caller, 'self_report.draft_saved', row!, { photoId: photo.id });
        return photo;
      });
    },

    /** What keeps the draft from being signed now (checklist, period window), as field issues. */
    signable(r: ReportRow): { late: boolean } {
      if (r.status !== 'draft') throw conflict('self_report.not_draft');
      const problems = checklistProblems(checklistOf(r), r.answers as Answer[]);
      if (problems.length) throw invalid(problems);
      const window = submission(periodOfRow(r), now());
      if (!window.ok) throw invalid([{ path: ['periodStart'], message: window.reason }]);
      return { late: window.late };
    },

    /** The review queue: signed reports awaiting review in the caller's agency subtree, oldest first. */
    queue(caller: Caller, status: ReportRow['status'] = 'submitted') {
      return repo.queue(access.scope(caller, 'self_report.review'), [status]);
    },

    /** Accept, return for correction (with a note), or find falsified (with the reason): once, on a submitted report. */
    async review(caller: Caller, id: string, decision: 'accept' | 'return' | 'falsified', note: string | null) {
      const r = await report(caller, 'self_report.review', id);
      if (r.status !== 'submitted') throw conflict('self_report.not_submitted');
      const text = note?.trim() || null;
      if (decision !== 'accept' && !text) throw invalid([{ path: ['note'], message: decision === 'return' ? 'self_report.return_note_required' : 'self_report.falsified_reason_required' }]);
      const status = decision === 'accept' ? 'accepted' : decision === 'return' ? 'returned' : 'falsified';
      const row = await db.transaction().execute(async (trx) => {
        const row = await repo.update(trx, id, 'submitted', { status, reviewed_by: caller.user.id, reviewed_at: now(), review_note: text });
        if (!row) throw conflict('self_report.not_submitted');
        await ledger(trx, caller, `self_report.${status}`, row, { note: text });
        return row;
      });
      if (status === 'falsified' && deps.hooks?.onFalsified) {
        // The credit grade is recomputed at once (002 §24); a failure there does not undo the finding.
        try {
          await deps.hooks.onFalsified(row.business_id);
        } catch (err) {
          deps.log.error({ err, reportId: id, businessId: row.business_id }, 'onFalsified hook failed');
        }
      }
      return row;
    },

    /** Closes the routine check of the business for this period by document review (002 §14): who, when, why. */
    async closeRoutineCheck(caller: Caller, id: string, reason: string) {
      const r = await report(caller, 'self_report.review', id);
      if (r.status !== 'accepted') throw conflict('self_report.not_accepted');
      if (r.routine_check_closed) throw conflict('self_report.routine_check_already_closed');
      return db.transaction().execute(async (trx) => {
        const row = await repo.update(trx, id, 'accepted', { routine_check_closed: true, routine_check_closed_by: caller.user.id, routine_check_closed_at: now(), routine_check_reason: reason.trim() });
        if (!row || !row.routine_check_closed) throw conflict('self_report.routine_check_already_closed');
        await ledger(trx, caller, 'self_report.routine_check_closed', row, { reason: reason.trim() });
        return row;
      });
    },

    /**
     * Late and missing reports in the caller's agency subtree: for each active business, the
     * periods (up to 12 back) whose due day has passed with nothing signed — 'late' while a report
     * is still taken, 'missing' once the period closed.
     */
    async overdue(caller: Caller) {
      const scope = access.scope(caller, 'self_report.review');
      const businesses = await repo.businessesIn(scope);
      const subs = await repo.submissions(businesses.map((b) => b.id));
      const at = now();
      const rows: { business: BusinessFacts; period: Period; label: string; state: 'late' | 'missing'; dueAt: Date }[] = [];
      for (const b of businesses) {
        const signed = new Set(subs.filter((s) => s.business_id === b.id).map((s) => s.period_start));
        for (const p of periodsBetween(REPORT_PERIODS[b.category], b.created_at, at).slice(-LOOK_BACK)) {
          if (signed.has(p.start)) continue;
          const state = periodState(p, at, null);
          if (state === 'late' || state === 'missing') rows.push({ business: b, period: p, label: periodLabel(p), state, dueAt: dueAt(p) });
        }
      }
      return rows.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime());
    },

    photo: async (caller: Caller, reportId: string, photoId: string) => {
      const r = await report(caller, 'self_report.read', reportId);
      const p = await repo.photo(photoId);
      if (!p || p.business_id !== r.business_id || p.period_start !== r.period_start) throw new AppError('not_found', '');
      return p;
    },

    ledgerOf: ledger,
  };
}
export type SelfReportService = ReturnType<typeof createSelfReportService>;
export { contentSha256, COMMITMENT_VERSION };
