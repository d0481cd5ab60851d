import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { recordTrail, trailPdfPath } from '../../api/audit-log';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';

/**
 * A record's whole trail (记录访问轨迹; issue 15 item 6): created, viewed, played, downloaded,
 * exported, refused, retention changed, held, purged — in time order, each with its actor, time,
 * address, grant and ledger entry; printed as PDF (the print itself is ledgered).
 */
export function RecordTrailView() {
  const { t, i18n } = useTranslation();
  const { kind = '', id = '' } = useParams();
  const q = useApiQuery(`audit-trail:${kind}:${id}`, (signal) => recordTrail(kind, id, signal));
  const events = q.data?.events ?? [];
  return (
    <div className="page" data-testid="record-trail-page">
      <p>
        <Link to="/audit/reads">← {t('auditLog.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('auditLog.trailTitle')}</h1>
        <div className="actions">
          <a className="btn btn-primary" href={trailPdfPath(kind, id)} target="_blank" rel="noreferrer" data-testid="trail-pdf">
            {t('auditLog.pdf')}
          </a>
        </div>
      </div>
      <p className="muted">{t('auditLog.trailHint')}</p>
      {q.error && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      {q.data && (
        <>
          <section className="card" data-testid="trail-record">
            <p>
              {t(`auditLog.kinds.${q.data.record.kind}`, { defaultValue: q.data.record.kind })} <span className="mono small">{q.data.record.id}</span>
            </p>
            <p className="mono small" style={{ overflowWrap: 'anywhere' }}>SHA-256: {q.data.record.sha256 ?? '—'}</p>
            {q.data.owner?.agencyName && <p className="muted">{q.data.owner.agencyName}</p>}
          </section>
          <section className="card">
            {events.length === 0 ? (
              <EmptyState title={t('auditLog.noEvents')} />
            ) : (
              <table className="table stack" data-testid="trail-events">
                <thead>
                  <tr>
                    <th scope="col">{t('auditLog.at')}</th>
                    <th scope="col">{t('auditLog.event')}</th>
                    <th scope="col">{t('auditLog.who')}</th>
                    <th scope="col">{t('auditLog.ip')}</th>
                    <th scope="col">{t('auditLog.grant')}</th>
                    <th scope="col">{t('auditLog.evidence')}</th>
                    <th scope="col">{t('auditLog.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e, i) => (
                    <tr key={`${e.source}-${e.ledger?.id ?? i}`} data-event={e.event}>
                      <td data-label={t('auditLog.at')}>{formatDateTime(e.at, i18n.language)}</td>
                      <td data-label={t('auditLog.event')}>
                        {t(`auditLog.events.${e.event}`, { defaultValue: e.event })} <span className="muted small mono">{e.action}</span>
                      </td>
                      <td data-label={t('auditLog.who')}>
                        {e.actor.type === 'user' ? (e.actor.name ?? '—') : `${t('auditLog.system')}${e.actor.id ? ` (${e.actor.id})` : ''}`}
                        {e.actor.role && <span className="muted small"> · {t(`role.${e.actor.role}`, { defaultValue: e.actor.role })}</span>}
                      </td>
                      <td data-label={t('auditLog.ip')}>{e.ip ?? '—'}</td>
                      <td data-label={t('auditLog.grant')} className="mono small">{e.grantId ? e.grantId.slice(0, 8) : '—'}</td>
                      <td data-label={t('auditLog.evidence')} className="mono small">
                        {e.ledger ? `#${e.ledger.id}${e.ledger.hash ? ` ${e.ledger.hash.slice(0, 12)}…` : ''}` : e.source === 'deletion' ? t('auditLog.deletionRecord') : '—'}
                      </td>
                      <td data-label={t('auditLog.detail')}>{e.detail ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
