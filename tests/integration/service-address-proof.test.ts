import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// R9 e-service addresses and the demo mailbox, with the platform's own capture SMTP server (--demo).
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let hosp: Session;
let hotel: Session;
let officer: Session;

type Mail = { to: string; subject: string; body: string };
type Address = { id: string; status: string; verifiedAt: string | null };
const codeIn = (body: string) => /验证码[:：]\s*(\d{6})/.exec(body)![1];
const mailbox = async (s: Session) => ((await (await s.get('/api/dev/mailbox')).json()) as { items: Mail[] }).items;
const actions = async (id: string) => (await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((r) => r.action);
/** Lets the next code be requested at once (the 60 s pause is checked on its own below). */
const ageCodes = () => sql`UPDATE one_time_codes SET created_at = created_at - interval '2 minutes'`.execute(t.admin);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-address-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { notifier: mail.notifier, mailCaptured: mail.captured });
  [hosp, hotel, officer] = await Promise.all([api.login('biz.hosp'), api.login('biz.hotel'), api.login('officer.wc')]);
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('e-service addresses are proven by their owner; the demo mailbox shows only proven mail', () => {
  it('the demo seed proved its addresses with a code, like anyone else', async () => {
    const rows = await t.db.selectFrom('service_addresses').select(['id', 'status']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.status).toBe('verified');
      expect(await actions(r.id)).toEqual(['service_address.agreed', 'service_address.code_sent', 'service_address.verified']);
    }
  });

  it("another business's e-mail typed in as one's own shows none of its mail, and cannot be verified without the code that went to its owner", async () => {
    const res = await hotel.post(`/api/businesses/${hotel.user.businessId}/service-addresses`, { method: 'email', address: 'hosp@example.cn', agreedAt: today() });
    expect(res.status).toBe(201);
    const stolen = (await res.json()) as Address;
    expect(stolen).toMatchObject({ status: 'pending_verification', verifiedAt: null });

    // The hospital is sent a signing code at its (verified) address.
    const site = await t.db.selectFrom('sites').select('id').where('business_id', '=', hosp.user.businessId!).executeTakeFirstOrThrow();
    const deviceIds = (await t.db.selectFrom('devices').select('id').where('site_id', '=', site.id).execute()).map((d) => d.id);
    const draft = (await (await officer.post('/api/consents', { siteId: site.id, deviceIds, purpose: '非现场监管', retention: '6 个月', viewers: '授权执法人员', validFrom: today(), validUntil: today() })).json()) as { id: string; version: number };
    expect((await officer.post(`/api/consents/${draft.id}/propose`, { version: draft.version })).status).toBe(200);
    expect((await hosp.post(`/api/consents/${draft.id}/code`, { channel: 'email' })).status).toBe(200);
    // The hotel asks for a code to "prove" the hospital's address: it goes to the hospital.
    expect((await hotel.post(`/api/service-addresses/${stolen.id}/code`)).status).toBe(200);

    const hotelMail = await mailbox(hotel);
    expect(hotelMail.filter((m) => m.to === 'hosp@example.cn')).toEqual([]);
    const hospMail = await mailbox(hosp);
    expect(hospMail.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^签署验证码/), expect.stringMatching(/^送达地址验证码/)]));
    expect(hospMail.find((m) => m.subject.startsWith('送达地址验证码'))!.body).toContain('金东区江滨宾馆有限公司');

    // Guessing: five wrong codes lock it; each try is ledgered; the address stays unproven.
    const real = codeIn(hospMail.find((m) => m.subject.startsWith('送达地址验证码'))!.body);
    const wrong = real === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await hotel.post(`/api/service-addresses/${stolen.id}/verify`, { code: wrong });
      expect(r.status).toBe(400);
    }
    const locked = await hotel.post(`/api/service-addresses/${stolen.id}/verify`, { code: real });
    expect(locked.status).toBe(400);
    expect(JSON.stringify(await locked.json())).toMatch(/次数过多/);
    expect((await actions(stolen.id)).filter((a) => a === 'service_address.verification_refused')).toHaveLength(5);
    const row = await t.db.selectFrom('service_addresses').select('status').where('id', '=', stolen.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending_verification');
    // The hospital's mail never becomes the hotel's, and no other business may touch the address.
    expect((await mailbox(hotel)).filter((m) => m.to === 'hosp@example.cn')).toEqual([]);
    expect((await hosp.post(`/api/service-addresses/${stolen.id}/code`)).status).toBe(403);
  });

  it('the owner proves its own address with the code: one use, 60 s between sends, verified and ledgered, then its mail is shown', async () => {
    const res = await hosp.post(`/api/businesses/${hosp.user.businessId}/service-addresses`, { method: 'email', address: 'biz.hosp@example.cn', agreedAt: today() });
    const a = (await res.json()) as Address;
    expect(a.status).toBe('pending_verification');
    expect((await hosp.post(`/api/service-addresses/${a.id}/verify`, { code: '123456' })).status).toBe(400); // no code sent yet
    expect((await hosp.post(`/api/service-addresses/${a.id}/code`)).status).toBe(200);
    expect((await hosp.post(`/api/service-addresses/${a.id}/code`)).status).toBe(429);
    await ageCodes();
    expect((await hosp.post(`/api/service-addresses/${a.id}/code`)).status).toBe(200);
    // biz.hosp@example.cn is the user's own account e-mail: the demo mailbox shows it; only the latest code counts.
    const codes = (await mailbox(hosp)).filter((m) => m.to === 'biz.hosp@example.cn' && m.subject.startsWith('送达地址验证码')).map((m) => codeIn(m.body));
    expect(codes).toHaveLength(2);
    const [latest, earlier] = codes;
    if (earlier !== latest) expect((await hosp.post(`/api/service-addresses/${a.id}/verify`, { code: earlier })).status).toBe(400);
    const ok = await hosp.post(`/api/service-addresses/${a.id}/verify`, { code: latest });
    expect(ok.status).toBe(200);
    const verified = (await ok.json()) as Address;
    expect(verified.status).toBe('verified');
    expect(verified.verifiedAt).not.toBeNull();
    expect((await hosp.post(`/api/service-addresses/${a.id}/verify`, { code: latest })).status).toBe(409);
    expect(await actions(a.id)).toEqual(expect.arrayContaining(['service_address.agreed', 'service_address.code_sent', 'service_address.verified']));
    const withdrawn = await hosp.post(`/api/service-addresses/${a.id}/withdraw`, { reason: '不再使用' });
    expect(((await withdrawn.json()) as Address).status).toBe('withdrawn');
  });

  it('an address that is not e-mail or SMS cannot take a code; a malformed e-mail is refused at the door', async () => {
    const post = (await (await officer.post(`/api/businesses/${hosp.user.businessId}/service-addresses`, { method: 'post', address: '金华市婺城区人民路 100 号', agreedAt: today() })).json()) as Address;
    expect(post.status).toBe('active');
    expect((await officer.post(`/api/service-addresses/${post.id}/code`)).status).toBe(409);
    const bad = await hosp.post(`/api/businesses/${hosp.user.businessId}/service-addresses`, { method: 'email', address: 'not-an-address', agreedAt: today() });
    expect(bad.status).toBe(400);
  });

  it('every address matches its latest ledger entry', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems.filter((p) => p.id.startsWith('service_address/'))).toEqual([]);
  });
});
