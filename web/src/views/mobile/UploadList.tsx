import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import type { MobileRecording } from '../../api/mobile-recordings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime } from '../../format/datetime';

const size = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Uploaded field records with their labels, hash and late badge (逾期上传 with the reason); phone: one card each. */
export function UploadList({ items, error, showTarget = false }: { items: MobileRecording[] | undefined; error?: ApiError; showTarget?: boolean }) {
  const { t, i18n } = useTranslation();
  if (error) return <ErrorBanner error={error} />;
  if (!items) return null;
  if (items.length === 0) return <p className="muted small">{t('mobile.empty')}</p>;
  return (
    <ul className="upload-list" data-testid="upload-list">
      {items.map((r) => (
        <li key={r.id} className="upload-item" data-status={r.status} data-late={r.late ? 'true' : 'false'}>
          <div className="upload-head">
            <strong>{r.filename}</strong> <span className="badge">{t(`mobile.kinds.${r.kind}`)}</span>{' '}
            {r.late && (
              <span className="badge badge-warn" data-testid="late-badge">
                {t('mobile.late')}
              </span>
            )}{' '}
            {r.status !== 'complete' && <span className="badge">{t(`mobile.statuses.${r.status}`)}</span>}
          </div>
          {r.late && r.lateReason && <p className="small">{t('mobile.lateReasonShown', { reason: r.lateReason })}</p>}
          <dl className="upload-facts small">
            {showTarget && r.target.name && (
              <>
                <dt>{t(r.target.kind === 'case' ? 'mobile.case' : 'mobile.device')}</dt>
                <dd>{r.target.name}</dd>
              </>
            )}
            <dt>{t('mobile.captured')}</dt>
            <dd>
              {formatDateTime(r.capturedFrom, i18n.language)} – {formatDateTime(r.capturedTo, i18n.language)}
            </dd>
            <dt>{t('mobile.party')}</dt>
            <dd>{r.party.name}</dd>
            <dt>{t('mobile.matter')}</dt>
            <dd>{r.matter}</dd>
            <dt>{t('mobile.officers')}</dt>
            <dd>{r.officers.map((o) => o.name).join('、')}</dd>
            <dt>{t('mobile.uploaded')}</dt>
            <dd>
              {r.uploadedBy.name} · {formatDateTime(r.finishedAt ?? r.startedAt, i18n.language)} · {size(r.size)}
            </dd>
            {r.recorderSerial && (
              <>
                <dt>{t('mobile.serial')}</dt>
                <dd>{r.recorderSerial}</dd>
              </>
            )}
            <dt>SHA-256</dt>
            <dd className="mono hash" title={r.sha256 ?? r.declaredSha256}>
              {r.sha256 ?? r.declaredSha256}
            </dd>
            {r.status === 'refused' && r.refusal && (
              <>
                <dt>{t('mobile.refused')}</dt>
                <dd>{t(`mobile.refusals.${r.refusal}`)}</dd>
              </>
            )}
          </dl>
          {r.contentUrl && (
            <a className="btn btn-small" href={`${r.contentUrl}?download=1`} download>
              {t('mobile.download')}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
