import { api } from './client';

/** Public disclosure (R15), as /api/publications (staff) and /api/public (no login) give it (api/disclosure). */
export type PublicationStatus = 'draft' | 'requested' | 'published' | 'refused' | 'withdrawn';
export type ChangeKind = 'changed' | 'revoked' | 'confirmed_illegal' | 'confirmed_invalid';
export const CHANGE_KINDS: readonly ChangeKind[] = ['changed', 'revoked', 'confirmed_illegal', 'confirmed_invalid'];

export type Publication = {
  id: string;
  publicRef: string;
  kind: 'case_decision' | 'inspection_result';
  sourceId: string;
  status: PublicationStatus;
  statusText: string;
  title: string;
  body: string;
  partyName: string;
  documentNumber: string | null;
  decidedOn: string | null;
  agency: { id: string; name: string };
  secrets: string[];
  createdAt: string;
  request: { by: string | null; byId: string | null; at: string } | null;
  decision: { by: string | null; at: string; opinion: string | null } | null;
  publishedAt: string | null;
  change: { kind: ChangeKind; kindText: string; at: string; note: string | null } | null;
  withdrawal: { state: 'none' | 'due' | 'overdue' | 'done' | 'done_late'; dueAt: string | null; at: string | null; by: string | null; reason: string | null };
  version: number;
};

export type PublicListed = { ref: string; kind: 'case_decision' | 'inspection_result'; title: string; partyName: string; documentNumber: string | null; decidedOn: string | null; agency: string; publishedAt: string; withdrawn: boolean; withdrawnAt: string | null };
export type PublicDetail = PublicListed & { body: string | null; withdrawal: { at: string; reason: string; changeKind: string | null } | null };
export type RegisterDevice = { business: string; site: string; address: string; device: string; kind: 'camera' | 'sensor'; pointsAt: string; coverage: string; status: 'in_use' | 'suspended' | 'fault'; since: string; agency: string };
export type Region = { name: string; code: string; level: string; depth: number };
export type Paged<T> = { total: number; page: number; size: number; items: T[] };

const qs = (o: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const publicPublications = (f: { q?: string; region?: string; from?: string; to?: string; page: number }, signal?: AbortSignal) => api.get<Paged<PublicListed>>(`/api/public/publications${qs({ ...f, size: 20 })}`, { signal });
export const publicPublication = (ref: string, signal?: AbortSignal) => api.get<PublicDetail>(`/api/public/publications/${encodeURIComponent(ref)}`, { signal });
export const publicDevices = (f: { q?: string; region?: string; page: number }, signal?: AbortSignal) => api.get<Paged<RegisterDevice>>(`/api/public/devices${qs({ ...f, size: 20 })}`, { signal });
export const publicRegions = (signal?: AbortSignal) => api.get<{ items: Region[] }>('/api/public/regions', { signal });

export const publications = (f: { status?: PublicationStatus; withdrawalDue?: boolean; caseId?: string }, signal?: AbortSignal) =>
  api.get<{ items: Publication[] }>(`/api/publications${qs({ status: f.status, withdrawalDue: f.withdrawalDue ? '1' : undefined, caseId: f.caseId })}`, { signal });
export const publishCase = (caseId: string) => api.post<Publication>('/api/publications/from-case', { caseId });
export const editPublication = (id: string, input: { title?: string; body?: string; secrets?: string[]; applyMask?: boolean }) => api.patch<Publication>(`/api/publications/${id}`, input);
export const requestPublication = (id: string) => api.post<Publication>(`/api/publications/${id}/request`);
export const decidePublication = (id: string, decision: 'approve' | 'refuse', opinion: string) => api.post<Publication>(`/api/publications/${id}/decision`, { decision, opinion });
export const reportChange = (id: string, input: { kind: ChangeKind; changedAt: string; note: string }) => api.post<Publication>(`/api/publications/${id}/change`, input);
export const withdrawPublication = (id: string, reason: string) => api.post<Publication>(`/api/publications/${id}/withdraw`, { reason });
