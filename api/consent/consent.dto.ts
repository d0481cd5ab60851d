import type { ConsentConfirmation, ConsentRow, ConsentStatement, DeviceSnapshot } from '../../core/db/database.js';
import { z } from '../http/openapi.js';

const DeviceSnapshotDto = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.string(),
  mobility: z.string(),
  pointsAt: z.string(),
  coverage: z.string(),
  recordsAudio: z.boolean(),
  /** False when the device was moved or changed after this consent described it. */
  placementCurrent: z.boolean(),
});

export const ConsentSummaryDto = z
  .object({
    id: z.string(),
    ref: z.string(),
    status: z.string(),
    businessId: z.string(),
    businessName: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    deviceCount: z.number(),
    validFrom: z.string(),
    validUntil: z.string(),
    proposedAt: z.string().nullable(),
    signedAt: z.string().nullable(),
    amendsRef: z.string().nullable(),
    statusReason: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ConsentSummary');

export const ConsentDto = ConsentSummaryDto.extend({
  /** The unguessable ref in the public verify link (/verify/<verifyRef>) printed as the QR code. */
  verifyRef: z.string(),
  agencyName: z.string(),
  /** The agency's public contact (registry), printed on the site notice. */
  agencyPhone: z.string().nullable(),
  /** The officer who sent it to the business (for a draft, who drafted it). */
  issuedBy: z.object({ name: z.string(), certificateNo: z.string().nullable() }),
  creditCode: z.string(),
  siteAddress: z.string(),
  amendsId: z.string().nullable(),
  purpose: z.string(),
  analysis: z.string(),
  retention: z.string(),
  viewers: z.string(),
  extraTerms: z.string(),
  templateId: z.string(),
  templateVersion: z.string(),
  text: z.string().nullable(),
  textSha256: z.string().nullable(),
  statements: z.array(z.object({ key: z.string(), text: z.string() })),
  devices: z.array(DeviceSnapshotDto),
  signature: z
    .object({
      signerName: z.string(),
      signedAt: z.string(),
      identityMethod: z.string(),
      identityAddress: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      pdfSha256: z.string().nullable(),
      noticePdfSha256: z.string().nullable(),
      signatureSha256: z.string().nullable(),
      /** The statements ticked, each with when; null for consents signed before this was recorded. */
      confirmations: z.array(z.object({ key: z.string(), text: z.string(), confirmedAt: z.string() })).nullable(),
    })
    .nullable(),
  suspendedBy: z.string().nullable(),
  noticePhotos: z.array(z.object({ id: z.string(), mediaType: z.string(), sha256: z.string(), uploadedAt: z.string() })),
  /** Where a one-time code can be sent (business users only; masked). */
  codeChannels: z.array(z.object({ channel: z.enum(['email', 'sms']), address: z.string() })),
  /** What the caller may do now. */
  actions: z.array(z.string()),
  version: z.number(),
}).openapi('Consent');

/** The template a consent drafted now uses, and its 分析内容 clause (derived, not typed). */
export const ConsentTemplateDto = z
  .object({
    templateId: z.string(),
    templateVersion: z.string(),
    analysis: z.string(),
    analysisEn: z.string(),
    capabilities: z.object({ ruleKinds: z.array(z.string()), tamper: z.array(z.string()), cannotDetect: z.array(z.string()) }),
  })
  .openapi('ConsentTemplate');

export const ConsentTextDto = z.object({ lang: z.string(), text: z.string(), statements: z.array(z.object({ key: z.string(), text: z.string() })) }).openapi('ConsentText');

export const CodeSentDto = z.object({ channel: z.string(), address: z.string(), expiresAt: z.string(), resendAfterSeconds: z.number() }).openapi('CodeSent');

export const CoverageDto = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    businessId: z.string(),
    businessName: z.string(),
    agencyName: z.string(),
    deviceCount: z.number(),
    coveredCount: z.number(),
    /** ok | missing | pending_signature | expiring | expired | suspended | revoked | uncovered_devices */
    state: z.string(),
    consent: z.object({ id: z.string(), ref: z.string(), status: z.string(), validUntil: z.string() }).nullable(),
    uncoveredDevices: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
  })
  .openapi('ConsentCoverage');

export const CredentialDto = z
  .object({ id: z.string(), deviceId: z.string(), prefix: z.string(), status: z.string(), createdAt: z.string(), endedAt: z.string().nullable(), endReason: z.string().nullable() })
  .openapi('DeviceCredential');
export const IssuedCredentialDto = CredentialDto.extend({
  /** The whole key: shown this once, never again. */
  key: z.string(),
  publishUrl: z.string(),
}).openapi('IssuedDeviceCredential');

