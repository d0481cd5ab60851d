import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { mayPublish } from '../../core/consent/publish-authority.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { expireDueConsents } from '../../api/consent/consent-expiry.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { corruptPng, signaturePng } from '../support/signature-png.js';
import { servedRead } from '../support/record-reads.js';

// The consent lifecycle through the HTTP API against a real PostgreSQL, with one-time codes
// sent over a real SMTP conversation to the loopback capture server.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let officer: Session;
let biz: Session;
let otherBiz: Session;
let otherOfficer: Session;
let siteId: string;
let deviceIds: string[];
let firstSigned: Consent;
let key2: string;

type Consent = { id: string; ref: string; verifyRef: string; status: string; version: number; text: string; textSha256: string; statements: { key: string }[]; actions: string[]; signature: { pdfSha256: string; noticePdfSha256: string; identityAddress: string } | null; devices: { deviceId: string; placementCurrent: boolean }[]; codeChannels: { channel: string; address: string }[] };
type Err = { code: string; message: string; issues?: { path: string[]; message: string }[] };

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-consent-'));
  const config = loadConfig({ DATA_DIR: dir }, ['--demo']);
  const mail = await createNotifierFromConfig(config, t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true });
  [officer, biz, otherBiz, otherOfficer] = await Promise.all([api.login('officer.wc'), api.login('biz.hosp'), api.login('biz.hotel'), api.login('officer.jd')]);
  const site = await t.db.selectFrom('sites').select(['id']).where('business_id', '=', biz.user.businessId!).executeTakeFirstOrThrow();
  siteId = site.id;
  deviceIds = (await t.db.selectFrom('devices').select('id').where('site_id', '=', siteId).orderBy('created_at').execute()).map((d) => d.id);
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inAYear = () => new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
const terms = { purpose: '对后厨关键环节进行非现场监管', retention: '未作为证据使用的音视频至少保存 6 个月', viewers: '经授权的执法人员' };
const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
};
const ledger = async (entityId: string) => (await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', entityId).orderBy('id').execute()).map((r) => r.action);
const lastCode = async (to: string) => {
  const row = await t.db.selectFrom('outbox_messages').select(['body', 'status']).where('to_address', '=', to).where('purpose', '=', 'consent.sign').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  expect(row.status).toBe('captured');
  return /验证码[:：]\s*(\d{6})/.exec(row.body)![1];
};
/** Lets the next code be requested at once (the 60 s resend pause is policy, not under test here). */
const ageCodes = () => sql`UPDATE one_time_codes SET created_at = created_at - interval '2 minutes'`.execute(t.admin);

async function draftAndPropose(body: Record<string, unknown> = {}): Promise<Consent> {
  const draft = await json<Consent>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, validFrom: today(), validUntil: inAYear(), ...body }), 201);
  return json<Consent>(await officer.post(`/api/consents/${draft.id}/propose`, { version: draft.version }), 200);
}

async function signAs(session: Session, c: Consent, extra: Record<string, unknown> = {}) {
  await ageCodes();
  await json(await session.post(`/api/consents/${c.id}/code`, { channel: 'email' }), 200);
  const code = await lastCode('hosp@example.cn');
  return session.post(`/api/consents/${c.id}/sign`, { code, signerName: '王建国', confirmed: c.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: c.textSha256, ...extra });
}

type Coverage = { siteId: string; state: string; deviceCount: number; coveredCount: number; uncoveredDevices: { reason: string }[] };
const coverageOf = async (session: Session) => (await json<{ items: Coverage[] }>(await session.get('/api/consents/coverage'), 200)).items;

