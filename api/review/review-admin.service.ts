import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import { actorOf, type Caller } from '../http/request-context.js';

export type PolicyInput = { flagType: string; category: string; deadlineWorkingDays: number | null; deadlineHours: number | null; twoPerson: boolean; expectedVersion?: number };
export type HolidayInput = { kind: 'holiday' | 'workday'; name: string; active: boolean };

/**
 * Handling policies and the holiday calendar, edited by administrators. Nothing is deleted:
 * a policy is changed (new version), a holiday withdrawn (active = false); each edit is ledgered.
 */
export function createReviewAdminService(db: Db, access: Access) {
  const admin = (caller: Caller) => access.assert(caller, 'settings.admin');
  return {
    policies: (caller: Caller) => {
      admin(caller);
      return db.selectFrom('handling_policies').selectAll().orderBy('flag_type').orderBy('category').execute();
    },

    async putPolicy(caller: Caller, p: PolicyInput) {
      admin(caller);
      if ((p.deadlineWorkingDays === null) === (p.deadlineHours === null)) throw new AppError('validation_failed', '', [{ path: ['deadlineHours'], message: '工作日与小时二选一 (give working days or hours, not both)' }]);
      return db.transaction().execute(async (trx) => {
        const cur = await trx.selectFrom('handling_policies').selectAll().where('flag_type', '=', p.flagType).where('category', '=', p.category).forUpdate().executeTakeFirst();
        if (cur && p.expectedVersion !== undefined && cur.version !== p.expectedVersion) throw new AppError('version_conflict', '');
        const values = { deadline_working_days: p.deadlineWorkingDays, deadline_hours: p.deadlineHours, two_person: p.twoPerson, updated_by: caller.user.id };
        const row = cur
          ? await trx.updateTable('handling_policies').set({ ...values, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` }).where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow()
          : await trx.insertInto('handling_policies').values({ ...values, flag_type: p.flagType, category: p.category }).returningAll().executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: actorOf(caller.user), action: cur ? 'handling_policy.changed' : 'handling_policy.created', entityType: 'handling_policy', entityId: row.id, state: row, requestId: caller.requestId });
        return row;
      });
    },

    holidays: (caller: Caller, year: number | undefined) => {
      admin(caller);
      let q = db.selectFrom('holidays').selectAll().orderBy('day');
      if (year) q = q.where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`);
      return q.execute();
    },

    async putHoliday(caller: Caller, day: string, h: HolidayInput) {
      admin(caller);
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (h.kind === 'workday' && dow !== 0 && dow !== 6) throw new AppError('validation_failed', '', [{ path: ['kind'], message: '调休工作日须为周末 (an adjusted workday must fall on a weekend)' }]);
      return db.transaction().execute(async (trx) => {
        const cur = await trx.selectFrom('holidays').select('day').where('day', '=', day).forUpdate().executeTakeFirst();
        const values = { kind: h.kind, name: h.name, active: h.active, updated_by: caller.user.id };
        const row = cur
          ? await trx.updateTable('holidays').set({ ...values, updated_at: sql<Date>`now()` }).where('day', '=', day).returningAll().executeTakeFirstOrThrow()
          : await trx.insertInto('holidays').values({ ...values, day }).returningAll().executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: actorOf(caller.user), action: cur ? 'holiday.changed' : 'holiday.created', entityType: 'holiday', entityId: day, state: row, requestId: caller.requestId });
        return row;
      });
    },
  };
}
export type ReviewAdminService = ReturnType<typeof createReviewAdminService>;
