import { api } from './client';

/** Service of documents (issue 14 item 2): the shapes of api/delivery/delivery.service.ts `view` and the calls of delivery.routes.ts. */
export type DeliveryChannel = 'email' | 'sms' | 'portal' | 'direct' | 'post' | 'lodging' | 'public_notice';
export type DeliveryEvent = { seq: number; kind: string; channel: DeliveryChannel | null; at: string; detail: Record<string, unknown>; prevHash: string | null; hash: string };
export type Delivery = {
  id: string;
  caseId: string | null;
  documentId: string | null;
  documentVersion: number | null;
  documentKind: string | null;
  documentNumber: string | null;
  sha256: string;
  status: 'serving' | 'served' | 'not_served';
  servedAt: string | null;
  serviceRule: string | null;
  serviceBasis: string | null;
  certificateId: string | null;
  createdAt: string;
  channels: { id: string; channel: DeliveryChannel; address: string; status: string; attempts: number }[];
  events: DeliveryEvent[];
  chain: { ok: boolean; problems: string[] };
};

/** Documents addressed to the party (the server refuses the others, naming the rule). */
export const SERVED_KINDS: readonly string[] = ['evidence_preservation_decision', 'seizure_decision', 'seizure_extension_decision', 'prior_notice', 'hearing_notice', 'penalty_decision', 'on_the_spot_decision', 'reminder'];

export const caseDeliveries = (caseId: string, signal?: AbortSignal) => api.get<{ items: Delivery[] }>(`/api/cases/${caseId}/deliveries`, { signal });
export const serveDocument = (caseId: string, documentId: string) => api.post<Delivery>(`/api/cases/${caseId}/documents/${documentId}/serve`);

/** Another method with its proof (民诉法第八十七条—第九十五条); dates as ISO instants, the receipt's day as YYYY-MM-DD. */
export type ServiceMethodInput =
  | { method: 'direct'; recipientName: string; recipientRole?: string; signedAt: string; signaturePng: string }
  | { method: 'post'; trackingNumber: string; carrier: string; receivedOn: string; receiptSigner?: string }
  | { method: 'lodging'; lodgedAt: string; place: string; refusalReason: string; witnessName?: string; witnessUnit?: string }
  | { method: 'public_notice'; publishedAt: string; medium: string; reason: string };
export const recordServiceMethod = (caseId: string, documentId: string, input: ServiceMethodInput) => api.post<Delivery>(`/api/cases/${caseId}/documents/${documentId}/service-methods`, input);
