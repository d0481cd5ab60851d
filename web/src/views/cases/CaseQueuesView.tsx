import { AccessQueueLink } from '../access-requests/AccessQueueLink';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { approvalQueue, reviewQueue } from '../../api/cases';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { CaseQueueList } from './CaseQueueList';

/** The unit head's queue: filing reports, cases to approve or decide, extension requests — oldest first. */
export function ApprovalQueueView() {
  const { t } = useTranslation();
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
        <CaseQueueList
          testId="approval-queue"
          items={items}
          title={(c) => (
            <>
              {c.cause} <span className="badge">{t(`cases.state.${c.state}`)}</span> {c.pendingExtensions > 0 && <span className="badge badge-warn">{t('cases.queue.pendingExt', { n: c.pendingExtensions })}</span>}
            </>
          )}
          detail={(c) => c.businessName}
          since={{ label: t('cases.queue.since'), at: (c) => c.since }}
        />
      )}
    </section>
  );
}

/** The legal reviewer's queue: cases whose review materials are in, by due time, with a live countdown (7 working days). */
export function ReviewQueueView() {
  const { t } = useTranslation();
  const q = useApiQuery('case-reviews', (signal) => reviewQueue(signal));
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
        <CaseQueueList
          testId="review-queue"
          items={items}
          title={(c) => (
            <>
              {c.cause} <span className="badge">{t(`cases.state.${c.state}`)}</span>
            </>
          )}
          detail={(c) => c.businessName}
          since={{ label: t('cases.queue.since'), at: (c) => c.submittedAt }}
          due={{ label: t('cases.queue.due'), at: (c) => c.dueAt }}
        />
      )}
    </section>
  );
}
