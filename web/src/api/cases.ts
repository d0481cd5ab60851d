import { api, uploadFile } from './client';
import type { Refusal } from './client';

/**
 * Cases (R7, R8): the shapes of api/cases/case-views.ts and the calls of case.routes.ts. A refused
 * act answers 409 `procedure_refused` (403 for the wrong role) with `refusal` on the ApiError.
 */
export type CaseState = 'accepted' | 'filing_submitted' | 'not_filed' | 'investigating' | 'investigation_ended' | 'approved' | 'notified' | 'decided' | 'reported' | 'enforcing' | 'closed';
export const CASE_STATES: readonly CaseState[] = ['accepted', 'filing_submitted', 'not_filed', 'investigating', 'investigation_ended', 'approved', 'notified', 'decided', 'reported', 'enforcing', 'closed'];
export type Procedure = 'simple' | 'general';
export type CaseSource = 'flags' | 'complaint' | 'inspection' | 'transfer' | 'assignment';
export type Officer = { id: string; name: string; certificateNo: string | null };
export type Participant = { name: string; role: string; idNo?: string | null; userId?: string | null };

export type CaseListItem = {
  id: string;
  state: CaseState;
  procedure: Procedure;
  cause: string;
  source: CaseSource;
  version: number;
  businessId: string;
  businessName: string;
  agencyName: string;
  investigators: Officer[];
  acceptedAt: string;
  filedAt: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  nextDueAt: string | null;
  overdue: boolean;
};
export type CaseList = { items: CaseListItem[]; counts: { byState: Partial<Record<CaseState, number>>; total: number; overdue: number } };
export type CaseListQuery = { state?: string; procedure?: string; overdue?: boolean; officerId?: string; businessId?: string; flagId?: string; /** Issue 16: region subtree and filed in [from, to) (ISO moments). */ regionId?: string; from?: string; to?: string };

