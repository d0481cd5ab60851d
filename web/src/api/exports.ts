import i18n, { currentLang } from '../i18n';
import { api, ApiError, csrfTokenForUpload, toApiError } from './client';

/** The watermarked exports (issue 15): each POST makes, logs and returns one copy. */
export const flagClipExportPath = (flagId: string, version?: number) => `/api/exports/flags/${flagId}/clip${version ? `?version=${version}` : ''}`;
export const flagSnapshotExportPath = (flagId: string) => `/api/exports/flags/${flagId}/snapshot`;
export const documentExportPath = (documentId: string, version?: number) => `/api/exports/documents/${documentId}/pdf${version ? `?version=${version}` : ''}`;

export type ExportedCopy = { exportId: string; sha256: string; fileName: string; blob: Blob };

/** A clip export made in the background (POST answers 202 with it): its progress, then where its requester fetches the copy. */
export type ExportJob = {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  percent: number;
  error: string | null;
  exportId: string | null;
  fileUrl: string | null;
};
/** What the socket pushes to the requester as the job goes ('export:changed'). */
export type ExportChanged = { id: string; status: ExportJob['status']; percent: number; exportId: string | null; error: string | null };

export const getExportJob = (id: string) => api.get<ExportJob>(`/api/exports/jobs/${id}`);

function fileNameOf(disposition: string | null): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return m ? decodeURIComponent(m[1]) : 'export';
}

/**
 * Asks for a watermarked copy and hands it to the browser as a download; a clip is made in the
 * background instead: then its job comes back (202), to follow until its copy may be fetched.
 */
export async function downloadExport(path: string): Promise<ExportedCopy | { job: ExportJob }> {
  const headers: Record<string, string> = { 'Accept-Language': currentLang() };
  const csrf = csrfTokenForUpload();
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers });
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: i18n.t('errors.network') });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 202) return { job: (await res.json()) as ExportJob };
  const copy = { exportId: res.headers.get('x-export-id') ?? '', sha256: res.headers.get('x-content-sha256') ?? '', fileName: fileNameOf(res.headers.get('content-disposition')), blob: await res.blob() };
  const url = URL.createObjectURL(copy.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = copy.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return copy;
}
