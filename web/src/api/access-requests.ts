import { api } from './client';

/** Requests for access to records outside one's scope, and for publication (调用单; R12). */
export type AccessRequestStatus = 'pending' | 'approved' | 'refused' | 'revoked' | 'expired' | 'withdrawn';
export type AccessRecordKind = 'device' | 'case' | 'document';
export type AccessRequest = {
  id: string;
  purpose: 'access' | 'publication';
  status: AccessRequestStatus;
  record: { kind: AccessRecordKind; id: string; label: string | null; windowFrom: string | null; windowTo: string | null };
  reason: string;
  period: { from: string; until: string };
  requester: { id: string; name: string; agencyName: string | null };
  ownerAgency: { id: string; name: string };
  createdAt: string;
  decision: { by: string | null; at: string; opinion: string | null } | null;
  validFrom: string | null;
  validUntil: string | null;
  secondsLeft: number | null;
  revocation: { by: string | null; at: string; reason: string | null } | null;
};
export type AccessRequestInput = {
  purpose: 'access' | 'publication';
  record: { kind: AccessRecordKind; id: string };
  windowFrom?: string | null;
  windowTo?: string | null;
  reason: string;
  from: string;
  until: string;
};

export const createAccessRequest = (input: AccessRequestInput) => api.post<AccessRequest>('/api/access-requests', input);
export const myAccessRequests = (signal?: AbortSignal) => api.get<{ items: AccessRequest[] }>('/api/access-requests/mine', { signal });
export const accessRequestQueue = (signal?: AbortSignal) => api.get<{ items: AccessRequest[] }>('/api/access-requests/queue', { signal });
export const decideAccessRequest = (id: string, decision: 'approve' | 'refuse', opinion: string) => api.post<AccessRequest>(`/api/access-requests/${id}/decision`, { decision, opinion });
export const revokeAccessRequest = (id: string, reason: string) => api.post<AccessRequest>(`/api/access-requests/${id}/revoke`, { reason });
export const withdrawAccessRequest = (id: string) => api.post<AccessRequest>(`/api/access-requests/${id}/withdraw`);
