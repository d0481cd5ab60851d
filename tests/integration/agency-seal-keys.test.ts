import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createAgencySeal } from '../../core/seal/create-agency-seal.js';
import { verifyPdfSignature } from '../../core/seal/verify-signature.js';
import { insertSealAgency, poppler, sampleDecisionPdf } from '../support/seal-pdf.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 13 item 5: one key per agency under DATA_DIR/keys, made once, recorded and ledgered,
// never silently replaced.
let t: TestDatabase;
let root: string;
const log = createLogger('silent');
const mode = (p: string) => statSync(p).mode & 0o777;

beforeAll(async () => {
  t = await createTestDatabase();
  root = mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-keys-'));
});
afterAll(async () => {
  await t.destroy();
  rmSync(root, { recursive: true, force: true });
});

const rowsOf = (agencyId: string) => t.db.selectFrom('agency_seal_certificates').selectAll().where('agency_id', '=', agencyId).execute();
const ledgerOf = (agencyId: string) =>
  t.db.selectFrom('ledger_entries').select(['entity_id', 'action', 'actor_type']).where('action', '=', 'seal.key_created').where(sql<string>`context->>'agencyId'`, '=', agencyId).execute();

describe('agency seal keys', () => {
  it('first use: one RSA-3072 key (0600) in a 0700 folder, a 10-year certificate naming the agency, one row, one ledger entry', async () => {
    const keysDir = path.join(root, 'a', 'keys');
    const agencyId = await insertSealAgency(t.admin, '金华市婺城区卫生健康局', '992001');
    const seal = createAgencySeal({ keysDir, db: t.db, log });
    // Two callers at once in one process, and a second process (another instance) at the same time.
    const other = createAgencySeal({ keysDir, db: t.db, log });
    const info = { agencyId, agencyName: '金华市婺城区卫生健康局' };
    const got = await Promise.all([seal.certificate(info), seal.certificate(info), other.certificate(info), other.certificate(info)]);
    expect(new Set(got.map((g) => g.sha256)).size).toBe(1);
    expect(readdirSync(keysDir).sort()).toEqual([`${agencyId}.cert.pem`, `${agencyId}.key.pem`]);
    expect(mode(keysDir)).toBe(0o700);
    expect(mode(path.join(keysDir, `${agencyId}.key.pem`))).toBe(0o600);

    const rows = await rowsOf(agencyId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sha256: got[0].sha256, source: 'self_issued', certificate_pem: got[0].pem });
    const ledger = await ledgerOf(agencyId);
    expect(ledger).toEqual([{ entity_id: rows[0].id, action: 'seal.key_created', actor_type: 'system' }]);

    const cert = new X509Certificate(got[0].pem);
    expect(cert.subject.split('\n').sort()).toEqual(['C=CN', 'CN=金华市婺城区卫生健康局', 'O=金华市婺城区卫生健康局']);
    expect(cert.issuer).toBe(cert.subject); // self-issued by the platform
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const years = (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / (365.25 * 86400_000);
    expect(years).toBeGreaterThan(9.99);
    expect(years).toBeLessThan(10.01);
    const ku = forge.pki.certificateFromPem(got[0].pem).getExtension('keyUsage') as { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean; critical: boolean };
    expect(ku).toMatchObject({ digitalSignature: true, nonRepudiation: true, keyCertSign: false, critical: true });

    // The rows match their ledger states (nothing recorded behind the ledger's back).
    const entities = await checkEntities(t.admin);
    expect(entities.problems.filter((p) => p.id.startsWith('agency_seal_certificate/'))).toEqual([]);
    // A record: the platform's role can neither change nor delete it.
    await expect(t.db.updateTable('agency_seal_certificates').set({ subject: 'x' }).where('id', '=', rows[0].id).execute()).rejects.toThrow(/never changed/);
    await expect(t.db.deleteFrom('agency_seal_certificates').where('id', '=', rows[0].id).execute()).rejects.toThrow(/never changed|permission denied/);
  });

  it('after a restart the same key is used; no new row', async () => {
    const keysDir = path.join(root, 'b', 'keys');
    const agencyId = await insertSealAgency(t.admin, '金华市卫生健康委员会', '992002');
    const info = { agencyId, agencyName: '金华市卫生健康委员会' };
    const first = await createAgencySeal({ keysDir, db: t.db, log }).certificate(info);
    const restarted = createAgencySeal({ keysDir, db: t.db, log });
    expect(await restarted.certificate(info)).toEqual(first);
    const signed = await restarted.sign(await sampleDecisionPdf(restarted, { ...info, reason: '测试' }), { ...info, reason: '测试' });
    expect(verifyPdfSignature(signed)).toMatchObject({ intact: true, certificateSha256: first.sha256 });
    expect(await rowsOf(agencyId)).toHaveLength(1);
    expect(await ledgerOf(agencyId)).toHaveLength(1);
  });

  it('a lost key file with a recorded certificate is a clear error, not a new key', async () => {
    const keysDir = path.join(root, 'c', 'keys');
    const agencyId = await insertSealAgency(t.admin, '义乌市卫生健康局', '992003');
    const info = { agencyId, agencyName: '义乌市卫生健康局', reason: '测试' };
    const first = await createAgencySeal({ keysDir, db: t.db, log }).certificate(info);
    renameSync(path.join(keysDir, `${agencyId}.key.pem`), path.join(root, 'lost.key.pem'));
    rmSync(path.join(keysDir, `${agencyId}.cert.pem`));
    const restarted = createAgencySeal({ keysDir, db: t.db, log });
    await expect(restarted.certificate(info)).rejects.toThrow(new RegExp(`seal key of agency ${agencyId} \\(义乌市卫生健康局\\) is missing.*${first.sha256}.*Restore it from backup`));
    await expect(restarted.sign(Buffer.from('%PDF'), info)).rejects.toThrow(/is missing/);
    expect(existsSync(path.join(keysDir, `${agencyId}.key.pem`))).toBe(false);
    expect(await rowsOf(agencyId)).toHaveLength(1);
    // The key restored from backup (its certificate file still lost): the recorded certificate is
    // written back beside it and the seal works again with the same certificate.
    renameSync(path.join(root, 'lost.key.pem'), path.join(keysDir, `${agencyId}.key.pem`));
    expect(await restarted.certificate(info)).toEqual(first);
    expect(existsSync(path.join(keysDir, `${agencyId}.cert.pem`))).toBe(true);
    expect(await rowsOf(agencyId)).toHaveLength(1);
  });

  it('replaced key files (not the recorded certificate) are refused', async () => {
    const keysDir = path.join(root, 'd', 'keys');
    const agencyId = await insertSealAgency(t.admin, '东阳市卫生健康局', '992004');
    const info = { agencyId, agencyName: '东阳市卫生健康局' };
    await createAgencySeal({ keysDir, db: t.db, log }).certificate(info);
    rmSync(path.join(keysDir, `${agencyId}.key.pem`));
    rmSync(path.join(keysDir, `${agencyId}.cert.pem`));
    // Someone drops in another agency's key pair under this agency's name.
    const otherId = await insertSealAgency(t.admin, '永康市卫生健康局', '992005');
    await createAgencySeal({ keysDir, db: t.db, log }).certificate({ agencyId: otherId, agencyName: '永康市卫生健康局' });
    for (const ext of ['key.pem', 'cert.pem']) renameSync(path.join(keysDir, `${otherId}.${ext}`), path.join(keysDir, `${agencyId}.${ext}`));
    await expect(createAgencySeal({ keysDir, db: t.db, log }).certificate(info)).rejects.toThrow(/not the ones recorded/);
  });

  it('two agencies: two keys, two certificates', async () => {
    const keysDir = path.join(root, 'e', 'keys');
    const a = await insertSealAgency(t.admin, '兰溪市卫生健康局', '992006');
    const b = await insertSealAgency(t.admin, '武义县卫生健康局', '992007');
    const seal = createAgencySeal({ keysDir, db: t.db, log });
    const [ca, cb] = await Promise.all([seal.certificate({ agencyId: a, agencyName: '兰溪市卫生健康局' }), seal.certificate({ agencyId: b, agencyName: '武义县卫生健康局' })]);
    expect(ca.sha256).not.toBe(cb.sha256);
    expect(new X509Certificate(ca.pem).subject).toContain('CN=兰溪市卫生健康局');
    expect(new X509Certificate(cb.pem).subject).toContain('CN=武义县卫生健康局');
    expect(readdirSync(keysDir)).toHaveLength(4);
  });

  it("an authority-issued <agencyId>.p12 in the folder is used and recorded (source p12)", async () => {
    const keysDir = path.join(root, 'f', 'keys');
    const agencyId = await insertSealAgency(t.admin, '浦江县卫生健康局', '992008');
    const { p12, certPem } = authorityP12('浦江县卫生健康局', 'p12-secret');
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(keysDir, `${agencyId}.p12`), p12, { mode: 0o600 });
    const wrong = createAgencySeal({ keysDir, db: t.db, log, p12Passphrase: 'nope' });
    await expect(wrong.certificate({ agencyId, agencyName: '浦江县卫生健康局' })).rejects.toThrow(/SEAL_P12_PASSPHRASE/);
    const seal = createAgencySeal({ keysDir, db: t.db, log, p12Passphrase: 'p12-secret' });
    const info = { agencyId, agencyName: '浦江县卫生健康局', reason: '测试' };
    const cert = await seal.certificate(info);
    expect(cert.pem.replace(/\r/g, '')).toBe(certPem.replace(/\r/g, ''));
    expect((await rowsOf(agencyId)).map((r) => r.source)).toEqual(['p12']);
    const signed = await seal.sign(await sampleDecisionPdf(seal, info), info);
    expect(await poppler('pdfsig', signed)).toContain('Signature is Valid');
    const check = verifyPdfSignature(signed);
    expect(check).toMatchObject({ intact: true, certificateSha256: cert.sha256 });
    expect(readdirSync(keysDir)).toEqual([`${agencyId}.p12`]); // no platform key made beside it
  });

  it('an unknown agency or a malformed id makes no key', async () => {
    const keysDir = path.join(root, 'g', 'keys');
    const seal = createAgencySeal({ keysDir, db: t.db, log });
    await expect(seal.certificate({ agencyId: '00000000-0000-4000-8000-000000000000', agencyName: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(seal.certificate({ agencyId: '../../etc/passwd', agencyName: 'x' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(readdirSync(keysDir)).toEqual([]);
  });
});

/** A seal certificate as a provincial CA would issue it: a CA certificate signs the agency's, both in a .p12. */
function authorityP12(agencyName: string, passphrase: string): { p12: Buffer; certPem: string } {
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = new Date(Date.now() - 86400_000);
  ca.validity.notAfter = new Date(Date.now() + 5 * 365 * 86400_000);
  const caName = [{ shortName: 'CN', value: 'Test Seal CA', valueTagClass: forge.asn1.Type.UTF8 }] as unknown as forge.pki.CertificateField[];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '1a2b3c';
  cert.validity.notBefore = ca.validity.notBefore;
  cert.validity.notAfter = ca.validity.notAfter;
  cert.setSubject([{ shortName: 'CN', value: agencyName, valueTagClass: forge.asn1.Type.UTF8 }, { shortName: 'C', value: 'CN' }] as forge.pki.CertificateField[]);
  cert.setIssuer(caName);
  cert.setExtensions([{ name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true }]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  const asn = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert, ca], passphrase, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary'), certPem: forge.pki.certificateToPem(cert) };
}
