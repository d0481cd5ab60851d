import { z } from '../http/openapi.js';

const required = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'invalid');

export const ConsentIdParam = z.object({ id: z.uuid() });
/**
 * A public verify ref: 20 base32 characters (100 random bits), or, for consents sent before
 * refs were random, the sequential ref their printed QR code carries.
 */
export const PUBLIC_REF_RE = /^[0-9a-hjkmnp-tv-z]{20}$/;
export const VerifyRefParam = z.object({ ref: z.string().regex(/^(QR\d{4}-\d{6}|[0-9a-hjkmnp-tv-z]{20})$/, 'invalid') });

export const ConsentInput = z
  .strictObject({
    siteId: z.uuid(),
    deviceIds: z.array(z.uuid()).min(1).max(64),
    purpose: required(1000),
    // No `analysis`: the 分析内容 clause is derived from what the platform can do (template v2).
    retention: required(500),
    viewers: required(500),
    extraTerms: z.string().trim().max(2000).default(''),
    validFrom: isoDate,
    validUntil: isoDate,
    /** The consent in force at this site that this one amends (adds, moves or re-aims devices). */
    amendsId: z.uuid().nullable().default(null),
  })
  .refine((c) => c.validUntil >= c.validFrom, { message: 'consent.date_order', path: ['validUntil'] })
  .refine((c) => new Set(c.deviceIds).size === c.deviceIds.length, { message: 'consent.device_twice', path: ['deviceIds'] });

export const ConsentListQuery = z.object({
  status: z.enum(['draft', 'proposed', 'withdrawn', 'active', 'superseded', 'suspended', 'revoked', 'expired']).optional(),
  businessId: z.uuid().optional(),
  siteId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const LangQuery = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

export const VersionInput = z.strictObject({ version: z.number().int().min(1) });
export const ReasonVersionInput = z.strictObject({ reason: required(500), version: z.number().int().min(1) });

export const CodeRequestInput = z.strictObject({ channel: z.enum(['email', 'sms']) });

/** A drawn signature as a PNG data URL, at most ~200 KB. */
export const SignatureDataUrl = z
  .string()
  .max(280_000, 'consent.signature_too_big')
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'consent.signature_invalid');

/** A tick older than this is not from this signing (the page's code expires in 10 minutes; a day is generous). */
export const MAX_TICK_AGE_MS = 24 * 3_600_000;

export const SignInput = z.strictObject({
  code: z.string().trim().regex(/^\d{6}$/, 'consent.code_format'),
  signerName: required(50),
  /**
   * The statements the signer ticked, all of them required: each its key and how long before
   * pressing 签署 it was ticked (ms, the page's own clock: no device clock is trusted). A bare
   * key (older clients) counts as ticked at signing.
   */
  confirmed: z
    .array(z.union([z.string().max(64), z.strictObject({ key: z.string().max(64), msBeforeSign: z.number().int().min(0).max(MAX_TICK_AGE_MS) })]))
    .max(20),
  signaturePng: SignatureDataUrl,
  /** SHA-256 of the text the signer read: refused if the text is not the one on record. */
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'invalid'),
});

export const CredentialRevokeInput = z.strictObject({ reason: required(500) });
export const DeviceIdParam = z.object({ id: z.uuid() });
export const AttachmentParam = z.object({ id: z.uuid(), attachmentId: z.uuid() });
