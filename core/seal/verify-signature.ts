import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { der, issuerAndSerial, OID, parseDer } from './cms-signer.js';

/**
 * Checks a PDF's digital signature (the last one, if several): the certificate that made it and
 * whether the signed bytes are as they were signed. It recomputes the digest over the
 * /ByteRange, compares it with the CMS's messageDigest and verifies the CMS signature with the
 * certificate it carries (node-forge parses the CMS, OpenSSL checks the RSA/ECDSA signature).
 * It does not decide whom to trust: the caller looks the fingerprint up (agency_seal_certificates).
 */
export type SignatureCheck =
  | { signed: false }
  | {
      signed: true;
      /** How many signatures the file carries (this check is of the last one). */
      count: number;
      /** Digest and signature both match: not one signed byte changed. */
      intact: boolean;
      /** The signed range reaches the end of the file: nothing was appended after signing. */
      coversWholeFile: boolean;
      /** Hex SHA-256 of the signer's certificate (DER), null when the CMS cannot be read. */
      certificateSha256: string | null;
      certificatePem: string | null;
      subject: string | null;
      subFilter: string | null;
      /** The signature dictionary's /M. */
      signedAt: Date | null;
      /** Why it is not intact, in words (null when intact). */
      problem: string | null;
    };

type Node = forge.asn1.Asn1;
const { Class } = forge.asn1;
const kids = (n: Node): Node[] => (Array.isArray(n.value) ? n.value : []);
const oidOf = (n: Node): string => forge.asn1.derToOid(n.value as string);
const HASHES: Record<string, string> = { '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512', '1.3.14.3.2.26': 'sha1' };

export function verifyPdfSignature(pdf: Buffer): SignatureCheck {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (!ranges.length) return { signed: false };
  const last = ranges[ranges.length - 1];
  const [a, b, c, d] = last.slice(1, 5).map(Number);
  const dict = text.slice(Math.max(0, last.index - 1000), Math.min(text.length, c + 2000));
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dict)?.[1] ?? null;
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2}'?)?/.exec(text.slice(c, c + 2000));
  const signedAt = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${!m[7] || m[7] === 'Z' ? 'Z' : m[7].slice(0, 6).replace("'", ':')}`) : null;
  const base = { signed: true as const, count: ranges.length, subFilter, signedAt, coversWholeFile: c + d === pdf.length };
  const broken = (problem: string, cert?: { sha256: string; pem: string; subject: string }) => ({
    ...base,
    intact: false,
    certificateSha256: cert?.sha256 ?? null,
    certificatePem: cert?.pem ?? null,
    subject: cert?.subject ?? null,
    problem,
  });

  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return broken('the /ByteRange does not frame the signature in this file');
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  let cms: Node;
  try {
    cms = parseDer(Buffer.from(text.slice(b + 1, c - 1).replace(/\s+/g, ''), 'hex'));
  } catch {
    return broken('the signature (/Contents) is not a readable CMS');
  }
  const [type, wrapped] = kids(cms);
  if (!type || !wrapped || oidOf(type) !== OID.signedData) return broken('the signature is not a CMS SignedData');
  const parts = kids(kids(wrapped)[0]);
  const certs = parts.filter((p) => p.tagClass === Class.CONTEXT_SPECIFIC && p.type === 0).flatMap(kids).map(der);
  const signerInfo = kids(parts[parts.length - 1])[0];
  if (!signerInfo || !certs.length) return broken('the signature carries no signer or no certificate');
  const si = kids(signerInfo);
  const sid = si[1];
  const cert =
    sid.tagClass === Class.UNIVERSAL
      ? certs.find((c2) => {
          const want = issuerAndSerial(c2);
          return der(kids(sid)[0]).equals(der(want.issuer)) && der(kids(sid)[1]).equals(der(want.serial));
        })
      : certs[0];
  if (!cert) return broken('the signer\'s certificate is not in the signature');
  const x509 = new X509Certificate(cert);
  const who = { sha256: createHash('sha256').update(cert).digest('hex'), pem: x509.toString(), subject: x509.subject };
  const hash = HASHES[oidOf(kids(si[2])[0])];
  if (!hash) return broken('the signature uses a digest this check does not know', who);
  const attrs = si[3].tagClass === Class.CONTEXT_SPECIFIC && si[3].type === 0 ? si[3] : null;
  const signature = Buffer.from(si[attrs ? 5 : 4].value as string, 'binary');
  const digest = createHash(hash).update(signed).digest();
  let toVerify: Buffer = signed;
  if (attrs) {
    const md = kids(attrs).find((at) => oidOf(kids(at)[0]) === OID.messageDigest);
    if (!md) return broken('the signed attributes hold no message digest', who);
    const recorded = Buffer.from(kids(kids(md)[1])[0].value as string, 'binary');
    if (!recorded.equals(digest)) return broken('the signed bytes changed after signing (digest differs)', who);
    toVerify = der(attrs);
    toVerify[0] = 0x31; // the attributes are signed as a SET, carried as [0] IMPLICIT
  }
  let ok = false;
  try {
    ok = cryptoVerify(hash, toVerify, x509.publicKey, signature);
  } catch {
    ok = false;
  }
  if (!ok) return broken(attrs ? 'the signature does not verify with its certificate' : 'the signed bytes changed after signing', who);
  return { ...base, intact: true, certificateSha256: who.sha256, certificatePem: who.pem, subject: who.subject, problem: null };
}
