import type { PdfDevice, PdfSignature } from '../documents/documents.types.js';
import { renderConsentPdf } from '../documents/consent-pdf.js';
import { renderNoticePdf } from '../documents/notice-pdf.js';
import type { ConsentDeviceView, ConsentView } from './consent.dto.js';

/** Builds the confirmation (设备安装确认书) and the site notice (公告) of a consent. */
export function createConsentDocuments(opts: { publicBaseUrl: string }) {
  /** The public verify link: by the consent's unguessable public ref, never the sequential one. */
  const verifyUrl = (publicRef: string) => `${opts.publicBaseUrl}/verify/${publicRef}`;
  const pdfDevices = (devices: ConsentDeviceView[]): PdfDevice[] =>
    devices.map(({ snapshot: s }) => ({ name: s.name, kind: s.kind, mobility: s.mobility, pointsAt: s.pointsAt, coverage: s.coverage, recordsAudio: s.recordsAudio }));

  return {
    verifyUrl,

    confirmation(c: ConsentView, signature: PdfSignature | null): Promise<Buffer> {
      return renderConsentPdf({
        ref: c.ref,
        agencyName: c.agency_name,
        businessName: c.business_name,
        creditCode: c.credit_code,
        siteName: c.site_name,
        siteAddress: c.site_address,
        templateVersion: `${c.template_id}/${c.template_version}`,
        text: c.rendered_text ?? '',
        textSha256: c.text_sha256 ?? '',
        verifyUrl: verifyUrl(c.public_ref),
        issuer: {
          agencyName: c.agency_name,
          agencyPhone: c.agency_phone,
          officerName: c.issuer_name,
          officerCertificateNo: c.issuer_certificate_no,
          issuedAt: c.proposed_at ? new Date(c.proposed_at) : null,
          sealPng: null, // no agency has a seal image in the registry yet: the placeholder says so
        },
        signature,
      });
    },

    /** The site notice; its contact is the agency's phone from the registry (left out when it has none). */
    notice(c: ConsentView, devices: ConsentDeviceView[]): Promise<Buffer> {
      return renderNoticePdf({
        ref: c.ref,
        agencyName: c.agency_name,
        businessName: c.business_name,
        siteName: c.site_name,
        siteAddress: c.site_address,
        devices: pdfDevices(devices),
        purpose: c.purpose,
        retention: c.retention,
        viewers: c.viewers,
        validFrom: c.valid_from,
        validUntil: c.valid_until,
        contact: c.agency_phone ?? '',
        verifyUrl: verifyUrl(c.public_ref),
      });
    },
  };
}
export type ConsentDocuments = ReturnType<typeof createConsentDocuments>;
