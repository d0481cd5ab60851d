import { useTranslation } from 'react-i18next';
import { getBusinessHistory } from '../../api/registry';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { formatDateTime } from './labels';

/** The ledgered changes to a business and everything registered under it, newest first. */
export function HistorySection({ businessId }: { businessId: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`history:${businessId}`, (signal) => getBusinessHistory(businessId, signal));
  useRegistryChanged(q.reload, () => true);
  const label = (action: string) => (i18n.exists(`history.actions.${action}`) ? t(`history.actions.${action}`) : action);

  return (
    <section className="card" data-testid="history">
      <h2>{t('history.title')}</h2>
      <p className="muted">{t('history.hint')}</p>
      {q.error && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      {q.data && q.data.items.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {q.data && q.data.items.length > 0 && (
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">{t('history.at')}</th>
              <th scope="col">{t('history.action')}</th>
              <th scope="col">{t('history.actor')}</th>
              <th scope="col">{t('common.reason')}</th>
              <th scope="col">{t('history.sealed')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((h) => (
              <tr key={h.id}>
                <td data-label={t('history.at')}>{formatDateTime(h.at, i18n.language)}</td>
                <td data-label={t('history.action')}>{label(h.action)}</td>
                <td data-label={t('history.actor')}>{h.actorName ?? '—'}</td>
                <td data-label={t('common.reason')}>{h.reason ?? '—'}</td>
                <td data-label={t('history.sealed')}>{h.sealed ? `✓ ${t('history.sealed')}` : t('history.pending')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
