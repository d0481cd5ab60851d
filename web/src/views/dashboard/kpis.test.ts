import { describe, expect, it } from 'vitest';
import { pct } from './change';
import { dashboardFixture as d, JD, JH } from './dashboard.fixture';
import { dashboardUrl, flagsUrl, readContext } from './drill';
import { kpis } from './kpis';

const ctx = { agencyId: JH, from: d.period.from, to: d.period.to, category: null };
const byKey = Object.fromEntries(kpis(ctx, d.totals, d.previousTotals, (k) => k).map((k) => [k.key, k]));
const params = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('the KPIs of a realistic dashboard answer', () => {
  it('colour each change by what the figure measures', () => {
    expect(pct(byKey.coverage.value)).toBe('69.2%');
    expect(byKey.coverage.change).toMatchObject({ arrow: '▲', tone: 'good' }); // 45/65 after 40/64
    expect(byKey.uptime.change).toMatchObject({ arrow: '▼', tone: 'bad' });
    expect(byKey.overdue.change).toMatchObject({ arrow: '▲', tone: 'bad', delta: 4 });
    expect(byKey.medianTriageMinutes.change).toMatchObject({ arrow: '▼', tone: 'good', delta: -20 });
    expect(byKey.flags.change).toMatchObject({ arrow: '▲', tone: 'neutral' });
    expect(byKey.gaps).toBeUndefined(); // shown under gap minutes
    expect(byKey.casesFiled.change).toEqual({ arrow: '', tone: 'neutral', delta: 0 });
    expect(byKey.medianFilingDays.change.delta).toBeNull(); // no filing last period
  });

  it('link every figure to its records with the region and period kept', () => {
    expect(params(byKey.overdue.to)).toEqual({ agencyId: JH, from: '2026-11-01', to: '2026-11-30', status: 'all', overdue: 'true' });
    expect(params(byKey.overdue.sub!.to)).toMatchObject({ status: 'open', overdue: 'true' });
    expect(byKey.overdue.sub!.value).toBe(10);
    expect(byKey.coverage.sub).toEqual({ label: 'uncovered', value: 20, to: `/businesses?regionId=${JH}&status=active&coverage=uncovered&from=2026-11-01&to=2026-11-30` });
    expect(byKey.uptime.sub!.value).toBe(15);
    expect(params(byKey.tamperEvents.to)).toMatchObject({ source: 'tamper' });
    expect(byKey.overdueStages.to).toBe(`/cases?regionId=${JH}&from=2026-11-01&to=2026-11-30&overdue=true`);
  });

  it('a district row drills into the dashboard of that district and its overdue number into its flags', () => {
    const jd = d.regions.find((r) => r.agency.id === JD)!;
    const drill = dashboardUrl({ ...ctx, agencyId: jd.agency.id });
    expect(readContext(new URL(drill, 'http://x').searchParams, '2026-12-05')).toEqual({ ...ctx, agencyId: JD });
    expect(params(flagsUrl({ ...ctx, agencyId: JD }, { overdue: true }))).toEqual({ agencyId: JD, from: '2026-11-01', to: '2026-11-30', status: 'all', overdue: 'true' });
    // The fixture adds up: the city is its districts.
    const sum = (k: 'businesses' | 'overdue' | 'flags') => d.regions.reduce((n, r) => n + r.figures[k], 0);
    expect([sum('businesses'), sum('overdue'), sum('flags')]).toEqual([d.totals.businesses, d.totals.overdue, d.totals.flags]);
  });
});
