import type { HolidayCalendar } from '../calendar/calendar.js';
import { legalDeadline } from '../calendar/legal-clock.js';
import type { DecisionChangeKind } from '../db/database.js';

/**
 * Withdrawal of a published decision (R15): 行政处罚法 art. 48 ¶2 — "公开的行政处罚决定被依法变更、
 * 撤销、确认违法或者确认无效的，行政机关应当在三日内撤回行政处罚决定信息并公开说明理由". By art. 85,
 * "三日" in that law means three working days, without public holidays; the day of the change does
 * not count and a last day that is a day off moves to the next working day (民事诉讼法 art. 85, as
 * core/calendar/legal-clock.ts counts every limit of the procedure). Pure: the caller loads the calendar.
 */
export const WITHDRAWAL_LIMIT = { amount: 3, unit: 'working_days', basis: '行政处罚法第四十八条第二款、第八十五条' } as const;

export const CHANGE_KIND_ZH: Record<DecisionChangeKind, string> = {
  changed: '依法变更',
  revoked: '依法撤销',
  confirmed_illegal: '被确认违法',
  confirmed_invalid: '被确认无效',
};
export const CHANGE_KINDS = Object.keys(CHANGE_KIND_ZH) as DecisionChangeKind[];

/** The end of the last day on which the publication of a decision changed at `changedAt` must be withdrawn. */
export function withdrawalDueAt(changedAt: Date, calendar: HolidayCalendar): Date {
  return legalDeadline({ start: changedAt, limit: WITHDRAWAL_LIMIT, calendar }).dueAt!;
}

/** Where a withdrawal stands at `now`: not asked, due (in time), overdue, done in time, done late. */
export function withdrawalState(p: { withdrawal_due_at: Date | null; withdrawn_at: Date | null }, now: Date): 'none' | 'due' | 'overdue' | 'done' | 'done_late' {
  if (!p.withdrawal_due_at) return p.withdrawn_at ? 'done' : 'none';
  const due = new Date(p.withdrawal_due_at).getTime();
  if (p.withdrawn_at) return new Date(p.withdrawn_at).getTime() <= due ? 'done' : 'done_late';
  return now.getTime() <= due ? 'due' : 'overdue';
}
