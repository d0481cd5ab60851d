import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyInfo, verifyPdf } from '../../api/consents';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { LanguageSwitch } from '../shell/LanguageSwitch';

/** Public: what the QR code on a consent or notice opens. Shows the record and checks a PDF. */
export function VerifyView({ reference }: { reference: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`verify:${reference}`, (signal) => verifyInfo(reference, signal));
  const check = useSubmit();
  const [match, setMatch] = useState<string | null>(null);
  return (
    <main className="main verify-page" id="main">
      <div className="page-head">
        <h1>
          {t('verify.title')} {reference}
        </h1>
        <LanguageSwitch />
      </div>
      <p className="muted">{t('verify.intro')}</p>
      {q.error ? (
        <p className="notice-bad">{q.error.status === 404 ? t('verify.notFound') : q.error.message}</p>
      ) : !q.data ? (
        <Loading />
      ) : (
        <section className="card">
          <dl className="facts">
            <dt>{t('consent.business')}</dt>
            <dd>{q.data.businessName}</dd>
            <dt>{t('consent.site')}</dt>
            <dd>{q.data.siteName}</dd>
            <dt>{t('consent.status')}</dt>
            <dd>{t(`consent.statuses.${q.data.status}`)}</dd>
            <dt>{t('consent.signedAt')}</dt>
            <dd>{q.data.signedAt ? formatDateTime(q.data.signedAt, i18n.language) : '—'}</dd>
            <dt>{t('consent.validity')}</dt>
            <dd>
              {q.data.validFrom} — {q.data.validUntil}
            </dd>
          </dl>
          <h2>{t('verify.hashes')}</h2>
          <p>
            {t('verify.consentPdf')}：<span className="hash">{q.data.pdfSha256 ?? '—'}</span>
          </p>
          <p>
            {t('verify.noticePdf')}：<span className="hash">{q.data.noticePdfSha256 ?? '—'}</span>
          </p>
          <label className="btn">
            {check.busy ? t('verify.checking') : t('verify.choose')}
            <input
              className="sr-only"
              type="file"
              name="pdf"
              accept="application/pdf"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                setMatch(null);
                if (file) void check.run(() => verifyPdf(reference, file)).then((r) => r.ok && setMatch(r.value.document === 'consent' ? t('verify.consentPdf') : t('verify.noticePdf')));
              }}
            />
          </label>
          {match && (
            <p className="notice-ok" role="status" data-testid="verify-result">
              {t('verify.match', { document: match })}
            </p>
          )}
          {check.error && (
            <p className="notice-bad" role="alert" data-testid="verify-result">
              {t('verify.mismatch')}
              {check.error.message}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
