import { describe, expect, it } from 'vitest';
import { EMPTY_CALENDAR, type HolidayCalendar } from '../calendar/calendar.js';
import { lateness, storageDeadline } from './upload-deadline.js';

const at = (s: string) => new Date(s);

describe('storage deadlines of field records (R10)', () => {
  it('audio and video: 24 hours from the end of the recording, weekends included (003 §23)', () => {
    const end = at('2026-12-04T18:00:00+08:00'); // a Friday evening
    expect(storageDeadline('video', end, EMPTY_CALENDAR).toISOString()).toBe(at('2026-12-05T18:00:00+08:00').toISOString());
    expect(lateness('audio', end, at('2026-12-05T17:59:59+08:00'), EMPTY_CALENDAR).late).toBe(false);
    expect(lateness('video', end, at('2026-12-06T00:00:00+08:00'), EMPTY_CALENDAR).late).toBe(true);
  });

  it('other records: the end of the second working day after the day of capture (000 §14; 001 §22)', () => {
    const wed = at('2026-12-02T10:00:00+08:00');
    // Thursday and Friday count: due Friday 23:59:59.999 Shanghai.
    expect(storageDeadline('document', wed, EMPTY_CALENDAR).toISOString()).toBe('2026-12-04T15:59:59.999Z');
    expect(lateness('document', wed, at('2026-12-03T16:00:00+08:00'), EMPTY_CALENDAR).late).toBe(false); // one working day on
    expect(lateness('photo', wed, at('2026-12-05T09:00:00+08:00'), EMPTY_CALENDAR).late).toBe(true);
  });

  it('over a weekend: a Friday photo is due on Tuesday, not Sunday', () => {
    const fri = at('2026-12-04T16:00:00+08:00');
    expect(storageDeadline('photo', fri, EMPTY_CALENDAR).toISOString()).toBe(at('2026-12-08T23:59:59.999+08:00').toISOString());
    expect(lateness('photo', fri, at('2026-12-07T20:00:00+08:00'), EMPTY_CALENDAR).late).toBe(false); // Monday: 1 working day
    expect(lateness('photo', fri, at('2026-12-09T00:00:01+08:00'), EMPTY_CALENDAR).late).toBe(true);
  });

  it("over the administrator's holidays, and a weekend day worked (调休) counts", () => {
    // New Year 2027: Friday 1 January a holiday; Sunday 3 January worked instead.
    const cal: HolidayCalendar = { holidays: new Set(['2027-01-01']), workdays: new Set(['2027-01-03']) };
    const thu = at('2026-12-31T17:00:00+08:00');
    // 1 Jan off, 2 Jan Saturday off, 3 Jan worked (1), 4 Jan Monday (2).
    expect(storageDeadline('document', thu, cal).toISOString()).toBe(at('2027-01-04T23:59:59.999+08:00').toISOString());
    // Without the calendar: Friday 1 January (1) and Monday (2) — the same day by another count.
    expect(storageDeadline('document', thu, EMPTY_CALENDAR).toISOString()).toBe(at('2027-01-04T23:59:59.999+08:00').toISOString());
    // A holiday week pushes it out: 1–7 January off.
    const week: HolidayCalendar = { holidays: new Set(['2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07']), workdays: new Set() };
    expect(storageDeadline('document', thu, week).toISOString()).toBe(at('2027-01-11T23:59:59.999+08:00').toISOString());
    // Hours do not stop for holidays.
    expect(storageDeadline('video', thu, week).toISOString()).toBe(at('2027-01-01T17:00:00+08:00').toISOString());
  });
});
