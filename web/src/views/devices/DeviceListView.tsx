import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { listDevices, type DeviceListQuery } from '../../api/devices';
import { CATEGORIES } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FilterChips } from '../../components/FilterChips';
import { Loading } from '../../components/Loading';
import { Pagination } from '../../components/Pagination';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { filterChips, withoutChip } from '../dashboard/chips';
import { useFilterNames } from '../dashboard/use-filter-names';

const LIMIT = 50;

/** The devices under a region (the dashboard's uptime and offline figures open here); filters live in the URL. */
export function DeviceListView() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const names = useFilterNames();
  const query: DeviceListQuery = {
    regionId: params.get('regionId') ?? undefined,
    category: params.get('category') ?? '',
    online: params.get('online') ?? '',
    limit: LIMIT,
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
  const list = useApiQuery(JSON.stringify(query), (signal) => listDevices(query, signal));
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'offset') next.delete('offset');
    setParams(next);
  };
  const state = (online: boolean | null) => (online === null ? t('dashboard.devices.unknown') : online ? t('dashboard.devices.yes') : t('dashboard.devices.no'));

  return (
    <section className="device-list">
      <div className="page-head">
        <h1>{t('dashboard.devices.title')}</h1>
      </div>
      <p className="muted">{t('dashboard.devices.intro')}</p>
      <FilterChips chips={filterChips(params, t, names)} onRemove={(c) => setParams(withoutChip(params, c))} />
      <div className="filters">
        <label className="filter">
          <span className="sr-only">{t('business.category')}</span>
          <select name="category" aria-label={t('business.category')} value={query.category} onChange={(e) => set('category', e.target.value)}>
            <option value="">{t('review.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="sr-only">{t('dashboard.devices.online')}</span>
          <select name="online" aria-label={t('dashboard.devices.online')} value={query.online} onChange={(e) => set('online', e.target.value)}>
            <option value="">{t('dashboard.devices.all')}</option>
            <option value="true">{t('dashboard.devices.yes')}</option>
            <option value="false">{t('dashboard.devices.no')}</option>
          </select>
        </label>
      </div>
      <ErrorBanner error={list.error} />
      {list.data === undefined ? (
        list.loading && <Loading />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={t('dashboard.devices.empty')} />
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {t('dashboard.devices.total', { n: list.data.total })}
          </p>
          <table className="table stack" data-testid="device-list">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.devices.name')}</th>
                <th scope="col">{t('dashboard.devices.business')}</th>
                <th scope="col">{t('dashboard.devices.site')}</th>
                <th scope="col">{t('dashboard.devices.agency')}</th>
                <th scope="col">{t('dashboard.devices.status')}</th>
                <th scope="col">{t('dashboard.devices.online')}</th>
                <th scope="col">{t('dashboard.devices.since')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id} data-testid="device-row" data-device-id={d.id}>
                  <td data-label={t('dashboard.devices.name')} className="cell-title">
                    <Link to={d.kind === 'sensor' ? `/devices/${d.id}/readings` : `/devices/${d.id}/media`}>{d.name}</Link>
                  </td>
                  <td data-label={t('dashboard.devices.business')}>
                    <Link to={`/businesses/${d.businessId}`}>{d.businessName}</Link>
                  </td>
                  <td data-label={t('dashboard.devices.site')}>{d.siteName}</td>
                  <td data-label={t('dashboard.devices.agency')}>{d.agencyName}</td>
                  <td data-label={t('dashboard.devices.status')}>{t(`deviceStatus.${d.status}`, { defaultValue: d.status })}</td>
                  <td data-label={t('dashboard.devices.online')}>
                    <span className={`badge ${d.online ? 'badge-ok' : 'badge-off'}`}>{state(d.online)}</span>
                  </td>
                  <td data-label={t('dashboard.devices.since')}>{formatDateTime(d.since, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination total={list.data.total} limit={LIMIT} offset={query.offset} onChange={(o) => set('offset', o ? String(o) : '')} />
        </>
      )}
    </section>
  );
}
