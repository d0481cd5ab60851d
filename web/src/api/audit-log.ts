import i18n, { currentLang } from '../i18n';
import { api, ApiError, toApiError } from './client';

/** The audit log of records (issue 15 item 6), as GET /api/audit/reads gives it. */
export type RecordRead = {
  id: string;
  at: string;
  user: { id: string | null; name: string; role: string; account: string | null };
  action: 'view' | 'play' | 'live' | 'download' | 'export' | 'print';
  outcome: 'served' | 'denied';
  deniedReason: string | null;
  record: { kind: string; id: string; sha256: string | null; windowFrom: string | null; windowTo: string | null };
  owner: { businessId: string | null; businessName: string | null; agencyPath: string | null; agencyName: string | null };
  deviceId: string | null;
  caseId: string | null;
  grantId: string | null;
  exportId: string | null;
  bytes: number | null;
  ip: string | null;
};
export type ReadPage = { items: RecordRead[]; next: string | null; period: { from: string; to: string } };
export type ReadFilter = Partial<Record<'person' | 'kind' | 'id' | 'sha256' | 'device' | 'case' | 'business' | 'action' | 'outcome' | 'from' | 'to', string>>;

export type TrailEvent = {
  at: string;
  event: string;
  source: 'ledger' | 'read' | 'export' | 'deletion';
  action: string;
  actor: { id: string | null; name: string | null; role: string | null; type: string };
  ip: string | null;
  grantId: string | null;
  ledger: { id: string; hash: string | null } | null;
  detail: string | null;
};
export type RecordTrail = { record: { kind: string; id: string; sha256: string | null }; owner: { agencyPath: string; agencyName: string | null } | null; events: TrailEvent[] };

const query = (f: ReadFilter, extra: Record<string, string | undefined> = {}) =>
  new URLSearchParams(Object.entries({ ...f, ...extra }).filter((e): e is [string, string] => !!e[1] && e[1].trim() !== '')).toString();

export const searchReads = (f: ReadFilter, after: string | undefined, signal?: AbortSignal) => api.get<ReadPage>(`/api/audit/reads?${query(f, { after, limit: '50' })}`, { signal });
export const recordTrail = (kind: string, id: string, signal?: AbortSignal) => api.get<RecordTrail>(`/api/audit/records/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`, { signal });
export const trailBySha = (sha256: string, signal?: AbortSignal) => api.get<RecordTrail>(`/api/audit/records?sha256=${encodeURIComponent(sha256)}`, { signal });
export const trailPdfPath = (kind: string, id: string) => `/api/audit/records/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/trail.pdf`;

/** Downloads the search as CSV (the server counts, ledgers and streams it); a refusal comes back as an ApiError. */
export async function downloadReadsCsv(f: ReadFilter): Promise<number> {
  let res: Response;
  try {
    res = await fetch(`/api/audit/reads.csv?${query(f)}`, { credentials: 'same-origin', headers: { 'accept-language': currentLang() } });
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: i18n.t('errors.network') });
  }
  if (!res.ok) throw await toApiError(res);
  const rows = Number(res.headers.get('x-row-count') ?? 0);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `audit-reads-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return rows;
}
