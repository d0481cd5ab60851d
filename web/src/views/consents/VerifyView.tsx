import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyInfo, verifyPdf, type VerifyMatch } from '../../api/consents';
import { DocumentVerifyFacts } from '../documents/DocumentVerifyFacts';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { LanguageSwitch } from '../shell/LanguageSwitch';

type Result = VerifyMatch | { match: false };

/**
 * Public, no login: what the QR code on a consent, a notice or an enforcement document opens. Shows the record and its
 * fingerprints, and checks a PDF anyone chooses against them (the file goes to the server,
 * which hashes it): 一致 or 不一致, in large type.
 */
export function VerifyView({ reference }: { reference: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`verify:${reference}`, (signal) => verifyInfo(reference, signal));
  const check = useSubmit();
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  async function onFile(file: File) {
    setFileName(file.name);
    setResult(null);
    let mismatch = false;
    const r = await check.run(() =>
      verifyPdf(reference, file).catch((e: unknown) => {
        mismatch = (e as { code?: string }).code === 'document_mismatch';
        throw e;
      }),
    );
    if (r.ok) setResult(r.value);
    else if (mismatch) {
      check.reset();
      setResult({ match: false });
    }
  }

  const docName = (d: 'consent' | 'notice' | 'document') => (d === 'consent' ? t('verify.consentPdf') : t('verify.noticePdf'));
  const isDocument = q.data?.type === 'document';
  const matchText = (r: VerifyMatch) =>
    r.document !== 'document' ? t('verify.match', { document: docName(r.document) }) : r.latest ? t('documents.verify.match', { n: r.version }) : t('documents.verify.matchOld', { n: r.version, latest: q.data?.type === 'document' ? q.data.version : '' });
  return (
    <main className="main verify-page" id="main">
      <div className="page-head">
        <h1>
          {t('verify.title')} {q.data?.type === 'document' ? (q.data.number ?? '') : (q.data?.ref ?? '')}
        </h1>
        <LanguageSwitch />
      </div>
      <p className="muted">{isDocument ? t('documents.verify.intro') : t('verify.intro')}</p>
      {q.error ? (
        <p className="notice-bad">{q.error.status === 404 || q.error.status === 400 ? t('verify.notFound') : q.error.message}</p>
      ) : !q.data ? (
        <Loading />
      ) : (
        <section className="card">
          {q.data.type === 'document' ? (
            <DocumentVerifyFacts info={q.data} />
          ) : (
            <>
              <dl className="facts">
                <dt>{t('verify.agency')}</dt>
                <dd>{q.data.agencyName}</dd>
                <dt>{t('consent.business')}</dt>
                <dd>{q.data.businessName}</dd>
                <dt>{t('consent.site')}</dt>
                <dd>{q.data.siteName}</dd>
                <dt>{t('consent.status')}</dt>
                <dd data-testid="verify-status">{t(`consent.statuses.${q.data.status}`)}</dd>
                <dt>{t('consent.signedAt')}</dt>
                <dd>{q.data.signedAt ? formatDateTime(q.data.signedAt, i18n.language) : '—'}</dd>
                <dt>{t('consent.validity')}</dt>
                <dd>
                  {q.data.validFrom} — {q.data.validUntil}
                </dd>
              </dl>
              <h2>{t('verify.hashes')}</h2>
              <dl className="facts">
                <dt>{t('verify.consentPdf')}</dt>
                <dd className="hash">{q.data.pdfSha256 ?? '—'}</dd>
                <dt>{t('verify.noticePdf')}</dt>
                <dd className="hash">{q.data.noticePdfSha256 ?? '—'}</dd>
                <dt>{t('verify.textHash')}</dt>
                <dd className="hash">{q.data.textSha256 ?? '—'}</dd>
              </dl>
            </>
          )}
          <label className="btn btn-primary" aria-disabled={check.busy}>
            {check.busy ? t('verify.checking') : t('verify.choose')}
            <input
              className="sr-only"
              type="file"
              name="pdf"
              accept="application/pdf,.pdf"
              disabled={check.busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void onFile(file);
              }}
            />
          </label>
          {fileName && <p className="muted small">{t('verify.fileName', { name: fileName })}</p>}
          {result?.match && (
            <div className="verdict verdict-ok" role="status" data-testid="verify-result" data-match="true">
              <p className="verdict-title">✓ {t('verify.matchTitle')}</p>
              <p>{matchText(result)}</p>
              <p className="hash">SHA-256 {result.sha256}</p>
            </div>
          )}
          {result && !result.match && (
            <div className="verdict verdict-bad" role="alert" data-testid="verify-result" data-match="false">
              <p className="verdict-title">✗ {t('verify.mismatchTitle')}</p>
              <p>{isDocument ? t('documents.verify.mismatchHint') : t('verify.mismatchHint')}</p>
            </div>
          )}
          {check.error && (
            <p className="notice-bad" role="alert">
              {t('verify.failed')}
              {check.error.message}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
