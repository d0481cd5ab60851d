import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { dashboardPeriods } from './period.js';
import { figuresOf, median, ZERO_COUNTS } from './figures.js';

const now = new Date('2026-12-05T09:00:00Z'); // 17:00 on 2026-12-05 in Beijing
const issue = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof AppError ? `${e.code} ${e.issues?.[0].path.join('.')}:${e.issues?.[0].message}` : String(e);
  }
};

describe('the dashboard period', () => {
  it('is whole Beijing days, with the previous period of the same length just before', () => {
    const { period, previous } = dashboardPeriods({ from: '2026-03-01', to: '2026-03-10' }, now);
    expect(period).toEqual({ from: '2026-03-01', to: '2026-03-10', days: 10, start: new Date('2026-02-28T16:00:00Z'), end: new Date('2026-03-10T16:00:00Z') });
    expect(previous).toMatchObject({ from: '2026-02-19', to: '2026-02-28', days: 10 });
  });
  it('ends now when it ends today, and is the last 30 days by default', () => {
    const { period, previous } = dashboardPeriods({}, now);
    expect(period).toMatchObject({ from: '2026-11-06', to: '2026-12-05', days: 30, end: now });
    expect(previous).toMatchObject({ from: '2026-10-07', to: '2026-11-05' });
  });
  it('refuses days that are not dates, a reversed, a future or a too long period', () => {
    expect(issue(() => dashboardPeriods({ from: '2026-02-30', to: '2026-03-01' }, now))).toBe('validation_failed from:dashboard.day_invalid');
    expect(issue(() => dashboardPeriods({ from: '2026-03-02', to: '2026-03-01' }, now))).toBe('validation_failed to:dashboard.period_order');
    expect(issue(() => dashboardPeriods({ from: '2026-12-01', to: '2026-12-06' }, now))).toBe('validation_failed to:dashboard.period_future');
    expect(issue(() => dashboardPeriods({ from: '2025-01-01', to: '2026-01-02' }, now))).toBe('validation_failed from:dashboard.period_too_long');
    expect(issue(() => dashboardPeriods({ from: '2024-01-01', to: '2024-12-31' }, now))).toBe('no error'); // 366 days, a leap year
  });
});

describe('the figures', () => {
  it('give null ratios and medians where there is nothing to divide', () => {
    expect(figuresOf(ZERO_COUNTS)).toMatchObject({ coverage: null, uptime: null, precision: null, medianTriageMinutes: null });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
