import type { Kysely } from 'kysely';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { archiveNumber, destroyFrom, RETENTION_BASIS, RETENTION_CLASSES, retentionProblem, type RetentionClass } from '../../core/cases/archive.js';
import { parseYuan } from '../../core/cases/major.js';
import { refusal } from '../../core/cases/refusal.js';
import { shanghaiYear, takeNumber } from '../../core/documents/numbering.js';
import type { Db } from '../../core/db/connect.js';
import type { ArchiveLabel, Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import { checkUpload, type UploadType } from '../http/upload-type.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseRow } from './case.repository.js';
import { calendarFor, clockOf, factsOf, loadBundle, paymentOf } from './case-facts.js';
import { archivedRefusal, ledgerRow, Refused, withRefusals } from './case-trail.js';
import { closingRepository as closing } from './closing.repository.js';

export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;
const RECEIPT_TYPES: readonly UploadType[] = ['image/jpeg', 'image/png', 'application/pdf'];

export type PaymentInput = { kind: 'paid' | 'not_paid'; amountYuan?: string | number; paidOn?: string; reference?: string; fileSha256?: string; fileName?: string; note?: string; expectedVersion: number };

/**
 * After the decision (issue 14 items 4–5): the party's payment or its absence (003 §15), and the
 * archive of a closed case (R10: 003 §22; 001 §22, §24). Each write checks the case's version,
 * refuses an archived case naming the rule, and ledgers every row in its transaction.
 */
export function createCaseClosingService(deps: { db: Db; access: Access; blobs: BlobStore; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function locked(trx: Kysely<Database>, id: string, expectedVersion: number): Promise<CaseRow> {
    const c = await repo.lock(trx, id);
    if (!c) throw new AppError('not_found', '');
    if (await closing.isArchived(trx, id)) throw new Refused(archivedRefusal());
    if (c.version !== expectedVersion) throw new AppError('version_conflict', '');
    return c;
  }

  /** Stops the clocks a settled payment ends: the reminder's period and the court window (nothing left to enforce). */
  async function stopClocks(trx: Kysely<Database>, caller: Caller, c: CaseRow, kinds: readonly string[], at: Date) {
    const cal = await calendarFor(trx, c);
    for (const k of await repo.clocks(trx, c.id)) {
      if (k.stopped_at || !kinds.includes(k.kind)) continue;
      const [pauses, extensions] = await Promise.all([repo.pauses(trx, [k.id]), repo.extensions(trx, [k.id])]);
      const row = await repo.updateClock(trx, k.id, { due_at: clockOf(k, pauses, extensions, cal, at).dueAt, stopped_at: at });
      await ledgerRow(trx, caller, 'case_clock', row, 'case_clock.stopped');
    }
  }

  return {
    /** A receipt's file (JPEG, PNG or PDF), stored before the payment names it by its SHA-256. */
    async uploadReceipt(caller: Caller, caseId: string, file: { bytes: Buffer; claimedType: string; filename: string }) {
      await deps.access.require(caller, 'case.act', { kind: 'case', id: caseId });
      if (await closing.isArchived(deps.db, caseId)) await withRefusals(deps.db, caller, { caseId, attempted: 'payment_receipt' }, () => Promise.reject(new Refused(archivedRefusal())));
      if (file.bytes.length > RECEIPT_MAX_BYTES) throw new AppError('payload_too_large', '');
      const checked = checkUpload('file', file.bytes, file.claimedType, RECEIPT_TYPES, file.filename || undefined);
      if ('issue' in checked) throw new AppError('validation_failed', '', [checked.issue]);
      const blob = await deps.blobs.put(file.bytes, checked.type);
      await deps.db.transaction().execute((trx) => recordBlob(trx, { ...blob, mediaType: checked.type }));
      return { sha256: blob.sha256, size: blob.size, mediaType: checked.type };
    },

    /**
     * Records a payment (amount, date, receipt or bank reference, optional file) or that the
     * period ran out without one. Refused before the decision, on a decision that orders no money,
     * and "not paid" before the fifteen days ran out (行政处罚法 art. 67 ¶3).
     */
    async recordPayment(caller: Caller, caseId: string, input: PaymentInput) {
      await deps.access.require(caller, 'case.act', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: `payment_${input.kind}` }, () =>
        deps.db.transaction().execute(async (trx) => {
          const at = now();
          const c = await locked(trx, caseId, input.expectedVersion);
          if (!['decided', 'reported', 'enforcing'].includes(c.state)) throw new Refused(refusal('stage_out_of_order', '行政处罚法第六十六条', c.state === 'closed' ? '案件已结案，不得再记录缴纳情况' : '作出行政处罚决定后方可记录缴纳情况'));
          const bundle = await loadBundle(trx, c);
          const cal = await calendarFor(trx, c);
          const status = paymentOf(bundle, cal, at);
          if (!status) throw new Refused(refusal('payment_invalid', '行政处罚法第六十七条', '本案决定未处以罚款或没收违法所得，无需缴纳'));
          let amountFen: number | null = null;
          if (input.kind === 'paid') {
            const fen = input.amountYuan === undefined ? null : parseYuan(input.amountYuan, '缴纳金额');
            if (typeof fen !== 'number') throw new AppError('validation_failed', '', [{ path: ['amountYuan'], message: 'case.payment_amount' }]);
            amountFen = fen;
            const decidedOn = shanghaiDay(new Date(c.decided_at ?? c.updated_at));
            if (!input.paidOn) throw new AppError('validation_failed', '', [{ path: ['paidOn'], message: 'required' }]);
            if (input.paidOn > shanghaiDay(at)) throw new AppError('validation_failed', '', [{ path: ['paidOn'], message: 'case.payment_date_future' }]);
            if (input.paidOn < decidedOn) throw new AppError('validation_failed', '', [{ path: ['paidOn'], message: 'case.payment_date_early' }]);
            if (!input.reference?.trim()) throw new AppError('validation_failed', '', [{ path: ['reference'], message: 'case.payment_reference' }]);
            if (input.fileSha256 && !(await closing.blobExists(trx, input.fileSha256))) throw new AppError('validation_failed', '', [{ path: ['fileSha256'], message: 'case.payment_file_unknown' }]);
          } else {
            if (!status.dueAt) throw new Refused(refusal('decision_not_served', '行政处罚法第六十七条第三款', '行政处罚决定书尚未送达，缴纳期限尚未起算'));
            if (at.getTime() <= status.dueAt.getTime()) throw new Refused(refusal('limit_not_reached', '行政处罚法第六十七条第三款', `缴纳罚款的期限至${status.dueAt.toISOString()}届满，届满前不能记录逾期未缴纳`));
            if (status.settled) throw new Refused(refusal('already_performed', '行政处罚法第六十六条', '当事人已缴清，不能记录逾期未缴纳'));
          }
          const row = await closing.insertPayment(trx, {
            case_id: c.id,
            kind: input.kind,
            amount_fen: amountFen,
            paid_on: input.kind === 'paid' ? input.paidOn! : null,
            reference: input.kind === 'paid' ? input.reference!.trim() : null,
            file_sha256: input.kind === 'paid' ? (input.fileSha256 ?? null) : null,
            file_name: input.kind === 'paid' && input.fileSha256 ? (input.fileName?.slice(0, 200) ?? null) : null,
            note: input.note?.trim() || null,
            recorded_by: caller.user.id,
            recorded_at: at,
          });
          await ledgerRow(trx, caller, 'case_payment', row, input.kind === 'paid' ? 'case_payment.recorded' : 'case_payment.not_paid');
          const moved = await repo.advance(trx, { id: c.id, expectedVersion: c.version, set: {}, at });
          if (!moved) throw new AppError('version_conflict', '');
          await ledgerRow(trx, caller, 'case', moved, input.kind === 'paid' ? 'case.payment_recorded' : 'case.payment_missed', { paymentId: row.id });
          const after = paymentOf({ ...bundle, payments: [...bundle.payments, row] }, cal, at);
          if (after?.settled) await stopClocks(trx, caller, moved, ['reminder', 'court_application'], at);
          return row;
        }),
      );
    },

    /**
     * The archivist archives a closed case (R10): its 档号, the label, the retention class (not
     * shorter than the seeds allow), the archive clock stopped; from then on it is read-only.
     */
    async archive(caller: Caller, caseId: string, input: { retentionClass: RetentionClass; note?: string; expectedVersion: number }) {
      await deps.access.require(caller, 'record.archive', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: 'archive' }, () =>
        deps.db.transaction().execute(async (trx) => {
          const at = now();
          const c = await repo.lock(trx, caseId);
          if (!c) throw new AppError('not_found', '');
          if (await closing.isArchived(trx, caseId)) throw new Refused(refusal('already_archived', '003第二十二条', '本案已归档'));
          if (c.version !== input.expectedVersion) throw new AppError('version_conflict', '');
          // The act ends with the closing, or with the refusal to file (不予立案).
          const endedAt = c.state === 'closed' ? c.closed_at : c.state === 'not_filed' ? c.updated_at : null;
          if (!endedAt) throw new Refused(refusal('not_closed', '003第二十二条', '行政执法行为终结（结案或不予立案）后方可归档'));
          const bundle = await loadBundle(trx, c);
          const cal = await calendarFor(trx, c);
          const facts = factsOf(bundle, cal, at);
          const problem = retentionProblem(facts, input.retentionClass);
          if (problem) throw new Refused(problem);

          await stopClocks(trx, caller, c, ['archive'], at);
          const agency = await closing.agency(trx, c.agency_id);
          const year = shanghaiYear(at);
          const seq = await takeNumber(trx, { agencyId: c.agency_id, year, series: 'serial:archive' }); // the 档号 sequence: a serial series of its own per agency and year
          const archiveNo = archiveNumber({ areaAbbreviation: agency?.area_abbreviation ?? '', year, seq });
          const business = await repo.business(trx, c.business_id);
          const decision = [...bundle.documents].reverse().find((d) => d.kind === 'penalty_decision' || d.kind === 'on_the_spot_decision');
          const cls = RETENTION_CLASSES[input.retentionClass];
          const destroy = destroyFrom(input.retentionClass, new Date(endedAt));
          const label: ArchiveLabel = {
            archiveNo,
            archivedOn: shanghaiDay(at),
            party: { name: business?.name ?? '', creditCode: business?.credit_code || null, address: business?.address || null },
            matter: c.cause,
            decisionNo: decision?.number ?? null,
            officers: c.investigators.map((o) => ({ name: o.name, certificateNo: o.certificateNo })),
            filedOn: c.filed_at ? shanghaiDay(new Date(c.filed_at)) : null,
            closedOn: shanghaiDay(new Date(endedAt)),
            retentionClass: input.retentionClass,
            retentionZh: cls.zh,
            retentionBasis: RETENTION_BASIS,
            destroyFrom: destroy,
            documents: bundle.documents.length,
            evidence: bundle.evidence.length,
          };
          // The case moves on first: once its archive row exists, nothing of it may change (the triggers).
          const moved = await repo.advance(trx, { id: c.id, expectedVersion: c.version, set: {}, at });
          if (!moved) throw new AppError('version_conflict', '');
          await ledgerRow(trx, caller, 'case', moved, 'case.archived', { archiveNo });
          const row = await closing.insertArchive(trx, { case_id: c.id, agency_id: c.agency_id, archive_no: archiveNo, retention_class: input.retentionClass, destroy_from: destroy, label: JSON.stringify(label), note: input.note?.trim() || null, archived_by: caller.user.id, archived_at: at });
          await ledgerRow(trx, caller, 'case_archive', row, 'case_archive.created');
          return row;
        }),
      );
    },
  };
}
export type CaseClosingService = ReturnType<typeof createCaseClosingService>;
