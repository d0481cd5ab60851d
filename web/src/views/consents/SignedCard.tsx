import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consent } from '../../api/consents';

/**
 * What the business sees right after signing: the signed consent and the site notice to
 * download, and what to do next (print, post, photograph the notice).
 */
export function SignedCard({ consent }: { consent: Consent }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo({ top: 0 });
    heading.current?.focus();
  }, []);
  return (
    <section className="card signed-card" data-testid="signed-card">
      <h2 ref={heading} tabIndex={-1}>
        <span aria-hidden="true">✓ </span>
        {t('consent.sign.done')}
      </h2>
      <p>{t('consent.sign.doneLead', { ref: consent.ref })}</p>
      <div className="doc-links">
        <a className="btn btn-primary" href={`/api/consents/${consent.id}/confirmation.pdf`} data-testid="download-confirmation" download>
          {t('consent.sign.downloadConfirmation')}
        </a>
        <a className="btn" href={`/api/consents/${consent.id}/notice.pdf`} data-testid="download-notice" download>
          {t('consent.sign.downloadNotice')}
        </a>
      </div>
      <p className="next-title">{t('consent.sign.nextTitle')}</p>
      <ol className="next-steps">
        <li>{t('consent.sign.next1')}</li>
        <li>{t('consent.sign.next2')}</li>
        <li>{t('consent.sign.next3')}</li>
      </ol>
    </section>
  );
}
