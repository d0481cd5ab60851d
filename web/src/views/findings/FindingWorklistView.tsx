import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { findingWorklist, type FindingItem, type WorklistQueue } from '../../api/findings';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatTime, useNow } from '../portal/deadline';
import { FindingStatusBadge } from '../portal/FindingStatus';
import { useFindingChanged } from '../portal/use-finding-changed';
import { formatCountdown, secondsUntil } from '../review/countdown';

const QUEUES: readonly WorklistQueue[] = ['disputed', 'unanswered'];

/**
 * The officers' list (in their agency subtree): disputes awaiting their answer, with the time
 * left to answer; findings the business has not answered, with its deadline (overdue marked).
 * Live: a finding answered, decided or expired anywhere updates it.
 */
export function FindingWorklistView() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const queue: WorklistQueue = params.get('queue') === 'unanswered' ? 'unanswered' : 'disputed';
  const q = useApiQuery(`finding-worklist-${queue}`, (signal) => findingWorklist(queue, signal));
  useFindingChanged(q.reload);
  const now = useNow(1000);
  useEffect(() => {
    document.title = `${t('dispute.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  const deadlineOf = (f: FindingItem) => (queue === 'disputed' ? f.reviewBy : f.respondBy);

  return (
    <section className="worklist">
      <div className="page-head">
        <h1>{t('dispute.title')}</h1>
      </div>
      <p className="muted">{t('dispute.intro')}</p>
      <div className="status-chips" role="tablist" aria-label={t('dispute.title')}>
        {QUEUES.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={queue === k} className={queue === k ? 'chip chip-on' : 'chip'} onClick={() => setParams(k === 'disputed' ? {} : { queue: k })} data-queue={k}>
            {t(`dispute.tabs.${k}`)} <b>{q.data?.counts[k] ?? '…'}</b>
          </button>
        ))}
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && (
        <EmptyState title={t(queue === 'disputed' ? 'dispute.emptyDisputed' : 'dispute.emptyUnanswered')} hint={t(queue === 'disputed' ? 'dispute.emptyDisputedHint' : 'dispute.emptyUnansweredHint')} />
      )}
      {items.length > 0 && (
        <ul className="portal-list" data-testid="finding-worklist">
          {items.map((f) => {
            const deadline = deadlineOf(f);
            const seconds = deadline ? secondsUntil(deadline, now, 0) : null;
            const overdue = f.status === 'expired' || (seconds !== null && seconds < 0);
            return (
              <li key={f.id} className={`card portal-item${overdue ? ' worklist-overdue' : ''}`} data-finding-id={f.id} data-overdue={overdue}>
                <Link to={`/flags/${f.flagId}`} className="portal-item-link">
                  <span className="portal-item-title">
                    {f.typeLabel} <FindingStatusBadge status={f.status} />
                  </span>
                  <span className="small">
                    {f.businessName} · {f.siteName}
                  </span>
                  <span className="muted small">
                    {queue === 'disputed' && f.respondedAt ? `${t('dispute.disputedAt')} ${formatTime(f.respondedAt, i18n.language)}` : `${t('dispute.notifiedAt')} ${formatTime(f.confirmedAt, i18n.language)}`}
                  </span>
                  {deadline && seconds !== null && (
                    <span className={`small portal-deadline${overdue ? ' portal-deadline-over' : ''}`} data-testid="worklist-deadline">
                      {queue === 'disputed' ? t('dispute.reviewBy') : t('dispute.respondBy')} {formatTime(deadline, i18n.language)} · {overdue && seconds >= 0 ? t('dispute.overdue') : formatCountdown(t, seconds)}
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
