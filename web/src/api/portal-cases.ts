import { api, uploadFile, type Refusal } from './client';
import type { CaseState } from './cases';

/**
 * The party's cases in the business portal (issue 14 item 3): the shapes of
 * api/cases/case-party.view.ts and the calls of case-party.routes.ts. A refused act answers 409
 * `procedure_refused` with `refusal` (its rule) on the ApiError.
 */
export type PartyCaseItem = { id: string; state: CaseState; procedure: 'simple' | 'general'; cause: string; agencyName: string; acceptedAt: string; decidedAt: string | null; closedAt: string | null; partyDueAt: string | null };
export type PartyWindow = { startedAt: string; dueAt: string | null; stoppedAt: string | null; limit: { amount: number; unit: string }; basis: string; overdue: boolean };
export type PartyFile = { id: string; filename: string; mediaType: string; size: number; sha256: string; url: string };
export type PartyCase = {
  case: { id: string; state: CaseState; procedure: 'simple' | 'general'; cause: string; version: number; agencyName: string | null; agencyPhone: string | null; acceptedAt: string; decidedAt: string | null; closedAt: string | null };
  documents: { id: string; kind: string; number: string | null; version: number; sha256: string; issuedAt: string; servedAt: string; deliveryId: string | null; openedAt: string | null; acknowledgedAt: string | null; url: string; acknowledgeUrl: string | null }[];
  clips: { evidenceId: string; title: string; url: string }[];
  statement: { window: PartyWindow | null; allowed: boolean; refusal: Refusal | null };
  hearing: { right: boolean; window: PartyWindow | null; allowed: boolean; refusal: Refusal | null; requestedAt: string | null; waivedAt: string | null };
  acts: { id: string; kind: 'statement' | 'hearing_request'; at: string; byParty: boolean; actorName: string | null; statement: string | null; hearingWaived: boolean; files: PartyFile[] }[];
  pendingFiles: (PartyFile & { uploadedAt: string })[];
  hearingNotice: { at: string; hearingAt: string | null; place: string; chair: string | null; public: boolean; documentId: string | null } | null;
  decision: {
    at: string;
    outcome: string;
    penaltyKinds: string[];
    documentId: string | null;
    number: string | null;
    payment: { fineFen: number; dueAt: string | null; dueText: string; basis: string; lateFee: { daysLate: number; feeFen: number; capped: boolean } | null; lateFeeBasis: string } | null;
  } | null;
};

export const PARTY_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PARTY_FILE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];

export const listPartyCases = (signal?: AbortSignal) => api.get<{ items: PartyCaseItem[] }>('/api/portal/cases', { signal });
export const getPartyCase = (id: string, signal?: AbortSignal) => api.get<PartyCase>(`/api/portal/cases/${id}`, { signal });
export const uploadPartyFile = (id: string, file: File) => uploadFile<PartyFile>(`/api/portal/cases/${id}/files?filename=${encodeURIComponent(file.name)}`, file, file.type);
export const sendStatement = (id: string, body: { statement: string; hearingWaived: boolean; fileIds: string[]; expectedVersion: number }) => api.post<PartyCase>(`/api/portal/cases/${id}/statement`, body);
export const requestHearing = (id: string, body: { note?: string; expectedVersion: number }) => api.post<PartyCase>(`/api/portal/cases/${id}/hearing-request`, body);
/** Confirms receipt of a served document (在线诉讼规则第三十三条): the acknowledge URL the page gives. */
export const acknowledgeDocument = (url: string) => api.post<unknown>(url);
