import { api, uploadFile } from './client';

export type FindingStatus = 'notified' | 'confirmed' | 'disputed' | 'expired';

export type FindingItem = {
  id: string;
  flagId: string;
  status: FindingStatus;
  type: string;
  typeLabel: string;
  businessId: string;
  businessName: string;
  siteName: string;
  deviceName: string;
  ruleName: string | null;
  occurredAt: string;
  confirmedAt: string;
  respondBy: string;
  respondedAt: string | null;
  version: number;
};
export type FindingDelivery = { id: string; channel: 'email' | 'sms' | 'portal'; address: string; status: string; sentAt: string | null; deliveredAt: string | null; openedAt: string | null; answeredAt: string | null; error: string | null };
export type FindingAttachment = { id: string; filename: string; mediaType: string; size: number; sha256: string; uploadedAt: string; url: string };
export type FindingDetail = FindingItem & {
  agencyName: string;
  siteAddress: string;
  statement: string | null;
  peakScore: number | null;
  snapshotUrl: string | null;
  clipUrl: string | null;
  canRespond: boolean;
  deliveries: FindingDelivery[];
  attachments: FindingAttachment[];
};
export type FindingChanged = { id: string; flagId: string; businessId: string; agencyId: string; status: string };

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];

export const listFindings = (signal?: AbortSignal) => api.get<{ items: FindingItem[] }>('/api/portal/findings', { signal });
export const getFinding = (id: string, signal?: AbortSignal) => api.get<FindingDetail>(`/api/portal/findings/${id}`, { signal });
/** Staff: the finding of a flag (404 when the flag has none). */
export const getFlagFinding = (flagId: string, signal?: AbortSignal) => api.get<FindingDetail>(`/api/flags/${flagId}/finding`, { signal });
export const respondToFinding = (id: string, body: { decision: 'confirm' | 'dispute'; statement: string; expectedVersion: number }) => api.post<FindingDetail>(`/api/portal/findings/${id}/respond`, body);

/** Uploads one file (the body is the file; its name goes in the query). */
export function uploadFindingAttachment(id: string, file: File): Promise<FindingAttachment> {
  return uploadFile<FindingAttachment>(`/api/portal/findings/${id}/attachments?filename=${encodeURIComponent(file.name)}`, file, file.type);
}
