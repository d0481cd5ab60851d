import { api, uploadFile } from './client';

export type ConsentStatus = 'draft' | 'proposed' | 'withdrawn' | 'active' | 'superseded' | 'suspended' | 'revoked' | 'expired';
export const CONSENT_STATUSES: ConsentStatus[] = ['proposed', 'active', 'suspended', 'draft', 'expired', 'revoked', 'superseded', 'withdrawn'];

export type ConsentSummary = {
  id: string;
  ref: string;
  status: ConsentStatus;
  businessId: string;
  businessName: string;
  siteId: string;
  siteName: string;
  deviceCount: number;
  validFrom: string;
  validUntil: string;
  proposedAt: string | null;
  signedAt: string | null;
  amendsRef: string | null;
  statusReason: string | null;
  updatedAt: string;
};
export type ConsentDevice = { deviceId: string; name: string; kind: 'camera' | 'sensor'; mobility: 'fixed' | 'mobile'; pointsAt: string; coverage: string; recordsAudio: boolean; placementCurrent: boolean };
export type Consent = ConsentSummary & {
  /** The random ref in the public verify link (/verify/<verifyRef>), printed as the QR code. */
  verifyRef: string;
  agencyName: string;
  /** The agency's public phone (registry), printed on the site notice. */
  agencyPhone: string | null;
  /** The officer who sent it (for a draft, who drafted it). */
  issuedBy: { name: string; certificateNo: string | null };
  creditCode: string;
  siteAddress: string;
  amendsId: string | null;
  purpose: string;
  analysis: string;
  retention: string;
  viewers: string;
  extraTerms: string;
  templateId: string;
  templateVersion: string;
  text: string | null;
  textSha256: string | null;
  statements: { key: string; text: string }[];
  devices: ConsentDevice[];
  signature: { signerName: string; signedAt: string; identityMethod: string; identityAddress: string; ip: string | null; userAgent: string | null; pdfSha256: string | null; noticePdfSha256: string | null; signatureSha256: string | null; confirmations: ConsentConfirmation[] | null } | null;
  suspendedBy: string | null;
  noticePhotos: { id: string; mediaType: string; sha256: string; uploadedAt: string }[];
  codeChannels: { channel: 'email' | 'sms'; address: string }[];
  actions: string[];
  version: number;
};
/** A statement the signer ticked, and when. */
export type ConsentConfirmation = { key: string; text: string; confirmedAt: string };
/** The template a consent drafted now uses; its 分析内容 is derived from what the platform can do. */
export type ConsentTemplate = { templateId: string; templateVersion: string; analysis: string; analysisEn: string; capabilities: { ruleKinds: string[]; tamper: string[]; cannotDetect: string[] } };
export type ConsentInput = { siteId: string; deviceIds: string[]; purpose: string; retention: string; viewers: string; extraTerms: string; validFrom: string; validUntil: string; amendsId: string | null };
export type Coverage = {
  siteId: string;
  siteName: string;
  businessId: string;
  businessName: string;
  agencyName: string;
  deviceCount: number;
  coveredCount: number;
  state: string;
  consent: { id: string; ref: string; status: string; validUntil: string } | null;
  uncoveredDevices: { id: string; name: string; reason: string }[];
};
export type Credential = { id: string; deviceId: string; prefix: string; status: string; createdAt: string; endedAt: string | null; endReason: string | null };
export type ConsentVerifyInfo = { type: 'consent'; ref: string; status: string; businessName: string; siteName: string; agencyName: string; signedAt: string | null; validFrom: string; validUntil: string; textSha256: string | null; pdfSha256: string | null; noticePdfSha256: string | null };
/** An enforcement document's public record (issue 13): every version's fingerprint. */
export type DocumentVerifyInfo = {
  type: 'document';
  ref: string;
  kind: string;
  title: string;
  titleEn: string;
  number: string | null;
  agencyName: string;
  issuedAt: string;
  version: number;
  pdfSha256: string;
  sealed: boolean;
  versions: { version: number; issuedAt: string; sha256: string; reason: string | null }[];
};
export type VerifyInfo = ConsentVerifyInfo | DocumentVerifyInfo;
export type VerifyMatch = { match: true; document: 'consent' | 'notice' | 'document'; sha256: string; ref: string; version?: number; latest?: boolean };
export type MailItem = { id: string; channel: string; to: string; subject: string; body: string; createdAt: string };

export const listConsents = (q: { status?: string; siteId?: string; offset?: number }, signal?: AbortSignal) => {
  const p = new URLSearchParams({ limit: '50' });
  if (q.status) p.set('status', q.status);
  if (q.siteId) p.set('siteId', q.siteId);
  if (q.offset) p.set('offset', String(q.offset));
  return api.get<{ items: ConsentSummary[]; total: number }>(`/api/consents?${p}`, { signal });
};
export const getConsent = (id: string, signal?: AbortSignal) => api.get<Consent>(`/api/consents/${id}`, { signal });
export const getConsentTemplate = (signal?: AbortSignal) => api.get<ConsentTemplate>('/api/consents/template', { signal });
export const getConsentText = (id: string, lang: string, signal?: AbortSignal) => api.get<{ text: string; statements: { key: string; text: string }[] }>(`/api/consents/${id}/text?lang=${lang}`, { signal });
export const createConsent = (input: ConsentInput) => api.post<Consent>('/api/consents', input);
export const proposeConsent = (c: Consent) => api.post<Consent>(`/api/consents/${c.id}/propose`, { version: c.version });
export const changeConsent = (c: Consent, action: 'withdraw' | 'suspend' | 'resume' | 'revoke', reason: string) => api.post<Consent>(`/api/consents/${c.id}/${action}`, { reason, version: c.version });
export const requestCode = (id: string, channel: 'email' | 'sms') => api.post<{ channel: string; address: string; expiresAt: string; resendAfterSeconds: number }>(`/api/consents/${id}/code`, { channel });
/** Each ticked statement with how long before pressing 签署 it was ticked (ms, the page's clock). */
export type Tick = { key: string; msBeforeSign: number };
export const signConsent = (id: string, body: { code: string; signerName: string; confirmed: Tick[]; signaturePng: string; textSha256: string }) => api.post<Consent>(`/api/consents/${id}/sign`, body);
export const consentCoverage = (signal?: AbortSignal) => api.get<{ items: Coverage[] }>('/api/consents/coverage', { signal });
export const listCredentials = (deviceId: string, signal?: AbortSignal) => api.get<{ items: Credential[]; publishAllowed: boolean; publishRefusal: string | null }>(`/api/devices/${deviceId}/credentials`, { signal });
export const issueCredential = (deviceId: string) => api.post<Credential & { key: string; publishUrl: string }>(`/api/devices/${deviceId}/credentials`, {});
export const revokeCredential = (id: string, reason: string) => api.post<Credential>(`/api/device-credentials/${id}/revoke`, { reason });
export const verifyInfo = (ref: string, signal?: AbortSignal) => api.get<VerifyInfo>(`/api/verify/${encodeURIComponent(ref)}`, { signal });
export const mailbox = (signal?: AbortSignal) => api.get<{ items: MailItem[] }>('/api/dev/mailbox', { signal });

/** Sends raw bytes (a photo, a PDF) with their own content type. */
const upload = uploadFile;
export const uploadNoticePhoto = (id: string, photo: Blob, type = photo.type) => upload<{ id: string }>(`/api/consents/${id}/notice-photos`, photo, type);
export const verifyPdf = (ref: string, file: File) => upload<VerifyMatch>(`/api/verify/${encodeURIComponent(ref)}`, file, 'application/pdf');


