import { api, uploadFile } from './client';

/** Self-inspection reports (issue 16 item 3), as api/self-reports/self-report.routes.ts answers. */
export type SrPeriod = { key: string; start: string; end: string; due: string; closes: string; label: string };
export type SrStatus = 'draft' | 'submitted' | 'accepted' | 'returned' | 'falsified';
export type SrSummary = { id: string; businessId: string; businessName?: string; agencyName?: string; period: SrPeriod; version: number; status: SrStatus; late: boolean; signedAt: string | null; signerName: string | null; reviewedAt: string | null; routineCheckClosed: boolean };
export type SrItem = { key: string; text: string; basis: string; photo: boolean };
export type SrAnswer = { key: string; answer: 'yes' | 'no' | 'na' | null; note: string; photoIds: string[] };
export type SrReport = SrSummary & {
  category: string;
  checklist: { title: string; version: number; items: SrItem[] };
  answers: SrAnswer[];
  photos: { id: string; itemKey: string; sha256: string; mediaType: string; size: number; uploadedAt: string }[];
  commitment: string;
  contentSha256: string | null;
  signature: { signerName: string; identityMethod: string; identityAddress: string | null; signedAt: string; ip: string | null; userAgent: string | null } | null;
  review: { reviewedBy: string | null; reviewedAt: string | null; note: string | null };
  routineCheck: { closed: boolean; closedBy: string | null; closedAt: string | null; reason: string | null };
  history: SrSummary[];
  actions: ('edit' | 'sign' | 'review' | 'close_check' | 'correct')[];
  codeChannels: { channel: 'email' | 'sms'; address: string }[];
};
export type SrPeriodState = 'upcoming' | 'open' | 'late' | 'missing' | 'submitted' | 'submitted_late';
export type SrPeriods = { business: { id: string; name: string; category: string }; length: 'month' | 'quarter'; periods: { period: SrPeriod; state: SrPeriodState; dueAt: string; latest: SrSummary | null; versions: number }[]; canSubmit: boolean };
export type SrOverdue = { items: { businessId: string; businessName: string; agencyName: string; period: SrPeriod; state: 'late' | 'missing'; dueAt: string }[] };

const base = '/api/self-reports';
const at = (id: string) => `${base}/${encodeURIComponent(id)}`;
export const srPeriods = (businessId: string, signal?: AbortSignal) => api.get<SrPeriods>(`${base}/periods?businessId=${encodeURIComponent(businessId)}`, { signal });
export const srReport = (id: string, signal?: AbortSignal) => api.get<SrReport>(at(id), { signal });
export const srQueue = (signal?: AbortSignal) => api.get<{ items: SrSummary[] }>(base, { signal });
export const srOverdue = (signal?: AbortSignal) => api.get<SrOverdue>(`${base}/overdue`, { signal });
export const srCreate = (businessId: string, periodStart: string) => api.post<SrReport>(base, { businessId, periodStart });
export const srSave = (id: string, answers: SrAnswer[]) => api.put<SrReport>(`${at(id)}/answers`, { answers });
export const srPhoto = (id: string, item: string, file: File) => uploadFile<{ id: string }>(`${at(id)}/photos?item=${encodeURIComponent(item)}`, file, file.type || 'application/octet-stream');
export const srPhotoUrl = (id: string, photoId: string) => `${at(id)}/photos/${encodeURIComponent(photoId)}`;
export const srCode = (id: string, channel: 'email' | 'sms') => api.post<{ address: string; expiresAt: string }>(`${at(id)}/code`, { channel });
export const srSign = (id: string, code: string, signerName: string, contentSha256: string) => api.post<SrReport>(`${at(id)}/sign`, { code, signerName, contentSha256 });
export const srReview = (id: string, decision: 'accept' | 'return' | 'falsified', note: string) => api.post<SrReport>(`${at(id)}/review`, { decision, note: note || null });
export const srCloseCheck = (id: string, reason: string) => api.post<SrReport>(`${at(id)}/close-check`, { reason });
