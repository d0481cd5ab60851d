import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { api, csrfTokenForUpload, toApiError } from './client';

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

const TUS = { 'Tus-Resumable': '1.0.0' };
const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
const headers = (h: Record<string, string>) => ({ ...TUS, ...h, ...(csrfTokenForUpload() ? { 'x-csrf-token': csrfTokenForUpload()! } : {}) });

/** Where this browser left an upload of this file (tus-js-client's fingerprint: name, size, date, target). */
const keyOf = (file: File, t: UploadTarget) => `vigil.upload:${t.kind}:${t.id}:${file.name}:${file.size}:${file.lastModified}`;
export const savedUpload = (file: File, t: UploadTarget) => localStorage.getItem(keyOf(file, t));
export const forgetUpload = (file: File, t: UploadTarget) => localStorage.removeItem(keyOf(file, t));

/** tus 1.0 creation: the upload with its labels (Upload-Metadata); its URL is remembered for a resume after a reload. */
export async function createUpload(file: File, t: UploadTarget, meta: Record<string, string>): Promise<string> {
  const res = await fetch('/api/uploads/tus', {
    method: 'POST',
    headers: headers({
      'Upload-Length': String(file.size),
      'Upload-Metadata': Object.entries(meta)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(','),
    }),
  });
  if (res.status !== 201) throw await toApiError(res);
  const url = res.headers.get('Location')!;
  localStorage.setItem(keyOf(file, t), url);
  return url;
}

/** How many bytes the server has (tus HEAD); null when the upload is gone or finished. */
export async function uploadOffset(url: string): Promise<number | null> {
  const res = await fetch(url, { method: 'HEAD', headers: headers({}), cache: 'no-store' });
  if (res.status !== 200) return null;
  return Number(res.headers.get('Upload-Offset'));
}

/**
 * Sends the file from the server's offset in chunks (tus PATCH), reporting progress; a lost
 * connection is retried from the offset the server reports, with growing pauses; `signal` pauses.
 */
export async function sendFile(url: string, file: File, onProgress: (sent: number) => void, signal: AbortSignal, chunk = 1024 * 1024): Promise<void> {
  let failures = 0;
  let offset = (await uploadOffset(url)) ?? 0;
  onProgress(offset);
  while (offset < file.size) {
    if (signal.aborted) throw new DOMException('paused', 'AbortError');
    try {
      const res = await fetch(url, { method: 'PATCH', signal, headers: headers({ 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }), body: file.slice(offset, offset + chunk) });
      if (res.status === 409) {
        offset = (await uploadOffset(url)) ?? offset;
        continue;
      }
      if (res.status !== 204) throw await toApiError(res);
      offset = Number(res.headers.get('Upload-Offset'));
      failures = 0;
      onProgress(offset);
    } catch (e) {
      if (signal.aborted || (e instanceof Error && 'status' in e && (e as { status: number }).status >= 400)) throw e;
      // The network went away: wait, then ask the server where it stands.
      if (++failures > 8) throw e;
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** failures)));
      offset = (await uploadOffset(url).catch(() => null)) ?? offset;
    }
  }
}
