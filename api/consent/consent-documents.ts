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
        signature,
      });
    },

    notice(c: ConsentView, devices: ConsentDeviceView[], contact: string): Promise<Buffer> {
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
        contact,
        verifyUrl: verifyUrl(c.public_ref),
      });
    },
  };
}
export type ConsentDocuments = ReturnType<typeof createConsentDocuments>;
