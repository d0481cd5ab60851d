import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { changeConsent, getConsent, getConsentText, proposeConsent, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { NotFoundView } from '../shell/NotFoundView';
import { NoticePhotos } from './NoticePhotos';
import { SignPanel } from './SignPanel';
import { useConsentChanged } from './use-consent-changed';

type ReasonAction = 'withdraw' | 'suspend' | 'resume' | 'revoke';

/** One consent: its status, text, devices, signature record, documents and what the caller may do. */
export function ConsentDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const q = useApiQuery(`consent:${id}`, (signal) => getConsent(id, signal));
  useConsentChanged(q.reload, id);
  const [english, setEnglish] = useState(false);
  const en = useApiQuery(english ? `consent-en:${id}` : null, (signal) => getConsentText(id, 'en', signal));
  const [dialog, setDialog] = useState<ReasonAction | null>(null);
  const propose = useSubmit();

  if (q.error?.status === 404 || q.error?.status === 403) return <NotFoundView />;
  if (!q.data) return q.error ? <ErrorBanner error={q.error} /> : <Loading />;
  const c: Consent = q.data;
  const can = (a: string) => c.actions.includes(a);
  const lang = i18n.language;

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('consent.listTitle')} {c.ref}
        </h1>
        <StatusBadge status={c.status} label={t(`consent.statuses.${c.status}`)} />
      </div>
      <p className="muted" data-testid="consent-status" data-status={c.status}>
        {c.businessName} · {c.siteName}（{c.siteAddress}） · {t('consent.validity')} {c.validFrom} — {c.validUntil}
        {c.amendsRef && ` · ${t('consent.amend')} ${c.amendsRef}`}
      </p>
      {c.statusReason && (
        <p>
          {t('consent.statusReason')}：{c.statusReason}
        </p>
      )}

      <ErrorBanner error={propose.error} />
      <div className="actions">
        {can('propose') && (
          <button type="button" className="btn btn-primary" disabled={propose.busy} onClick={() => void propose.run(() => proposeConsent(c)).then((r) => r.ok && q.reload())}>
            {t('consent.actions.propose')}
          </button>
        )}
        {(['withdraw', 'suspend', 'resume', 'revoke'] as const).filter(can).map((a) => (
          <button key={a} type="button" className={a === 'revoke' || a === 'withdraw' ? 'btn btn-danger' : 'btn'} onClick={() => setDialog(a)}>
            {t(`consent.actions.${a}`)}
          </button>
        ))}
        {can('amend') && (
          <button type="button" className="btn" onClick={() => navigate(`/consents/new?amends=${c.id}`)}>
            {t('consent.actions.amend')}
          </button>
        )}
      </div>

      <div className="doc-links">
        <a className="btn" href={`/api/consents/${c.id}/confirmation.pdf`} data-testid="download-confirmation" download>
          {c.signature ? t('consent.pdf') : t('consent.previewPdf')}
        </a>
        <a className="btn" href={`/api/consents/${c.id}/notice.pdf`} data-testid="download-notice" download>
          {t('consent.noticePdf')}
        </a>
      </div>

      {can('sign') && <SignPanel consent={c} onSigned={q.reload} />}

      <section className="card">
        <h2>{t('consent.devices')}</h2>
        <ul>
          {c.devices.map((d) => (
            <li key={d.deviceId}>
              <strong>{d.name}</strong> · {t(`deviceKind.${d.kind}`)} · {t(`mobility.${d.mobility}`)} · {d.pointsAt || '—'} · {d.coverage || '—'} · {t('consent.audio')}：{d.recordsAudio ? t('common.yes') : t('common.no')}
              {!d.placementCurrent && <span className="badge badge-bad"> {t('consent.placementChanged')}</span>}
            </li>
          ))}
        </ul>
      </section>

      {c.signature && (
        <section className="card" data-testid="signature-record">
          <h2>{t('consent.signatureRecord')}</h2>
          <dl className="facts">
            <dt>{t('consent.signer')}</dt>
            <dd>{c.signature.signerName}</dd>
            <dt>{t('consent.signedAt')}</dt>
            <dd>{formatDateTime(c.signature.signedAt, lang)}</dd>
            <dt>{t('consent.identity')}</dt>
            <dd>
              {t(`method.${c.signature.identityMethod === 'sms_code' ? 'sms' : 'email'}`)} {c.signature.identityAddress}
            </dd>
            <dt>{t('consent.ip')}</dt>
            <dd>{c.signature.ip ?? '—'}</dd>
            <dt>{t('consent.userAgent')}</dt>
            <dd className="small">{c.signature.userAgent ?? '—'}</dd>
            <dt>{t('consent.pdf')} SHA-256</dt>
            <dd className="hash">{c.signature.pdfSha256}</dd>
          </dl>
        </section>
      )}

      {(c.status === 'active' || c.status === 'suspended') && <NoticePhotos consent={c} onUploaded={q.reload} />}

      <section className="card">
        <div className="section-head">
          <h2>{t('consent.text')}</h2>
          <button type="button" className="btn btn-quiet" onClick={() => setEnglish((v) => !v)}>
            {english ? t('consent.showChinese') : t('consent.showEnglish')}
          </button>
        </div>
        {english && <p className="muted small">{t('consent.englishNote')}</p>}
        <div className="consent-text" data-testid="consent-text" lang={english ? 'en' : 'zh-CN'}>
          {english ? (en.data?.text ?? '…') : c.text}
        </div>
        <p className="muted small">
          {t('consent.textHash')}：<span className="hash" data-testid="text-sha256">{c.textSha256}</span> · {c.templateId}/{c.templateVersion}
        </p>
      </section>

      <p>
        <Link to="/consents">← {t('consent.listTitle')}</Link>
      </p>

      {dialog && (
        <ReasonDialog
          title={t(`consent.reasonTitle.${dialog}`)}
          hint={t(`consent.reasonHint.${dialog}`)}
          confirmLabel={t(`consent.actions.${dialog}`)}
          onConfirm={async (reason) => {
            await changeConsent(c, dialog, reason);
            q.reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
