import { describe, expect, it } from 'vitest';
import { change, formatDelta, pct } from './change';
import { businessesUrl, casesUrl, dashboardUrl, dayRange, devicesUrl, flagsUrl, readContext } from './drill';
import { daysIn, isDay, periodError, presetOf, presetPeriod, previousPeriod } from './period';

describe('periods', () => {
  const today = '2026-12-05';
  it('computes the presets as of the authority’s day', () => {
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-12-01', to: '2026-12-05' });
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('last30', today)).toEqual({ from: '2026-11-06', to: '2026-12-05' });
    expect(presetPeriod('thisQuarter', today)).toEqual({ from: '2026-10-01', to: '2026-12-05' });
    expect(presetPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-12-05' });
    // Across a year's turn and a leap February.
    expect(presetPeriod('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('lastMonth', '2028-03-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('thisQuarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('names the preset a period is, or custom', () => {
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, today)).toBe('lastMonth');
    expect(presetOf({ from: '2026-11-02', to: '2026-11-30' }, today)).toBe('custom');
  });

  it('counts days both ends included and finds the previous period of the same length', () => {
    expect(daysIn({ from: '2026-11-01', to: '2026-11-30' })).toBe(30);
    expect(daysIn({ from: '2026-12-05', to: '2026-12-05' })).toBe(1);
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('refuses periods that make no sense', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(periodError({ from: '2026-02-30', to: '2026-03-01' }, today)).toBe('invalid');
    expect(periodError({ from: '2026-12-01', to: '2026-11-01' }, today)).toBe('reversed');
    expect(periodError({ from: '2026-12-06', to: '2026-12-07' }, today)).toBe('future');
    expect(periodError({ from: '2019-12-31', to: '2020-01-05' }, today)).toBe('tooEarly');
    expect(periodError({ from: '2024-01-01', to: '2026-12-01' }, today)).toBe('tooLong');
    expect(periodError({ from: '2025-12-05', to: '2026-12-05' }, today)).toBeNull(); // 366 days
    expect(periodError({ from: '2025-12-04', to: '2026-12-05' }, today)).toBe('tooLong');
  });
});

describe('change against the previous period', () => {
  it('colours a rise good or bad by what the figure measures', () => {
    expect(change(0.8, 0.7, 'up')).toMatchObject({ arrow: '▲', tone: 'good' });
    expect(change(12, 10, 'down')).toMatchObject({ arrow: '▲', tone: 'bad', delta: 2 });
    expect(change(8, 10, 'down')).toMatchObject({ arrow: '▼', tone: 'good', delta: -2 });
    expect(change(0.6, 0.7, 'up')).toMatchObject({ arrow: '▼', tone: 'bad' });
    expect(change(30, 20, 'neither')).toMatchObject({ arrow: '▲', tone: 'neutral' });
  });
  it('shows nothing when equal or not comparable', () => {
    expect(change(0.1 + 0.2, 0.3, 'up')).toEqual({ arrow: '', tone: 'neutral', delta: 0 });
    expect(change(null, 0.3, 'up')).toEqual({ arrow: '', tone: 'neutral', delta: null });
    expect(change(0.3, null, 'up').arrow).toBe('');
  });
  it('writes ratios in points and counts as signed numbers', () => {
    expect(formatDelta(change(0.825, 0.8, 'up'), true)).toBe('+2.5');
    expect(formatDelta(change(3, 10, 'down'), false)).toBe('−7');
    expect(formatDelta(change(3, 3, 'down'), false)).toBe('±0');
    expect(pct(0.8254)).toBe('82.5%');
    expect(pct(null)).toBe('—');
    expect(pct(1)).toBe('100.0%');
  });
});

describe('drill-down addresses', () => {
  const ctx = { agencyId: '11111111-1111-4111-8111-111111111111', from: '2026-11-01', to: '2026-11-30', category: 'medical' };
  it('keeps region, period and category in every link', () => {
    expect(dashboardUrl(ctx)).toBe('/dashboard?agencyId=11111111-1111-4111-8111-111111111111&from=2026-11-01&to=2026-11-30&category=medical');
    const overdue = new URL(flagsUrl(ctx, { overdue: true }), 'http://x');
    expect(overdue.pathname).toBe('/flags');
    expect(Object.fromEntries(overdue.searchParams)).toEqual({ agencyId: ctx.agencyId, from: '2026-11-01', to: '2026-11-30', category: 'medical', status: 'all', overdue: 'true' });
    const officer = new URL(flagsUrl({ ...ctx, category: null }, { assignee: 'u1', status: 'confirmed' }), 'http://x');
    expect(Object.fromEntries(officer.searchParams)).toEqual({ agencyId: ctx.agencyId, from: '2026-11-01', to: '2026-11-30', status: 'confirmed', assignee: 'u1' });
    // Coverage is the period's, as the dashboard counts it (the API's from/to), of active businesses.
    expect(businessesUrl(ctx, 'uncovered')).toBe(`/businesses?regionId=${ctx.agencyId}&category=medical&status=active&coverage=uncovered&from=2026-11-01&to=2026-11-30`);
    expect(businessesUrl(ctx)).toBe(`/businesses?regionId=${ctx.agencyId}&category=medical&status=active`);
    expect(devicesUrl(ctx, false)).toBe(`/devices?regionId=${ctx.agencyId}&category=medical&online=false`);
    expect(devicesUrl({ ...ctx, agencyId: null, category: null })).toBe('/devices');
    expect(casesUrl(ctx, true)).toBe(`/cases?regionId=${ctx.agencyId}&from=2026-11-01&to=2026-11-30&overdue=true`);
  });
  it('reads the context back from the URL, this month by default', () => {
    expect(readContext(new URLSearchParams(dashboardUrl(ctx).split('?')[1]), '2026-12-05')).toEqual(ctx);
    expect(readContext(new URLSearchParams(''), '2026-12-05')).toEqual({ agencyId: null, category: null, from: '2026-12-01', to: '2026-12-05' });
  });
  it('turns included days into the half-open moments of the authority’s zone', () => {
    expect(dayRange('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(dayRange(null, 'nonsense')).toEqual({});
  });
});
