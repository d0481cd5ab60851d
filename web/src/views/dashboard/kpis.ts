import type { Figures } from '../../api/dashboard';
import { change, type Better, type Change } from './change';
import { businessesUrl, casesUrl, devicesUrl, flagsUrl, type DashboardContext } from './drill';

/** One headline figure: its value and the previous period's, how its change reads, and the records behind it. */
export type Kpi = {
  key: keyof Figures;
  value: number | null;
  previous: number | null;
  ratio: boolean;
  unit: 'minutes' | 'days' | 'hours' | null;
  change: Change;
  to: string;
  /** A second number under it (uncovered businesses, offline devices …), a link of its own. */
  sub: { label: string; value: number; to: string } | null;
};

type Def = { key: keyof Figures; better: Better; ratio?: boolean; unit?: Kpi['unit']; to: string; sub?: Kpi['sub'] };

/**
 * The dashboard's KPIs in order, each with the list it opens: coverage and businesses → the
 * register (covered / not covered), uptime and device time → the device list (offline), flags →
 * the queue (confirmed / dismissed / overdue / tamper), cases → the case list (overdue stages).
 * `label(k)` words the sub-figures' names (i18n).
 */
export function kpis(ctx: DashboardContext, cur: Figures, prev: Figures, label: (k: 'uncovered' | 'offline' | 'gaps' | 'dismissed' | 'openOverdue') => string): Kpi[] {
  const defs: Def[] = [
    { key: 'coverage', better: 'up', ratio: true, to: businessesUrl(ctx, 'covered'), sub: { label: label('uncovered'), value: cur.businesses - cur.coveredBusinesses, to: businessesUrl(ctx, 'uncovered') } },
    { key: 'businesses', better: 'neither', to: businessesUrl(ctx) },
    { key: 'uptime', better: 'up', ratio: true, to: devicesUrl(ctx), sub: { label: label('offline'), value: cur.devices - cur.onlineDevices, to: devicesUrl(ctx, false) } },
    { key: 'blindMinutes', better: 'down', unit: 'minutes', to: devicesUrl(ctx, false) },
    { key: 'tamperEvents', better: 'down', to: flagsUrl(ctx, { source: 'tamper' }) },
    { key: 'gapMinutes', better: 'down', unit: 'minutes', to: devicesUrl(ctx), sub: { label: label('gaps'), value: cur.gaps, to: devicesUrl(ctx) } },
    { key: 'flags', better: 'neither', to: flagsUrl(ctx) },
    { key: 'precision', better: 'up', ratio: true, to: flagsUrl(ctx, { status: 'confirmed' }), sub: { label: label('dismissed'), value: cur.dismissed, to: flagsUrl(ctx, { status: 'dismissed' }) } },
    { key: 'medianTriageMinutes', better: 'down', unit: 'minutes', to: flagsUrl(ctx) },
    { key: 'overdue', better: 'down', to: flagsUrl(ctx, { overdue: true }), sub: { label: label('openOverdue'), value: cur.openOverdue, to: flagsUrl(ctx, { overdue: true, status: 'open' }) } },
    { key: 'casesFiled', better: 'neither', to: casesUrl(ctx) },
    { key: 'medianFilingDays', better: 'down', unit: 'days', to: casesUrl(ctx) },
    { key: 'medianCaseDays', better: 'down', unit: 'days', to: casesUrl(ctx) },
    { key: 'medianServiceHours', better: 'down', unit: 'hours', to: casesUrl(ctx) },
    { key: 'overdueStages', better: 'down', to: casesUrl(ctx, true) },
  ];
  return defs.map((d) => ({
    key: d.key,
    value: cur[d.key],
    previous: prev[d.key],
    ratio: !!d.ratio,
    unit: d.unit ?? null,
    change: change(cur[d.key], prev[d.key], d.better),
    to: d.to,
    sub: d.sub ?? null,
  }));
}
