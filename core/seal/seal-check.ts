import type { Db } from '../db/connect.js';
import { findSealCertificate } from './seal.repository.js';
import { verifyPdfSignature, type SignatureCheck } from './verify-signature.js';

/**
 * A PDF's seal as the platform knows it (for the verify page): the signature check, and the
 * agency whose recorded seal certificate made it, or null when the certificate is not one the
 * platform recorded (a signature by some other key: not this platform's seal).
 */
export type SealCheck = SignatureCheck & {
  agency: { id: string; name: string; certificateSource: 'self_issued' | 'p12'; recordedAt: Date } | null;
};

export async function checkSeal(db: Db, pdf: Buffer): Promise<SealCheck> {
  const check = verifyPdfSignature(pdf);
  if (!check.signed || !check.certificateSha256) return { ...check, agency: null };
  const cert = await findSealCertificate(db, check.certificateSha256);
  if (!cert) return { ...check, agency: null };
  return { ...check, agency: { id: cert.agency_id, name: cert.agency_name, certificateSource: cert.source, recordedAt: cert.created_at } };
}
