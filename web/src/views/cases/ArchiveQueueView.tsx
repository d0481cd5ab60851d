import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { Link } from 'react-router';
import { archiveQueue } from '../../api/cases';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { CaseQueueList } from './CaseQueueList';

/**
 * The archivist's queue, 待归档 (R10; his start page): closed cases waiting to be archived, the
 * soonest due first, each with its 30-day countdown (003 §22); below, those archived lately.
 */
export function ArchiveQueueView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('case-archive-queue', (signal) => archiveQueue(signal));
  useEffect(() => {
    document.title = `${t('closing.queue.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  const lang = i18n.language;
  return (
    <section className="worklist">
      <div className="page-head">
        <h1>
          {t('closing.queue.title')} {q.data && <span className="badge" data-testid="queue-count">{t('closing.queue.count', { n: items.length })}</span>}
        </h1>
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('closing.queue.empty')} />}
      {items.length > 0 && (
        <CaseQueueList
          testId="archive-queue"
          items={items}
          title={(c, overdue) => (
            <>
              {c.cause} {overdue && <span className="badge badge-warn">{t('closing.queue.overdue')}</span>}
            </>
          )}
          detail={(c) => (
            <>
              {c.businessName} · {c.agencyName}
            </>
          )}
          since={{ label: t('closing.queue.closed'), at: (c) => c.closedAt }}
          due={{ label: t('closing.queue.due'), at: (c) => c.dueAt }}
        />
      )}
      {q.data && (
        <>
          <h2>{t('closing.queue.archived')}</h2>
          {q.data.archived.length === 0 ? (
            <p className="muted">{t('closing.queue.noArchived')}</p>
          ) : (
            <ul className="portal-list" data-testid="archived-list">
              {q.data.archived.map((c) => (
                <li key={c.id} className="card portal-item" data-case-id={c.id}>
                  <Link to={`/cases/${c.id}`} className="portal-item-link">
                    <span className="portal-item-title">
                      {c.archiveNo} · {c.cause}
                    </span>
                    <span className="small">
                      {c.businessName} · {t(`closing.retention.${c.retentionClass}`)} · {formatDate(c.archivedAt, lang)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
