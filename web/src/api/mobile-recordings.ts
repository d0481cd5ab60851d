import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { DetailedError, Upload, defaultOptions } from 'tus-js-client';
import { api, csrfTokenForUpload, toApiError, type ApiError } from './client';

/** One record uploaded from the field (R10), as the API lists it (api/mobile/mobile-recording.routes.ts). */
export type MobileRecording = {
  id: string;
  target: { kind: 'case' | 'device'; id: string; name: string | null };
  kind: UploadKind;
  filename: string;
  mediaType: string;
  capturedFrom: string;
  capturedTo: string;
  party: { businessId: string; name: string };
  matter: string;
  officers: { id: string; name: string }[];
  recorderSerial: string | null;
  declaredSha256: string;
  sha256: string | null;
  size: number;
  received: number;
  uploadedBy: { id: string; name: string };
  startedAt: string;
  finishedAt: string | null;
  deadlineAt: string;
  late: boolean;
  lateReason: string | null;
  status: 'uploading' | 'complete' | 'refused';
  refusal: string | null;
  uploadUrl: string | null;
  contentUrl: string | null;
};
export type UploadKind = 'video' | 'audio' | 'photo' | 'document';
export type UploadTarget = { kind: 'case' | 'device'; id: string };

export const listUploads = (t: UploadTarget, signal?: AbortSignal) => api.get<{ items: MobileRecording[] }>(`/api/${t.kind === 'case' ? 'cases' : 'devices'}/${encodeURIComponent(t.id)}/mobile-recordings`, { signal });
export const listLateUploads = (signal?: AbortSignal) => api.get<{ items: MobileRecording[] }>('/api/mobile-recordings/late', { signal });
export const completeUpload = (id: string, lateReason: string | null) => api.post<MobileRecording>(`/api/mobile-recordings/${encodeURIComponent(id)}/complete`, lateReason ? { lateReason } : {});

/** The file's SHA-256, read a slice at a time (a phone cannot hold a long video in memory). */
export async function hashFile(file: Blob, onProgress?: (done: number) => void, signal?: AbortSignal): Promise<string> {
  const h = sha256.create();
  const step = 4 * 1024 * 1024;
  for (let at = 0; at < file.size; at += step) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    h.update(new Uint8Array(await file.slice(at, at + step).arrayBuffer()));
    onProgress?.(Math.min(at + step, file.size));
  }
  return bytesToHex(h.digest());
}

/** Where a field upload goes (api/mobile/tus.routes.ts, tus 1.0 core + creation). */
const ENDPOINT = '/api/uploads/tus';

/** What the form hears of an upload on its way: bytes sent, the upload done (all bytes there), a failure. */
export type UploadEvents = { progress: (sent: number) => void; success: () => void; error: (e: ApiError | null) => void };

/**
 * A field upload sent by tus-js-client, the protocol's reference client: 1 MiB chunks (PATCH), a
 * lost connection retried from the offset the server reports (HEAD) with growing pauses, `abort()`
 * pauses and `start()` resumes. Its URL is kept in localStorage under a fingerprint of the file and
 * the record it goes to, so that picking the same file again after a reload continues it; forgotten
 * once all bytes are there. `error(null)` is a network that stayed away.
 */
export function fieldUpload(file: File, t: UploadTarget, on: UploadEvents): Upload {
  const csrf = csrfTokenForUpload();
  return new Upload(file, {
    endpoint: ENDPOINT,
    chunkSize: 1024 * 1024,
    retryDelays: [0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    headers: csrf ? { 'x-csrf-token': csrf } : {},
    fingerprint: (f: File) => Promise.resolve(['vigil.upload', t.kind, t.id, f.name, f.type, f.size, f.lastModified].join(':')),
    removeFingerprintOnSuccess: true,
    onProgress: (sent) => on.progress(sent),
    onSuccess: () => on.success(),
    onError: (e) => {
      const res = e instanceof DetailedError ? e.originalResponse : null;
      if (!res || res.getStatus() < 400) return on.error(null);
      void toApiError(new Response(res.getBody() || null, { status: res.getStatus(), headers: { 'content-type': 'application/json' } })).then(on.error);
    },
  });
}

/** The id of the upload in its tus URL (for the complete call). */
export const uploadId = (u: Upload) => u.url?.split('/').pop() ?? null;

/** Whether this browser has left an upload of this file into this record (tus-js-client's URL storage). */
export async function hasSavedUpload(file: File, t: UploadTarget): Promise<boolean> {
  return (await fieldUpload(file, t, { progress: () => {}, success: () => {}, error: () => {} }).findPreviousUploads()).length > 0;
}

/**
 * Continues the upload this browser left of the file when the server still takes it (HEAD answers
 * its offset); stale ones are forgotten. False when there is none: the caller hashes the file and
 * sets the labels (Upload-Metadata) before start() creates a new one.
 */
export async function resumeSaved(upload: Upload): Promise<boolean> {
  const storage = upload.options.urlStorage ?? defaultOptions.urlStorage;
  for (const prev of (await upload.findPreviousUploads()).sort((a, b) => b.creationTime.localeCompare(a.creationTime))) {
    if (prev.uploadUrl && (await stillOpen(prev.uploadUrl))) {
      upload.resumeFromPreviousUpload(prev);
      return true;
    }
    await storage.removeUpload(prev.urlStorageKey);
  }
  return false;
}

/** An upload the server still answers (HEAD 200); a refused (410) or unknown (404) one is not. */
async function stillOpen(url: string): Promise<boolean> {
  const csrf = csrfTokenForUpload();
  const res = await fetch(url, { method: 'HEAD', cache: 'no-store', headers: { 'Tus-Resumable': '1.0.0', ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
  return res.status === 200;
}

/** The labels of a new upload as Upload-Metadata; an empty one is left out (the server refuses empty labels). */
export const labels = (meta: Record<string, string>) => Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== ''));
