import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { SERVICE_ADDRESS_STATEMENTS_V1 } from '../../core/documents/service-address-confirmation.v1.js';
import { confirmedServiceAddresses, requireConfirmedServiceAddresses } from '../../api/registry/service-address-confirmation.repository.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 14 item 1: the 送达地址确认书, signed online by the business (行政处罚法 art. 61 ¶2; 民事诉讼法
// art. 90; 在线诉讼规则 arts. 29–31). Real PostgreSQL, the platform's document service and PDF, the
// demo's captured mail and SMS for the one-time codes, pdftotext.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let hosp: Session;
let hotel: Session;
let officer: Session;
let officerJd: Session;
let hospId: string;

type Confirmation = { id: string; version: number; number: string | null; current: boolean; supersededBy: { version: number } | null; addresses: { serviceAddressId: string; method: string; address: string }[]; portal: boolean; pdfSha256: string; documentId: string };
type Overview = { current: Confirmation | null; history: Confirmation[]; canSign: boolean; terms: { statements: { key: string }[]; blocks: { text: string }[] } };
type Problem = { issues?: { path: (string | number)[]; message: string }[]; message: string; refusal?: { rule: string } };

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const ticks = () => SERVICE_ADDRESS_STATEMENTS_V1.map((s, i) => ({ key: s.key, msBeforeSign: 4000 - i * 1000 }));
const sign = (s: Session, businessId: string, over: Record<string, unknown> = {}) =>
  s.post(`/api/businesses/${businessId}/service-address-confirmations`, { basedOnVersion: 0, addressIds: [], portal: true, signerName: '王建国', signerRole: '法定代表人', confirmed: ticks(), ...over });