export type CaseDocument = { id: string; kind: string; number: string | null; version: number; sha256?: string; issuedAt: string };
export type TimelineStage = {
  id: string;
  seq: number;
  kind: string;
  zh: string;
  at: string;
  actor: { id: string; name: string | null; role: string | null };
  officers: Officer[];
  participants: Participant[];
  fields: Record<string, unknown>;
  evidenceIds: string[];
  /** Files recorded with the stage; the party's (sent online) open at `url`. */
  media: { sha256: string; title: string; url?: string }[];
  /** Recorded by the party itself, online (its statement, its hearing request). */
  byParty?: boolean;
  from: CaseState;
  to: CaseState;
  documents: CaseDocument[];
};
export type ChecklistPoint = 'legality' | 'objectivity' | 'relevance' | 'time' | 'place' | 'person' | 'form';
export const CHECKLIST_POINTS: readonly ChecklistPoint[] = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'];
export type Evidence = {
  id: string;
  kind: 'finding' | 'business_answer' | 'snapshot' | 'clip' | 'segments' | 'entry' | 'upload';
  title: string;
  flagId: string | null;
  source: Record<string, unknown>;
  checklist: { point: ChecklistPoint; met: boolean | null; note?: string | null }[];
  complete: boolean;
  unanswered: ChecklistPoint[];
  reviewedBy: string | null;
  reviewedAt: string | null;
  version: number;
  link: string | null;
};
export type ClockKind = 'filing' | 'evidence_preservation' | 'seizure' | 'hearing_request' | 'statement' | 'legal_review' | 'decision' | 'reminder' | 'payment' | 'court_application' | 'archive';
export type Clock = {
  id: string;
  kind: ClockKind;
  label: string;
  basis: string;
  limit: { amount: number; unit: string };
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  paused: boolean;
  extendedBy: number;
  secondsLeft: number | null;
  overdue: boolean;
  owner: string;
  pausable: boolean;
  extendable: boolean;
  extensions: { id: string; amount: number; status: 'requested' | 'approved' | 'rejected'; reason: string; requestedAt: string; decidedAt: string | null }[];
  pauses: { id: string; from: string; to: string | null; reason: string }[];
};
export type NextAction = { kind: string; zh: string; allowed: boolean; refusal: Refusal | null; document: string | null };
export type CaseWorkspace = {
  case: {
    id: string;
    state: CaseState;
    procedure: Procedure;
    source: CaseSource;
    sourceRecord: Record<string, unknown>;
    cause: string;
    category: string;
    partyKind: 'person' | 'organisation';
    version: number;
    acceptedAt: string;
    filedAt: string | null;
    decidedAt: string | null;
    closedAt: string | null;
    archivedAt?: string | null;
    investigators: Officer[];
    flagIds: string[];
    findingIds: string[];
    major: { reason: string; rule: string }[];
  };
  party: { id: string; name: string; creditCode: string | null; address: string | null; agencyName: string } | null;
  timeline: TimelineStage[];
  evidence: Evidence[];
  participants: (Participant & { stageId: string; stage: string })[];
  documents: (CaseDocument & { stageId: string | null })[];
  clocks: Clock[];
  nextActions: NextAction[];
  /** After the decision (issue 14): the fine and its payment, what closing lacks, the archive. */
  payment?: PaymentView | null;
  closing?: { missing: Gap[] } | null;
  archive?: ArchiveView | null;
  archiving?: Archiving | null;
};
/** One item a closing lacks, with the rule that asks for it. */
export type Gap = { item: string; zh: string; rule: string };
export type PaymentEntry = { id: string; kind: 'paid' | 'not_paid'; amountYuan: string | null; paidOn: string | null; reference: string | null; file: { name: string | null; link: string } | null; note: string | null; recordedAt: string; recordedBy: string | null };
export type PaymentView = {
  principalYuan: string;
  fineYuan: string;
  servedAt: string | null;
  dueAt: string | null;
  paidYuan: string;
  lateFee: { days: number; yuan: string; capped: boolean; basis: string };
  owedYuan: string;
  settled: boolean;
  overdue: boolean;
  canRecord: boolean;
  entries: PaymentEntry[];
};
export type RetentionClass = 'permanent' | 'years30' | 'years10';
export type ArchiveLabel = {
  archiveNo: string;
  archivedOn: string;
  party: { name: string; creditCode: string | null; address: string | null };
  matter: string;
  decisionNo: string | null;
  officers: { name: string; certificateNo: string | null }[];
  filedOn: string | null;
  closedOn: string;
  retentionClass: RetentionClass;
  retentionZh: string;
  retentionBasis: string;
  destroyFrom: string | null;
  documents: number;
  evidence: number;
};
export type ArchiveView = { id: string; archiveNo: string; archivedAt: string; retentionClass: RetentionClass; destroyFrom: string | null; label: ArchiveLabel; note: string | null; reads: { at: string; who: string; role: string | null; what: string | null }[] };
export type Archiving = { suggested: RetentionClass; objected: boolean; classes: { key: RetentionClass; zh: string; years: number | null }[]; basis: string; canArchive: boolean };
export type ArchiveQueueItem = { id: string; cause: string; procedure: Procedure; version: number; businessName: string; agencyName: string; closedAt: string | null; dueAt: string | null; secondsLeft: number | null; overdue: boolean };
export type ArchivedItem = { id: string; cause: string; businessName: string; archiveNo: string; archivedAt: string; retentionClass: RetentionClass; destroyFrom: string | null };
export type PaymentInput =
  | { kind: 'paid'; amountYuan: string; paidOn: string; reference: string; fileSha256?: string; fileName?: string; note?: string; expectedVersion: number }
  | { kind: 'not_paid'; note?: string; expectedVersion: number };
export type StaffMember = { id: string; name: string; role: 'officer' | 'manager' | 'legal_reviewer'; certificateNo: string | null; agencyName: string };
export type ApprovalItem = { id: string; state: CaseState; cause: string; version: number; businessName: string; pendingExtensions: number; since: string };
export type ReviewItem = { id: string; state: CaseState; cause: string; version: number; businessName: string; submittedAt: string; dueAt: string | null; secondsLeft: number | null };

export type Opening = { procedure: Procedure; cause: string; category: string; investigatorIds: string[]; partyKind?: 'person' | 'organisation'; summary: string; headId?: string; headOpinion?: string };
export type StageInput = { kind: string; expectedVersion: number; officerIds?: string[]; participants?: Participant[]; fields: Record<string, unknown>; evidenceIds?: string[] };

