import { useTranslation } from 'react-i18next';
import type { AuditItem } from '../../api/admin';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatDateTime } from '../businesses/labels';

/** A record's changes as the ledger holds them, newest first: what, who, when, why, sealed or not. */
export function AuditTrail({ queryKey, load }: { queryKey: string; load: (signal: AbortSignal) => Promise<{ items: AuditItem[] }> }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(queryKey, load);
  const label = (action: string) => (i18n.exists(`admin.audit.actions.${action}`) ? t(`admin.audit.actions.${action}`) : action);
  return (
    <section className="card" data-testid="audit-trail">
      <h2>{t('admin.audit.trail')}</h2>
      {q.error && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      {q.data?.items.length === 0 && <p className="muted">{t('admin.audit.trailEmpty')}</p>}
      {!!q.data?.items.length && (
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.detail')}</th>
              <th scope="col">{t('admin.audit.sealed')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((h) => (
              <tr key={h.id} data-action={h.action}>
                <td data-label={t('admin.audit.at')}>{formatDateTime(h.at, i18n.language)}</td>
                <td data-label={t('admin.audit.action')}>{label(h.action)}</td>
                <td data-label={t('admin.audit.actor')}>{h.actorName ?? '—'}</td>
                <td data-label={t('admin.audit.detail')}>{h.reason ?? '—'}</td>
                <td data-label={t('admin.audit.sealed')}>{h.sealed ? `✓ ${t('admin.audit.sealed')}` : t('admin.audit.pending')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A one-time password shown once, to be handed over. */
export function OneTimePassword({ text, password }: { text: string; password: string }) {
  return (
    <div className="banner banner-ok" role="status" data-testid="one-time-password">
      <p>{text}</p>
      <p>
        <code className="otp" data-testid="otp-value">
          {password}
        </code>
      </p>
    </div>
  );
}