const overview = async (s: Session, businessId: string) => (await (await s.get(`/api/businesses/${businessId}/service-address-confirmations`)).json()) as Overview;
const flat = (s: string) => s.replace(/\s+/g, '');
function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `c-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  return flat(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'));
}
/** What a refused request must leave as it was: confirmations, documents, their ledger entries, address rows. */
const snapshot = async () => ({
  confirmations: (await t.db.selectFrom('service_address_confirmations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n,
  documents: (await t.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n,
  entries: (await t.db.selectFrom('ledger_entries').select(sql<number>`count(*)::int`.as('n')).where('action', 'not in', ['access.denied']).executeTakeFirstOrThrow()).n,
  addresses: JSON.stringify(await t.db.selectFrom('service_addresses').selectAll().orderBy('id').execute()),
});
/** A new address of the hospital, proven with the code that went to it (read from the captured outbox). */
async function provenAddress(method: 'email' | 'sms', address: string) {
  const a = (await (await hosp.post(`/api/businesses/${hospId}/service-addresses`, { method, address, agreedAt: today() })).json()) as { id: string };
  expect((await hosp.post(`/api/service-addresses/${a.id}/code`)).status).toBe(200);
  const msg = await t.db.selectFrom('outbox_messages').select('body').where('to_address', '=', address).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const code = /验证码[:：]\s*(\d{6})/.exec(msg.body)![1];
  expect((await hosp.post(`/api/service-addresses/${a.id}/verify`, { code })).status).toBe(200);
  return a.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-confirmation-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { notifier: mail.notifier, mailCaptured: mail.captured });
  [hosp, hotel, officer, officerJd] = await Promise.all([api.login('biz.hosp'), api.login('biz.hotel'), api.login('officer.wc'), api.login('officer.jd')]);
  hospId = hosp.user.businessId!;
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('送达地址确认书: signed online, versioned, the only way to electronic service', () => {
  it('without a confirmation there is no electronic service, and the refusal names the rule', async () => {
    const o = await overview(hosp, hospId);
    expect(o.current).toBeNull();
    expect(o.history).toEqual([]);
    expect(o.canSign).toBe(true);
    expect(o.terms.statements.map((s) => s.key)).toEqual(SERVICE_ADDRESS_STATEMENTS_V1.map((s) => s.key));
    expect(await confirmedServiceAddresses(t.db, hospId)).toBeNull();
    await expect(requireConfirmedServiceAddresses(t.db, hospId)).rejects.toMatchObject({ code: 'procedure_refused', refusal: { rule: '行政处罚法第六十一条第二款' } });
  });

  it('bad input is refused naming the field or rule, and nothing changes', async () => {
    const pending = (await (await hosp.post(`/api/businesses/${hospId}/service-addresses`, { method: 'email', address: 'unproven@hosp.example.cn', agreedAt: today() })).json()) as { id: string };
    const hotelAddress = await t.db.selectFrom('service_addresses').select('id').where('business_id', '=', hotel.user.businessId!).executeTakeFirstOrThrow();
    const hospEmail = await t.db.selectFrom('service_addresses').select('id').where('address', '=', 'hosp@example.cn').executeTakeFirstOrThrow();
    const before = await snapshot();

    const empty = await sign(hosp, hospId, { portal: false });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Problem).issues).toEqual([expect.objectContaining({ path: ['addressIds'], message: expect.stringContaining('送达地址不能为空') })]);

    const unproven = await sign(hosp, hospId, { addressIds: [hospEmail.id, pending.id] });
    expect(unproven.status).toBe(400);
    expect(((await unproven.json()) as Problem).issues).toEqual([expect.objectContaining({ path: ['addressIds', 1], message: expect.stringMatching(/unproven@hosp\.example\.cn 尚未通过验证码验证/) })]);

    const foreign = await sign(hosp, hospId, { addressIds: [hotelAddress.id] });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as Problem).issues![0]).toMatchObject({ path: ['addressIds', 0], message: expect.stringContaining('不是本单位登记的送达地址') });

    const unticked = await sign(hosp, hospId, { addressIds: [hospEmail.id], confirmed: ticks().slice(1) });
    expect(unticked.status).toBe(400);
    expect(((await unticked.json()) as Problem).issues![0]).toMatchObject({ path: ['confirmed'] });

    // Another business signs for the hospital; an officer signs in its place: neither may.
    expect((await sign(hotel, hospId, { addressIds: [] })).status).toBe(403);
    expect((await sign(officer, hospId, { addressIds: [hospEmail.id] })).status).toBe(403);

    expect(await snapshot()).toEqual(before);
  });

  let v1: Confirmation;
  it('signed: the PDF says the addresses, scope, effect and change clause with the ticks; its hash is the ledger’s; service goes to its addresses', async () => {
    const email = await t.db.selectFrom('service_addresses').select('id').where('address', '=', 'hosp@example.cn').executeTakeFirstOrThrow();
    const res = await sign(hosp, hospId, { addressIds: [email.id] });
    expect(res.status).toBe(201);
    v1 = (await res.json()) as Confirmation;
    expect(v1).toMatchObject({ version: 1, current: true, portal: true, addresses: [{ method: 'email', address: 'hosp@example.cn' }] });
    expect(v1.number).toMatch(/^\d{4}-0001$/);

    const pdfRes = await hosp.get(`/api/service-address-confirmations/${v1.id}/pdf`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(await servedRead(t.db, pdfRes)).toMatchObject({ outcome: 'served', action: 'download', record_kind: 'service_address_confirmation', record_id: v1.id, sha256: sha, bytes: String(pdf.length), user_id: hosp.user.id });
    expect(sha).toBe(v1.pdfSha256);
    const signed = await t.db.selectFrom('ledger_entries').select(['context', 'state']).where('action', '=', 'service_address_confirmation.signed').where('entity_id', '=', v1.id).executeTakeFirstOrThrow();
    expect(signed.context).toMatchObject({ sha256: sha, documentId: v1.documentId });
    const issued = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'document.issued').where('entity_id', '=', v1.documentId).executeTakeFirstOrThrow();
    expect(issued.context).toMatchObject({ sha256: sha, kind: 'service_address_confirmation', subject: { type: 'service_address_confirmation', id: v1.id } });

    const text = pdfText(pdf);
    for (const s of ['送达地址确认书', '婺城区人民医院', '金华市婺城区卫生健康局', 'hosp@example.cn', '本平台企业账户（用户名：biz.hosp）', '行政处罚事先告知书', '听证通知书', '行政处罚决定书', '催告书'])
      expect(text, s).toContain(flat(s));
    expect(text).toContain('之日为送达之日');
    expect(text).toContain('文书到达上述地址即视为送达');
    expect(text).toContain('重新签署送达地址确认书');
    expect(text).toContain('签署人（法定代表人）：王建国');
    for (const s of SERVICE_ADDRESS_STATEMENTS_V1) expect(text).toContain(flat(s.text).slice(0, 20));
    expect(text.match(/勾选时间（北京时间）/g)).toHaveLength(1);
    expect(text.match(/\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}/g)!.length).toBeGreaterThanOrEqual(5); // the address's proof and each tick, to the second

    expect(await confirmedServiceAddresses(t.db, hospId)).toMatchObject({ confirmationId: v1.id, version: 1, email: ['hosp@example.cn'], sms: [], portal: true });
    // The officer of the district sees it; an officer of another district and another business do not.
    expect((await overview(officer, hospId)).current).toMatchObject({ id: v1.id, version: 1 });
    expect((await officer.get(`/api/service-address-confirmations/${v1.id}/pdf`)).status).toBe(200);
    const history = (await (await officer.get(`/api/businesses/${hospId}/history`)).json()) as { items: { action: string; entityId: string }[] };
    expect(history.items).toContainEqual(expect.objectContaining({ action: 'service_address_confirmation.signed', entityId: v1.id }));
    expect((await officerJd.get(`/api/businesses/${hospId}/service-address-confirmations`)).status).toBe(403);
    expect((await hotel.get(`/api/service-address-confirmations/${v1.id}/pdf`)).status).toBe(403);
  });

  it('signing the same page twice is refused; a confirmed address is not withdrawn on its own; the row is never changed', async () => {
    const before = await snapshot();
    const twice = await sign(hosp, hospId, { basedOnVersion: 0 });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as Problem).message).toMatch(/已有更新的版本/);
    const withdraw = await hosp.post(`/api/service-addresses/${v1.addresses[0].serviceAddressId}/withdraw`, { reason: '不再使用' });
    expect(withdraw.status).toBe(409);
    expect(((await withdraw.json()) as Problem).message).toMatch(/撤回须签署不含该地址的新确认书/);
    expect(await snapshot()).toEqual(before);
    await expect(sql`UPDATE service_address_confirmations SET portal = false WHERE id = ${v1.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
  });

  it('a new version supersedes the old one, which stays as it was signed; then the old address may be withdrawn', async () => {
    const rowBefore = await t.db.selectFrom('service_address_confirmations').selectAll().where('id', '=', v1.id).executeTakeFirstOrThrow();
    const sms = await provenAddress('sms', '13900000001');
    const res = await sign(hosp, hospId, { basedOnVersion: 1, addressIds: [sms], portal: false, signerName: '李娜', signerRole: '经办人' });
    expect(res.status).toBe(201);
    const v2 = (await res.json()) as Confirmation;
    expect(v2).toMatchObject({ version: 2, current: true, portal: false, addresses: [{ method: 'sms', address: '13900000001' }] });

    const o = await overview(hosp, hospId);
    expect(o.current?.id).toBe(v2.id);
    expect(o.history.map((h) => [h.version, h.current, h.supersededBy?.version ?? null])).toEqual([
      [2, true, null],
      [1, false, 2],
    ]);
    expect(await t.db.selectFrom('service_address_confirmations').selectAll().where('id', '=', v1.id).executeTakeFirstOrThrow()).toEqual(rowBefore);
    expect(await confirmedServiceAddresses(t.db, hospId)).toMatchObject({ confirmationId: v2.id, version: 2, email: [], sms: ['13900000001'], portal: false });
    const text = pdfText(Buffer.from(await (await hosp.get(`/api/service-address-confirmations/${v2.id}/pdf`)).arrayBuffer()));
    expect(text).toContain(flat(`第 2 版（替代编号为 ${v1.number} 的第 1 版`));
    expect(text).toContain('13900000001');
    expect(text).not.toContain('hosp@example.cn');
    const superseded = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'service_address_confirmation.superseded').where('entity_id', '=', v1.id).executeTakeFirstOrThrow();
    expect(superseded.context).toMatchObject({ by: v2.id, version: 2 });

    // hosp@example.cn is no longer confirmed: now it may be withdrawn.
    expect((await hosp.post(`/api/service-addresses/${v1.addresses[0].serviceAddressId}/withdraw`, { reason: '邮箱停用' })).status).toBe(200);
  });

  it('two signings of the same page at once: one is signed, the other refused, and versions stay gap-free', async () => {
    const [a, b] = await Promise.all([sign(hosp, hospId, { basedOnVersion: 2 }), sign(hosp, hospId, { basedOnVersion: 2 })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const versions = await t.db.selectFrom('service_address_confirmations').select(['version', 'supersedes', 'number']).where('business_id', '=', hospId).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(new Set(versions.map((v) => v.number)).size).toBe(3);
    expect(await confirmedServiceAddresses(t.db, hospId)).toMatchObject({ version: 3, email: [], sms: [], portal: true });
  });

  it('every confirmation and document matches its latest ledger entry', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems.filter((p) => /^(service_address_confirmation|document|service_address)\//.test(p.id))).toEqual([]);
  });
});
