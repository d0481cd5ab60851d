import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { openAlerts } from '../../api/media';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { formatDateTime } from '../businesses/labels';

/** Consented devices offline beyond the threshold (R2), oldest first; nothing shown when none. */
export function OfflineAlerts() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('alerts', (signal) => openAlerts(signal));
  useRegistryChanged(q.reload, (e) => e.entity === 'device_health');
  if (!q.data?.items.length) return null;
  return (
    <section className="card" data-testid="offline-alerts" role="alert">
      <h2>{t('health.alertsTitle', { count: q.data.items.length })}</h2>
      <ul>
        {q.data.items.map((a) => (
          <li key={a.id}>
            <Link to={`/devices/${a.deviceId}/media`}>
              {a.businessName} · {a.deviceName}
            </Link>{' '}
            <span className="muted small">{t('health.offlineSince', { at: formatDateTime(a.since, i18n.language) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
