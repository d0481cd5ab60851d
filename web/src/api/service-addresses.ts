import { api } from './client';

const id = (s: string) => encodeURIComponent(s);

/** One version of the business's 送达地址确认书 (api/registry/service-address-confirmation.schemas.ts ConfirmationDto). */
export type ServiceConfirmation = {
  id: string;
  businessId: string;
  version: number;
  number: string | null;
  supersedes: string | null;
  /** The latest version: electronic service goes only to its addresses. */
  current: boolean;
  supersededBy: { id: string; version: number; signedAt: string } | null;
  templateVersion: number;
  addresses: { serviceAddressId: string; method: 'email' | 'sms'; address: string; verifiedAt: string }[];
  portal: boolean;
  confirmations: { key: string; text: string; confirmedAt: string }[];
  signerName: string;
  signerRole: string;
  signedAt: string;
  documentId: string;
  pdfSha256: string;
};

export type TermBlock = { kind: 'heading' | 'paragraph'; text: string; indent?: boolean };

export type ConfirmationOverview = {
  current: ServiceConfirmation | null;
  history: ServiceConfirmation[];
  terms: { templateVersion: number; basis: string; blocks: TermBlock[]; scope: string[]; statements: { key: string; text: string }[] };
  canSign: boolean;
};

export type SignConfirmationInput = {
  basedOnVersion: number;
  addressIds: string[];
  portal: boolean;
  signerName: string;
  signerRole: string;
  confirmed: { key: string; msBeforeSign: number }[];
};

export const getConfirmations = (businessId: string, signal?: AbortSignal) => api.get<ConfirmationOverview>(`/api/businesses/${id(businessId)}/service-address-confirmations`, { signal });
export const signConfirmation = (businessId: string, input: SignConfirmationInput) => api.post<ServiceConfirmation>(`/api/businesses/${id(businessId)}/service-address-confirmations`, input);
export const confirmationPdfUrl = (confirmationId: string) => `/api/service-address-confirmations/${id(confirmationId)}/pdf`;
