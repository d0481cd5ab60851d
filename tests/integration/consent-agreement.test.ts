import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { signaturePng } from '../support/signature-png.js';

// What the business signs says what the platform can do, and the signed record shows what was
// agreed (issue 12, items 1–2): the 分析内容 clause derived from the rule kinds and the model, each
// statement ticked with its time, the agency's side (officer, agency, phone, seal placeholder),
// and the agency's registry phone on the site notice. Real PostgreSQL, real SMTP capture, pdftotext.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let officer: Session;
let biz: Session;
let admin: Session;
let siteId: string;
let deviceIds: string[];

type Template = { templateId: string; templateVersion: string; analysis: string; analysisEn: string; capabilities: { ruleKinds: string[]; cannotDetect: string[] } };
type Confirmation = { key: string; text: string; confirmedAt: string };
type Consent = {
  id: string;
  version: number;
  status: string;
  analysis: string;
  templateVersion: string;
  text: string;
  textSha256: string;
  statements: { key: string; text: string }[];
  agencyPhone: string | null;
  issuedBy: { name: string; certificateNo: string | null };
  signature: { signedAt: string; confirmations: Confirmation[] | null } | null;
};
type Err = { code: string; issues?: { path: string[]; message: string }[] };

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-agreement-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true });
  [officer, biz, admin] = await Promise.all([api.login('officer.wc'), api.login('biz.hosp'), api.login('admin')]);
  siteId = (await t.db.selectFrom('sites').select('id').where('business_id', '=', biz.user.businessId!).orderBy('created_at').executeTakeFirstOrThrow()).id;
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
let n = 0;
const pdfText = async (session: Session, p: string) => {
  const res = await session.get(p);
  expect(res.status).toBe(200);
  const file = path.join(dir, `${++n}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
};
const chinaTime = (iso: string) => `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)} (UTC+8)`.replace(/\s+/g, '');

async function code(c: Consent) {
  await sql`UPDATE one_time_codes SET created_at = created_at - interval '2 minutes'`.execute(t.admin);
  await json(await biz.post(`/api/consents/${c.id}/code`, { channel: 'email' }), 200);
  const row = await t.db.selectFrom('outbox_messages').select('body').where('purpose', '=', 'consent.sign').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /验证码[:：]\s*(\d{6})/.exec(row.body)![1];
}

describe('what the consent says the analysis does', () => {
  it('the drafting form gets the clause derived from the rule kinds and the model, not a typed promise; businesses may not ask', async () => {
    const tpl = await json<Template>(await officer.get('/api/consents/template'), 200);
    expect(tpl.templateId).toBe('device-consent');
    expect(tpl.templateVersion).toMatch(/^v2-[0-9a-f]{8}$/);
    expect(tpl.analysis).toContain('违规进入限制区域');
    expect(tpl.analysis).toContain('平台不能识别老鼠、是否戴口罩、是否戴帽子、吸烟');
    expect(tpl.analysis).not.toMatch(/发现未戴口罩|鼠患等风险行为/);
    expect(tpl.capabilities.cannotDetect).toEqual(['rodents', 'masks', 'hats', 'smoking']);
    expect(tpl.analysisEn).toContain('It cannot detect rodents');
    expect((await biz.get('/api/consents/template')).status).toBe(403);
  });

  it('an officer cannot type the analysis any more: the field is refused by name', async () => {
    const e = await json<Err>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, analysis: '发现未戴口罩、未戴帽子、吸烟、鼠患等风险行为并预警', validFrom: today(), validUntil: inAYear() }), 400);
    expect(JSON.stringify(e.issues)).toContain('analysis');
  });
});

describe('the signed record shows what was agreed, and the agency\'s side', () => {
  let proposed: Consent;
  let signed: Consent;

  it('the agency phone is in the registry: an admin sets it (ledgered), a bad number is refused by field, an officer may not', async () => {
    const agencies = await json<{ items: { id: string; name: string; phone: string | null }[] }>(await officer.get('/api/agencies'), 200);
    const wc = agencies.items.find((a) => a.name === '金华市婺城区卫生健康局')!;
    expect(wc.phone).toBe('0579-82170000'); // the demo seed's
    const bad = await json<Err>(await admin.patch(`/api/agencies/${wc.id}`, { phone: '请拨打' }), 400);
    expect(bad.issues?.[0]).toMatchObject({ path: ['phone'] });
    expect((await officer.patch(`/api/agencies/${wc.id}`, { phone: '0579-82999999' })).status).toBe(403);
    const set = await json<{ phone: string }>(await admin.patch(`/api/agencies/${wc.id}`, { phone: '0579-82171234' }), 200);
    expect(set.phone).toBe('0579-82171234');
    const entry = await t.db.selectFrom('ledger_entries').select(['action', 'context']).where('entity_id', '=', wc.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'agency.contact_changed', context: { phone: '0579-82171234' } });
  });

  it('a drafted consent stores the derived clause, its capabilities and the v2 version it was rendered under', async () => {
    const tpl = await json<Template>(await officer.get('/api/consents/template'), 200);
    const draft = await json<Consent>(await officer.post('/api/consents', { siteId, deviceIds, ...terms, validFrom: today(), validUntil: inAYear() }), 201);
    expect(draft.templateVersion).toBe(tpl.templateVersion);
    expect(draft.analysis).toBe(tpl.analysis);
    expect(draft.text).toContain(`三、分析内容\n${tpl.analysis}`);
    const row = await t.db.selectFrom('consents').select('analysis_capabilities').where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row.analysis_capabilities).toEqual(tpl.capabilities);
    proposed = await json<Consent>(await officer.post(`/api/consents/${draft.id}/propose`, { version: draft.version }), 200);
    expect(proposed.issuedBy.name).toBe('张伟(婺城执法)');
    // Once sent, the clause and its capabilities are frozen with the text.
    await expect(sql`UPDATE consents SET analysis_capabilities = '{}'::jsonb WHERE id = ${proposed.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
    await expect(sql`UPDATE consents SET analysis = '发现鼠患' WHERE id = ${proposed.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
    const en = await json<{ text: string }>(await biz.get(`/api/consents/${proposed.id}/text?lang=en`), 200);
    expect(en.text).toContain('It cannot detect rodents, whether a mask is worn');
  });

  it('a tick dated before the consent was sent is refused', async () => {
    const e = await json<Err>(
      await biz.post(`/api/consents/${proposed.id}/sign`, { code: await code(proposed), signerName: '王建国', confirmed: proposed.statements.map((s) => ({ key: s.key, msBeforeSign: 23 * 3_600_000 })), signaturePng: signaturePng(), textSha256: proposed.textSha256 }),
      400,
    );
    expect(e.issues?.[0]).toMatchObject({ path: ['confirmed'] });
  });

  it('signing records each statement with when it was ticked; the signed PDF shows them ticked with those times', async () => {
    const ms = [40_000, 30_000, 20_000, 10_000];
    // The business read it for a few minutes before ticking (it was sent a moment ago in this test).
    await sql`UPDATE consents SET proposed_at = proposed_at - interval '5 minutes' WHERE id = ${proposed.id}`.execute(t.admin);
    signed = await json<Consent>(
      await biz.post(`/api/consents/${proposed.id}/sign`, { code: await code(proposed), signerName: '王建国', confirmed: proposed.statements.map((s, i) => ({ key: s.key, msBeforeSign: ms[i] })), signaturePng: signaturePng(), textSha256: proposed.textSha256 }),
      200,
    );
    const confirmations = signed.signature!.confirmations!;
    expect(confirmations.map((c) => c.key)).toEqual(proposed.statements.map((s) => s.key));
    confirmations.forEach((c, i) => expect(Date.parse(signed.signature!.signedAt) - Date.parse(c.confirmedAt)).toBe(ms[i]));

    const out = await pdfText(biz, `/api/consents/${signed.id}/confirmation.pdf`);
    expect(out.match(/✓/g)).toHaveLength(proposed.statements.length);
    const words = out.replace(/[□✓]/g, '');
    for (const c of confirmations) expect(words).toContain(`${c.text}已勾选确认${chinaTime(c.confirmedAt)}`);
    for (const s of ['执法机构/Issuingagency', '联系电话0579-82171234', '发起人张伟(婺城执法)', '电子印章', '未加盖', '已逐项勾选4/4项']) expect(out).toContain(s);

    const ledgered = await t.db.selectFrom('ledger_entries').select('context').where('entity_id', '=', signed.id).where('action', '=', 'consent.signed').executeTakeFirstOrThrow();
    expect((ledgered.context as { confirmations: Confirmation[] }).confirmations).toEqual(confirmations);
    await expect(sql`UPDATE consents SET confirmations = '[]'::jsonb WHERE id = ${signed.id}`.execute(t.admin)).rejects.toThrow(/never changed/);
  });

  it('the site notice gives the agency\'s phone from its registry entry', async () => {
    const out = await pdfText(biz, `/api/consents/${signed.id}/notice.pdf`);
    expect(out).toContain('联系方式：0579-82171234');
    expect(out).toContain('金华市婺城区卫生健康局');
  });

  it('a signed document is a record: a later change of the agency phone leaves it as signed', async () => {
    const wc = (await json<{ items: { id: string; name: string }[] }>(await admin.get('/api/agencies'), 200)).items.find((a) => a.name === '金华市婺城区卫生健康局')!;
    await json(await admin.patch(`/api/agencies/${wc.id}`, { phone: '0579-82000000' }), 200);
    expect(await pdfText(biz, `/api/consents/${signed.id}/notice.pdf`)).toContain('联系方式：0579-82171234');
    expect(await pdfText(biz, `/api/consents/${signed.id}/confirmation.pdf`)).toContain('联系电话0579-82171234');
  });
});

describe('consents signed before stay as they were', () => {
  it('a v1 consent keeps its version and the analysis its officer typed, in English too', async () => {
    const c = await t.db.selectFrom('consents').selectAll().where('site_id', '=', siteId).executeTakeFirstOrThrow();
    const old = await t.db
      .insertInto('consents')
      .values({
        ref: 'QR2025-000042',
        business_id: c.business_id,
        site_id: siteId,
        agency_id: c.agency_id,
        status: 'expired',
        purpose: '旧目的',
        analysis: '智能识别风险行为（旧版由执法人员填写）',
        retention: 'r',
        viewers: 'v',
        valid_from: '2025-01-01',
        valid_until: '2025-12-31',
        template_id: 'device-consent',
        template_version: 'v1',
        rendered_text: '非现场监管设备安装确认书',
        statements: '[]',
        text_sha256: 'ab'.repeat(32),
        created_by: c.created_by,
        proposed_by: c.created_by,
        proposed_at: new Date('2025-01-01'),
        signed_at: new Date('2025-01-02'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = await json<Consent>(await officer.get(`/api/consents/${old.id}`), 200);
    expect(dto).toMatchObject({ templateVersion: 'v1', analysis: '智能识别风险行为（旧版由执法人员填写）' });
    expect(dto.signature!.confirmations).toBeNull();
    const en = await json<{ text: string }>(await officer.get(`/api/consents/${old.id}/text?lang=en`), 200);
    expect(en.text).toContain('What is analysed\n智能识别风险行为（旧版由执法人员填写）');
  });
});
