import { api } from './client';
import type { EvidenceStatus, FlagCore, FlagSource } from './analysis';

/** The officer's review of flags (R5): the queue, one flag's review, the decisions, managers' figures. */
export const REVIEW_STATUSES = ['new', 'in_review', 'awaiting_second', 'escalated', 'confirmed', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export { DISMISS_REASONS, dismissNeedsNote, type DismissReason } from '../../../core/review/dismiss-reasons';
import type { DismissReason } from '../../../core/review/dismiss-reasons';
export const FINAL_STATUSES: readonly ReviewStatus[] = ['confirmed', 'dismissed'];

type ReviewState = {
  reviewStatus: ReviewStatus;
  reviewVersion: number;
  deadlineAt: string;
  secondsLeft: number;
  overdue: boolean;
  assignedTo: string | null;
  overdueEscalatedAt: string | null;
  decidedAt: string | null;
  dismissReason: DismissReason | null;
};
export type QueueItem = ReviewState & FlagCore & {
  agencyId: string;
  agencyName: string;
  category: string;
  ruleId: string | null;
  ruleName: string | null;
  startedAt: string;
  createdAt: string;
  peakScore: number | null;
  evidenceStatus: EvidenceStatus;
  hasSnapshot: boolean;
  assigneeName: string | null;
};
export type QueueCounts = Record<ReviewStatus, number> & { overdue: number };
export type QueuePage = { items: QueueItem[]; nextCursor: string | null; counts: QueueCounts; now: string };
export type QueueQuery = {
  status?: string; sort?: string; type?: string; category?: string; mine?: string; businessId?: string; deviceId?: string; agencyId?: string; cursor?: string | null; limit?: number;
  // Issue 16: the dashboard's drill-downs and the managers' filters (from/to: ISO moments, to exclusive).
  districtId?: string; assignee?: string; overdue?: string; source?: string; from?: string; to?: string;
};

export type ReviewStateDto = ReviewState & { id: string; firstConfirmedBy: string | null; decidedBy: string | null };
export type HistoryItem = { id: string; action: string; actorId: string | null; actorName: string | null; at: string; fromStatus: string; toStatus: string; assignedTo: string | null; assigneeName: string | null; reasonCode: string | null; note: string | null };
export type ReviewDetail = {
  review: ReviewStateDto;
  twoPerson: boolean;
  assigneeName: string | null;
  history: HistoryItem[];
  earlier: { id: string; type: string; createdAt: string; startedAt: string; reviewStatus: string; dismissReason: string | null; deviceName: string }[];
};
export type Precision = {
  from: string;
  to: string;
  rows: { source: FlagSource; type: string; rule: { id: string; version: number; kind: string; name: string } | null; confirmed: number; dismissed: Record<DismissReason, number>; precision: number | null }[];
  overdue: { agencyId: string; agencyName: string; escalated: number; openOverdue: number }[];
};

export function getQueue(q: QueueQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return api.get<QueuePage>(`/api/review/queue?${p.toString()}`, { signal });
}
export const getReview = (flagId: string, signal?: AbortSignal) => api.get<ReviewDetail>(`/api/review/flags/${flagId}`, { signal });
export const openFlag = (flagId: string) => api.post<ReviewStateDto>(`/api/flags/${flagId}/open`, {});
export const confirmFlag = (flagId: string, expectedVersion: number, note?: string) => api.post<ReviewStateDto>(`/api/flags/${flagId}/confirm`, { expectedVersion, ...(note ? { note } : {}) });
export const dismissFlag = (flagId: string, expectedVersion: number, reasonCode: DismissReason, note: string) => api.post<ReviewStateDto>(`/api/flags/${flagId}/dismiss`, { expectedVersion, reasonCode, ...(note ? { note } : {}) });
export const escalateFlag = (flagId: string, note: string, expectedVersion?: number) => api.post<ReviewStateDto>(`/api/flags/${flagId}/escalate`, { note, expectedVersion });
export const assignFlag = (flagId: string, userId: string) => api.post<ReviewStateDto>(`/api/flags/${flagId}/assign`, { userId });
export const getAssignees = (signal?: AbortSignal) => api.get<{ items: { id: string; name: string; role: string; agencyName: string }[] }>('/api/review/assignees', { signal });
export const getPrecision = (from: string, to: string, signal?: AbortSignal) => api.get<Precision>(`/api/review/precision?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { signal });

export type HandlingPolicy = { id: string; flagType: string; category: string; deadlineWorkingDays: number | null; deadlineHours: number | null; twoPerson: boolean; version: number; updatedAt: string };
export type Holiday = { day: string; kind: 'holiday' | 'workday'; name: string; active: boolean; updatedAt: string };
export const getPolicies = (signal?: AbortSignal) => api.get<{ items: HandlingPolicy[] }>('/api/admin/handling-policies', { signal });
export const putPolicy = (p: { flagType: string; category: string; deadlineWorkingDays: number | null; deadlineHours: number | null; twoPerson: boolean; expectedVersion?: number }) => api.put<HandlingPolicy>('/api/admin/handling-policies', p);
export const getHolidays = (year: number, signal?: AbortSignal) => api.get<{ items: Holiday[] }>(`/api/admin/holidays?year=${year}`, { signal });
export const putHoliday = (day: string, h: { kind: 'holiday' | 'workday'; name: string; active: boolean }) => api.put<Holiday>(`/api/admin/holidays/${day}`, h);
