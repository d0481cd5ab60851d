import { z } from '../http/openapi.js';

/**
 * Signing a 送达地址确认书: the addresses chosen (proven e-mail and SMS addresses of the business, by
 * id) and whether the portal account is one; the version the page showed as current (0: none yet),
 * so a second signing of the same page is refused; each statement ticked with how long before
 * signing; who signs and in what role.
 */
export const SignConfirmationInput = z
  .strictObject({
    basedOnVersion: z.number().int().min(0),
    addressIds: z.array(z.uuid()).max(20),
    portal: z.boolean(),
    signerName: z.string().trim().min(1).max(100),
    signerRole: z.string().trim().min(1).max(40),
    confirmed: z.array(z.strictObject({ key: z.string().min(1).max(40), msBeforeSign: z.number().int().min(0).max(86_400_000) })).max(20),
  })
  .openapi('SignServiceAddressConfirmation');

const Address = z.object({ serviceAddressId: z.string(), method: z.enum(['email', 'sms']), address: z.string(), verifiedAt: z.string() });
const Tick = z.object({ key: z.string(), text: z.string(), confirmedAt: z.string() });

export const ConfirmationDto = z
  .object({
    id: z.string(),
    businessId: z.string(),
    version: z.number(),
    /** The 编号 printed on it (2026-0001). */
    number: z.string().nullable(),
    supersedes: z.string().nullable(),
    /** The latest version, the one electronic service goes by. */
    current: z.boolean(),
    /** The version that replaced this one, and when. */
    supersededBy: z.object({ id: z.string(), version: z.number(), signedAt: z.string() }).nullable(),
    templateVersion: z.number(),
    addresses: z.array(Address),
    portal: z.boolean(),
    confirmations: z.array(Tick),
    signerName: z.string(),
    signerRole: z.string(),
    signedAt: z.string(),
    documentId: z.string(),
    pdfSha256: z.string(),
  })
  .openapi('ServiceAddressConfirmation');

const TermBlock = z.object({ kind: z.string(), text: z.string(), indent: z.boolean().optional() });

export const ConfirmationOverviewDto = z
  .object({
    current: ConfirmationDto.nullable(),
    history: z.array(ConfirmationDto),
    /** What a new confirmation says besides the addresses: the review before signing shows these. */
    terms: z.object({ templateVersion: z.number(), basis: z.string(), blocks: z.array(TermBlock), scope: z.array(z.string()), statements: z.array(z.object({ key: z.string(), text: z.string() })) }),
    canSign: z.boolean(),
  })
  .openapi('ServiceAddressConfirmationOverview');
