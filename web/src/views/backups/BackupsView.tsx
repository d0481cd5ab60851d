import { useTranslation } from 'react-i18next';
import { listBackups, type Backup } from '../../api/backups';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { AdminTabs } from '../admin/AdminTabs';

const MB = 1024 * 1024;
const size = (bytes: number | null) => (bytes === null ? '—' : bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** 异地备份 (R10): the schedule, the latest recovery point and every backup run, newest first. */
export function BackupsView() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useApiQuery('backups', (signal) => listBackups(signal));
  const items: Backup[] = q.data?.items ?? [];
  const lastOk = items.find((b) => b.status === 'completed');
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  return (
    <div className="page" data-testid="backups-page">
      {can(user, 'user.admin') && <AdminTabs />}
      <h1>{t('backups.title')}</h1>
      <p className="muted">{t('backups.hint')}</p>
      {q.error && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      {q.data && (
        <section className="card" data-testid="backup-schedule">
          <p>{q.data.configured ? t('backups.schedule', { hours: q.data.intervalHours, location: q.data.location }) : t('backups.notConfigured')}</p>
          <p>{lastOk ? t('backups.lastOk', { at: when(lastOk.recoveryPoint) }) : t('backups.noneOk')}</p>
          <p className="muted small">{t('backups.recoveryHint')}</p>
        </section>
      )}
      {q.data && (
        <section className="card">
          {items.length === 0 && <p className="muted">{t('backups.empty')}</p>}
          {items.length > 0 && (
            <table className="table stack" data-testid="backup-list">
              <thead>
                <tr>
                  <th scope="col">{t('backups.id')}</th>
                  <th scope="col">{t('backups.status')}</th>
                  <th scope="col">{t('backups.started')}</th>
                  <th scope="col">{t('backups.recoveryPoint')}</th>
                  <th scope="col">{t('backups.size')}</th>
                  <th scope="col">{t('backups.blobs')}</th>
                  <th scope="col">{t('backups.checkpoint')}</th>
                  <th scope="col">{t('backups.manifest')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((b) => (
                  <tr key={b.id} data-status={b.status}>
                    <td data-label={t('backups.id')}>
                      <code>{b.id}</code> <span className="muted small">{t(`backups.triggers.${b.trigger}`)}</span>
                    </td>
                    <td data-label={t('backups.status')}>
                      <span className={`badge ${b.status === 'failed' ? 'badge-bad' : 'badge-ok'}`}>{t(`backups.statuses.${b.status}`)}</span>
                      {b.error && (
                        <span className="small" title={t('backups.error')}>
                          {' '}
                          {b.error}
                        </span>
                      )}
                    </td>
                    <td data-label={t('backups.started')}>{when(b.startedAt)}</td>
                    <td data-label={t('backups.recoveryPoint')}>{when(b.recoveryPoint)}</td>
                    <td data-label={t('backups.size')}>{size(b.databaseBytes)}</td>
                    <td data-label={t('backups.blobs')}>{b.blobs === null ? '—' : t('backups.blobsValue', { count: b.blobs, copied: b.blobsCopied ?? 0 })}</td>
                    <td data-label={t('backups.checkpoint')}>{b.ledgerCheckpointSize === null ? '—' : t('backups.checkpointValue', { size: b.ledgerCheckpointSize })}</td>
                    <td data-label={t('backups.manifest')}>{b.manifestSha256 ? <code style={{ overflowWrap: 'anywhere' }} title={b.manifestSha256}>{b.manifestSha256.slice(0, 16)}…</code> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
