import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Figures } from '../../api/dashboard';
import { change, formatDelta, pct, type Better } from './change';
import { businessesUrl, casesUrl, devicesUrl, flagsUrl, type DashboardContext } from './drill';

type Kpi = { key: keyof Figures; better: Better; ratio?: boolean; unit?: 'minutes' | 'days' | 'hours'; to?: string; sub?: { label: string; value: number; to: string } };

/** The headline figures, each with its change against the previous period and a link to its records. */
export function KpiCards({ ctx, cur, prev }: { ctx: DashboardContext; cur: Figures; prev: Figures }) {
  const { t } = useTranslation();
  const kpis: Kpi[] = [
    { key: 'coverage', better: 'up', ratio: true, to: businessesUrl(ctx, 'covered'), sub: { label: t('dashboard.uncovered'), value: cur.businesses - cur.coveredBusinesses, to: businessesUrl(ctx, 'uncovered') } },
    { key: 'businesses', better: 'neither', to: businessesUrl(ctx) },
    { key: 'uptime', better: 'up', ratio: true, to: devicesUrl(ctx), sub: { label: t('dashboard.offline'), value: cur.devices - cur.onlineDevices, to: devicesUrl(ctx, false) } },
    { key: 'blindMinutes', better: 'down', unit: 'minutes', to: devicesUrl(ctx) },
    { key: 'tamperEvents', better: 'down', to: flagsUrl(ctx, { source: 'tamper' }) },
    { key: 'gapMinutes', better: 'down', unit: 'minutes', to: devicesUrl(ctx), sub: { label: t('dashboard.fig.gaps'), value: cur.gaps, to: devicesUrl(ctx) } },
    { key: 'flags', better: 'neither', to: flagsUrl(ctx) },
    { key: 'precision', better: 'up', ratio: true, to: flagsUrl(ctx, { status: 'confirmed' }), sub: { label: t('dashboard.fig.dismissed'), value: cur.dismissed, to: flagsUrl(ctx, { status: 'dismissed' }) } },
    { key: 'medianTriageMinutes', better: 'down', unit: 'minutes', to: flagsUrl(ctx) },
    { key: 'overdue', better: 'down', to: flagsUrl(ctx, { overdue: true }), sub: { label: t('dashboard.fig.openOverdue'), value: cur.openOverdue, to: flagsUrl(ctx, { overdue: true, status: 'open' }) } },
    { key: 'casesFiled', better: 'neither', to: casesUrl(ctx) },
    { key: 'medianFilingDays', better: 'down', unit: 'days', to: casesUrl(ctx) },
    { key: 'medianCaseDays', better: 'down', unit: 'days', to: casesUrl(ctx) },
    { key: 'medianServiceHours', better: 'down', unit: 'hours', to: casesUrl(ctx) },
    { key: 'overdueStages', better: 'down', to: casesUrl(ctx, true) },
  ];
  const show = (k: Kpi, v: number | null) => (k.ratio ? pct(v) : v === null ? '—' : k.unit ? t(`dashboard.unit.${k.unit}`, { n: Math.round(v * 10) / 10 }) : String(v));

  return (
    <ul className="kpis" data-testid="kpis">
      {kpis.map((k) => {
        const v = cur[k.key];
        const c = change(v, prev[k.key], k.better);
        return (
          <li key={k.key} className="kpi card" data-kpi={k.key}>
            <span className="kpi-label">{t(`dashboard.fig.${k.key}`)}</span>
            <Link className="kpi-value" to={k.to ?? '#'} data-testid={`kpi-${k.key}`}>
              {show(k, v)}
            </Link>
            <span className={`kpi-change kpi-${c.tone}`} title={t('dashboard.previousValue', { value: show(k, prev[k.key]) })}>
              {c.delta === null ? t('dashboard.noComparison') : `${c.arrow} ${formatDelta(c, !!k.ratio)}${k.ratio && c.delta !== 0 ? ` ${t('dashboard.points')}` : ''}`}
            </span>
            {k.sub && (
              <span className="kpi-sub small">
                {k.sub.label}{' '}
                <Link to={k.sub.to} data-testid={`kpi-${k.key}-sub`}>
                  {k.sub.value}
                </Link>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
