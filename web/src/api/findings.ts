import { api, uploadFile } from './client';

export type FindingStatus = 'notified' | 'confirmed' | 'disputed' | 'expired' | 'withdrawn' | 'upheld' | 'referred';
/** The officer's decisions on a finding: accept the dispute, uphold the finding with a reply, refer it for case filing. */
export type FindingDecisionKind = 'accept' | 'uphold' | 'refer';

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
  /** The officer's deadline to answer a dispute (while disputed). */
  reviewBy: string | null;
  version: number;
};
/** One channel of one of the finding's notices (a delivery of the delivery module; status: queued, sent, captured, rejected, failed). */
export type FindingDelivery = {
  id: string;
  deliveryId: string;
  purpose: 'notice' | 'decision';
  channel: 'email' | 'sms' | 'portal';
  address: string;
  status: string;
  attempts: number;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  error: string | null;
  response: string | null;
  queueId: string | null;
  sha256: string;
  chainOk: boolean;
};
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
  decision: { kind: 'accept' | 'uphold'; reply: string; decidedAt: string; decidedBy: string | null } | null;
  referral: { referredAt: string; referredBy: string | null; reason: string | null } | null;
  steps: FindingStep[];
  decisionsAllowed: FindingDecisionKind[];
};
export type FindingStep = { kind: string; at: string; by: 'business' | 'officer' | 'system'; name: string | null; note: string | null };
export type FindingChanged = { id: string; flagId: string; businessId: string; agencyId: string; status: string };

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];

export const listFindings = (signal?: AbortSignal) => api.get<{ items: FindingItem[] }>('/api/portal/findings', { signal });
export const getFinding = (id: string, signal?: AbortSignal) => api.get<FindingDetail>(`/api/portal/findings/${id}`, { signal });
/** Staff: the finding of a flag (404 when the flag has none). */
export const getFlagFinding = (flagId: string, signal?: AbortSignal) => api.get<FindingDetail>(`/api/flags/${flagId}/finding`, { signal });
export const respondToFinding = (id: string, body: { decision: 'confirm' | 'dispute'; statement: string; expectedVersion: number }) => api.post<FindingDetail>(`/api/portal/findings/${id}/respond`, body);

const DECISION_PATH: Record<FindingDecisionKind, string> = { accept: 'accept-dispute', uphold: 'uphold', refer: 'refer' };
/** Staff: accept the dispute, uphold the finding with a reply, or refer it for case filing. */
export const decideFinding = (id: string, kind: FindingDecisionKind, body: { reason: string; expectedVersion: number }) => api.post<FindingDetail>(`/api/findings/${id}/${DECISION_PATH[kind]}`, body);
export type WorklistQueue = 'disputed' | 'unanswered';
/** Staff: disputes awaiting the officer, or findings the business has not answered (in the caller's agency subtree). */
export const findingWorklist = (queue: WorklistQueue, signal?: AbortSignal) =>
  api.get<{ items: FindingItem[]; counts: Record<WorklistQueue, number> }>(`/api/findings/worklist?queue=${queue}`, { signal });

/** Uploads one file (the body is the file; its name goes in the query). */
export function uploadFindingAttachment(id: string, file: File): Promise<FindingAttachment> {
  return uploadFile<FindingAttachment>(`/api/portal/findings/${id}/attachments?filename=${encodeURIComponent(file.name)}`, file, file.type);
}
