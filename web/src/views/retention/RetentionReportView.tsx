import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRetentionReport } from '../../api/retention';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** 保存与销毁 (R11): what will go when, what went (signed, checked), holds in force — over one's agency subtree. */
export function RetentionReportView() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(30);
  const q = useApiQuery(`retention-report:${days}`, (signal) => getRetentionReport(days, signal));
  const r = q.data;
  return (
    <div className="page" data-testid="retention-page">
      <h1>{t('retention.title')}</h1>
      <p className="muted">{t('retention.hint')}</p>
      <label className="field">
        {t('retention.days')}{' '}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="retention-days">
          {[7, 30, 90, 180, 365].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {q.error && <ErrorBanner error={q.error} />}
      {!r && !q.error && <Loading />}
      {r && (
        <>
          <section className="card" data-testid="retention-forecast">
            <h2>{t('retention.forecast')}</h2>
            <p>{t('retention.total', { segments: r.totals.segments, size: size(r.totals.bytes) })}</p>
            {r.forecast.length === 0 ? (
              <p className="muted">{t('retention.forecastEmpty')}</p>
            ) : (
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">{t('retention.day')}</th>
                    <th scope="col">{t('retention.business')}</th>
                    <th scope="col">{t('retention.device')}</th>
                    <th scope="col">{t('retention.segments')}</th>
                    <th scope="col">{t('retention.size')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.forecast.map((f) => (
                    <tr key={`${f.day}:${f.device.id}`}>
                      <td data-label={t('retention.day')}>{f.day}</td>
                      <td data-label={t('retention.business')}>{f.business.name}</td>
                      <td data-label={t('retention.device')}>{f.device.name}</td>
                      <td data-label={t('retention.segments')}>{f.segments}</td>
                      <td data-label={t('retention.size')}>{size(f.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" data-testid="retention-deletions">
            <h2>{t('retention.deletions')}</h2>
            {r.deletions.length === 0 ? (
              <p className="muted">{t('retention.deletionsEmpty')}</p>
            ) : (
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">{t('retention.deletedAt')}</th>
                    <th scope="col">{t('retention.subject')}</th>
                    <th scope="col">{t('retention.rule')}</th>
                    <th scope="col">{t('retention.size')}</th>
                    <th scope="col">{t('retention.signature')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.deletions.map((d) => (
                    <tr key={d.sha256}>
                      <td data-label={t('retention.deletedAt')}>{formatDateTime(d.deletedAt, i18n.language)}</td>
                      <td data-label={t('retention.subject')}>
                        {d.business} · {d.device} <code className="small" title={d.sha256}>{d.sha256.slice(0, 12)}…</code>
                      </td>
                      <td data-label={t('retention.rule')}>
                        <code>{d.rule}</code>
                      </td>
                      <td data-label={t('retention.size')}>{size(d.size)}</td>
                      <td data-label={t('retention.signature')}>
                        <span className={`badge ${d.signatureValid === false ? 'badge-bad' : 'badge-ok'}`}>{d.signatureValid === null ? t('retention.signatureUnknown') : d.signatureValid ? t('retention.signatureOk') : t('retention.signatureBad')}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" data-testid="retention-holds">
            <h2>{t('retention.holds')}</h2>
            {r.holds.length === 0 ? (
              <p className="muted">{t('retention.holdsEmpty')}</p>
            ) : (
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">{t('retention.record')}</th>
                    <th scope="col">{t('retention.reason')}</th>
                    <th scope="col">{t('retention.status')}</th>
                    <th scope="col">{t('retention.reviewOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.holds.map((h) => (
                    <tr key={h.id} data-status={h.status}>
                      <td data-label={t('retention.record')}>
                        {h.record.label ?? h.record.kind}
                        {h.record.windowFrom && h.record.windowTo && (
                          <span className="muted small">
                            {' '}
                            {formatDateTime(h.record.windowFrom, i18n.language)} – {formatDateTime(h.record.windowTo, i18n.language)}
                          </span>
                        )}
                      </td>
                      <td data-label={t('retention.reason')} title={h.basis}>
                        {t(`retention.reasons.${h.reason}`)}
                      </td>
                      <td data-label={t('retention.status')}>
                        <span className={`badge ${h.status === 'review_due' ? 'badge-warn' : 'badge-ok'}`}>{t(`retention.statuses.${h.status}`)}</span>
                      </td>
                      <td data-label={t('retention.reviewOn')}>{h.reviewOn}</td>
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
