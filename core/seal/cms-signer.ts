import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import forge from 'node-forge';

/**
 * The CMS (PKCS#7) SignedData of a PAdES baseline signature (ETSI EN 319 142-1, B-B level;
 * SubFilter ETSI.CAdES.detached), for @signpdf/signpdf, which finds the byte range and puts the
 * result into the placeholder.
 *
 * Built here with node-forge's ASN.1 encoder rather than forge.pkcs7.createSignedData (what
 * @signpdf/signer-p12 uses) because forge's PKCS#7 writes only contentType, messageDigest and
 * signingTime: PAdES needs the signing-certificate-v2 attribute (ESS, RFC 5035), which binds the
 * signer's certificate into what is signed, and wants no signing-time attribute (the signing
 * time is the signature dictionary's /M). The RSA operation is node:crypto's (OpenSSL): forge's
 * pure-JavaScript RSA-3072 takes a hundred times longer.
 */
const asn1 = forge.asn1;
const { Class, Type } = asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

type Node = forge.asn1.Asn1;
const seq = (value: Node[]): Node => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, value);
const set = (value: Node[]): Node => asn1.create(Class.UNIVERSAL, Type.SET, true, value);
const oid = (o: string): Node => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (b: Buffer): Node => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, b.toString('binary'));
const int = (n: number): Node => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = (): Node => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
const algorithm = (o: string, withNull = true): Node => seq(withNull ? [oid(o), nul()] : [oid(o)]);
export const der = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// forge reads options here (its typings know only `strict`): trailing bytes (the placeholder's zero padding) are allowed.
const fromDer = asn1.fromDer as unknown as (bytes: string, options: { parseAllBytes: boolean }) => Node;
export const parseDer = (b: Buffer): Node => fromDer(b.toString('binary'), { parseAllBytes: false });

/** issuer and serialNumber of an X.509 certificate, as ASN.1 nodes taken from its DER. */
export function issuerAndSerial(certDer: Buffer): { issuer: Node; serial: Node } {
  const tbs = (parseDer(certDer).value as Node[])[0].value as Node[];
  const off = tbs[0].tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0; // [0] version present on v3
  return { serial: tbs[off], issuer: tbs[off + 2] };
}

/** DER SET OF (tag 0x31): elements sorted by their encodings (X.690 11.6), as signed attributes must be. */
function derSetOf(items: Node[]): Buffer {
  const body = Buffer.concat(items.map(der).sort(Buffer.compare));
  return Buffer.concat([Buffer.from([0x31]), derLength(body.length), body]);
}
function derLength(n: number): Buffer {
  if (n < 128) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export type CmsKey = { privateKey: KeyObject; certificateDer: Buffer; chainDer?: Buffer[] };

/** The detached CMS SignedData over `content` (the PDF's bytes outside the placeholder). */
export function cadesDetached(content: Buffer, key: CmsKey): Buffer {
  const { issuer, serial } = issuerAndSerial(key.certificateDer);
  const digest = createHash('sha256').update(content).digest();
  const certHash = createHash('sha256').update(key.certificateDer).digest();
  const attr = (type: string, value: Node) => seq([oid(type), set([value])]);
  const attributes = [
    attr(OID.contentType, oid(OID.data)),
    attr(OID.messageDigest, octets(digest)),
    // SigningCertificateV2 { certs: [ESSCertIDv2 { certHash, issuerSerial { GeneralNames [directoryName], serial } }] }
    // (hashAlgorithm omitted: its DEFAULT is sha256)
    attr(OID.signingCertificateV2, seq([seq([seq([octets(certHash), seq([seq([asn1.create(Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial])])])])),
  ];
  // Signed over as a SET (tag 0x31); carried in SignerInfo as [0] IMPLICIT (tag 0xa0), same body.
  const signedAttrs = derSetOf(attributes);
  const isEc = key.privateKey.asymmetricKeyType === 'ec';
  const signature = cryptoSign('sha256', signedAttrs, isEc ? { key: key.privateKey, dsaEncoding: 'der' } : key.privateKey);
  const signedAttrsImplicit = Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]);
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    algorithm(OID.sha256),
    parseDer(signedAttrsImplicit),
    isEc ? algorithm(OID.ecdsaWithSha256, false) : algorithm(OID.rsaEncryption),
    octets(signature),
  ]);
  const certificates = [key.certificateDer, ...(key.chainDer ?? [])].map(parseDer);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/** A @signpdf Signer that makes the PAdES CMS with one agency's key. */
export class CadesSigner extends Signer {
  constructor(private readonly key: CmsKey) {
    super();
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Promise.resolve(cadesDetached(pdfBuffer, this.key));
  }
}
