import { AccessQueueLink } from '../access-requests/AccessQueueLink';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { Link } from 'react-router';
import { approvalQueue, reviewQueue } from '../../api/cases';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useNow } from '../portal/deadline';
import { formatCountdown } from '../review/countdown';

/** The unit head's queue: filing reports, cases to approve or decide, extension requests — oldest first. */
export function ApprovalQueueView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('case-approvals', (signal) => approvalQueue(signal));
  useEffect(() => {
    document.title = `${t('cases.queue.approvalsTitle')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="worklist">
      <div className="page-head">
        <h1>
          {t('cases.queue.approvalsTitle')} {q.data && <span className="badge" data-testid="queue-count">{t('cases.queue.count', { n: items.length })}</span>}
        </h1>
        <AccessQueueLink />
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('cases.queue.approvalsEmpty')} />}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="approval-queue">
          {items.map((c) => (
            <li key={c.id} className="card portal-item" data-case-id={c.id}>
              <Link to={`/cases/${c.id}`} className="portal-item-link">
                <span className="portal-item-title">
                  {c.cause} <span className="badge">{t(`cases.state.${c.state}`)}</span> {c.pendingExtensions > 0 && <span className="badge badge-warn">{t('cases.queue.pendingExt', { n: c.pendingExtensions })}</span>}
                </span>
                <span className="small">{c.businessName}</span>
                <span className="muted small">
                  {t('cases.queue.since')} {formatDateTime(c.since, i18n.language)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The legal reviewer's queue: cases whose review materials are in, by due time, with a live countdown (7 working days). */
export function ReviewQueueView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('case-reviews', (signal) => reviewQueue(signal));
  const now = useNow(1000);
  useEffect(() => {
    document.title = `${t('cases.queue.reviewsTitle')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="worklist">
      <div className="page-head">
        <h1>
          {t('cases.queue.reviewsTitle')} {q.data && <span className="badge" data-testid="queue-count">{t('cases.queue.count', { n: items.length })}</span>}
        </h1>
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('cases.queue.reviewsEmpty')} />}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="review-queue">
          {items.map((c) => {
            const left = c.dueAt ? Math.trunc((Date.parse(c.dueAt) - now) / 1000) : null;
            return (
              <li key={c.id} className={`card portal-item${left !== null && left < 0 ? ' worklist-overdue' : ''}`} data-case-id={c.id}>
                <Link to={`/cases/${c.id}`} className="portal-item-link">
                  <span className="portal-item-title">
                    {c.cause} <span className="badge">{t(`cases.state.${c.state}`)}</span>
                  </span>
                  <span className="small">{c.businessName}</span>
                  <span className={`small portal-deadline${left !== null && left < 0 ? ' portal-deadline-over' : ''}`}>
                    {t('cases.queue.since')} {formatDateTime(c.submittedAt, i18n.language)}
                    {c.dueAt && ` · ${t('cases.queue.due')} ${formatDateTime(c.dueAt, i18n.language)}`}
                    {left !== null && ` · ${formatCountdown(t, left)}`}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
