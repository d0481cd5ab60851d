import type { Db } from '../../core/db/connect.js';
import type { BusinessCategory, CreditGradeRow } from '../../core/db/database.js';
import { AppError, type Issue } from '../../core/errors.js';
import type { CreditGrade, CreditGradeSource } from '../../core/credit/grade.js';
import type { SelfReportFactsSource } from '../../core/credit/inputs.js';
import { scoreCredit, windowOf, type CreditScore } from '../../core/credit/score.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import { covers } from '../access/scope.js';
import { actorOf, type Caller } from '../http/request-context.js';
import { createHealthRollupRepository, type HealthRollupRepository } from '../dashboard/health-rollup.repository.js';
import { creditRepository as repo, uptimeWindow } from './credit.repository.js';

export type CreditReason = CreditGradeRow['reason'];
/** Who caused a computation: an officer (with his note), or the platform (the daily job, an event). */
export type CreditTrigger = { caller: Caller; note: string } | { system: string; note?: string | null };
export type GradeListQuery = { agencyId: string | null; grade: CreditGrade | null; category: BusinessCategory | null; page: number; pageSize: number };

const invalid = (path: string, message: string): AppError => new AppError('validation_failed', message, [{ path: [path], message } satisfies Issue]);
/** Whether a new computation differs from the current grade in anything the history shows. */
const changed = (prev: CreditGradeRow | undefined, s: CreditScore) =>
  !prev || prev.grade !== s.grade || Number(prev.score) !== s.score || prev.rules_version !== s.rulesVersion || (prev.override as { kind?: string } | null)?.kind !== s.override?.kind;

/**
 * Credit grades (R13; 002 §4): computes each business's score from its recorded inputs (camera
 * uptime from the daily health rollup, rolled up here where a day is missing) and its
 * self-report facts (through the SelfReportFactsSource port), keeps the append-only history and
 * serves it. A computation writes a row only when something shown changed (or an officer or an
 * event asked for it), with its ledger entry in the same transaction.
 */
