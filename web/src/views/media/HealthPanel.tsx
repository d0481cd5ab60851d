import { useTranslation } from 'react-i18next';
import { getHealth } from '../../api/media';
import { ErrorBanner } from '../../components/ErrorBanner';
import { DeviceStateBadge } from '../../components/DeviceStateBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { Link } from 'react-router';
import { formatDateTime } from '../businesses/labels';

/** A device's stream health now, and recording coverage for the last seven days. */
export function HealthPanel({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`health:${deviceId}`, (signal) => getHealth(deviceId, signal));
  useRegistryChanged(q.reload, (e) => e.entity === 'device_health' && e.id === deviceId);
  const h = q.data;
  return (
    <section className="card" data-testid="device-health">
      <h2>{t('health.title')}</h2>
      <ErrorBanner error={q.error} />
      {h && (
        <>
          <p>
            <DeviceStateBadge state={h.state} lastSeenAt={h.lastSeenAt} />
            {h.online && h.stateSince && <span className="muted small"> {t('health.since', { at: formatDateTime(h.stateSince, i18n.language) })}</span>}
            {h.alert && h.tamper.length === 0 && <strong className="notice-bad"> {t('health.alert')}</strong>}
          </p>
          {h.tamper.length > 0 && (
            <ul className="notice-bad small" data-testid="device-tamper">
              {h.tamper.map((x) => (
                <li key={x.flagId}>
                  <Link to={`/flags/${x.flagId}`}>{t(`flags.types.${x.type}`)}</Link> · {t('health.tamperSince', { at: formatDateTime(x.since, i18n.language) })}
                </li>
              ))}
            </ul>
          )}
          {h.online && (
            <p className="small">
              {h.bitrateKbps ?? '—'} kbps · {h.fps ?? '—'} fps · {h.width && h.height ? `${h.width}×${h.height}` : '—'} · {t('health.lastFrame')} {h.lastFrameAt ? formatDateTime(h.lastFrameAt, i18n.language) : '—'}
            </p>
          )}
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('health.day')}</th>
                <th scope="col">{t('health.uptime')}</th>
                <th scope="col">{t('health.blind')}</th>
              </tr>
            </thead>
            <tbody>
              {h.days.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  {/* A day the device was not installed or not consented has no coverage to measure and no blind time. */}
                  <td title={d.uptimePercent === null ? t('recordings.legend.notWatched') : undefined}>{d.uptimePercent === null ? '—' : `${d.uptimePercent}%`}</td>
                  <td>{d.watchedMinutes === 0 ? '—' : d.blindMinutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
