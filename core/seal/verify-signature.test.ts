import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { CadesSigner, OID, parseDer } from './cms-signer.js';
import { selfIssuedCertificate } from './seal-keys.js';
import { verifyPdfSignature } from './verify-signature.js';

// The CMS this platform writes and the check that reads it, on a minimal PDF-like byte string
// with a signature dictionary as @signpdf/placeholder-pdfkit writes one (no files, no database).
const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const key = keyPair();
const certPem = selfIssuedCertificate(key, '测试卫生健康局', new Date('2026-12-01T00:00:00Z'));
const certDer = new X509Certificate(certPem).raw;
const fingerprint = createHash('sha256').update(certDer).digest('hex');

const placeholderPdf = () =>
  Buffer.from(
    '%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ' +
      `/ByteRange [0 /********** /********** /**********] /Contents <${'0'.repeat(8192)}> /M (D:20261204120000Z) >>\nendobj\n` +
      'BT (本机关依法作出如下行政处罚决定) Tj ET\n%%EOF\n',
    'latin1',
  );
const sign = (pdf: Buffer, signerKey = key, der = certDer) => new SignPdf().sign(pdf, new CadesSigner({ privateKey: signerKey, certificateDer: der }));

describe('PAdES CMS and its check', () => {
  it('a signed file is intact, names its certificate and signing time', async () => {
    const check = verifyPdfSignature(await sign(placeholderPdf()));
    expect(check).toMatchObject({ signed: true, count: 1, intact: true, coversWholeFile: true, certificateSha256: fingerprint, subFilter: 'ETSI.CAdES.detached', problem: null });
    expect(check.signed && check.signedAt?.toISOString()).toBe('2026-12-04T12:00:00.000Z');
  });

  it('signed attributes: content type, message digest, signing-certificate-v2 (the certificate hash); no signing-time', async () => {
    const signed = await sign(placeholderPdf());
    const text = signed.toString('latin1');
    const hex = /\/Contents <([0-9a-f]+)>/.exec(text)![1];
    const cms = parseDer(Buffer.from(hex, 'hex'));
    const signedData = (cms.value as forge.asn1.Asn1[])[1].value[0] as forge.asn1.Asn1;
    const parts = signedData.value as forge.asn1.Asn1[];
    const signerInfo = (parts[parts.length - 1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
    const attrs = signerInfo[3].value as forge.asn1.Asn1[];
    const types = attrs.map((a) => forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string));
    expect(types.sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(types).not.toContain(OID.signingTime);
    const v2 = attrs.find((a) => forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string) === OID.signingCertificateV2)!;
    const certHash = Buffer.from(((((((v2.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[0].value as string), 'binary');
    expect(certHash.toString('hex')).toBe(fingerprint);
  });

  it('one changed byte inside the signed range: not intact (digest differs)', async () => {
    const signed = await sign(placeholderPdf());
    const at = signed.indexOf('Tj ET');
    signed[at] = 'X'.charCodeAt(0);
    const check = verifyPdfSignature(signed);
    expect(check).toMatchObject({ signed: true, intact: false, certificateSha256: fingerprint });
    expect(check.signed && check.problem).toMatch(/digest differs/);
  });

  it('a signature by another key with this certificate attached does not verify', async () => {
    const check = verifyPdfSignature(await sign(placeholderPdf(), keyPair()));
    expect(check).toMatchObject({ signed: true, intact: false, certificateSha256: fingerprint });
    expect(check.signed && check.problem).toMatch(/does not verify/);
  });

  it('no signature, only a placeholder, or unreadable contents', () => {
    expect(verifyPdfSignature(Buffer.from('%PDF-1.7\nBT (x) Tj ET\n%%EOF\n'))).toEqual({ signed: false });
    expect(verifyPdfSignature(placeholderPdf())).toEqual({ signed: false });
    const garbage = Buffer.from(`%PDF-1.7\n<< /ByteRange [0 10 20 5] /Contents <zz> >>`.padEnd(25, ' '), 'latin1');
    expect(verifyPdfSignature(garbage)).toMatchObject({ signed: true, intact: false });
  });
});
