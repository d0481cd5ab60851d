import { DAY_MS, endOfDay, shanghaiDay, type HolidayCalendar } from '../calendar/calendar.js';
import { legalDeadline } from '../calendar/legal-clock.js';
import { LIMITS } from './limits.js';

/**
 * Paying a fine and its late fee (issue 14 item 4). Pure.
 *
 * - 行政处罚法 art. 67 ¶3: "当事人应当自收到行政处罚决定书之日起十五日内……缴纳罚款" — fifteen natural
 *   days from service (the day of service not counted; a last day off moves to the next working
 *   day: legal-clock.ts).
 * - Art. 72 ¶1(1): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额"
 *   — 3 % of the fine for each day from the day after the due date, never more than the fine
 *   (also 行政强制法 art. 45 ¶2). Computed in whole fen, rounded down (never more than the law).
 * - Art. 73 ¶3: while reconsideration or litigation runs, the late fee is not counted — not
 *   modelled yet (the case records no reconsideration); said in the report.
 */
export const LATE_FEE_PERCENT_PER_DAY = 3;
export const LATE_FEE_BASIS = '行政处罚法第七十二条第一款第（一）项';

/** The last moment the fine may be paid without a late fee: the end of the 15th day after service. */
export function paymentDueAt(servedAt: Date, calendar: HolidayCalendar): Date {
  return legalDeadline({ start: servedAt, limit: LIMITS.payment, calendar }).dueAt!;
}

/** Whole days late: from the day after the due day up to and including the day of `until` (Asia/Shanghai). */
export function daysLate(dueAt: Date, until: Date): number {
  const days = Math.round((Date.parse(`${shanghaiDay(until)}T00:00:00Z`) - Date.parse(`${shanghaiDay(dueAt)}T00:00:00Z`)) / DAY_MS);
  return Math.max(0, days);
}

export type LateFee = { days: number; feeFen: number; capped: boolean };

/** The late fee on a fine of `fineFen` due at `dueAt`, counted up to `until` (the day it was paid, or today). */
export function lateFee(fineFen: number, dueAt: Date, until: Date): LateFee {
  if (!Number.isInteger(fineFen) || fineFen < 0) throw new Error(`a fine is a whole number of fen, got ${fineFen}`);
  const days = daysLate(dueAt, until);
  const raw = Math.floor((fineFen * LATE_FEE_PERCENT_PER_DAY * days) / 100);
  return { days, feeFen: Math.min(raw, fineFen), capped: raw >= fineFen && days > 0 };
}

export type PaymentEntry = { kind: 'paid' | 'not_paid'; amountFen: number | null; paidOn: string | null };

export type PaymentStatus = {
  /** The fine and any confiscated sum the decision orders paid, in fen. */
  principalFen: number;
  fineFen: number;
  servedAt: Date | null;
  dueAt: Date | null;
  paidFen: number;
  /** The late fee as it stands: to the day the principal was paid in full, else to `now`. */
  lateFee: LateFee;
  /** What is still owed (principal + late fee − paid), never below zero. */
  owedFen: number;
  settled: boolean;
  /** The period ran out and the principal is not paid. */
  overdue: boolean;
};

/**
 * Where the party's payment stands. Payments count in the order of their dates; the late fee
 * runs until the day the paid sum first covers the principal.
 */
export function paymentStatus(input: { fineFen: number; confiscationFen?: number; servedAt: Date | null; calendar: HolidayCalendar; payments: readonly PaymentEntry[]; now: Date }): PaymentStatus {
  const principalFen = input.fineFen + (input.confiscationFen ?? 0);
  const dueAt = input.servedAt ? paymentDueAt(input.servedAt, input.calendar) : null;
  const paid = input.payments.filter((p) => p.kind === 'paid' && p.amountFen && p.paidOn).sort((a, b) => a.paidOn!.localeCompare(b.paidOn!));
  let sum = 0;
  let coveredOn: string | null = null;
  for (const p of paid) {
    sum += p.amountFen!;
    if (coveredOn === null && sum >= principalFen) coveredOn = p.paidOn;
  }
  // A day's payment counts at that day's end (Asia/Shanghai).
  const until = coveredOn ? endOfDay(coveredOn) : input.now;
  const fee = dueAt ? lateFee(input.fineFen, dueAt, until) : { days: 0, feeFen: 0, capped: false };
  const owedFen = Math.max(0, principalFen + fee.feeFen - sum);
  return {
    principalFen,
    fineFen: input.fineFen,
    servedAt: input.servedAt,
    dueAt,
    paidFen: sum,
    lateFee: fee,
    owedFen,
    settled: principalFen > 0 && owedFen === 0,
    overdue: !!dueAt && input.now.getTime() > dueAt.getTime() && sum < principalFen,
  };
}

/** The printed rule while the service date is not known (the party's page). */
export const PAYMENT_DUE_TEXT = '自送达之日起十五日内';

export type PaymentView = { fineFen: number; dueAt: Date | null; dueText: string; basis: string; lateFee: { daysLate: number; feeFen: number; capped: boolean } | null; lateFeeBasis: string };

/** What the party reads under its decision: the fine, when it is due (or the rule, until served), the late fee now. */
export function paymentView(fineFen: number, servedAt: Date | null, now: Date, calendar: HolidayCalendar): PaymentView {
  const dueAt = servedAt ? paymentDueAt(servedAt, calendar) : null;
  const fee = dueAt ? lateFee(fineFen, dueAt, now) : null;
  return { fineFen, dueAt, dueText: PAYMENT_DUE_TEXT, basis: LIMITS.payment.basis, lateFee: fee && { daysLate: fee.days, feeFen: fee.feeFen, capped: fee.capped }, lateFeeBasis: LATE_FEE_BASIS };
}
