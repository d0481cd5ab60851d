import { useTranslation } from 'react-i18next';

/** Full-width message for an unexpected failure; links back to the start page. */
export function ErrorScreen({ detail, onRetry }: { detail?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-screen" role="alert">
      <h1>{t('errors.unexpected')}</h1>
      <p>{t('errors.unexpectedHint')}</p>
      {detail && <pre className="muted small">{detail}</pre>}
      <p className="actions">
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
        <a className="btn btn-primary" href="/">
          {t('errors.goHome')}
        </a>
      </p>
    </div>
  );
}
