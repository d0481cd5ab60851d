import { describe, expect, it } from 'vitest';
import { endOfDay, type HolidayCalendar } from './calendar.js';
import { legalDeadline, limitText } from './legal-clock.js';

// 2026: National Day and Mid-Autumn, 1–7 October off; Sunday 20 September and Saturday
// 10 October worked instead (调休), as the State Council's notice for 2026 sets it.
const CAL: HolidayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
};
const at = (s: string) => new Date(`${s}+08:00`);
const due = (s: ReturnType<typeof legalDeadline>) => s.dueAt?.toISOString() ?? null;

describe('legal clock: working days (行政处罚法 art. 85)', () => {
  it('seven working days across National Day skip the holidays and count the adjusted Saturday', () => {
    // Notice served Wednesday 30 September: 1–7 Oct off, Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13, Wed 14, Thu 15.
    const s = legalDeadline({ start: at('2026-09-30T16:00:00'), limit: { amount: 7, unit: 'working_days' }, calendar: CAL });
    expect(due(s)).toBe(endOfDay('2026-10-15').toISOString());
    // Without the adjusted workday it would be one day later.
    const noSwap = legalDeadline({ start: at('2026-09-30T16:00:00'), limit: { amount: 7, unit: 'working_days' }, calendar: { ...CAL, workdays: new Set() } });
    expect(due(noSwap)).toBe(endOfDay('2026-10-16').toISOString());
  });

  it('the adjusted Sunday before the holiday is a working day', () => {
    // Friday 18 September + 1 working day = Sunday 20 September (worked).
    expect(due(legalDeadline({ start: at('2026-09-18T10:00:00'), limit: { amount: 1, unit: 'working_days' }, calendar: CAL }))).toBe(endOfDay('2026-09-20').toISOString());
  });
});

describe('legal clock: natural days (行政处罚法 art. 60, 民事诉讼法 art. 85)', () => {
  it('the start day does not count; a last day that falls on a day off moves to the next working day', () => {
    // Filed 3 September: day 30 is 3 October, inside the holiday → the first working day after it, 8 October.
    expect(due(legalDeadline({ start: at('2026-09-03T09:00:00'), limit: { amount: 30, unit: 'natural_days' }, calendar: CAL }))).toBe(endOfDay('2026-10-08').toISOString());
    // 90 days from 1 July: 29 September (a Tuesday, a working day).
    expect(due(legalDeadline({ start: at('2026-07-01T09:00:00'), limit: { amount: 90, unit: 'natural_days' }, calendar: CAL }))).toBe(endOfDay('2026-09-29').toISOString());
  });

  it('a pause stops the clock: the days after its first day up to its last are not counted', () => {
    const start = at('2026-07-01T09:00:00');
    // An appraisal from 10 July to 19 July: 9 days (11–19 July) are not counted → 29 Sep + 9 = 8 Oct
    // (a working day: the holiday ends on the 7th).
    const paused = legalDeadline({ start, limit: { amount: 90, unit: 'natural_days' }, calendar: CAL, pauses: [{ from: at('2026-07-10T15:00:00'), to: at('2026-07-19T11:00:00') }] });
    expect(due(paused)).toBe(endOfDay('2026-10-08').toISOString());
    // While the pause is open there is no due date.
    const open = legalDeadline({ start, limit: { amount: 90, unit: 'natural_days' }, calendar: CAL, pauses: [{ from: at('2026-07-10T15:00:00'), to: null }] });
    expect(open).toMatchObject({ dueAt: null, paused: true });
  });

  it('an approved extension adds its days; with a pause as well, both count', () => {
    const start = at('2026-07-01T09:00:00');
    // 90 + 30 days: 29 October.
    expect(due(legalDeadline({ start, limit: { amount: 90, unit: 'natural_days' }, calendar: CAL, extensions: [{ amount: 30 }] }))).toBe(endOfDay('2026-10-29').toISOString());
    // and a 3-day pause (2–4 August: 3 and 4 August not counted): 31 October is a Saturday → Monday 2 November.
    const both = legalDeadline({ start, limit: { amount: 90, unit: 'natural_days' }, calendar: CAL, extensions: [{ amount: 30 }], pauses: [{ from: at('2026-08-02T10:00:00'), to: at('2026-08-04T10:00:00') }] });
    expect(due(both)).toBe(endOfDay('2026-11-02').toISOString());
    expect(both.extendedBy).toBe(30);
  });

  it('a working-day limit skips paused days too', () => {
    // 5 working days from Mon 14 Sep with 15–16 Sep paused: 17, 18, 20 (the worked Sunday), 21, 22.
    const s = legalDeadline({ start: at('2026-09-14T10:00:00'), limit: { amount: 5, unit: 'working_days' }, calendar: CAL, pauses: [{ from: at('2026-09-14T12:00:00'), to: at('2026-09-16T12:00:00') }] });
    expect(due(s)).toBe(endOfDay('2026-09-22').toISOString());
  });
});

describe('legal clock: hours, and bad limits', () => {
  it('an hours limit adds the paused time back', () => {
    const s = legalDeadline({ start: new Date('2026-09-01T00:00:00Z'), limit: { amount: 24, unit: 'hours' }, calendar: CAL, pauses: [{ from: new Date('2026-09-01T02:00:00Z'), to: new Date('2026-09-01T05:00:00Z') }] });
    expect(due(s)).toBe('2026-09-02T03:00:00.000Z');
  });

  it('refuses a limit that is not a positive whole number, and a pause that ends before it starts', () => {
    expect(() => legalDeadline({ start: new Date(), limit: { amount: 0, unit: 'natural_days' }, calendar: CAL })).toThrow(/positive whole number/);
    expect(() => legalDeadline({ start: new Date(), limit: { amount: 2.5, unit: 'working_days' }, calendar: CAL })).toThrow(/positive whole number/);
    expect(() => legalDeadline({ start: new Date(), limit: { amount: 90, unit: 'natural_days' }, calendar: CAL, extensions: [{ amount: -3 }] })).toThrow(/positive whole number/);
    expect(() => legalDeadline({ start: new Date(), limit: { amount: 3, unit: 'natural_days' }, calendar: CAL, pauses: [{ from: new Date(2000), to: new Date(1000) }] })).toThrow(/before it starts/);
  });

  it('writes a limit in both languages', () => {
    expect(limitText({ amount: 7, unit: 'working_days' })).toBe('7 个工作日');
    expect(limitText({ amount: 90, unit: 'natural_days' }, 'en')).toBe('90 days');
  });
});
