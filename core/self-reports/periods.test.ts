import { describe, expect, it } from 'vitest';
import { closesAt, dueAt, periodAt, periodOfDay, periodState, periodStarting, periodsBetween, previousPeriod, submission } from './periods.js';

// Beijing is UTC+8: 2026-12-31T16:00Z is already 2027-01-01 there.
const at = (iso: string) => new Date(iso);

describe('self-report periods (Beijing days)', () => {
  it('months and quarters, with due day 10 days after the end and closing at the next due day', () => {
    expect(periodOfDay('month', '2026-02-14')).toEqual({ key: '2026-02', start: '2026-02-01', end: '2026-02-28', due: '2026-03-10', closes: '2026-04-10' });
    expect(periodOfDay('quarter', '2026-11-30')).toEqual({ key: '2026-Q4', start: '2026-10-01', end: '2026-12-31', due: '2027-01-10', closes: '2027-04-10' });
    expect(periodOfDay('month', '2028-02-03').end).toBe('2028-02-29');
    expect(periodOfDay('month', '2026-12-05').closes).toBe('2027-02-10');
  });

  it('takes the day in Beijing, not UTC', () => {
    expect(periodAt('month', at('2026-12-31T15:59:59Z')).key).toBe('2026-12');
    expect(periodAt('month', at('2026-12-31T16:00:00Z')).key).toBe('2027-01');
    expect(previousPeriod('quarter', periodOfDay('quarter', '2027-01-05')).key).toBe('2026-Q4');
  });

  it('knows which days start a period', () => {
    expect(periodStarting('quarter', '2026-10-01')?.key).toBe('2026-Q4');
    expect(periodStarting('quarter', '2026-11-01')).toBeNull();
    expect(periodStarting('month', '2026-11-02')).toBeNull();
    expect(periodStarting('month', 'nonsense')).toBeNull();
  });

  it('open, late, missing, submitted and submitted late', () => {
    const p = periodOfDay('month', '2026-11-15'); // due 2026-12-10, closes 2027-01-10 (Beijing)
    expect(dueAt(p).toISOString()).toBe('2026-12-10T15:59:59.999Z');
    expect(closesAt(p).toISOString()).toBe('2027-01-10T15:59:59.999Z');
    expect(periodState(p, at('2026-10-31T15:59:59Z'), null)).toBe('upcoming');
    expect(periodState(p, at('2026-10-31T16:00:00Z'), null)).toBe('open');
    expect(periodState(p, at('2026-12-10T15:59:59Z'), null)).toBe('open');
    expect(periodState(p, at('2026-12-10T16:00:00Z'), null)).toBe('late');
    expect(periodState(p, at('2027-01-10T16:00:00Z'), null)).toBe('missing');
    expect(periodState(p, at('2027-05-01T00:00:00Z'), at('2026-12-10T15:00:00Z'))).toBe('submitted');
    expect(periodState(p, at('2027-05-01T00:00:00Z'), at('2026-12-11T01:00:00Z'))).toBe('submitted_late');
  });

  it('takes a report from the first day of its period until it closes, late after the due day', () => {
    const p = periodOfDay('quarter', '2026-11-15');
    expect(submission(p, at('2026-09-30T15:00:00Z'))).toEqual({ ok: false, reason: 'self_report.period_not_begun' });
    expect(submission(p, at('2026-10-01T00:00:00Z'))).toEqual({ ok: true, late: false });
    expect(submission(p, at('2027-01-10T15:00:00Z'))).toEqual({ ok: true, late: false });
    expect(submission(p, at('2027-01-10T16:00:00Z'))).toEqual({ ok: true, late: true });
    expect(submission(p, at('2027-04-10T16:00:00Z'))).toEqual({ ok: false, reason: 'self_report.period_closed' });
  });

  it('lists the periods owed since registration', () => {
    expect(periodsBetween('quarter', at('2026-02-20T00:00:00Z'), at('2026-12-05T00:00:00Z')).map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(periodsBetween('month', at('2026-11-30T17:00:00Z'), at('2026-12-05T00:00:00Z')).map((p) => p.key)).toEqual(['2026-12']);
  });
});
