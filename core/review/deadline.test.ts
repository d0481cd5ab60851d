import { describe, expect, it } from 'vitest';
import { addWorkingDays, deadlineFor, DEFAULT_POLICY, isWorkingDay, pickPolicy, secondsLeft, shanghaiDay, type HandlingPolicy, type HolidayCalendar } from './deadline.js';

const none: HolidayCalendar = { holidays: new Set(), workdays: new Set() };
/** An instant given in Shanghai time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

describe('working days in Asia/Shanghai', () => {
  it('takes the calendar day in Shanghai, not UTC', () => {
    expect(shanghaiDay(new Date('2026-12-04T16:30:00Z'))).toBe('2026-12-05'); // 00:30 Saturday in Shanghai
    expect(shanghaiDay(new Date('2026-12-04T15:59:59Z'))).toBe('2026-12-04');
  });

  it('a lead at 17:00 on Friday with one working day is due at the end of Monday', () => {
    expect(addWorkingDays(sh('2026-12-04T17:00:00'), 1, none)).toEqual(endOf('2026-12-07'));
  });

  it('the arrival day never counts, even on a working day; weekends are skipped', () => {
    expect(addWorkingDays(sh('2026-12-01T08:00:00'), 1, none)).toEqual(endOf('2026-12-02')); // Tue → Wed
    expect(addWorkingDays(sh('2026-12-03T09:00:00'), 3, none)).toEqual(endOf('2026-12-08')); // Thu → Fri, Mon, Tue
    expect(addWorkingDays(sh('2026-12-05T10:00:00'), 1, none)).toEqual(endOf('2026-12-07')); // Saturday → Monday
  });

  it('skips public holidays and counts adjusted weekend workdays (调休)', () => {
    // National Day 2026: 1–7 October off, Sunday 27 September and Saturday 10 October worked.
    const cal: HolidayCalendar = {
      holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
      workdays: new Set(['2026-09-27', '2026-10-10']),
    };
    expect(isWorkingDay('2026-09-27', cal)).toBe(true); // a Sunday worked
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // a Monday off
    expect(addWorkingDays(sh('2026-09-26T12:00:00'), 1, cal)).toEqual(endOf('2026-09-27')); // Saturday → the Sunday worked
    expect(addWorkingDays(sh('2026-09-30T16:00:00'), 1, cal)).toEqual(endOf('2026-10-08')); // before the holiday → first day back
    expect(addWorkingDays(sh('2026-09-30T16:00:00'), 3, cal)).toEqual(endOf('2026-10-10')); // Thu 8, Fri 9, Sat 10 (worked)
  });

  it('refuses a calendar with no working day and a bad count', () => {
    const all = new Set(Array.from({ length: 800 }, (_, i) => shanghaiDay(new Date(Date.UTC(2026, 0, 1) + i * 86400_000))));
    expect(() => addWorkingDays(sh('2026-01-01T00:00:00'), 1, { holidays: all, workdays: new Set() })).toThrow(/no working day/);
    expect(() => addWorkingDays(sh('2026-01-01T00:00:00'), 0, none)).toThrow();
  });
});

describe('deadlines under a policy', () => {
  it('adds hours on the clock, whatever the day', () => {
    expect(deadlineFor(sh('2026-12-04T17:00:00'), { deadlineHours: 24, deadlineWorkingDays: null }, none)).toEqual(sh('2026-12-05T17:00:00'));
  });
  it('adds working days when the policy says so', () => {
    expect(deadlineFor(sh('2026-12-04T17:00:00'), { deadlineHours: null, deadlineWorkingDays: 2 }, none)).toEqual(endOf('2026-12-08'));
  });
  it('counts seconds left, negative once overdue', () => {
    expect(secondsLeft(sh('2026-12-04T17:00:00'), sh('2026-12-04T16:59:00'))).toBe(60);
    expect(secondsLeft(sh('2026-12-04T17:00:00'), sh('2026-12-04T17:00:01.5'))).toBe(-1);
  });
});

describe('picking the policy', () => {
  const p = (flagType: string, category: string, hours: number): HandlingPolicy => ({ flagType, category, deadlineHours: hours, deadlineWorkingDays: null, twoPerson: false });
  const all = [p('*', '*', 1), p('*', 'medical', 2), p('animal', '*', 3), p('animal', 'medical', 4), p('phone_use', 'school_canteen', 5)];

  it('type + category beats type beats category beats default', () => {
    expect(pickPolicy(all, 'animal', 'medical').deadlineHours).toBe(4);
    expect(pickPolicy(all, 'animal', 'other').deadlineHours).toBe(3);
    expect(pickPolicy(all, 'phone_use', 'medical').deadlineHours).toBe(2);
    expect(pickPolicy(all, 'phone_use', 'other').deadlineHours).toBe(1);
    expect(pickPolicy(all, 'phone_use', 'school_canteen').deadlineHours).toBe(5);
  });
  it('never takes a policy of another type or category, and falls back to the built-in default', () => {
    expect(pickPolicy([p('animal', 'medical', 4)], 'animal', 'other')).toBe(DEFAULT_POLICY);
    expect(pickPolicy([], 'x', 'y')).toEqual({ flagType: '*', category: '*', deadlineWorkingDays: 2, deadlineHours: null, twoPerson: false });
  });
});
