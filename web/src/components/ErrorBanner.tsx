import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

/** The overall message of a failed action; announced to screen readers. */
export function ErrorBanner({ error, children }: { error: ApiError | string | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  const requestId = typeof error === 'string' ? '' : error.requestId;
  return (
    <div className="banner banner-error" role="alert">
      <p>{message}</p>
      {requestId && <p className="muted small">{t('errors.requestId', { id: requestId })}</p>}
      {children}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-ok" role="status">
      {children}
    </div>
  );
}
