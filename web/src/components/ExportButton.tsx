import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { downloadExport, type ExportJob } from '../api/exports';
import { useExportJob } from '../hooks/use-export-job';
import { can, useUser } from '../hooks/use-session';
import { ErrorBanner } from './ErrorBanner';
import './watermark.css';

/**
 * 导出(带水印): downloads a watermarked copy of a record (there is no export without one). Shown
 * only to those who may export; the server decides again and logs every copy. A clip is made in
 * the background: a bar shows its progress, then a link fetches the copy (once; the server
 * removes it after).
 */
export function ExportButton({ path, label }: { path: string; label?: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [started, setStarted] = useState<ExportJob | null>(null);
  const [error, setError] = useState<ApiError | string | undefined>();
  const { job, error: jobError } = useExportJob(started);
  if (!can(user, 'record.export')) return null;
  const running = !!job && (job.status === 'queued' || job.status === 'running');
  const go = () => {
    setBusy(true);
    setError(undefined);
    setDone(null);
    setStarted(null);
    downloadExport(path).then(
      (copy) => {
        setBusy(false);
        if ('job' in copy) setStarted(copy.job);
        else setDone(copy.exportId);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : String(err));
      },
    );
  };
  return (
    <div className="export-action" data-testid="export-action">
      <button type="button" className="btn btn-small" onClick={go} disabled={busy || running} title={t('watermark.exportHint')} data-testid="export-watermarked">
        {busy || running ? t('watermark.exporting') : (label ?? t('watermark.export'))}
      </button>
      {job && running && (
        <span className="export-progress" data-testid="export-progress" data-status={job.status}>
          <progress max={100} value={job.percent} aria-label={t('watermark.progress', { percent: job.percent })} />
          <span className="small muted">{job.status === 'queued' ? t('watermark.queued') : t('watermark.progress', { percent: job.percent })}</span>
        </span>
      )}
      {job?.status === 'done' && job.fileUrl && job.exportId && (
        <span className="small" role="status" data-testid="export-done" data-export-id={job.exportId}>
          {' '}
          <a href={job.fileUrl} download data-testid="export-download">
            {t('watermark.download')}
          </a>{' '}
          <span className="muted">{t('watermark.exported', { id: job.exportId })}</span>
        </span>
      )}
      {job?.status === 'failed' && (
        <span className="field-error" role="alert" data-testid="export-failed">
          {' '}
          {t('watermark.failed', { reason: job.error ?? '' })}
        </span>
      )}
      {done && (
        <span className="small muted" role="status" data-testid="export-done" data-export-id={done}>
          {' '}
          {t('watermark.exported', { id: done })}
        </span>
      )}
      <ErrorBanner error={error ?? (jobError instanceof ApiError ? jobError : jobError ? String(jobError) : undefined)} />
    </div>
  );
}
