import { describe, expect, it } from 'vitest';
import { EMPTY_CALENDAR } from '../calendar/calendar.js';
import { withdrawalDueAt, withdrawalState } from './withdrawal.js';

// Shanghai times: 2026-12-04 is a Friday.
const at = (s: string) => new Date(`${s}+08:00`);

describe('withdrawal within three days (行政处罚法 arts. 48 ¶2, 85)', () => {
  it('counts three working days from the day after the change', () => {
    // Monday 2026-11-30 → Tue, Wed, Thu: due Thursday 2026-12-03 end of day.
    expect(withdrawalDueAt(at('2026-11-30T15:00:00'), EMPTY_CALENDAR)).toEqual(at('2026-12-03T23:59:59.999'));
  });

  it('skips the weekend: changed on a Friday, due the Wednesday after', () => {
    expect(withdrawalDueAt(at('2026-12-04T09:00:00'), EMPTY_CALENDAR)).toEqual(at('2026-12-09T23:59:59.999'));
  });

  it('skips public holidays and counts a weekend day worked (调休)', () => {
    const cal = { holidays: new Set(['2026-12-07', '2026-12-08']), workdays: new Set(['2026-12-05']) };
    // Friday 12-04 → Sat 12-05 (worked), Mon and Tue off, Wed 12-09, Thu 12-10.
    expect(withdrawalDueAt(at('2026-12-04T09:00:00'), cal)).toEqual(at('2026-12-10T23:59:59.999'));
  });

  it('is natural days nowhere: a change late on a day still starts counting the next day', () => {
    expect(withdrawalDueAt(at('2026-11-30T23:59:00'), EMPTY_CALENDAR)).toEqual(at('2026-12-03T23:59:59.999'));
  });

  it('states: due, overdue, done in time, done late', () => {
    const due = at('2026-12-03T23:59:59.999');
    expect(withdrawalState({ withdrawal_due_at: due, withdrawn_at: null }, at('2026-12-03T12:00:00'))).toBe('due');
    expect(withdrawalState({ withdrawal_due_at: due, withdrawn_at: null }, at('2026-12-04T00:00:01'))).toBe('overdue');
    expect(withdrawalState({ withdrawal_due_at: due, withdrawn_at: at('2026-12-02T10:00:00') }, at('2026-12-10T00:00:00'))).toBe('done');
    expect(withdrawalState({ withdrawal_due_at: due, withdrawn_at: at('2026-12-04T10:00:00') }, at('2026-12-10T00:00:00'))).toBe('done_late');
    expect(withdrawalState({ withdrawal_due_at: null, withdrawn_at: null }, at('2026-12-10T00:00:00'))).toBe('none');
  });
});
