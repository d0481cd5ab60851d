import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusReasonText } from '../../format/system-reason';
import { Link, useNavigate } from 'react-router';
import { changeConsent, getConsent, proposeConsent, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { NotFoundView } from '../shell/NotFoundView';
import { ConsentTextSection } from './ConsentTextSection';
import { NoticePhotos } from './NoticePhotos';
import { SignedCard } from './SignedCard';
import { SignPanel } from './SignPanel';
import { useConsentChanged } from './use-consent-changed';

type ReasonAction = 'withdraw' | 'suspend' | 'resume' | 'revoke';

/**
 * One consent: its status, text, devices, signature record, documents and what the caller may
 * do. For a business that may sign, the page reads top to bottom as the signing steps.
 */
export function ConsentDetailView({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useApiQuery(`consent:${id}`, (signal) => getConsent(id, signal));
  useConsentChanged(q.reload, id);
  const [dialog, setDialog] = useState<ReasonAction | null>(null);
  const [justSigned, setJustSigned] = useState(false);
  const propose = useSubmit();

  if (q.error?.status === 404 || q.error?.status === 403) return <NotFoundView />;
  if (!q.data) return q.error ? <ErrorBanner error={q.error} /> : <Loading />;
  const c: Consent = q.data;
  const can = (a: string) => c.actions.includes(a);
  const signing = can('sign');
  const signedNow = justSigned && c.status === 'active';
  const photos = (c.status === 'active' || c.status === 'suspended') && <NoticePhotos consent={c} onUploaded={q.reload} />;

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('consent.listTitle')} {c.ref}
        </h1>
        <StatusBadge status={c.status} label={t(`consent.statuses.${c.status}`)} />
      </div>
      <p className="muted" data-testid="consent-status" data-status={c.status}>
        {c.businessName} · {c.siteName}
        {t('sweep.open')}
        {c.siteAddress}
        {t('sweep.close')} · {t('consent.validity')} {c.validFrom} — {c.validUntil}
        {c.amendsRef && ` · ${t('consent.amend')} ${c.amendsRef}`}
      </p>
      {c.statusReason && (
        <p>
          {t('consent.statusReason')}
          {t('sweep.colon')}
          {statusReasonText(t, c.statusReason)}
        </p>
      )}

      {signedNow && <SignedCard consent={c} />}
      {signedNow && photos}

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

      {!signedNow && (
        <div className="doc-links">
          <a className="btn" href={`/api/consents/${c.id}/confirmation.pdf`} data-testid="download-confirmation" download>
            {c.signature ? t('consent.pdf') : t('consent.previewPdf')}
          </a>
          <a className="btn" href={`/api/consents/${c.id}/notice.pdf`} data-testid="download-notice" download>
            {t('consent.noticePdf')}
          </a>
        </div>
      )}

      {signing && <ConsentTextSection consent={c} asStep />}

      <section className="card">
        <h2>{t('consent.devices')}</h2>
        <ul className="device-list">
          {c.devices.map((d) => (
            <li key={d.deviceId}>
              <strong>{d.name}</strong> · {t(`deviceKind.${d.kind}`)} · {t(`mobility.${d.mobility}`)} · {d.pointsAt || '—'} · {d.coverage || '—'} · {t('consent.audio')}
              {t('sweep.colon')}
              {d.recordsAudio ? t('common.yes') : t('common.no')}
              {!d.placementCurrent && <span className="badge badge-bad"> {t('consent.placementChanged')}</span>}
            </li>
          ))}
        </ul>
      </section>

      {signing && (
        <SignPanel
          consent={c}
          onSigned={() => {
            setJustSigned(true);
            q.reload();
          }}
        />
      )}

      <AgencySide consent={c} />
      {c.signature && <SignatureRecord signature={c.signature} />}

      {!signedNow && photos}

      {!signing && <ConsentTextSection consent={c} />}

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

function SignatureRecord({ signature: s }: { signature: NonNullable<Consent['signature']> }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="signature-record">
      <h2>{t('consent.signatureRecord')}</h2>
      <dl className="facts">
        <dt>{t('consent.signer')}</dt>
        <dd>{s.signerName}</dd>
        <dt>{t('consent.signedAt')}</dt>
        <dd>{formatDateTime(s.signedAt, i18n.language)}</dd>
        <dt>{t('consent.identity')}</dt>
        <dd>
          {t(`method.${s.identityMethod === 'sms_code' ? 'sms' : 'email'}`)} {s.identityAddress}
        </dd>
        <dt>{t('consent.ip')}</dt>
        <dd>{s.ip ?? '—'}</dd>
        <dt>{t('consent.userAgent')}</dt>
        <dd className="small">{s.userAgent ?? '—'}</dd>
        <dt>{t('consent.pdf')} SHA-256</dt>
        <dd className="hash">{s.pdfSha256}</dd>
        {s.noticePdfSha256 && (
          <>
            <dt>{t('consent.noticePdf')} SHA-256</dt>
            <dd className="hash">{s.noticePdfSha256}</dd>
          </>
        )}
      </dl>
      <h3>{t('consentLegal.confirmations')}</h3>
      {s.confirmations ? (
        <ul className="confirmations" data-testid="confirmations">
          {s.confirmations.map((x) => (
            <li key={x.key}>
              <span aria-hidden="true">☑ </span>
              {x.text}
              <span className="muted small">
                {' '}
                · {t('consentLegal.confirmedAt')} {formatDateTime(x.confirmedAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('consentLegal.noConfirmations')}</p>
      )}
    </section>
  );
}

/** The agency's side: the agency, its phone (printed on the site notice) and the issuing officer. */
function AgencySide({ consent: c }: { consent: Consent }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="agency-side">
      <h2>{t('consentLegal.agencySide')}</h2>
      <dl className="facts">
        <dt>{t('consentLegal.agencySide')}</dt>
        <dd>{c.agencyName}</dd>
        <dt>{t('consentLegal.agencyPhone')}</dt>
        <dd>{c.agencyPhone ?? <span className="muted">{t('consentLegal.noPhone')}</span>}</dd>
        <dt>{t('consentLegal.issuedBy')}</dt>
        <dd>{c.issuedBy.name}</dd>
      </dl>
    </section>
  );
}
