/** Inputs of the consent documents (设备安装确认书, 公告). */
export type PdfDevice = { name: string; kind: 'camera' | 'sensor'; mobility: 'fixed' | 'mobile'; pointsAt: string; coverage: string; recordsAudio: boolean };

export type PdfSignature = {
  signerName: string;
  signedAt: Date;
  identityMethod: 'email_code' | 'sms_code';
  identityAddressMasked: string;
  ip: string;
  userAgent: string;
  /** The drawn signature, a PNG already checked by the caller. */
  signaturePng: Buffer;
};

export type ConsentPdfInput = {
  ref: string;
  agencyName: string;
  businessName: string;
  creditCode: string;
  siteName: string;
  siteAddress: string;
  templateVersion: string;
  /** The exact consent text that was signed (zh-CN), lines separated by "\n". */
  text: string;
  textSha256: string;
  verifyUrl: string;
  lang?: 'zh-CN' | 'en';
  /** null → an unsigned preview with a 草稿 watermark. */
  signature: PdfSignature | null;
};

export type NoticePdfInput = {
  ref: string;
  agencyName: string;
  businessName: string;
  siteName: string;
  siteAddress: string;
  devices: PdfDevice[];
  purpose: string;
  retention: string;
  viewers: string;
  validFrom: string;
  validUntil: string;
  contact: string;
  verifyUrl: string;
  lang?: 'zh-CN' | 'en';
};
