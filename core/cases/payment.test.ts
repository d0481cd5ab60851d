import { describe, expect, it } from 'vitest';
import { EMPTY_CALENDAR, endOfDay, type HolidayCalendar } from '../calendar/calendar.js';
import { addMonths, courtApplicationWindow } from './court-window.js';
import { daysLate, lateFee, paymentDueAt, paymentStatus, paymentView, PAYMENT_DUE_TEXT } from './payment.js';

// 2026: National Day, 1–7 October off; Saturday 10 October worked.
const CAL: HolidayCalendar = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']), workdays: new Set(['2026-10-10']) };
const at = (s: string) => new Date(`${s}+08:00`);

describe('the fifteen days to pay (行政处罚法 art. 67 ¶3)', () => {
  it('run from the day after service, natural days; a last day off moves to the next working day', () => {
    // Served Monday 2 November: 3 … 17 November, a Tuesday.
    expect(paymentDueAt(at('2026-11-02T15:00:00'), CAL)).toEqual(endOfDay('2026-11-17'));
    // Served 20 September: the 15th day, 5 October, is National Day: 8 October.
    expect(paymentDueAt(at('2026-09-20T09:00:00'), CAL)).toEqual(endOfDay('2026-10-08'));
  });
});

describe('the late fee (行政处罚法 art. 72(1)(1)): 3 % a day from the day after the due date, never more than the fine', () => {
  const due = endOfDay('2026-11-17');
  it('counts whole days after the due day, in Beijing time', () => {
    expect(daysLate(due, at('2026-11-17T23:59:00'))).toBe(0);
    expect(daysLate(due, at('2026-11-18T00:01:00'))).toBe(1);
    expect(daysLate(due, at('2026-11-27T12:00:00'))).toBe(10);
    expect(daysLate(due, at('2026-11-01T12:00:00'))).toBe(0);
  });
  it('is 3 % of the fine a day', () => {
    expect(lateFee(2_000_000, due, at('2026-11-17T18:00:00'))).toEqual({ days: 0, feeFen: 0, capped: false });
    expect(lateFee(2_000_000, due, at('2026-11-18T08:00:00'))).toEqual({ days: 1, feeFen: 60_000, capped: false });
    expect(lateFee(2_000_000, due, at('2026-11-27T08:00:00'))).toEqual({ days: 10, feeFen: 600_000, capped: false });
    // 33 days: 99 %; 34 days would be 102 %: capped at the fine.
    expect(lateFee(2_000_000, due, at('2026-12-20T08:00:00'))).toEqual({ days: 33, feeFen: 1_980_000, capped: false });
    expect(lateFee(2_000_000, due, at('2026-12-21T08:00:00'))).toEqual({ days: 34, feeFen: 2_000_000, capped: true });
    expect(lateFee(2_000_000, due, at('2027-06-01T08:00:00')).feeFen).toBe(2_000_000);
  });
  it('rounds down to the fen', () => {
    // 3 % of ¥33.33 is 99.99 fen a day.
    expect(lateFee(3333, due, at('2026-11-18T08:00:00')).feeFen).toBe(99);
  });
});

describe('where a payment stands', () => {
  const base = { fineFen: 2_000_000, servedAt: at('2026-11-02T15:00:00'), calendar: CAL };
  it('paid in time: settled, no fee', () => {
    const s = paymentStatus({ ...base, payments: [{ kind: 'paid', amountFen: 2_000_000, paidOn: '2026-11-10' }], now: at('2026-12-01T10:00:00') });
    expect(s).toMatchObject({ paidFen: 2_000_000, owedFen: 0, settled: true, overdue: false, lateFee: { days: 0, feeFen: 0 } });
  });
  it('paid late: the fee runs to the day the fine was paid, and is owed besides', () => {
    const s = paymentStatus({ ...base, payments: [{ kind: 'paid', amountFen: 2_000_000, paidOn: '2026-11-20' }], now: at('2026-12-25T10:00:00') });
    expect(s).toMatchObject({ lateFee: { days: 3, feeFen: 180_000 }, owedFen: 180_000, settled: false });
    const both = paymentStatus({ ...base, payments: [{ kind: 'paid', amountFen: 2_000_000, paidOn: '2026-11-20' }, { kind: 'paid', amountFen: 180_000, paidOn: '2026-11-25' }], now: at('2026-12-25T10:00:00') });
    expect(both).toMatchObject({ owedFen: 0, settled: true });
  });
  it('not paid: overdue, the fee grows to the cap; not yet served: no due date', () => {
    const s = paymentStatus({ ...base, payments: [{ kind: 'not_paid', amountFen: null, paidOn: null }], now: at('2027-01-30T10:00:00') });
    expect(s).toMatchObject({ overdue: true, lateFee: { feeFen: 2_000_000, capped: true }, owedFen: 4_000_000, settled: false });
    expect(paymentStatus({ ...base, servedAt: null, payments: [], now: at('2027-01-30T10:00:00') })).toMatchObject({ dueAt: null, overdue: false, lateFee: { feeFen: 0 } });
  });
  it('the late fee is on the fine only; a confiscated sum is owed besides', () => {
    const s = paymentStatus({ ...base, confiscationFen: 500_000, payments: [], now: at('2026-11-18T10:00:00') });
    expect(s).toMatchObject({ principalFen: 2_500_000, lateFee: { feeFen: 60_000 }, owedFen: 2_560_000 });
  });
});

describe('the court application window (行政强制法 art. 53)', () => {
  it('months end on the same day, or the month’s last', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-02', 6)).toBe('2027-05-02');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
  it('opens when six months from service ran out and closes three months later', () => {
    const w = courtApplicationWindow(at('2026-11-02T15:00:00'), EMPTY_CALENDAR);
    // 2 May 2027 is a Sunday: the period ends Monday 3 May; three months on, 3 August.
    expect(w).toEqual({ remediesEndAt: endOfDay('2027-05-03'), closesAt: endOfDay('2027-08-03') });
  });
});

describe("the party's view of its fine", () => {
  it('until served, the rule instead of a date and no late fee; once served, the due date and the fee as it stands', () => {
    expect(paymentView(2_000_000, null, at('2026-11-20T09:00:00'), CAL)).toMatchObject({ dueAt: null, dueText: PAYMENT_DUE_TEXT, lateFee: null });
    const v = paymentView(2_000_000, at('2026-11-02T10:00:00'), at('2026-11-20T09:00:00'), CAL);
    expect(v.dueAt).toEqual(endOfDay('2026-11-17'));
    expect(v.lateFee).toEqual({ daysLate: 3, feeFen: 180_000, capped: false });
  });
});
