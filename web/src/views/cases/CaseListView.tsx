import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATES, caseStaff, listCases } from '../../api/cases';
import { listBusinesses } from '../../api/registry';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { NewCaseDialog } from './NewCaseDialog';
import { FilterChips } from '../../components/FilterChips';
import { filterChips, withoutChip } from '../dashboard/chips';
import { dayRange } from '../dashboard/drill';
import { useFilterNames } from '../dashboard/use-filter-names';

const FILTERS = ['state', 'procedure', 'overdue', 'officerId', 'businessId', 'regionId', 'from', 'to'] as const;

/** The cases in the user's scope with filters (kept in the address), the counts by state and overdue, and "register a case". */
export function CaseListView() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const key = FILTERS.map((k) => f[k]).join('|');
  const q = useApiQuery(`cases:${key}`, (signal) => listCases({ state: f.state, procedure: f.procedure, overdue: f.overdue === 'true', officerId: f.officerId, businessId: f.businessId, regionId: f.regionId, ...dayRange(f.from, f.to) }, signal));
  // The region and filing period a dashboard figure opened the list with (issue 16), as removable chips.
  const names = useFilterNames();
  const chips = filterChips(params, t, names).filter((c) => c.params[0] === 'regionId' || c.params[0] === 'from' || c.params[0] === 'to');
  const staff = useApiQuery('case-staff', (signal) => caseStaff(signal));
  const businesses = useApiQuery('case-businesses', (signal) => listBusinesses({ limit: 100, offset: 0 }, signal));
  useEffect(() => {
    document.title = `${t('cases.title')} · ${t('app.name')}`;
  }, [t]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const items = q.data?.items ?? [];
  const counts = q.data?.counts;

  return (
    <section className="case-list">
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        {can(user, 'case.file') && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            {t('cases.newByHand')}
          </button>
        )}
      </div>
      <FilterChips chips={chips} onRemove={(c) => setParams(withoutChip(params, c))} />
      {counts && (
        <p data-testid="case-counts">
          <span className="badge">{t('cases.list.total', { n: counts.total })}</span>{' '}
          <button type="button" className={counts.overdue ? 'badge badge-bad' : 'badge'} data-testid="overdue-count" onClick={() => set('overdue', f.overdue ? '' : 'true')}>
            {t('cases.list.overdue', { n: counts.overdue })}
          </button>{' '}
          {CASE_STATES.filter((s) => counts.byState[s]).map((s) => (
            <button key={s} type="button" className="badge badge-off" onClick={() => set('state', f.state === s ? '' : s)}>
              {t(`cases.state.${s}`)} {counts.byState[s]}
            </button>
          ))}
        </p>
      )}
      <div className="filters" role="search" aria-label={t('cases.list.filters')}>
        <select name="state" aria-label={t('cases.list.allStates')} value={f.state} onChange={(e) => set('state', e.target.value)}>
          <option value="">{t('cases.list.allStates')}</option>
          {CASE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`cases.state.${s}`)}
            </option>
          ))}
        </select>
        <select name="procedure" aria-label={t('cases.list.allProcedures')} value={f.procedure} onChange={(e) => set('procedure', e.target.value)}>
          <option value="">{t('cases.list.allProcedures')}</option>
          <option value="general">{t('cases.procedure.general')}</option>
          <option value="simple">{t('cases.procedure.simple')}</option>
        </select>
        <select name="officerId" aria-label={t('cases.list.officer')} value={f.officerId} onChange={(e) => set('officerId', e.target.value)}>
          <option value="">{t('cases.list.anyOfficer')}</option>
          {(staff.data?.items ?? [])
            .filter((s) => s.role === 'officer')
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
        <select name="businessId" aria-label={t('cases.list.business')} value={f.businessId} onChange={(e) => set('businessId', e.target.value)}>
          <option value="">{t('cases.list.anyBusiness')}</option>
          {(businesses.data?.items ?? []).map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" name="overdue" checked={f.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} /> {t('cases.list.overdueOnly')}
        </label>
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('cases.list.empty')} hint={t('cases.list.emptyHint')} />}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="case-list">
          {items.map((c) => (
            <li key={c.id} className={`card portal-item${c.overdue ? ' worklist-overdue' : ''}`} data-case-id={c.id} data-overdue={c.overdue}>
              <Link to={`/cases/${c.id}`} className="portal-item-link">
                <span className="portal-item-title">
                  {c.cause} <span className="badge">{t(`cases.state.${c.state}`)}</span> {c.overdue && <span className="badge badge-bad">{t('cases.list.overdueBadge')}</span>}
                </span>
                <span className="small">
                  {c.businessName} · {t(`cases.procedure.${c.procedure}`)} · {t(`cases.source.${c.source}`)}
                </span>
                <span className="muted small">
                  {t('cases.list.accepted')} {formatDateTime(c.acceptedAt, i18n.language)} · {c.investigators.map((o) => o.name).join('、')}
                  {c.nextDueAt && ` · ${t('cases.list.nextDue')} ${formatDateTime(c.nextDueAt, i18n.language)}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {adding && <NewCaseDialog onClose={() => setAdding(false)} />}
    </section>
  );
}
