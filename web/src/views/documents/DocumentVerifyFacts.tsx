import { useTranslation } from 'react-i18next';
import type { DocumentVerifyInfo } from '../../api/consents';
import { formatDateTime } from '../businesses/labels';

/** What the verify page shows of an enforcement document: kind, number, agency, date, versions and their fingerprints. */
export function DocumentVerifyFacts({ info }: { info: DocumentVerifyInfo }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (
    <>
      <dl className="facts" data-testid="verify-document">
        <dt>{t('documents.verify.kind')}</dt>
        <dd>{zh ? info.title : `${info.titleEn} (${info.title})`}</dd>
        <dt>{t('documents.verify.number')}</dt>
        <dd data-testid="verify-number">{info.number ?? '—'}</dd>
        <dt>{t('documents.verify.agency')}</dt>
        <dd>{info.agencyName}</dd>
        <dt>{t('documents.verify.issuedAt')}</dt>
        <dd>{formatDateTime(info.issuedAt, i18n.language)}</dd>
        <dt>{t('documents.verify.version')}</dt>
        <dd>{t('documents.verify.versionN', { n: info.version })}</dd>
        <dt>{t('documents.verify.sealed')}</dt>
        <dd>{info.sealed ? t('documents.verify.sealedYes') : t('documents.verify.sealedNo')}</dd>
      </dl>
      <h2>{t('documents.verify.versions')}</h2>
      <dl className="facts">
        {info.versions.map((v) => (
          <div key={v.version} style={{ display: 'contents' }}>
            <dt>
              {t('documents.verify.versionN', { n: v.version })} · {formatDateTime(v.issuedAt, i18n.language)}
            </dt>
            <dd className="hash">
              {v.sha256}
              {v.reason && <span className="muted small"> {t('documents.verify.correction', { reason: v.reason })}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
