import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { downloadExport } from '../api/exports';
import { can, useUser } from '../hooks/use-session';
import { ErrorBanner } from './ErrorBanner';
import './watermark.css';

/**
 * 导出(带水印): downloads a watermarked copy of a record (there is no export without one). Shown
 * only to those who may export; the server decides again and logs every copy.
 */
export function ExportButton({ path, label }: { path: string; label?: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | string | undefined>();
  if (!can(user, 'record.export')) return null;
  const go = () => {
    setBusy(true);
    setError(undefined);
    setDone(null);
    downloadExport(path).then(
      (copy) => {
        setBusy(false);
        setDone(copy.exportId);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : String(err));
      },
    );
  };
  return (
    <div className="export-action" data-testid="export-action">
      <button type="button" className="btn btn-small" onClick={go} disabled={busy} title={t('watermark.exportHint')} data-testid="export-watermarked">
        {busy ? t('watermark.exporting') : (label ?? t('watermark.export'))}
      </button>
      {done && (
        <span className="small muted" role="status" data-testid="export-done" data-export-id={done}>
          {' '}
          {t('watermark.exported', { id: done })}
        </span>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
