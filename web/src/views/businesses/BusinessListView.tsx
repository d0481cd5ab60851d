import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { listBusinesses } from '../../api/registry';
import { CATEGORIES, type Business, type BusinessQuery } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Pagination } from '../../components/Pagination';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { canEditRegistry, useUser } from '../../hooks/use-session';
import { FilterChips } from '../../components/FilterChips';
import { filterChips, withoutChip } from '../dashboard/chips';
import { useFilterNames } from '../dashboard/use-filter-names';

const LIMIT = 20;

/** The registry list: search, filters and paging live in the URL so back/forward keep them. */
export function BusinessListView() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const query: BusinessQuery = {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    status: params.get('status') ?? '',
    regionId: params.get('regionId') ?? '',
    coverage: params.get('coverage') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    limit: LIMIT,
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
  const [draft, setDraft] = useState(query.q ?? '');
  useEffect(() => setDraft(params.get('q') ?? ''), [params]);

  const key = JSON.stringify(query);
  // The region and coverage a dashboard figure opened the list with (issue 16), as removable chips.
  const names = useFilterNames();
  // Coverage in a period (the dashboard's) is one chip: removing it drops the period too.
  const chips = filterChips(params, t, names)
    .filter((c) => c.params[0] === 'regionId' || c.params[0] === 'coverage')
    .map((c) => (c.params[0] === 'coverage' && query.from && query.to ? { label: t(`dashboard.chips.${query.coverage}In`, { from: query.from, to: query.to }), params: ['coverage', 'from', 'to'] } : c));
  const list = useApiQuery(key, (signal) => listBusinesses(query, signal));
  useRegistryChanged(list.reload, (e) => e.entity === 'business');

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  }

  function onSearch(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    update({ q: draft.trim() });
  }

  const editor = canEditRegistry(user);
  const createButton = editor && (
    <Link className="btn btn-primary" to="/businesses/new">
      {t('business.create')}
    </Link>
  );

  return (
    <section>
      <div className="page-head">
        <h1>{t('business.listTitle')}</h1>
        {createButton}
      </div>

      <FilterChips chips={chips} onRemove={(c) => setParams(withoutChip(params, c))} />
      <form className="filters" role="search" onSubmit={onSearch}>
        <label className="sr-only" htmlFor="biz-q">
          {t('business.search')}
        </label>
        <input id="biz-q" type="search" name="q" placeholder={t('business.searchPlaceholder')} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} />
        <label className="sr-only" htmlFor="biz-category">
          {t('business.filterCategory')}
        </label>
        <select id="biz-category" name="filterCategory" value={query.category} onChange={(e) => update({ category: e.target.value })}>
          <option value="">{t('business.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="biz-status">
          {t('business.filterStatus')}
        </label>
        <select id="biz-status" name="filterStatus" value={query.status} onChange={(e) => update({ status: e.target.value })}>
          <option value="">{t('business.allStatuses')}</option>
          <option value="active">{t('status.active')}</option>
          <option value="archived">{t('status.archived')}</option>
        </select>
        <button type="submit" className="btn">
          {t('business.search')}
        </button>
      </form>

      <ErrorBanner error={list.error}>
        <button type="button" className="btn" onClick={list.reload}>
          {t('common.retry')}
        </button>
      </ErrorBanner>

      {list.data === undefined ? (
        list.loading && <Loading />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={t('business.empty')} hint={query.q || query.category || query.status || chips.length ? t('business.emptyHint') : undefined} action={createButton} />
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {t('business.total', { count: list.data.total })}
          </p>
          <BusinessTable items={list.data.items} />
          <Pagination total={list.data.total} limit={LIMIT} offset={query.offset} onChange={(offset) => update({ offset: offset ? String(offset) : '' })} />
        </>
      )}
    </section>
  );
}

function BusinessTable({ items }: { items: Business[] }) {
  const { t } = useTranslation();
  return (
    <table className="table stack" data-testid="business-list">
      <thead>
        <tr>
          <th scope="col">{t('business.name')}</th>
          <th scope="col">{t('business.creditCode')}</th>
          <th scope="col">{t('business.category')}</th>
          <th scope="col">{t('business.district')}</th>
          <th scope="col">{t('business.address')}</th>
          <th scope="col">{t('business.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.id}>
            <td data-label={t('business.name')} className="cell-title">
              <Link to={`/businesses/${b.id}`}>{b.name}</Link>
            </td>
            <td data-label={t('business.creditCode')} className="mono">
              {b.creditCode}
            </td>
            <td data-label={t('business.category')}>{t(`category.${b.category}`)}</td>
            <td data-label={t('business.district')}>{b.agencyName}</td>
            <td data-label={t('business.address')}>{b.address}</td>
            <td data-label={t('business.status')}>
              <StatusBadge status={b.status} label={t(`status.${b.status}`)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
