import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CONSENT_STATUSES, listConsents, type ConsentSummary } from '../../api/consents';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useConsentChanged } from './use-consent-changed';
import { canEditRegistry, useUser } from '../../hooks/use-session';

/** Consents in scope, filtered by status; a business sees its own, pending ones first. */
export function ConsentListView() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useApiQuery(`consents:${status}`, (signal) => listConsents({ status }, signal));
  useConsentChanged(list.reload);
  const business = user.role === 'business';
  const statuses = business ? CONSENT_STATUSES.filter((s) => s !== 'draft') : CONSENT_STATUSES;
  const create = canEditRegistry(user) && (
    <Link className="btn btn-primary" to="/consents/new">
      {t('consent.create')}
    </Link>
  );
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(b.status === 'proposed') - Number(a.status === 'proposed'));

  return (
    <section>
      <div className="page-head">
        <h1>{business ? t('consent.myListTitle') : t('consent.listTitle')}</h1>
        {create}
      </div>
      <div className="tabs" role="group" aria-label={t('consent.status')}>
        <button type="button" className="btn" aria-pressed={status === ''} onClick={() => setParams({})}>
          {t('common.all')}
        </button>
        {statuses.map((s) => (
          <button key={s} type="button" className="btn" aria-pressed={status === s} onClick={() => setParams({ status: s })}>
            {t(`consent.statuses.${s}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error}>
        <button type="button" className="btn" onClick={list.reload}>
          {t('common.retry')}
        </button>
      </ErrorBanner>
      {list.data === undefined ? (
        list.loading && <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('consent.empty')} hint={business ? t('consent.emptyHintBusiness') : t('consent.emptyHintOfficer')} action={create} />
      ) : (
        <>
          <p className="muted small">{t('consent.total', { count: list.data.total })}</p>
          <ConsentTable items={items} />
        </>
      )}
    </section>
  );
}

function ConsentTable({ items }: { items: ConsentSummary[] }) {
  const { t } = useTranslation();
  return (
    <table className="table stack" data-testid="consent-list">
      <thead>
        <tr>
          <th scope="col">{t('consent.ref')}</th>
          <th scope="col">{t('consent.business')}</th>
          <th scope="col">{t('consent.site')}</th>
          <th scope="col">{t('consent.devices')}</th>
          <th scope="col">{t('consent.validity')}</th>
          <th scope="col">{t('consent.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <td data-label={t('consent.ref')} className="cell-title">
              <Link to={`/consents/${c.id}`}>{c.ref}</Link>
            </td>
            <td data-label={t('consent.business')}>{c.businessName}</td>
            <td data-label={t('consent.site')}>{c.siteName}</td>
            <td data-label={t('consent.devices')}>{t('consent.deviceCount', { count: c.deviceCount })}</td>
            <td data-label={t('consent.validity')}>
              {c.validFrom} — {c.validUntil}
            </td>
            <td data-label={t('consent.status')}>
              <StatusBadge status={c.status} label={t(`consent.statuses.${c.status}`)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
