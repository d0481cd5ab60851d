import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';

/**
 * An agency's seal key and certificate on disk, in the keys folder (DATA_DIR/keys, mode 0700):
 *
 * - `<agencyId>.p12`: a seal certificate issued by an authority (GB/T 38540 电子印章, from the
 *   province's seal platform) with its key, opened with SEAL_P12_PASSPHRASE. Used when present.
 * - else `<agencyId>.key.pem` (PKCS#8, mode 0600) + `<agencyId>.cert.pem`: a key the platform made
 *   on first use, with a certificate the platform issued to itself (self-issued, self-signed):
 *   readers show such a signature as intact but its signer as not trusted. It ties every
 *   signature to one key the platform recorded (fingerprint in agency_seal_certificates, ledgered),
 *   which is what the verify page checks; a real deployment loads the authority-issued .p12.
 */
export type SealMaterial = {
  source: 'self_issued' | 'p12';
  privateKey: KeyObject;
  certificatePem: string;
  certificateDer: Buffer;
  /** Certificates of the issuing chain (from a .p12), sent with each signature. */
  chainDer: Buffer[];
  /** Hex SHA-256 of the certificate's DER. */
  sha256: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
};

export const sealFiles = (keysDir: string, agencyId: string) => ({
  p12: path.join(keysDir, `${agencyId}.p12`),
  key: path.join(keysDir, `${agencyId}.key.pem`),
  cert: path.join(keysDir, `${agencyId}.cert.pem`),
});

/** The keys folder, made 0700 (and put back to 0700 if it was opened up). */
export function ensureKeysDir(keysDir: string): void {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
}

function material(source: SealMaterial['source'], privateKey: KeyObject, certificatePem: string, chainDer: Buffer[] = []): SealMaterial {
  const x509 = new X509Certificate(certificatePem);
  if (!x509.checkPrivateKey(privateKey)) throw new Error(`the seal key does not belong to its certificate (${x509.subject})`);
  return {
    source,
    privateKey,
    certificatePem,
    certificateDer: x509.raw,
    chainDer,
    sha256: createHash('sha256').update(x509.raw).digest('hex'),
    subject: x509.subject,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

/** What is on disk for the agency: its .p12, its PEM pair, or nothing. A half pair is an error. */
export function readSealMaterial(keysDir: string, agencyId: string, p12Passphrase: string | undefined): SealMaterial | null {
  const files = sealFiles(keysDir, agencyId);
  if (existsSync(files.p12)) return readP12(files.p12, p12Passphrase);
  const hasKey = existsSync(files.key);
  const hasCert = existsSync(files.cert);
  if (!hasKey && !hasCert) return null;
  if (!hasKey) throw new Error(`seal certificate ${files.cert} has no key beside it (${path.basename(files.key)} missing): restore the key from backup`);
  const privateKey = createPrivateKey(readFileSync(files.key, 'utf8'));
  if (!hasCert) return null; // a key whose certificate was never written (interrupted first use): made again from the key
  return material('self_issued', privateKey, readFileSync(files.cert, 'utf8'));
}

function readP12(file: string, passphrase: string | undefined): SealMaterial {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readFileSync(file).toString('binary')), false, passphrase ?? '');
  } catch (err) {
    throw new Error(`cannot open the seal certificate ${file}: ${(err as Error).message} (is SEAL_P12_PASSPHRASE right?)`);
  }
  const keyBag = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ].find((b) => b.key);
  if (!keyBag?.key) throw new Error(`${file} holds no private key`);
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((b) => (b.cert ? [forge.pki.certificateToPem(b.cert)] : []));
  const own = certs.find((pem) => new X509Certificate(pem).checkPrivateKey(privateKey));
  if (!own) throw new Error(`${file} holds no certificate for its private key`);
  const chain = certs.filter((pem) => pem !== own).map((pem) => new X509Certificate(pem).raw);
  return material('p12', privateKey, own, chain);
}

const TEN_YEARS = 10;

/**
 * A certificate the platform issues to the agency's key, signed with that key itself
 * (self-issued: not from a certification authority). Subject and issuer: CN = the agency's
 * full name, O = the agency, C = CN. Key usage: digital signature + non-repudiation (the
 * seal attests the agency's act). Valid ten years.
 */
export function selfIssuedCertificate(privateKey: KeyObject, agencyName: string, now: Date): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10; // positive, 16 bytes
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(cert.validity.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + TEN_YEARS);
  cert.validity.notAfter = notAfter;
  const utf8 = forge.asn1.Type.UTF8;
  const name = [
    { shortName: 'CN', value: agencyName, valueTagClass: utf8 },
    { shortName: 'O', value: agencyName, valueTagClass: utf8 },
    { shortName: 'C', value: 'CN' },
  ] as forge.pki.CertificateField[];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  // forge encodes the certificate; OpenSSL makes the RSA signature over its TBS part (forge's own
  // RSA-3072 takes ~0.2–0.6 s). forge calls key.sign(md) once the TBS is set on the certificate.
  const opensslKey = { sign: () => cryptoSign('sha256', Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary'), privateKey).toString('binary') };
  cert.sign(opensslKey as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Writes a file that must not exist yet (never overwrites a key); mode set even under a umask. */
function writeNew(file: string, data: string): void {
  writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/**
 * Makes the agency's key (RSA-3072: the PKCS#1 v1.5 signatures every PDF reader verifies) and
 * its self-issued certificate, and writes them; `existingKey` is a key whose certificate was
 * never written. The caller holds the agency's seal lock.
 */
export async function createSelfIssued(keysDir: string, agencyId: string, agencyName: string, now: Date, existingKey?: KeyObject): Promise<SealMaterial> {
  const files = sealFiles(keysDir, agencyId);
  let privateKey = existingKey;
  if (!privateKey) {
    privateKey = (await promisify(generateKeyPair)('rsa', { modulusLength: 3072 })).privateKey;
    writeNew(files.key, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  const pem = selfIssuedCertificate(privateKey, agencyName, now);
  writeNew(files.cert, pem);
  return material('self_issued', privateKey, pem);
}

/** The key file alone, when its certificate is missing (see readSealMaterial). */
export function readLoneKey(keysDir: string, agencyId: string): KeyObject | null {
  const files = sealFiles(keysDir, agencyId);
  return existsSync(files.key) && !existsSync(files.cert) ? createPrivateKey(readFileSync(files.key, 'utf8')) : null;
}

/** Writes the recorded certificate back beside its key (its file was lost; the record is the original). */
export function restoreCertificate(keysDir: string, agencyId: string, privateKey: KeyObject, certificatePem: string): SealMaterial {
  const m = material('self_issued', privateKey, certificatePem);
  writeNew(sealFiles(keysDir, agencyId).cert, certificatePem);
  return m;
}
