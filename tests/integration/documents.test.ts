import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentService, type DocumentServiceImpl } from '../../api/documents/document.service.js';
import { createUnsignedSeal } from '../../api/documents/unsigned-seal.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { shanghaiYear, takeNumber } from '../../core/documents/numbering.js';
import { CONSENT_TEMPLATES } from '../../core/documents/consent-templates.js';
import { createTemplateRegistry } from '../../core/documents/registry.js';
import type { IssueDocumentInput } from '../../core/documents/template.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { AppError } from '../../core/errors.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { testDecisionTemplate, testRecordTemplate } from '../support/test-document-template.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 13 items 1 and 5: every document is numbered without duplicates or gaps, stored
// write-once, ledgered with its hash; a correction is a new version and the old one stays.

let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let docs: DocumentServiceImpl;
let officer: Session;
let stopMail: (() => Promise<void>) | undefined;
let wc: { id: string }; // 金华市婺城区卫生健康局 (婺)
let jd: { id: string }; // 金华市金东区卫生健康局
const registry = createTemplateRegistry([testDecisionTemplate(), testRecordTemplate()]);
const subject = { type: 'case', id: '6f1c2a4e-0000-4000-8000-000000000001' };
const good = { party: '婺城区人民医院', address: '金华市婺城区人民路 100 号', facts: '未按规定对医疗器械进行消毒。', fineYuan: 20000, officers: [{ name: '张伟', certificateNo: '浙卫执 33070200123' }, { name: '李强', certificateNo: '浙卫执 33070200456' }] };

