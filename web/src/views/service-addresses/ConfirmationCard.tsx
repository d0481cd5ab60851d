import { useTranslation } from 'react-i18next';
import { confirmationPdfUrl, type ServiceConfirmation } from '../../api/service-addresses';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format/datetime';

/**
 * One signed version of the 送达地址确认书: its addresses, who signed it and when, whether it is the
 * one in force, and its PDF as signed. The same card for the business and the officer.
 */
export function ConfirmationCard({ c, heading }: { c: ServiceConfirmation; heading?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="confirmation" data-testid={`confirmation-v${c.version}`}>
      <div className="section-head">
        <h3>
          {heading ?? t('serviceAddress.versionN', { version: c.version })}{' '}
          <StatusBadge status={c.current ? 'active' : 'superseded'} label={c.current ? t('serviceAddress.currentBadge') : t('serviceAddress.supersededBadge')} />
        </h3>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('serviceAddress.number')}</dt>
          <dd className="mono">{c.number ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('serviceAddress.signer')}</dt>
          <dd>{t('serviceAddress.signerWithRole', { name: c.signerName, role: c.signerRole })}</dd>
        </div>
        <div>
          <dt>{t('serviceAddress.signedAt')}</dt>
          <dd>{formatDateTime(c.signedAt, lang)}</dd>
        </div>
        {c.supersededBy && (
          <div>
            <dt>{t('serviceAddress.supersededBadge')}</dt>
            <dd>{t('serviceAddress.supersededBy', { version: c.supersededBy.version, at: formatDateTime(c.supersededBy.signedAt, lang) })}</dd>
          </div>
        )}
      </dl>
      <h4>{t('serviceAddress.addresses')}</h4>
      <ul className="confirmed-addresses">
        {c.addresses.map((a) => (
          <li key={a.serviceAddressId}>
            <span className="muted small">{t(`serviceAddress.method.${a.method}`)}</span> <span className="cell-title">{a.address}</span>
          </li>
        ))}
        {c.portal && (
          <li>
            <span className="muted small">{t('serviceAddress.portal')}</span> <span className="cell-title">{t('serviceAddress.portalValue')}</span>
          </li>
        )}
      </ul>
      <p className="actions actions-start">
        <a className="btn" href={confirmationPdfUrl(c.id)} download data-testid={`confirmation-pdf-v${c.version}`}>
          {t('serviceAddress.downloadPdf')}
        </a>
        <span className="muted small mono sha">SHA-256 {c.pdfSha256.slice(0, 16)}…</span>
      </p>
    </div>
  );
}