describe('consent: propose, identify, sign', () => {
  let c: Consent;

  it('before any consent, the coverage list shows the site as missing one; only sites in scope; businesses may not ask', async () => {
    const items = await coverageOf(officer);
    const mine = items.find((i) => i.siteId === siteId)!;
    expect(mine).toMatchObject({ state: 'missing', coveredCount: 0, deviceCount: deviceIds.length });
    expect(mine.uncoveredDevices.every((d) => d.reason === 'no_consent')).toBe(true);
    expect((await coverageOf(otherOfficer)).some((i) => i.siteId === siteId)).toBe(false);
    expect((await biz.get('/api/consents/coverage')).status).toBe(403);
  });

  it('an officer drafts a consent from the versioned template and sends it; the business is e-mailed', async () => {
    const draft = await json<Consent>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, validFrom: today(), validUntil: inAYear() }), 201);
    expect(draft.status).toBe('draft');
    expect(draft.text).toContain('设备记录的内容将作为卫生健康行政执法的依据');
    expect(draft.text).toContain('不得故意损毁、擅自移动、拆除');
    expect(draft.textSha256).toBe(createHash('sha256').update(draft.text).digest('hex'));
    expect(draft.devices.map((d) => d.deviceId)).toEqual(deviceIds);
    // Not yet sent: the business does not see it.
    expect((await biz.get(`/api/consents/${draft.id}`)).status).toBe(403);
    c = await json<Consent>(await officer.post(`/api/consents/${draft.id}/propose`, { version: draft.version }), 200);
    expect(c.status).toBe('proposed');
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('purpose', '=', 'consent.proposed').executeTakeFirstOrThrow();
    expect(mail.to_address).toBe('hosp@example.cn');
    expect(mail.body).toContain(c.ref);
  });

  it('another business or another district cannot see or sign it (403, ledgered)', async () => {
    expect((await otherBiz.get(`/api/consents/${c.id}`)).status).toBe(403);
    expect((await otherOfficer.get(`/api/consents/${c.id}`)).status).toBe(403);
    expect((await otherBiz.post(`/api/consents/${c.id}/code`, { channel: 'email' })).status).toBe(403);
    const signAttempt = await otherBiz.post(`/api/consents/${c.id}/sign`, { code: '123456', signerName: 'x', confirmed: [], signaturePng: signaturePng(), textSha256: c.textSha256 });
    expect(signAttempt.status).toBe(403);
    const list = await json<{ items: { id: string }[] }>(await otherBiz.get('/api/consents'), 200);
    expect(list.items.map((i) => i.id)).not.toContain(c.id);
    const denied = await t.db.selectFrom('ledger_entries').select('actor_id').where('action', '=', 'access.denied').where('actor_id', '=', otherBiz.user.id).execute();
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect((await json<Consent>(await biz.get(`/api/consents/${c.id}`), 200)).status).toBe('proposed');
  });

  it('a code goes by real SMTP to the registered address; asking again at once is refused', async () => {
    const view = await json<Consent>(await biz.get(`/api/consents/${c.id}`), 200);
    expect(view.actions).toEqual(['sign']);
    expect(view.codeChannels).toContainEqual({ channel: 'email', address: 'h***@example.cn' });
    const sent = await json<{ address: string; resendAfterSeconds: number }>(await biz.post(`/api/consents/${c.id}/code`, { channel: 'email' }), 200);
    expect(sent.address).toBe('h***@example.cn');
    expect(await lastCode('hosp@example.cn')).toMatch(/^\d{6}$/);
    const again = await json<Err>(await biz.post(`/api/consents/${c.id}/code`, { channel: 'email' }), 429);
    expect(again.message).toContain('60 秒');
  });

  it('a wrong code, missing statements, a bad signature or a changed text are refused and change nothing', async () => {
    const code = await lastCode('hosp@example.cn');
    const wrong = code === '000000' ? '000001' : '000000';
    const base = { code, signerName: '王建国', confirmed: c.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: c.textSha256 };
    const e1 = await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { ...base, code: wrong }), 400);
    expect(e1.issues).toContainEqual({ path: ['code'], code: 'consent.code_wrong', message: '验证码不正确' });
    const e2 = await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { ...base, confirmed: base.confirmed.slice(1) }), 400);
    expect(e2.issues?.[0].message).toContain('勾选全部确认事项');
    const e3 = await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { ...base, signaturePng: `data:image/png;base64,${Buffer.from('not a png at all, not at all').toString('base64')}` }), 400);
    expect(e3.issues?.[0].path).toEqual(['signaturePng']);
    // Well-formed chunks around corrupt pixel data: refused, and the process is still serving.
    const e3b = await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { ...base, signaturePng: corruptPng() }), 400);
    expect(e3b.issues?.[0].path).toEqual(['signaturePng']);
    await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { ...base, textSha256: 'a'.repeat(64) }), 409);
    const now = await json<Consent>(await biz.get(`/api/consents/${c.id}`), 200);
    expect(now.status).toBe('proposed');
    expect(now.signature).toBeNull();
    expect(await ledger(c.id)).toContain('consent.sign_refused');
  });

  it('an expired code is refused', async () => {
    await sql`UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE subject_id = ${c.id}`.execute(t.admin);
    const code = await lastCode('hosp@example.cn');
    const e = await json<Err>(await biz.post(`/api/consents/${c.id}/sign`, { code, signerName: '王建国', confirmed: c.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: c.textSha256 }), 400);
    expect(e.issues).toContainEqual({ path: ['code'], code: 'consent.code_expired', message: '验证码已过期,请重新获取' });
  });

  it('the right code signs: status active, audit trail ledgered, signed PDF with the Chinese clauses and the hash', async () => {
    const signed = await json<Consent>(await signAs(biz, c), 200);
    expect(signed.status).toBe('active');
    expect(signed.signature).toMatchObject({ identityAddress: 'h***@example.cn' });
    const row = await t.db.selectFrom('consents').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ signer_user_id: biz.user.id, signer_name: '王建国', identity_method: 'email_code' });
    expect(row.sign_user_agent).not.toBeNull();
    expect(await ledger(c.id)).toEqual(expect.arrayContaining(['consent.drafted', 'consent.proposed', 'consent.code_sent', 'consent.sign_refused', 'consent.signed']));
    const res = await biz.get(`/api/consents/${c.id}/confirmation.pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(signed.signature!.pdfSha256);
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'download', record_kind: 'consent_file', record_id: c.id, sha256: signed.signature!.pdfSha256, bytes: String(pdf.length), user_id: biz.user.id });
    const file = path.join(dir, 'signed.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
    expect(text).toContain('设备记录的内容将作为卫生健康行政执法的依据');
    expect(text).toContain(c.textSha256);
    expect(text).toContain('王建国');
    // Devices covered by the consent are now active in the registry.
    const devices = await t.db.selectFrom('devices').select('status').where('id', 'in', deviceIds).execute();
    expect(devices.every((d) => d.status === 'active')).toBe(true);
    expect((await coverageOf(officer)).find((i) => i.siteId === siteId)).toMatchObject({ state: 'ok', coveredCount: deviceIds.length });
    c = signed;
    firstSigned = signed;
  });

  it('a replayed code signs nothing twice', async () => {
    const code = (await t.db.selectFrom('one_time_codes').select('consumed_at').where('subject_id', '=', c.id).where('consumed_at', 'is not', null).execute()).length;
    expect(code).toBe(1);
    const again = await biz.post(`/api/consents/${c.id}/sign`, { code: '123456', signerName: '王建国', confirmed: c.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: c.textSha256 });
    expect(again.status).toBe(409);
  });

  it('the public verify link confirms the signed PDF and refuses a tampered one', async () => {
    const pdf = Buffer.from(await (await biz.get(`/api/consents/${c.id}/confirmation.pdf`)).arrayBuffer());
    const anon = (body: Buffer) => api.app.request(`/api/verify/${c.verifyRef}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(body) });
    const ok = await json<{ match: boolean; document: string }>(await anon(pdf), 200);
    expect(ok).toMatchObject({ match: true, document: 'consent' });
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const bad = await json<Err>(await anon(tampered), 422);
    expect(bad.code).toBe('document_mismatch');
    const info = await json<{ pdfSha256: string; status: string }>(await api.app.request(`/api/verify/${c.verifyRef}`), 200);
    expect(info).toMatchObject({ pdfSha256: c.signature!.pdfSha256, status: 'active' });
  });

  it('the business uploads a photo of the posted notice; a non-image is refused', async () => {
    const res = await json<{ sha256: string }>(await biz.upload(`/api/consents/${c.id}/notice-photos`, Buffer.from(signaturePng().split(',')[1], 'base64'), 'image/png'), 201);
    expect(res.sha256).toMatch(/^[0-9a-f]{64}$/);
    const bad = await biz.upload(`/api/consents/${c.id}/notice-photos`, Buffer.from('%PDF-1.4 pretending'), 'image/png');
    expect(bad.status).toBe(400);
    expect((await json<Err>(bad, 400)).issues).toEqual([{ path: ['photo'], code: 'file.not_png', message: '文件不是有效的 PNG 图片' }]);
    const fakeJpeg = await biz.upload(`/api/consents/${c.id}/notice-photos`, Buffer.from('GIF89a not a jpeg'), 'image/jpeg');
    expect((await json<Err>(fakeJpeg, 400)).issues).toEqual([{ path: ['photo'], code: 'file.not_jpeg', message: '文件不是有效的 JPEG 图片' }]);
    expect((await json<Consent & { noticePhotos: unknown[] }>(await biz.get(`/api/consents/${c.id}`), 200)).noticePhotos).toHaveLength(1);
  });
});

