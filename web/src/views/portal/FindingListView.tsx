import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listFindings, type FindingItem } from '../../api/findings';
import { flagTypeLabel } from '../analysis/rule-labels';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useFindingChanged } from './use-finding-changed';
import { formatTime } from './deadline';
import { Countdown, FindingStatusBadge } from './FindingStatus';

/** Findings waiting for an answer come first, the one due soonest on top; then the rest as the API gives them (newest first). */
export function pendingFirst(items: FindingItem[]): FindingItem[] {
  const pending = items.filter((f) => f.status === 'notified').sort((a, b) => Date.parse(a.respondBy) - Date.parse(b.respondBy));
  return [...pending, ...items.filter((f) => f.status !== 'notified')];
}

/** The business's home: its findings, those waiting for its answer first; what, where, status and time left to answer. */
export function FindingListView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('portal-findings', (signal) => listFindings(signal));
  useFindingChanged(q.reload);
  useEffect(() => {
    document.title = `${t('portal.title')} · ${t('app.name')}`;
  }, [t]);
  // Waiting for the business's answer first (soonest deadline first), then the answered ones, newest first.
  const items = pendingFirst(q.data?.items ?? []);
  const open = items.filter((f) => f.status === 'notified').length;
  return (
    <section className="portal">
      <div className="page-head">
        <h1>{t('portal.title')}</h1>
      </div>
      <p className="muted">{t('portal.intro')}</p>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && open === 0 && <EmptyState title={t('portal.empty')} hint={items.length ? t('portal.emptyAnswered') : t('portal.emptyHint')} />}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="finding-list">
          {items.map((f) => (
            <li key={f.id} className="card portal-item">
              <Link to={`/portal/findings/${f.id}`} className="portal-item-link">
                <span className="portal-item-title">{flagTypeLabel(t, f.type)}</span>
                <span className="muted small">
                  {f.siteName} · {formatTime(f.occurredAt, i18n.language)}
                </span>
                <span className="portal-item-meta">
                  <FindingStatusBadge status={f.status} />
                  <Countdown respondBy={f.respondBy} status={f.status} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
