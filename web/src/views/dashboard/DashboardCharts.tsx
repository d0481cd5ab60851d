import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DashboardDto } from '../../api/dashboard';
import { EChart } from '../../components/EChart';
import { flagTypeLabel } from '../analysis/rule-labels';
import { pct } from './change';
import { businessesUrl, casesUrl, dashboardUrl, devicesUrl, flagsUrl, type DashboardContext } from './drill';

const pctAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } as const;
const asPct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** Coverage and uptime per region (direct children of the agency); a bar or a row drills into the region. */
export function RegionsSection({ ctx, data }: { ctx: DashboardContext; data: DashboardDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rows = data.regions;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dashboard.fig.coverage'), t('dashboard.fig.uptime')] },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => r.agency.name) },
      yAxis: pctAxis,
      series: [
        { name: t('dashboard.fig.coverage'), type: 'bar', data: rows.map((r) => asPct(r.figures.coverage)) },
        { name: t('dashboard.fig.uptime'), type: 'bar', data: rows.map((r) => asPct(r.figures.uptime)) },
      ],
    }),
    [rows, t],
  );
  if (rows.length === 0) return null;
  const drill = (id: string) => dashboardUrl({ ...ctx, agencyId: id });
  return (
    <section className="card dash-section" data-testid="regions">
      <h2>{t('dashboard.regionsTitle')}</h2>
      <EChart option={option} label={t('dashboard.regionsTitle')} onClick={(p) => rows[p.dataIndex] && void navigate(drill(rows[p.dataIndex].agency.id))} testId="regions-chart" />
      <div className="table-wrap">
        <table className="table dense">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.region')}</th>
              <th scope="col">{t('dashboard.fig.businesses')}</th>
              <th scope="col">{t('dashboard.fig.coverage')}</th>
              <th scope="col">{t('dashboard.fig.uptime')}</th>
              <th scope="col">{t('dashboard.fig.flags')}</th>
              <th scope="col">{t('dashboard.fig.overdue')}</th>
              <th scope="col">{t('dashboard.fig.openOverdue')}</th>
              <th scope="col">{t('dashboard.fig.casesFiled')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = { ...ctx, agencyId: r.agency.id };
              const f = r.figures;
              return (
                <tr key={r.agency.id} data-testid="region-row" data-agency-id={r.agency.id}>
                  <th scope="row">
                    <Link to={drill(r.agency.id)} data-testid="region-drill">
                      {r.agency.name}
                    </Link>
                  </th>
                  <td><Link to={businessesUrl(c)}>{f.businesses}</Link></td>
                  <td data-testid="region-coverage"><Link to={businessesUrl(c, 'uncovered')} title={t('dashboard.uncoveredHint')}>{pct(f.coverage)}</Link></td>
                  <td><Link to={devicesUrl(c, false)} title={t('dashboard.offlineHint')}>{pct(f.uptime)}</Link></td>
                  <td><Link to={flagsUrl(c)}>{f.flags}</Link></td>
                  <td><Link to={flagsUrl(c, { overdue: true })} data-testid="region-overdue">{f.overdue}</Link></td>
                  <td><Link to={flagsUrl(c, { overdue: true, status: 'open' })}>{f.openOverdue}</Link></td>
                  <td><Link to={casesUrl(c)}>{f.casesFiled}</Link></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Flags per day with the overdue ones, and uptime per day. */
export function DailySection({ data }: { data: DashboardDto }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dashboard.fig.flags'), t('dashboard.fig.decided'), t('dashboard.fig.overdue'), t('dashboard.fig.uptime')] },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: data.daily.map((d) => d.day.slice(5)) },
      yAxis: [{ type: 'value', minInterval: 1 }, { ...pctAxis, splitLine: { show: false } }],
      series: [
        { name: t('dashboard.fig.flags'), type: 'line', data: data.daily.map((d) => d.flags) },
        { name: t('dashboard.fig.decided'), type: 'line', data: data.daily.map((d) => d.decided) },
        { name: t('dashboard.fig.overdue'), type: 'line', data: data.daily.map((d) => d.overdue), lineStyle: { type: 'dashed' } },
        { name: t('dashboard.fig.uptime'), type: 'line', yAxisIndex: 1, data: data.daily.map((d) => asPct(d.uptime)) },
      ],
    }),
    [data.daily, t],
  );
  if (data.daily.length === 0) return null;
  return (
    <section className="card dash-section" data-testid="daily">
      <h2>{t('dashboard.dailyTitle')}</h2>
      <EChart option={option} label={t('dashboard.dailyTitle')} />
    </section>
  );
}