describe('publish authority: the only answer to "may this key publish now?"', () => {
  let c: Consent;
  let key: string;
  const device = () => deviceIds[0];

  it('active consent + issued key → yes; wrong key → no', async () => {
    c = firstSigned;
    const issued = await json<{ key: string; publishUrl: string }>(await officer.post(`/api/devices/${device()}/credentials`, {}), 201);
    key = issued.key;
    expect(issued.publishUrl).toContain(device());
    expect(await mayPublish(t.db, { key, deviceId: device() })).toMatchObject({ allowed: true, consentId: c.id });
    expect(await mayPublish(t.db, { key: key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') })).toMatchObject({ allowed: false, reason: 'unknown_key' });
    expect(await mayPublish(t.db, { key: 'rtmp-guess' })).toMatchObject({ allowed: false, reason: 'malformed_key' });
    expect(await mayPublish(t.db, { key, deviceId: deviceIds[1] })).toMatchObject({ allowed: false, reason: 'wrong_device' });
    const stored = await t.db.selectFrom('device_credentials').selectAll().where('device_id', '=', device()).executeTakeFirstOrThrow();
    expect(stored.key_sha256).not.toContain(key.slice(14));
  });

  it('a rotated-out key → no; the new one → yes', async () => {
    const next = await json<{ key: string }>(await biz.post(`/api/devices/${device()}/credentials`, {}), 201);
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'key_rotated' });
    expect(await mayPublish(t.db, { key: next.key })).toMatchObject({ allowed: true });
    key = next.key;
  });

  it('a moved device → no until the amendment is signed; the draft amendment alone changes nothing', async () => {
    const dev = await t.db.selectFrom('devices').select('version').where('id', '=', device()).executeTakeFirstOrThrow();
    await json(await officer.patch(`/api/devices/${device()}`, { pointsAt: '改为朝向洗消区', version: dev.version }), 200);
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'placement_changed' });
    expect((await json<Consent>(await officer.get(`/api/consents/${c.id}`), 200)).devices[0].placementCurrent).toBe(false);
    expect((await coverageOf(officer)).find((i) => i.siteId === siteId)).toMatchObject({ state: 'uncovered_devices', coveredCount: deviceIds.length - 1 });
    // A site with a consent in force is changed only by amendment.
    await json<Err>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, validFrom: today(), validUntil: inAYear() }), 409);
    const amendment = await draftAndPropose({ amendsId: c.id });
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'consent_not_signed' });
    key2 = (await json<{ key: string }>(await officer.post(`/api/devices/${deviceIds[1]}/credentials`, {}), 201)).key;
    expect(await mayPublish(t.db, { key: key2 })).toMatchObject({ allowed: true });
    await json(await signAs(biz, amendment), 200);
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: true, consentId: amendment.id });
    expect((await t.db.selectFrom('consents').select('status').where('id', '=', c.id).executeTakeFirstOrThrow()).status).toBe('superseded');
    c = await json<Consent>(await biz.get(`/api/consents/${amendment.id}`), 200);
  });

  it('suspended → no; resumed → yes', async () => {
    c = await json<Consent>(await biz.post(`/api/consents/${c.id}/suspend`, { reason: '装修期间暂停', version: c.version }), 200);
    expect(c.status).toBe('suspended');
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'consent_suspended' });
    c = await json<Consent>(await biz.post(`/api/consents/${c.id}/resume`, { reason: '装修结束', version: c.version }), 200);
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: true });
  });

  it('expired → no, and the expiry job records it', async () => {
    await sql`UPDATE consents SET valid_from = current_date - 30, valid_until = current_date - 2 WHERE id = ${c.id}`.execute(t.admin);
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'consent_expired' });
    expect(await expireDueConsents(t.db, api.events)).toBe(1);
    expect(await ledger(c.id)).toContain('consent.expired');
    expect(await mayPublish(t.db, { key })).toMatchObject({ allowed: false, reason: 'consent_expired' });
    expect(await expireDueConsents(t.db, api.events)).toBe(0);
  });

  it('revoked → no, the key stops at once, devices go back to awaiting consent', async () => {
    const fresh = await draftAndPropose();
    const signed = await json<Consent>(await signAs(biz, fresh), 200);
    const k = await json<{ key: string }>(await officer.post(`/api/devices/${device()}/credentials`, {}), 201);
    expect(await mayPublish(t.db, { key: k.key })).toMatchObject({ allowed: true });
    const revoked = await json<Consent>(await officer.post(`/api/consents/${signed.id}/revoke`, { reason: '单位停业', version: signed.version }), 200);
    expect(revoked.status).toBe('revoked');
    expect(await mayPublish(t.db, { key: k.key })).toMatchObject({ allowed: false, reason: 'consent_revoked' });
    const dev = await t.db.selectFrom('devices').select('status').where('id', '=', device()).executeTakeFirstOrThrow();
    expect(dev.status).toBe('pending_consent');
    // A revoked consent cannot be revived.
    await json<Err>(await biz.post(`/api/consents/${signed.id}/resume`, { reason: 'x', version: revoked.version }), 409);
    expect(await ledger(signed.id)).toContain('consent.revoked');
  });

  it('a draft → no; no key is issued to a device without a consent in force', async () => {
    const draft = await json<Consent>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, validFrom: today(), validUntil: inAYear() }), 201);
    expect(draft.status).toBe('draft');
    const e = await json<Err>(await officer.post(`/api/devices/${device()}/credentials`, {}), 409);
    expect(e.message).toContain('不能签发推流密钥');
    const creds = await json<{ publishAllowed: boolean; publishRefusal: string }>(await officer.get(`/api/devices/${device()}/credentials`), 200);
    expect(creds).toMatchObject({ publishAllowed: false, publishRefusal: 'consent_revoked' });
  });

  it('a revoked key → no', async () => {
    const active = await t.db.selectFrom('device_credentials').select('id').where('device_id', '=', deviceIds[1]).where('status', '=', 'active').executeTakeFirstOrThrow();
    await json(await officer.post(`/api/device-credentials/${active.id}/revoke`, { reason: '密钥泄露' }), 200);
    const rows = await t.db.selectFrom('device_credentials').select('status').where('id', '=', active.id).executeTakeFirstOrThrow();
    expect(rows.status).toBe('revoked');
    expect(await mayPublish(t.db, { key: key2 })).toMatchObject({ allowed: false, reason: 'key_revoked' });
    await json(await officer.post(`/api/device-credentials/${active.id}/revoke`, { reason: '再次' }), 409);
  });
});

describe('records', () => {
  it('every consent, credential, photo and device row matches its latest ledger entry', async () => {
    const { checkEntities } = await import('../../core/ledger/entity-check.js');
    const r = await checkEntities(t.admin);
    expect(r.problems).toEqual([]);
    expect(r.checked).toBeGreaterThan(10);
  });

  it('a signed consent cannot be rewritten, even by the table owner', async () => {
    const row = await t.db.selectFrom('consents').select('id').where('status', '=', 'superseded').executeTakeFirstOrThrow();
    await expect(sql`UPDATE consents SET signer_name = '伪造' WHERE id = ${row.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
    await expect(sql`UPDATE consents SET rendered_text = 'x' WHERE id = ${row.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
    await expect(sql`DELETE FROM consents WHERE id = ${row.id}`.execute(t.admin)).rejects.toThrow(/never deleted/);
  });
});
