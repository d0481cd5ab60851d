import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.js';
import { createAgencySeal } from '../../core/seal/create-agency-seal.js';
import { checkSeal } from '../../core/seal/seal-check.js';
import { verifyPdfSignature } from '../../core/seal/verify-signature.js';
import { DECISION_LINE, insertSealAgency, poppler, sampleDecisionPdf } from '../support/seal-pdf.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 13 item 5: the decision carries a PAdES signature made with the agency's own key,
// which a common PDF reader (poppler's pdfsig here) verifies, and which breaks on one changed byte.
let t: TestDatabase;
let keysDir: string;
let info: { agencyId: string; agencyName: string; reason: string; location: string };
let seal: ReturnType<typeof createAgencySeal>;

beforeAll(async () => {
  t = await createTestDatabase();
  keysDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-')), 'keys');
  info = { agencyId: await insertSealAgency(t.admin, '金华市婺城区卫生健康局', '991301'), agencyName: '金华市婺城区卫生健康局', reason: '行政处罚决定书 婺卫医罚〔2026〕12号', location: '浙江省金华市' };
  seal = createAgencySeal({ keysDir, db: t.db, log: createLogger('silent') });
});
afterAll(async () => {
  await t.destroy();
  rmSync(path.dirname(keysDir), { recursive: true, force: true });
});

/** Changes one byte inside the signed range: a letter of the producer's name in the document info. */
function tamper(pdf: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  const at = copy.indexOf('(PDFKit)');
  expect(at).toBeGreaterThan(0);
  copy[at + 1] = 'Q'.charCodeAt(0);
  return copy;
}

describe('the agency seal signature (PAdES)', () => {
  it('is valid in pdfsig, made by the agency certificate, and the text stays readable', async () => {
    const signed = await seal.sign(await sampleDecisionPdf(seal, info), info);
    const out = await poppler('pdfsig', signed);
    expect(out).toContain('Signature is Valid');
    expect(out).toContain('Signer Certificate Common Name: 金华市婺城区卫生健康局');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');

    const text = await poppler('pdftotext', signed);
    expect(text).toContain('行政处罚决定书（第 3 页）');
    expect(text).toContain(DECISION_LINE);
    expect(text).toContain('此处文字在印章之后写出');

    const check = verifyPdfSignature(signed);
    const cert = await seal.certificate(info);
    expect(check).toMatchObject({ signed: true, count: 1, intact: true, coversWholeFile: true, subFilter: 'ETSI.CAdES.detached', problem: null, certificateSha256: cert.sha256 });
    if (check.signed) expect(check.subject).toContain('CN=金华市婺城区卫生健康局');
    // The platform ties the signature to the agency through its recorded certificate.
    expect((await checkSeal(t.db, signed)).agency).toMatchObject({ id: info.agencyId, name: '金华市婺城区卫生健康局', certificateSource: 'self_issued' });
  });

  it('one changed byte inside the signed range: pdfsig says invalid, verify says tampered', async () => {
    const signed = await seal.sign(await sampleDecisionPdf(seal, info), info);
    const bad = tamper(signed);
    const out = await poppler('pdfsig', bad);
    expect(out).not.toContain('Signature is Valid');
    expect(out).toMatch(/Signature is Invalid|Digest Mismatch/);
    const check = verifyPdfSignature(bad);
    expect(check).toMatchObject({ signed: true, intact: false, certificateSha256: (await seal.certificate(info)).sha256 });
    if (check.signed) expect(check.problem).toMatch(/changed after signing/);
  });

  it('bytes appended after signing are seen (the signature no longer covers the whole file)', async () => {
    const signed = await seal.sign(await sampleDecisionPdf(seal, info), info);
    const check = verifyPdfSignature(Buffer.concat([signed, Buffer.from('\n% appended\n')]));
    expect(check).toMatchObject({ signed: true, intact: true, coversWholeFile: false });
  });

  it('an unsigned PDF carries no signature; signing one without a placeholder is refused clearly', async () => {
    const plain = await sampleDecisionPdf(seal, info, { prepare: false });
    expect(verifyPdfSignature(plain)).toEqual({ signed: false });
    expect(verifyPdfSignature(await sampleDecisionPdf(seal, info))).toEqual({ signed: false }); // placeholder only
    await expect(seal.sign(plain, info)).rejects.toThrow(/prepare\(\) called before doc\.end\(\)/);
  });

  it('each agency signs with its own key: another agency\'s signature names its own certificate', async () => {
    const otherInfo = { ...info, agencyId: await insertSealAgency(t.admin, '金华市金东区卫生健康局', '991302'), agencyName: '金华市金东区卫生健康局' };
    const signed = await seal.sign(await sampleDecisionPdf(seal, otherInfo), otherInfo);
    const check = verifyPdfSignature(signed);
    expect(check.signed && check.intact).toBe(true);
    expect(check.signed && check.certificateSha256).not.toBe((await seal.certificate(info)).sha256);
    expect(check.signed && check.certificateSha256).toBe((await seal.certificate(otherInfo)).sha256);
    expect((await checkSeal(t.db, signed)).agency?.id).toBe(otherInfo.agencyId);
  });

  it('a signature by a key the platform never recorded names no agency', async () => {
    // Another installation (its own database and keys) seals for an agency of the same name.
    const elsewhere = await createTestDatabase();
    let strangerPdf: Buffer;
    try {
      const stranger = createAgencySeal({ keysDir: path.join(path.dirname(keysDir), 'elsewhere'), db: elsewhere.db, log: createLogger('silent') });
      const strangerInfo = { ...info, agencyId: await insertSealAgency(elsewhere.admin, '金华市婺城区卫生健康局', '991301') };
      strangerPdf = await stranger.sign(await sampleDecisionPdf(stranger, strangerInfo), strangerInfo);
    } finally {
      await elsewhere.destroy();
    }
    const result = await checkSeal(t.db, strangerPdf);
    expect(result).toMatchObject({ signed: true, intact: true, agency: null });
  });
});
