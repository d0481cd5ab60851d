import { api } from './client';

/** How long a record is kept (R11), as GET /api/retention/:kind/:id gives it. */
export type Retention = {
  class: 'ordinary' | 'evidence' | 'case' | 'held' | 'document' | 'purged';
  basis: string;
  keepUntil: string | null;
  withCaseFile: boolean;
  held: { id: string; reason: string; reviewOn: string; recordKind: string }[];
};
export type RetentionKind = 'segment' | 'recording' | 'flag_clip' | 'flag_snapshot' | 'document_pdf' | 'case';

export type HoldView = {
  id: string;
  status: 'pending' | 'in_force' | 'review_due' | 'refused' | 'released';
  reason: string;
  reasonText: string;
  basis: string;
  note: string;
  record: { kind: string; id: string; label: string | null; windowFrom: string | null; windowTo: string | null };
  ownerAgency: { name: string };
  requestedBy: { name: string };
  reviewOn: string;
  approval: { by: string | null; at: string } | null;
};

/** The purge report (保存与销毁), GET /api/retention/report. */
export type RetentionReport = {
  generatedAt: string;
  days: number;
  forecast: { day: string; business: { id: string; name: string }; device: { id: string; name: string }; segments: number; bytes: number }[];
  totals: { segments: number; bytes: number };
  deletions: { sha256: string; size: number; rule: string; subject: Record<string, unknown>; deletedAt: string; business: string; device: string; signatureValid: boolean | null }[];
  holds: HoldView[];
};

export const getRetention = (kind: RetentionKind, id: string, window?: { from: string; to: string } | null, signal?: AbortSignal) =>
  api.get<Retention>(`/api/retention/${kind}/${id}${window ? `?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}` : ''}`, { signal });
export const getRetentionReport = (days: number, signal?: AbortSignal) => api.get<RetentionReport>(`/api/retention/report?days=${days}`, { signal });