export const VerifyInfoDto = z
  .object({
    type: z.literal('consent'),
    ref: z.string(),
    status: z.string(),
    businessName: z.string(),
    siteName: z.string(),
    agencyName: z.string(),
    signedAt: z.string().nullable(),
    validFrom: z.string(),
    validUntil: z.string(),
    textSha256: z.string().nullable(),
    pdfSha256: z.string().nullable(),
    noticePdfSha256: z.string().nullable(),
  })
  .openapi('DocumentVerifyInfo');
/** An enforcement document's public record (R8): kind, number, agency, date and each version's hash. */
export const DocumentVerifyInfoDto = z
  .object({
    type: z.literal('document'),
    ref: z.string(),
    kind: z.string(),
    title: z.string(),
    titleEn: z.string(),
    number: z.string().nullable(),
    agencyName: z.string(),
    issuedAt: z.string(),
    version: z.number().int(),
    pdfSha256: z.string(),
    sealed: z.boolean(),
    versions: z.array(z.object({ version: z.number().int(), issuedAt: z.string(), sha256: z.string(), reason: z.string().nullable() })),
  })
  .openapi('EnforcementDocumentVerifyInfo');
export const VerifyMatchDto = z
  .object({ match: z.literal(true), document: z.enum(['consent', 'notice', 'document']), sha256: z.string(), ref: z.string(), version: z.number().int().optional(), latest: z.boolean().optional() })
  .openapi('DocumentVerifyMatch');

export type ConsentView = ConsentRow & {
  business_name: string;
  credit_code: string;
  site_name: string;
  site_address: string;
  agency_name: string;
  agency_phone: string | null;
  amends_ref: string | null;
  device_count: number;
  /** The officer who sent the consent to the business (for a draft, who drafted it). */
  issuer_name: string;
  issuer_certificate_no: string | null;
};
export type ConsentDeviceView = { device_id: string; snapshot: DeviceSnapshot; current: boolean };

const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export const toConsentSummaryDto = (c: ConsentView) => ({
  id: c.id,
  ref: c.ref,
  status: c.status,
  businessId: c.business_id,
  businessName: c.business_name,
  siteId: c.site_id,
  siteName: c.site_name,
  deviceCount: Number(c.device_count),
  validFrom: day(c.valid_from),
  validUntil: day(c.valid_until),
  proposedAt: iso(c.proposed_at),
  signedAt: iso(c.signed_at),
  amendsRef: c.amends_ref,
  statusReason: c.status_reason,
  updatedAt: iso(c.updated_at)!,
});

export function toConsentDto(
  c: ConsentView,
  extra: {
    devices: ConsentDeviceView[];
    photos: { id: string; media_type: string; blob_sha256: string; created_at: Date }[];
    codeChannels: { channel: 'email' | 'sms'; address: string }[];
    actions: string[];
  },
) {
  return {
    ...toConsentSummaryDto(c),
    verifyRef: c.public_ref,
    agencyName: c.agency_name,
    agencyPhone: c.agency_phone,
    issuedBy: { name: c.issuer_name, certificateNo: c.issuer_certificate_no },
    creditCode: c.credit_code,
    siteAddress: c.site_address,
    amendsId: c.amends_id,
    purpose: c.purpose,
    analysis: c.analysis,
    retention: c.retention,
    viewers: c.viewers,
    extraTerms: c.extra_terms,
    templateId: c.template_id,
    templateVersion: c.template_version,
    text: c.rendered_text,
    textSha256: c.text_sha256,
    statements: c.statements as ConsentStatement[],
    devices: extra.devices.map((d) => ({
      deviceId: d.device_id,
      name: d.snapshot.name,
      kind: d.snapshot.kind,
      mobility: d.snapshot.mobility,
      pointsAt: d.snapshot.pointsAt,
      coverage: d.snapshot.coverage,
      recordsAudio: d.snapshot.recordsAudio,
      placementCurrent: d.current,
    })),
    signature: c.signed_at
      ? {
          signerName: c.signer_name ?? '',
          signedAt: iso(c.signed_at)!,
          identityMethod: c.identity_method ?? '',
          identityAddress: c.identity_address ?? '',
          ip: c.sign_ip,
          userAgent: c.sign_user_agent,
          pdfSha256: c.pdf_sha256,
          noticePdfSha256: c.notice_pdf_sha256,
          signatureSha256: c.signature_sha256,
          confirmations: (c.confirmations as ConsentConfirmation[] | null) ?? null,
        }
      : null,
    suspendedBy: c.suspended_by_party,
    noticePhotos: extra.photos.map((p) => ({ id: p.id, mediaType: p.media_type, sha256: p.blob_sha256, uploadedAt: iso(p.created_at)! })),
    codeChannels: extra.codeChannels,
    actions: extra.actions,
    version: c.version,
  };
}