export function createCreditService(deps: { db: Db; access: Access; selfReports: SelfReportFactsSource; rollup?: HealthRollupRepository; clock?: () => Date }) {
  const { db, access, selfReports } = deps;
  const clock = deps.clock ?? (() => new Date());
  const rollup = deps.rollup ?? createHealthRollupRepository(db);
  /**
   * Computes and stores the grades of a batch of businesses, in one transaction holding each
   * business's lock (so the daily job and a recompute never interleave). Returns the rows written.
   */
  async function computeBatch(businessIds: readonly string[], reason: CreditReason, trigger: CreditTrigger): Promise<CreditGradeRow[]> {
    if (businessIds.length === 0) return [];
    const now = clock();
    const { from, to } = windowOf(now);
    // Uptime reads the daily health rollup: the window's days not rolled up yet (or computed before they ended) first.
    const w = uptimeWindow(from, to);
    await rollup.ensureRolledUp(w.firstDay, w.lastDay, now);
    const [recorded, reports] = await Promise.all([repo.inputs(db, businessIds, from, to), selfReports(businessIds, from, to)]);
    const force = reason !== 'scheduled';
    const actor: Actor = 'caller' in trigger ? actorOf(trigger.caller.user) : { type: 'system', id: trigger.system };
    const note = 'caller' in trigger ? trigger.note : (trigger.note ?? null);
    return db.transaction().execute(async (trx) => {
      const ids = [...recorded.keys()].sort();
      await repo.lockBusinesses(trx, ids);
      const latest = new Map((await repo.latest(trx, ids)).map((r) => [r.business_id, r]));
      const scored = ids.map((id) => ({ id, s: scoreCredit({ ...recorded.get(id)!, selfReports: reports.get(id) ?? null }, now), prev: latest.get(id) })).filter((x) => force || changed(x.prev, x.s));
      const rows = await repo.insertMany(
        trx,
        scored.map(({ id, s }) => ({
          business_id: id,
          computed_at: now,
          score: s.score,
          grade: s.grade,
          computed_grade: s.computedGrade,
          rules_version: s.rulesVersion,
          window_from: from,
          window_to: to,
          inputs: JSON.stringify(s.inputs),
          override: s.override ? JSON.stringify(s.override) : null,
          reason,
          note,
          computed_by: 'caller' in trigger ? trigger.caller.user.id : null,
        })),
      );
      const prevOf = new Map(scored.map((x) => [x.id, x.prev]));
      for (const row of rows) {
        const prev = prevOf.get(row.business_id);
        await appendLedger(trx, {
          actor,
          action: prev?.grade === row.grade ? 'credit_grade.computed' : 'credit_grade.changed',
          entityType: 'credit_grade',
          entityId: row.id,
          state: row,
          requestId: 'caller' in trigger ? trigger.caller.requestId : null,
          context: { businessId: row.business_id, from: prev?.grade ?? null, to: row.grade, reason, ...('caller' in trigger ? { ip: trigger.caller.ip } : {}) },
        });
      }
      return rows;
    });
  }

  const gradesOf: CreditGradeSource = async (businessIds) => new Map((await repo.latest(db, businessIds)).map((r) => [r.business_id, r.grade]));

  return {
    computeBatch,
    /** The current grade per business, for others (random inspection frequencies, the dashboard). */
    gradesOf,

    /** The daily computation over every active business, in batches (job 'credit.compute'). */
    async computeAll(batchSize = 500, onBatch?: (n: number, written: number, ms: number) => void) {
      let after: string | null = null;
      let businesses = 0;
      let written = 0;
      for (;;) {
        const ids = await repo.activeBusinessIds(db, after, batchSize);
        if (ids.length === 0) break;
        const t0 = performance.now();
        const rows = await computeBatch(ids, 'scheduled', { system: 'credit.compute' });
        onBatch?.(ids.length, rows.length, performance.now() - t0);
        businesses += ids.length;
        written += rows.length;
        after = ids.at(-1)!;
      }
      return { businesses, written };
    },

    /**
     * Recomputes one business now and always writes the result: when an officer finds a
     * self-report falsified (reason 'falsified_report': the D applies at once, 002 §24), or asks.
     */
    async recomputeNow(businessId: string, reason: Exclude<CreditReason, 'scheduled'>, trigger: CreditTrigger = { system: 'credit' }) {
      const [row] = await computeBatch([businessId], reason, trigger);
      if (!row) throw new AppError('not_found', '');
      return row;
    },

    /** A business's current grade with its inputs and the history: the business its own, staff their scope. */
    async detail(caller: Caller, businessId: string) {
      await access.require(caller, 'credit.read', { kind: 'business', id: businessId });
      const [business, history] = await Promise.all([repo.business(db, businessId), repo.history(db, businessId)]);
      return { business: business!, current: history[0] ?? null, history };
    },

    /** An officer's or a manager's recompute, with the reason he gives (ledgered with it). */
    async recompute(caller: Caller, businessId: string, note: string) {
      await access.require(caller, 'credit.recompute', { kind: 'business', id: businessId });
      await this.recomputeNow(businessId, 'manual_recompute', { caller, note });
      return this.detail(caller, businessId);
    },

    /** Staff's list of the businesses in their scope with their current grade, filtered and paged. */
    async list(caller: Caller, q: GradeListQuery) {
      const scope = access.scope(caller, 'credit.read');
      if (scope.kind !== 'agency') throw new AppError('forbidden', '');
      let agencyPath: string | null = null;
      if (q.agencyId) {
        agencyPath = await repo.agencyPath(db, q.agencyId);
        if (!agencyPath) throw invalid('agencyId', 'invalid_id');
        if (!covers(scope, { businessId: null, agencyId: q.agencyId, agencyPath })) throw new AppError('forbidden', '');
      }
      const { items, total } = await repo.list(db, { path: scope.path, agencyPath, grade: q.grade, category: q.category, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  };
}
export type CreditService = ReturnType<typeof createCreditService>;