export function listCases(q: CaseListQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== false) p.set(k, String(v));
  return api.get<CaseList>(`/api/cases?${p.toString()}`, { signal });
}
export const getCase = (id: string, signal?: AbortSignal) => api.get<CaseWorkspace>(`/api/cases/${id}`, { signal });
export const caseStaff = (signal?: AbortSignal) => api.get<{ items: StaffMember[] }>('/api/cases/staff', { signal });
export const approvalQueue = (signal?: AbortSignal) => api.get<{ items: ApprovalItem[] }>('/api/cases/approvals', { signal });
export const reviewQueue = (signal?: AbortSignal) => api.get<{ items: ReviewItem[] }>('/api/cases/reviews', { signal });
export const fileFromFlags = (body: Opening & { flagIds: string[] }) => api.post<CaseWorkspace>('/api/cases/from-flags', body);
export const openByHand = (body: Opening & { businessId: string; source: Exclude<CaseSource, 'flags'>; sourceDetail: string; receivedAt?: string }) => api.post<CaseWorkspace>('/api/cases', body);
export const recordStage = (id: string, body: StageInput) => api.post<CaseWorkspace>(`/api/cases/${id}/stages`, body);
export const reviewEvidence = (id: string, evidenceId: string, body: { checklist: Partial<Record<ChecklistPoint, { met: boolean; note?: string | null }>>; expectedVersion: number }) =>
  api.put<CaseWorkspace>(`/api/cases/${id}/evidence/${evidenceId}/checklist`, body);
export const addEvidence = (id: string, body: { title: string; description: string }) => api.post<CaseWorkspace>(`/api/cases/${id}/evidence`, body);
export const pauseClock = (id: string, body: { clock: ClockKind; reason: string; expectedVersion: number }) => api.post<CaseWorkspace>(`/api/cases/${id}/clocks/pause`, body);
export const resumeClock = (id: string, body: { clock: ClockKind; expectedVersion: number }) => api.post<CaseWorkspace>(`/api/cases/${id}/clocks/resume`, body);
export const requestExtension = (id: string, body: { clock: ClockKind; amount: number; reason: string; expectedVersion: number }) => api.post<CaseWorkspace>(`/api/cases/${id}/extensions`, body);
export const decideExtension = (id: string, extensionId: string, body: { approve: boolean; note?: string; expectedVersion: number }) => api.post<CaseWorkspace>(`/api/cases/${id}/extensions/${extensionId}/decision`, body);
export const archiveQueue = (signal?: AbortSignal) => api.get<{ items: ArchiveQueueItem[]; archived: ArchivedItem[] }>('/api/cases/archive-queue', { signal });
export const recordPayment = (id: string, body: PaymentInput) => api.post<CaseWorkspace>(`/api/cases/${id}/payments`, body);
export const uploadReceipt = (id: string, file: File) => uploadFile<{ sha256: string; size: number; mediaType: string }>(`/api/cases/${id}/payment-files?filename=${encodeURIComponent(file.name)}`, file, file.type || 'application/octet-stream');
export const archiveCase = (id: string, body: { retentionClass: RetentionClass; note?: string; expectedVersion: number }) => api.post<CaseWorkspace>(`/api/cases/${id}/archive`, body);
export const documentPdfUrl = (documentId: string, version?: number) => `/api/documents/${documentId}/pdf${version ? `?version=${version}` : ''}`;

/** An agency's document settings (what its decisions print besides the case; settings.admin). Amounts in fen; null = not set. */
export type DocumentSettings = {
  reconsiderationBody: string | null;
  court: string | null;
  paymentPayee: string | null;
  paymentAccount: string | null;
  paymentChannel: string | null;
  contactAddress: string | null;
  contactPhone: string | null;
  largeAmountPersonFen: number | null;
  largeAmountOrganisationFen: number | null;
  statementDays: number;
};
export type DocumentSettingsView = DocumentSettings & { agencyId: string; agencyName: string; version: number; updatedAt: string | null; missing: string[] };
export const documentSettings = (agencyId: string, signal?: AbortSignal) => api.get<DocumentSettingsView>(`/api/cases/settings/agencies/${agencyId}/documents`, { signal });
export const putDocumentSettings = (agencyId: string, body: DocumentSettings) => api.put<DocumentSettingsView>(`/api/cases/settings/agencies/${agencyId}/documents`, body);
