import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';

/**
 * The failure of a case act: a refusal of the procedure (409, or 403 for the wrong role) names its
 * rule in its own line; anything else is the ordinary error banner.
 */
export function RefusalBanner({ error }: { error: ApiError | string | undefined }) {
  const { t } = useTranslation();
  if (!error || typeof error === 'string' || !error.refusal) return <ErrorBanner error={error} />;
  return (
    <div className="banner banner-error" role="alert" data-testid="case-refusal" data-code={error.refusal.code}>
      <p>
        <strong>{t('cases.ws.refused', { message: error.refusal.message })}</strong>
      </p>
      <p data-testid="case-refusal-rule">{t('cases.ws.rule', { rule: error.refusal.rule })}</p>
      {error.refusal.missing && error.refusal.missing.length > 0 && (
        <ul data-testid="case-refusal-missing">
          {error.refusal.missing.map((g) => (
            <li key={g.item} data-item={g.item}>
              {g.zh} <span className="small">({g.rule})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