const input = (over: Partial<IssueDocumentInput> = {}): IssueDocumentInput => ({
  kind: 'penalty_decision',
  agencyId: wc.id,
  subject,
  category: '医',
  fields: good,
  signers: [{ userId: officer.user.id, name: '张伟', certificateNo: '浙卫执 33070200123', role: '执法人员' }],
  actor: { type: 'user', id: officer.user.id },
  ...over,
});
const issue = (over: Partial<IssueDocumentInput> = {}) => t.db.transaction().execute((trx) => docs.issue(trx, input(over)));
const bytesOf = async (sha: string) => Buffer.concat(await (await blobs.get(sha)).toArray());
const counters = () => t.db.selectFrom('document_counters').selectAll().execute();
const pdftext = (pdf: Buffer) => {
  const file = path.join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
};

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-documents-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  // The test templates and the consent documents' (registered by the platform).
  api = await createTestApi(t, { blobs, templates: createTemplateRegistry([...registry.all(), ...CONSENT_TEMPLATES]), verifyPerMinute: 1000, notifier: mail.notifier, mailCaptured: true });
  officer = await api.login('officer.wc');
  wc = await t.db.selectFrom('agencies').select('id').where('name', '=', '金华市婺城区卫生健康局').executeTakeFirstOrThrow();
  jd = await t.db.selectFrom('agencies').select('id').where('name', '=', '金华市金东区卫生健康局').executeTakeFirstOrThrow();
  docs = createDocumentService({ registry, blobs, seal: createUnsignedSeal(), publicBaseUrl: 'http://127.0.0.1:3000' });
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('issuing', () => {
  it('refuses bad fields naming the field: no number taken, nothing written', async () => {
    const before = await t.db.selectFrom('ledger_entries').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const err = await issue({ fields: { ...good, party: '', fineYuan: -5 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['fields', 'party'], message: '当事人不能为空' }), expect.objectContaining({ path: ['fields', 'fineYuan'], message: '罚款金额应为正数' })]),
    );
    expect(await counters()).toEqual([]);
    expect(await t.db.selectFrom('documents').selectAll().execute()).toEqual([]);
    const after = await t.db.selectFrom('ledger_entries').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('issues one: numbered 婺卫医罚〔year〕1号, the row, the blob whose SHA-256 matches, the ledger entry with it', async () => {
    const d = await issue();
    const year = shanghaiYear(new Date());
    expect(d).toMatchObject({ kind: 'penalty_decision', version: 1, templateVersion: 1, number: `婺卫医罚〔${year}〕1号`, sealed: false }); // sealed template, but the placeholder seal signs nothing
    expect(d.publicRef).toMatch(/^[0-9a-hjkmnp-tv-z]{20}$/);
    const pdf = await bytesOf(d.sha256);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(d.sha256);
    const row = await t.db.selectFrom('documents').selectAll().where('document_id', '=', d.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ pdf_sha256: d.sha256, number: d.number, seq: 1, year, series: 'wenhao:罚', agency_id: wc.id, subject_type: 'case', subject_id: subject.id, issued_by: officer.user.id });
    const entry = await t.db.selectFrom('ledger_entries').selectAll().where('entity_type', '=', 'document').where('entity_id', '=', row.id).executeTakeFirstOrThrow();
    expect(entry.action).toBe('document.issued');
    expect((entry.context as { sha256: string }).sha256).toBe(d.sha256);
    expect((await t.db.selectFrom('blobs').selectAll().where('sha256', '=', d.sha256).executeTakeFirst())?.media_type).toBe('application/pdf');
    expect((await checkEntities(t.admin)).problems).toEqual([]);
    // The text is text: agency, number, Chinese body, certificate numbers.
    const text = pdftext(pdf).replace(/\s+/g, '');
    for (const s of ['金华市婺城区卫生健康局', d.number!, '未按规定对医疗器械进行消毒', '浙卫执33070200123', '浙卫执33070200456', '罚款人民币20000元', `/verify/${d.publicRef}`]) expect(text).toContain(s.replace(/\s+/g, ''));
  });

  it('the database refuses a second row with the same number and any change to an issued one', async () => {
    const row = await t.admin.selectFrom('documents').selectAll().where('version', '=', 1).executeTakeFirstOrThrow();
    await expect(sql`UPDATE documents SET fields = '{}' WHERE id = ${row.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
    const copy = { ...row, id: '6f1c2a4e-0000-4000-8000-0000000000aa', document_id: '6f1c2a4e-0000-4000-8000-0000000000aa', public_ref: 'zzzzzzzzzzzzzzzzzzzz', fields: JSON.stringify(row.fields), signers: JSON.stringify(row.signers) };
    await expect(t.admin.insertInto('documents').values(copy).execute()).rejects.toThrow(/documents_sequence_key|documents_number_key/);
  });

  it('20 concurrent issues in one agency take 20 distinct numbers without gaps; a rolled-back issue gives its number back', async () => {
    const before = (await counters()).find((c) => c.agency_id === wc.id && c.series === 'wenhao:罚')!.last;
    // One issue rolled back after numbering (its caller's state change failed).
    await expect(t.db.transaction().execute(async (trx) => {
      await docs.issue(trx, input());
      throw new Error('the caller changed its mind');
    })).rejects.toThrow('changed its mind');
    const issued = await Promise.all(Array.from({ length: 20 }, () => issue()));
    const seqs = (await t.db.selectFrom('documents').select('seq').where('id', 'in', issued.map((d) => d.id)).execute()).map((r) => r.seq!).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    expect(new Set(issued.map((d) => d.number)).size).toBe(20);
    expect((await checkEntities(t.admin)).problems).toEqual([]);
  }, 120_000);

  it('another agency, another series and another year each have their own sequence', async () => {
    const other = await issue({ agencyId: jd.id, category: '公' });
    expect(other.number).toBe(`金东卫公罚〔${shanghaiYear(new Date())}〕1号`);
    const rec = await issue({ kind: 'inquiry_record', fields: { text: '问：你是否为本单位负责人？答：是。' } });
    expect(rec.number).toBe(`${shanghaiYear(new Date())}-0001`);
    // Each year its own sequence: another year's counter neither moves this year's nor is moved by it.
    const thisYear = shanghaiYear(new Date());
    const now = async () => (await t.db.selectFrom('document_counters').select('last').where('agency_id', '=', wc.id).where('year', '=', thisYear).where('series', '=', 'wenhao:罚').executeTakeFirstOrThrow()).last;
    const before = await now();
    await sql`INSERT INTO document_counters (agency_id, year, series, last) VALUES (${wc.id}, ${thisYear - 1}, 'wenhao:罚', 41)`.execute(t.admin);
    expect(await t.db.transaction().execute((trx) => takeNumber(trx, { agencyId: wc.id, year: thisYear - 1, series: 'wenhao:罚' }))).toBe(42);
    expect(await t.db.transaction().execute((trx) => takeNumber(trx, { agencyId: wc.id, year: thisYear + 1, series: 'wenhao:罚' }))).toBe(1);
    const next = await issue();
    expect(next.number).toBe(`婺卫医罚〔${thisYear}〕${before + 1}号`);
  });
});

describe('the seal', () => {
  it('a sealed template is signed by the agency seal and recorded sealed; the placeholder seal records it unsealed', async () => {
    const signed: string[] = [];
    const seal = { ...createUnsignedSeal(), sign: (pdf: Buffer, info: { agencyId: string }) => (signed.push(info.agencyId), Promise.resolve(Buffer.concat([pdf, Buffer.from('\n%sealed\n')]))) };
    const sealedDocs = createDocumentService({ registry, blobs, seal, publicBaseUrl: 'http://127.0.0.1:3000' });
    const d = await t.db.transaction().execute((trx) => sealedDocs.issue(trx, input()));
    expect(d.sealed).toBe(true);
    expect(signed).toEqual([wc.id]);
    expect((await bytesOf(d.sha256)).subarray(-8).toString()).toBe('%sealed\n');
    const plain = await t.db.transaction().execute((trx) => sealedDocs.issue(trx, input({ kind: 'inquiry_record', fields: { text: '笔录' } })));
    expect(plain.sealed).toBe(false);
    expect(signed).toHaveLength(1);
  });
});

describe('corrections', () => {
  it('a correction is version 2 with the same number; version 1 is still served byte for byte', async () => {
    const v1 = await issue();
    const v1bytes = await bytesOf(v1.sha256);
    const refused = await t.db.transaction().execute((trx) => docs.correct(trx, { documentId: v1.id, fields: good, reason: '  ', signers: [], actor: { type: 'user', id: officer.user.id } })).catch((e: unknown) => e);
    expect((refused as AppError).issues?.[0]).toMatchObject({ path: ['reason'] });
    const v2 = await t.db.transaction().execute((trx) => docs.correct(trx, { documentId: v1.id, fields: { ...good, address: '金华市婺城区人民路 102 号' }, reason: '当事人地址门牌号笔误', signers: [], actor: { type: 'user', id: officer.user.id } }));
    expect(v2).toMatchObject({ id: v1.id, version: 2, number: v1.number, publicRef: v1.publicRef });
    expect(v2.sha256).not.toBe(v1.sha256);
    const entry = await t.db.selectFrom('ledger_entries').select(['action', 'context']).where('entity_type', '=', 'document').where('action', '=', 'document.corrected').executeTakeFirstOrThrow();
    expect((entry.context as { sha256: string }).sha256).toBe(v2.sha256);
    expect(pdftext(await bytesOf(v2.sha256))).toContain('当事人地址门牌号笔误');

    const meta = (await (await officer.get(`/api/documents/${v1.id}`)).json()) as { number: string; versions: { version: number; sha256: string; reason: string | null }[] };
    expect(meta.number).toBe(v1.number);
    expect(meta.versions.map((v) => [v.version, v.sha256, v.reason])).toEqual([[1, v1.sha256, null], [2, v2.sha256, '当事人地址门牌号笔误']]);
    const old = await officer.get(`/api/documents/${v1.id}/pdf?version=1`);
    expect(old.status).toBe(200);
    expect(Buffer.from(await old.arrayBuffer()).equals(v1bytes)).toBe(true);
    // Through the read path (api/records): the version read is named by its row and hash.
    const row1 = await t.db.selectFrom('documents').select('id').where('document_id', '=', v1.id).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(await servedRead(t.db, old)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'document_pdf', record_id: row1.id, sha256: v1.sha256, bytes: String(v1bytes.length), user_id: officer.user.id });
    const latest = Buffer.from(await (await officer.get(`/api/documents/${v1.id}/pdf`)).arrayBuffer());
    expect(latest.equals(await bytesOf(v2.sha256))).toBe(true);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'document.read').execute()).toHaveLength(2);
    expect((await checkEntities(t.admin)).problems).toEqual([]);
  });

  it('staff outside the agency subtree and business users may not read it', async () => {
    const d = await issue();
    const other = await api.login('officer.jd');
    expect((await other.get(`/api/documents/${d.id}`)).status).toBe(403);
    const biz = await api.login('biz.hosp');
    expect((await biz.get(`/api/documents/${d.id}/pdf`)).status).toBe(403);
    const manager = await api.login('manager.jh'); // the city above 婺城区
    expect((await manager.get(`/api/documents/${d.id}`)).status).toBe(200);
  });
});

describe('the area abbreviation of the 文号', () => {
  it('the admin edits it where he edits the agency; the next 文号 starts with it; a bad one is refused naming the field', async () => {
    const admin = await api.login('admin');
    const bad = await admin.patch(`/api/admin/agencies/${jd.id}`, { areaAbbreviation: 'JD', reason: '文号简称' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string[]; code: string }[] }).issues[0]).toMatchObject({ path: ['areaAbbreviation'], code: 'agency.area_abbreviation_format' });
    const ok = await admin.patch(`/api/admin/agencies/${jd.id}`, { areaAbbreviation: '金东', reason: '文号简称按区划简称' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ areaAbbreviation: '金东' });
    const listed = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; areaAbbreviation: string }[] };
    expect(listed.items.find((a) => a.id === wc.id)?.areaAbbreviation).toBe('婺');
    expect((await admin.patch(`/api/admin/agencies/${wc.id}`, { areaAbbreviation: '婺城', reason: '测试' })).status).toBe(200);
    expect((await issue()).number).toMatch(/^婺城卫医罚〔\d{4}〕\d+号$/);
    expect((await admin.patch(`/api/admin/agencies/${wc.id}`, { areaAbbreviation: '婺', reason: '恢复' })).status).toBe(200);
    expect((await checkEntities(t.admin)).problems).toEqual([]);
  });
});

describe('public verify page', () => {
  it('shows a document by its ref, matches its PDF byte for byte, and not one changed byte', async () => {
    const d = await issue();
    const info = (await (await api.app.request(`/api/verify/${d.publicRef}`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ type: 'document', ref: d.publicRef, kind: 'penalty_decision', title: '行政处罚决定书', number: d.number, agencyName: '金华市婺城区卫生健康局', version: 1, pdfSha256: d.sha256 });
    const pdf = await bytesOf(d.sha256);
    const post = (b: Buffer) => api.app.request(`/api/verify/${d.publicRef}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(b) });
    const ok = await post(pdf);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ match: true, document: 'document', version: 1, latest: true, sha256: d.sha256 });
    const changed = Buffer.from(pdf);
    changed[Math.floor(changed.length / 2)] ^= 1;
    expect((await post(changed)).status).toBe(422);
    expect((await api.app.request('/api/verify/zzzzzzzzzzzzzzzzzzzz')).status).toBe(404);
  });
});

describe('consent documents in the register', () => {
  it('a signed consent records its confirmation and notice as documents: fields, the PDFs it stores, a ledger entry with each hash', async () => {
    const biz = await api.login('biz.hosp');
    const { consent } = await consentedDevice(t.db, officer, biz);
    const c = await t.db.selectFrom('consents').selectAll().where('id', '=', consent.id).executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('documents').selectAll().where('subject_type', '=', 'consent').where('subject_id', '=', c.id).orderBy('kind').execute();
    expect(rows.map((r) => [r.kind, r.pdf_sha256, r.number, r.version])).toEqual([
      ['consent_confirmation', c.pdf_sha256, null, 1],
      ['site_notice', c.notice_pdf_sha256, null, 1],
    ]);
    expect(rows[0].fields).toMatchObject({ ref: c.ref, textSha256: c.text_sha256, signerName: c.signer_name });
    for (const r of rows) {
      const entry = await t.db.selectFrom('ledger_entries').select(['action', 'context']).where('entity_type', '=', 'document').where('entity_id', '=', r.id).executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ action: 'document.issued', context: expect.objectContaining({ sha256: r.pdf_sha256 }) });
    }
    expect((await checkEntities(t.admin)).problems).toEqual([]);
  });
});
