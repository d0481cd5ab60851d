import { DAY_MS, shanghaiDay, type HolidayCalendar } from '../calendar/calendar.js';
import { legalDeadline, type LegalLimit } from '../calendar/legal-clock.js';

/**
 * Paying a fine (行政处罚法 arts. 67, 72). Pure.
 *
 * - Art. 67 ¶3: the party pays within fifteen days of receiving the decision. Days, not working
 *   days (art. 85 counts only limits up to ten days in working days), counted as 民事诉讼法
 *   art. 85 says: the day of service does not count; a last day that is a day off moves to the
 *   next working day. No service date (service not yet recorded): no due date, only the rule.
 * - Art. 72 ¶1(1): from the day after the due date, 3 % of the fine a day, never more in all
 *   than the fine itself.
 */
export const PAYMENT_LIMIT: LegalLimit = { amount: 15, unit: 'natural_days', basis: '行政处罚法第六十七条第三款' };
export const LATE_FEE_BASIS = '行政处罚法第七十二条第一款第（一）项';
/** The printed rule while the service date is not known. */
export const PAYMENT_DUE_TEXT = '自送达之日起十五日内';

/** The end of the last day to pay a fine served at `servedAt`. */
export function paymentDueAt(servedAt: Date, calendar: HolidayCalendar): Date {
  return legalDeadline({ start: servedAt, limit: PAYMENT_LIMIT, calendar }).dueAt!;
}

export type LateFee = { daysLate: number; feeFen: number; capped: boolean };

/**
 * The late fee on `fineFen` at `now` for a fine due at `dueAt` (the end of its last day): whole
 * Shanghai calendar days after the due day, 3 % of the fine each (rounded down to the fen), at
 * most the fine.
 */
export function lateFee(fineFen: number, dueAt: Date, now: Date): LateFee {
  if (!Number.isInteger(fineFen) || fineFen < 0) throw new Error(`a fine is a whole number of fen, got ${fineFen}`);
  const daysLate = Math.max(0, Math.round((Date.parse(`${shanghaiDay(now)}T00:00:00Z`) - Date.parse(`${shanghaiDay(dueAt)}T00:00:00Z`)) / DAY_MS));
  const uncapped = Math.floor((fineFen * 3 * daysLate) / 100);
  return { daysLate, feeFen: Math.min(uncapped, fineFen), capped: uncapped >= fineFen && daysLate > 0 };
}

export type PaymentView = { fineFen: number; dueAt: Date | null; dueText: string; basis: string; lateFee: LateFee | null; lateFeeBasis: string };

/** What the party reads under its decision: the fine, when it is due (or the rule, until served), the late fee now. */
export function paymentView(fineFen: number, servedAt: Date | null, now: Date, calendar: HolidayCalendar): PaymentView {
  const dueAt = servedAt ? paymentDueAt(servedAt, calendar) : null;
  return { fineFen, dueAt, dueText: PAYMENT_DUE_TEXT, basis: PAYMENT_LIMIT.basis, lateFee: dueAt ? lateFee(fineFen, dueAt, now) : null, lateFeeBasis: LATE_FEE_BASIS };
}
