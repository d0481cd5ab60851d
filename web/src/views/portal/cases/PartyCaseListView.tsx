import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listPartyCases } from '../../../api/portal-cases';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../format/datetime';
import { useApiQuery } from '../../../hooks/use-api-query';
import { PartyCountdown } from './PartyCountdown';

/** 我的案件: the business's cases, those with a period of its own running first (soonest first), then the newest. */
export function PartyCaseListView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('portal-cases', (signal) => listPartyCases(signal));
  useEffect(() => {
    document.title = `${t('portalCases.title')} · ${t('app.name')}`;
  }, [t]);
  const items = [...(q.data?.items ?? [])].sort((a, b) => (a.partyDueAt ? Date.parse(a.partyDueAt) : Infinity) - (b.partyDueAt ? Date.parse(b.partyDueAt) : Infinity));
  return (
    <section className="portal">
      <div className="page-head">
        <h1>{t('portalCases.title')}</h1>
      </div>
      <p className="muted">{t('portalCases.intro')}</p>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('portalCases.empty')} hint={t('portalCases.emptyHint')} />}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="party-case-list">
          {items.map((c) => (
            <li key={c.id} className="card portal-item" data-case-id={c.id}>
              <Link to={`/portal/cases/${c.id}`} className="portal-item-link">
                <span className="portal-item-title">{c.cause}</span>
                <span className="muted small">
                  {c.agencyName} · {formatDateTime(c.acceptedAt, i18n.language)}
                </span>
                <span className="portal-item-meta">
                  <span className="badge">{t(`cases.state.${c.state}`)}</span>
                  {c.partyDueAt && <PartyCountdown dueAt={c.partyDueAt} />}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
