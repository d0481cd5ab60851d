import { api } from './client';

/** Long-term holds (保全; R11), as /api/holds gives them (api/holds/hold.routes.ts). */
export type HoldStatus = 'pending' | 'in_force' | 'review_due' | 'refused' | 'released';
export type HoldReason = 'dispute' | 'complaint' | 'obstruction' | 'incident' | 'reconsideration' | 'litigation';
export const HOLD_REASONS: readonly HoldReason[] = ['dispute', 'complaint', 'obstruction', 'incident', 'reconsideration', 'litigation'];
export type HoldRecordKind = 'recording' | 'case' | 'segment' | 'flag_clip' | 'flag_snapshot' | 'document_pdf';

export type Hold = {
  id: string;
  status: HoldStatus;
  reason: HoldReason;
  reasonText: string;
  basis: string;
  note: string;
  record: { kind: HoldRecordKind; id: string; sha256: string | null; label: string | null; windowFrom: string | null; windowTo: string | null };
  ownerAgency: { id: string; name: string };
  requestedBy: { id: string; name: string };
  requestedAt: string;
  reviewOn: string;
  approval: { by: string | null; at: string; opinion: string | null } | null;
  release: { by: string | null; at: string; reason: string | null } | null;
};

export type HoldInput = {
  reason: HoldReason;
  note: string;
  record: { kind: HoldRecordKind; id: string };
  windowFrom?: string | null;
  windowTo?: string | null;
  reviewOn: string;
};

export const createHold = (input: HoldInput) => api.post<Hold>('/api/holds', input);
export const myHolds = (signal?: AbortSignal) => api.get<{ items: Hold[] }>('/api/holds/mine', { signal });
/** The head's list: 复核到期 first, then pending, then in force (with released and refused ones when `ended`). */
export const holdQueue = (ended: boolean, signal?: AbortSignal) => api.get<{ items: Hold[] }>(`/api/holds/queue${ended ? '?ended=1' : ''}`, { signal });
export const decideHold = (id: string, decision: 'approve' | 'refuse', opinion: string) => api.post<Hold>(`/api/holds/${id}/decision`, { decision, opinion });
export const reviewHold = (id: string, reviewOn: string) => api.post<Hold>(`/api/holds/${id}/review`, { reviewOn });
export const releaseHold = (id: string, reason: string) => api.post<Hold>(`/api/holds/${id}/release`, { reason });
