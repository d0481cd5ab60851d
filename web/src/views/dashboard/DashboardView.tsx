import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { dashboardExportPath, getDashboard } from '../../api/dashboard';
import { listAgencies } from '../../api/registry';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useUser } from '../../hooks/use-session';
import { DailySection, FlagTypesSection, GapsSection, RegionsSection } from './DashboardCharts';
import { apiQuery, dashboardUrl, isAgencyId, readContext, type DashboardContext } from './drill';
import { KpiCards } from './KpiCards';
import { OfficerTable } from './OfficerTable';
import { PeriodPicker } from './PeriodPicker';
import { periodError } from './period';
import { RegionTrail } from './RegionTrail';
import './dashboard.css';

const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;

/**
 * 指挥看板 (issue 16 item 1; R13): coverage and performance of the caller's region, per region
 * below it, per category and officer, against the previous period — every number a link to the
 * records behind it. The URL holds agency, period and category: a drill is shareable and Back works.
 */
export function DashboardView() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const today = zoneDay();
  const ctx = readContext(params, today);
  const bad = periodError(ctx, today) ?? (isAgencyId(ctx.agencyId) ? null : 'agency');
  const query = apiQuery(ctx);
  const q = useApiQuery(bad ? null : `dashboard${query}`, (signal) => getDashboard(query, signal));
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const go = (next: Partial<DashboardContext>) => void navigate(dashboardUrl({ ...ctx, ...next }));
  const data = q.data;

  return (
    <section className="dashboard" data-testid="dashboard">
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        {data && !bad && (
          <span className="dash-exports">
            <a className="btn btn-small" href={dashboardExportPath(query, 'xlsx')} download data-testid="export-xlsx">
              {t('dashboard.exportXlsx')}
            </a>
            <a className="btn btn-small btn-quiet" href={dashboardExportPath(query, 'csv')} download data-testid="export-csv">
              {t('dashboard.exportCsv')}
            </a>
          </span>
        )}
      </div>
      {data && <RegionTrail ctx={ctx} agency={data.agency} agencies={agencies.data?.items ?? []} ownAgencyId={user.agencyId} />}
      <div className="filters">
        <PeriodPicker key={`${ctx.from}:${ctx.to}`} value={ctx} today={today} onChange={(p) => go(p)} />
        <label className="filter">
          <span className="sr-only">{t('dashboard.category')}</span>
          <select name="category" aria-label={t('dashboard.category')} value={ctx.category ?? ''} onChange={(e) => go({ category: e.target.value || null })}>
            <option value="">{t('review.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {bad ? (
        <div className="banner banner-error" role="alert" data-testid="dashboard-refused">
          <p>{bad === 'agency' ? t('dashboard.badAgency') : t(`dashboard.periodError.${bad}`)}</p>
        </div>
      ) : (
        <ErrorBanner error={q.error}>
          <button type="button" className="btn" onClick={q.reload}>
            {t('common.retry')}
          </button>
        </ErrorBanner>
      )}
      {!bad && !data && q.loading && <Loading />}
      {!bad && data && (
        <div className={q.loading ? 'dash-body dash-stale' : 'dash-body'} aria-busy={q.loading} data-testid="dashboard-ready">
          <p className="muted small">
            {t('dashboard.periodLine', { from: data.period.from, to: data.period.to, pfrom: data.previous.from, pto: data.previous.to, at: formatDateTime(data.generatedAt, i18n.language) })}
          </p>
          {data.totals.businesses === 0 && data.totals.flags === 0 && data.totals.devices === 0 ? (
            <EmptyState title={t('dashboard.empty')} hint={t('dashboard.emptyHint')} />
          ) : (
            <>
              <KpiCards ctx={ctx} cur={data.totals} prev={data.previousTotals} />
              <div className="dash-grid">
                <RegionsSection ctx={ctx} data={data} />
                <DailySection data={data} />
                <FlagTypesSection ctx={ctx} data={data} />
                <GapsSection ctx={ctx} data={data} />
                <OfficerTable ctx={ctx} rows={data.officers} />
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
