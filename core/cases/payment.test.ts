import { describe, expect, it } from 'vitest';
import { EMPTY_CALENDAR, endOfDay, type HolidayCalendar } from '../calendar/calendar.js';
import { lateFee, paymentDueAt, paymentView, PAYMENT_DUE_TEXT } from './payment.js';

// 2026: 1–7 October off; Sunday 20 September and Saturday 10 October worked (调休).
const CAL: HolidayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
};
const at = (s: string) => new Date(`${s}+08:00`);

describe('payment due date (行政处罚法 art. 67 ¶3: fifteen days from service)', () => {
  it('the day of service does not count; fifteen days later is the last day to pay', () => {
    // Served Monday 2 November 2026: day 15 is Tuesday 17 November.
    expect(paymentDueAt(at('2026-11-02T10:00:00'), CAL).toISOString()).toBe(endOfDay('2026-11-17').toISOString());
  });
  it('a last day inside National Day moves to the first working day after it', () => {
    // Served 20 September: day 15 is 5 October (a holiday) → Thursday 8 October.
    expect(paymentDueAt(at('2026-09-20T15:00:00'), CAL).toISOString()).toBe(endOfDay('2026-10-08').toISOString());
    // Without the holiday calendar it would have been the 5th itself (a Monday).
    expect(paymentDueAt(at('2026-09-20T15:00:00'), EMPTY_CALENDAR).toISOString()).toBe(endOfDay('2026-10-05').toISOString());
  });
});

describe('late fee (行政处罚法 art. 72 ¶1(1): 3 % of the fine a day, at most the fine)', () => {
  const due = endOfDay('2026-11-17');
  it('nothing on or before the last day to pay', () => {
    expect(lateFee(2_000_000, due, at('2026-11-10T09:00:00'))).toEqual({ daysLate: 0, feeFen: 0, capped: false });
    expect(lateFee(2_000_000, due, at('2026-11-17T23:59:00'))).toEqual({ daysLate: 0, feeFen: 0, capped: false });
  });
  it('3 % of the fine for each day after it, counted in China time', () => {
    // ¥20,000: the day after the due day is ¥600; ten days ¥6,000.
    expect(lateFee(2_000_000, due, at('2026-11-18T00:00:01'))).toEqual({ daysLate: 1, feeFen: 60_000, capped: false });
    expect(lateFee(2_000_000, due, at('2026-11-27T12:00:00'))).toEqual({ daysLate: 10, feeFen: 600_000, capped: false });
    // 16:30 UTC on the 17th is already the 18th in Shanghai.
    expect(lateFee(2_000_000, due, new Date('2026-11-17T16:30:00Z')).daysLate).toBe(1);
  });
  it('holidays count: the late fee runs on calendar days', () => {
    const oct = paymentDueAt(at('2026-09-20T15:00:00'), CAL); // 8 October
    expect(lateFee(100_000, endOfDay('2026-09-30'), at('2026-10-08T10:00:00')).daysLate).toBe(8);
    expect(lateFee(100_000, oct, at('2026-10-09T10:00:00'))).toEqual({ daysLate: 1, feeFen: 3_000, capped: false });
  });
  it('never more than the fine: 33 days are 99 %, from the 34th day it stays at the fine', () => {
    expect(lateFee(2_000_000, due, at('2026-12-20T10:00:00'))).toEqual({ daysLate: 33, feeFen: 1_980_000, capped: false });
    expect(lateFee(2_000_000, due, at('2026-12-21T10:00:00'))).toEqual({ daysLate: 34, feeFen: 2_000_000, capped: true });
    expect(lateFee(2_000_000, due, at('2027-06-01T10:00:00'))).toMatchObject({ feeFen: 2_000_000, capped: true });
  });
  it('rounds down to the fen', () => {
    // ¥10.01 × 3 % = 30.03 fen → 30 fen.
    expect(lateFee(1_001, due, at('2026-11-18T10:00:00')).feeFen).toBe(30);
  });
  it('refuses a fine that is not whole fen', () => {
    expect(() => lateFee(10.5, due, at('2026-11-18T10:00:00'))).toThrow(/fen/);
  });
});

describe('what the party reads under the decision', () => {
  it('until service is recorded: the rule (自送达之日起十五日内), no due date, no late fee', () => {
    expect(paymentView(2_000_000, null, at('2026-11-20T10:00:00'), CAL)).toMatchObject({ dueAt: null, dueText: PAYMENT_DUE_TEXT, lateFee: null, basis: '行政处罚法第六十七条第三款' });
    expect(PAYMENT_DUE_TEXT).toBe('自送达之日起十五日内');
  });
  it('once served: the due date and the late fee now', () => {
    const v = paymentView(2_000_000, at('2026-11-02T10:00:00'), at('2026-11-19T10:00:00'), CAL);
    expect(v.dueAt?.toISOString()).toBe(endOfDay('2026-11-17').toISOString());
    expect(v.lateFee).toEqual({ daysLate: 2, feeFen: 120_000, capped: false });
  });
});
