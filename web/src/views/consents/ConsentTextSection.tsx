import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getConsentText, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApiQuery } from '../../hooks/use-api-query';

/**
 * The rendered consent text in a scroll area: the binding Chinese text, or the English reading
 * copy on request. While the business signs, this is step 1 of the signing page.
 */
export function ConsentTextSection({ consent, asStep = false }: { consent: Consent; asStep?: boolean }) {
  const { t } = useTranslation();
  const [english, setEnglish] = useState(false);
  const en = useApiQuery(english ? `consent-en:${consent.id}:${consent.textSha256 ?? consent.version}` : null, (signal) => getConsentText(consent.id, 'en', signal));
  return (
    <section className="card" aria-labelledby="consent-text-title">
      <div className="section-head">
        <h2 id="consent-text-title">{asStep ? t('consent.sign.step1') : t('consent.text')}</h2>
        <button type="button" className="btn btn-quiet" aria-pressed={english} onClick={() => setEnglish((v) => !v)}>
          {english ? t('consent.showChinese') : t('consent.showEnglish')}
        </button>
      </div>
      {asStep && !english && <p className="muted small">{t('consent.sign.readHint')}</p>}
      {english && <p className="muted small">{t('consent.englishNote')}</p>}
      {english && <ErrorBanner error={en.error} />}
      <div className="consent-text" data-testid="consent-text" lang={english ? 'en' : 'zh-CN'} tabIndex={0} aria-label={t('consent.text')}>
        {english ? (en.data?.text ?? '…') : consent.text}
      </div>
      <p className="muted small">
        {t('consent.textHash')}
        {t('sweep.colon')}
        <span className="hash" data-testid="text-sha256">{consent.textSha256}</span> · {consent.templateId}/{consent.templateVersion}
      </p>
    </section>
  );
}
