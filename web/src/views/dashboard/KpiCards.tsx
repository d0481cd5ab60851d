import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Figures } from '../../api/dashboard';
import { formatDelta, pct } from './change';
import type { DashboardContext } from './drill';
import { kpis, type Kpi } from './kpis';

/** The headline figures, each with its change against the previous period and a link to its records. */
export function KpiCards({ ctx, cur, prev }: { ctx: DashboardContext; cur: Figures; prev: Figures }) {
  const { t } = useTranslation();
  const show = (k: Kpi, v: number | null) => (k.ratio ? pct(v) : v === null ? '—' : k.unit ? t(`dashboard.unit.${k.unit}`, { n: Math.round(v * 10) / 10 }) : String(v));
  const sub = (k: 'uncovered' | 'offline' | 'gaps' | 'dismissed' | 'openOverdue') => (k === 'uncovered' || k === 'offline' ? t(`dashboard.${k}`) : t(`dashboard.fig.${k}`));

  return (
    <ul className="kpis" data-testid="kpis">
      {kpis(ctx, cur, prev, sub).map((k) => (
        <li key={k.key} className="kpi card" data-kpi={k.key}>
          <span className="kpi-label">{t(`dashboard.fig.${k.key}`)}</span>
          <Link className="kpi-value" to={k.to} data-testid={`kpi-${k.key}`}>
            {show(k, k.value)}
          </Link>
          <span className={`kpi-change kpi-${k.change.tone}`} title={t('dashboard.previousValue', { value: show(k, k.previous) })} data-testid={`kpi-${k.key}-change`}>
            {k.change.delta === null ? t('dashboard.noComparison') : `${k.change.arrow} ${formatDelta(k.change, k.ratio)}${k.ratio && k.change.delta !== 0 ? ` ${t('dashboard.points')}` : ''}`}
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
      ))}
    </ul>
  );
}
