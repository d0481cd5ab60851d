import { useTranslation } from 'react-i18next';
import { mailbox } from '../../api/consents';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatDateTime } from '../businesses/labels';

/** Demo only: messages captured on this machine for the user's own addresses. */
export function MailboxView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('mailbox', (signal) => mailbox(signal));
  return (
    <section>
      <div className="page-head">
        <h1>{t('mailbox.title')}</h1>
        <button type="button" className="btn" onClick={q.reload}>
          {t('common.reload')}
        </button>
      </div>
      <p className="muted">{t('mailbox.hint')}</p>
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : q.data.items.length === 0 ? (
        <EmptyState title={t('mailbox.empty')} />
      ) : (
        <div className="card" data-testid="mailbox">
          {q.data.items.map((m) => (
            <article key={m.id} className="mail-item">
              <p className="small muted">
                {formatDateTime(m.createdAt, i18n.language)} · {t(`method.${m.channel}`)} → {m.to}
              </p>
              <p>
                <strong>{m.subject}</strong>
              </p>
              <p>{m.body}</p>
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