/** Flags per rule or tamper type, with officers' precision; every count opens the queue for that type. */
export function FlagTypesSection({ ctx, data }: { ctx: DashboardContext; data: DashboardDto }) {
  const { t } = useTranslation();
  const rows = data.flagTypes;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dashboard.fig.flags'), t('dashboard.fig.precision')] },
      grid: { left: 48, right: 48, top: 36, bottom: 56 },
      xAxis: { type: 'category', data: rows.map((r) => flagTypeLabel(t, r.type)), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
      yAxis: [{ type: 'value', minInterval: 1 }, { ...pctAxis, splitLine: { show: false } }],
      series: [
        { name: t('dashboard.fig.flags'), type: 'bar', data: rows.map((r) => r.flags) },
        { name: t('dashboard.fig.precision'), type: 'line', yAxisIndex: 1, data: rows.map((r) => asPct(r.precision)) },
      ],
    }),
    [rows, t],
  );
  if (rows.length === 0) return null;
  return (
    <section className="card dash-section" data-testid="flag-types">
      <h2>{t('dashboard.flagTypesTitle')}</h2>
      <EChart option={option} label={t('dashboard.flagTypesTitle')} />
      <div className="table-wrap">
        <table className="table dense">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.flagType')}</th>
              <th scope="col">{t('dashboard.fig.flags')}</th>
              <th scope="col">{t('dashboard.fig.confirmed')}</th>
              <th scope="col">{t('dashboard.fig.dismissed')}</th>
              <th scope="col">{t('dashboard.fig.precision')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.type}>
                <th scope="row">{flagTypeLabel(t, r.type)}</th>
                <td><Link to={flagsUrl(ctx, { type: r.type })}>{r.flags}</Link></td>
                <td><Link to={flagsUrl(ctx, { type: r.type, status: 'confirmed' })}>{r.confirmed}</Link></td>
                <td><Link to={flagsUrl(ctx, { type: r.type, status: 'dismissed' })}>{r.dismissed}</Link></td>
                <td>{pct(r.precision)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Recording gaps by reason: minutes as a pie, with counts in the table. */
export function GapsSection({ ctx, data }: { ctx: DashboardContext; data: DashboardDto }) {
  const { t } = useTranslation();
  const label = (reason: string) => t(`media.reasons.${reason}`, { defaultValue: reason });
  const rows = data.gapReasons;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r) => ({ name: t(`media.reasons.${r.reason}`, { defaultValue: r.reason }), value: r.minutes })) }],
    }),
    [rows, t],
  );
  if (rows.length === 0) return null;
  return (
    <section className="card dash-section" data-testid="gaps">
      <h2>{t('dashboard.gapsTitle')}</h2>
      <EChart option={option} label={t('dashboard.gapsTitle')} height={240} />
      <div className="table-wrap">
        <table className="table dense">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.gapReason')}</th>
              <th scope="col">{t('dashboard.fig.gaps')}</th>
              <th scope="col">{t('dashboard.fig.gapMinutes')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.reason}>
                <th scope="row">{label(r.reason)}</th>
                <td><Link to={devicesUrl(ctx)}>{r.gaps}</Link></td>
                <td>{r.minutes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
