/**
 * Inputs of the two documents a business gets when it consents to monitoring devices
 * (R1, seed 002 §12): the installation confirmation 设备安装确认书 and the site notice 公告.
 * The renderers take plain values: they know nothing of the database or of HTTP.
 */

/** Labels of the PDF chrome (headings of boxes, field names). The signed text is never translated. */
export type PdfLang = 'zh-CN' | 'en';

/** One device as the business agreed to it (a snapshot, not the live device row). */
export type PdfDevice = {
  name: string;
  kind: 'camera' | 'sensor';
  mobility: 'fixed' | 'mobile';
  /** What it points at, e.g. 切配台. */
  pointsAt: string;
  /** What it covers, e.g. 后厨切配区全景. */
  coverage: string;
  recordsAudio: boolean;
};

/** The record of one signature, printed in the 签署记录 box of the confirmation. */
export type PdfSignature = {
  /** The name the signer typed. */
  signerName: string;
  signedAt: Date;
  identityMethod: 'email_code' | 'sms_code';
  /** Where the one-time code went, masked: "z***@example.com" or "138****0000". */
  identityAddressMasked: string;
  ip: string;
  userAgent: string;
  /**
   * The statements the signer ticked, each with when (matched to the text's "□ …" lines by their
   * text): printed ticked, with the time. A statement missing here stays an empty box.
   */
  confirmations: { text: string; confirmedAt: Date }[];
  /**
   * The drawn signature, a PNG (already validated by the caller). The renderer checks it again,
   * in full, before it reaches pdfkit: a corrupt PNG must reject, not take the process down.
   */
  signaturePng: Buffer;
};

/** The agency's side of the confirmation: who issued it, for which agency, and its seal. */
export type PdfIssuer = {
  agencyName: string;
  /** The agency's public contact (registry); null when the registry has none. */
  agencyPhone: string | null;
  /** The officer who issued (sent) the consent request. */
  officerName: string;
  /** 执法证号, when the officer's account carries it. */
  officerCertificateNo: string | null;
  /** When it was sent to the business; null for a draft. */
  issuedAt: Date | null;
  /** The agency's seal image (PNG); null → a marked electronic-seal placeholder, never a fake seal. */
  sealPng: Buffer | null;
};

export type ConsentPdfInput = {
  /** e.g. "QR2026-000012", printed on every page. */
  ref: string;
  /** e.g. 金华市婺城区卫生健康局; the document's author. */
  agencyName: string;
  businessName: string;
  /** 统一社会信用代码. */
  creditCode: string;
  siteName: string;
  siteAddress: string;
  /** e.g. "device-consent/v1". */
  templateVersion: string;
  /**
   * The exact consent text that was signed (zh-CN), lines separated by "\n". The first line is
   * the title; "一、…" lines are headings; "（1）…" lines are devices; "□ …"/"☑ …" lines are
   * statements the signer confirmed. It is printed as given.
   */
  text: string;
  /** Hex SHA-256 of `text` (UTF-8), printed so the paper can be checked against the record. */
  textSha256: string;
  /** Printed and encoded in the QR code. */
  verifyUrl: string;
  /** Labels of the PDF chrome; default zh-CN. */
  lang?: PdfLang;
  /** The agency's side: issuing officer, agency, contact, seal (or its placeholder). */
  issuer: PdfIssuer;
  /** null → an unsigned preview with a clear 草稿 · 未签署 watermark and no signature box. */
  signature: PdfSignature | null;
};

export type NoticePdfInput = {
  ref: string;
  agencyName: string;
  businessName: string;
  siteName: string;
  siteAddress: string;
  devices: PdfDevice[];
  /** What the monitoring is for. */
  purpose: string;
  /** How long recordings are kept. */
  retention: string;
  /** Who may view the recordings. */
  viewers: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD. */
  validUntil: string;
  /** The agency's phone from its registry entry; may be '' (then the line is left out). */
  contact: string;
  verifyUrl: string;
  lang?: PdfLang;
};
