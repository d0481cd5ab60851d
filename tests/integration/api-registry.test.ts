import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../core/uscc.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
let officer: Session;
let wcDistrict: string;
let jdDistrict: string;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  officer = await api.login('officer.wc');
  const agencies = (await (await officer.get('/api/agencies')).json()) as { items: { id: string; code: string; level: string }[] };
  wcDistrict = agencies.items.find((a) => a.code === '330702')!.id;
  const admin = await api.login('admin');
  const all = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; code: string }[] };
  jdDistrict = all.items.find((a) => a.code === '330703')!.id;
});
afterAll(async () => t.destroy());

const code = (body17: string) => body17 + usccCheckChar(body17);
type Biz = { id: string; name: string; version: number; creditCode: string; status: string };
const ledgerCount = async () => Number((await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('registry: businesses', () => {
  it('creates a business with a valid credit code, ledgered in the same transaction, and lists it', async () => {
    const creditCode = code('91330702MA2E00001');
    const before = await ledgerCount();
    const res = await officer.post('/api/businesses', { name: '婺城区测试餐饮有限公司', creditCode: creditCode.toLowerCase(), category: 'other', agencyId: wcDistrict, address: '婺城区测试路 1 号', contacts: [{ name: '测试', phone: '13800000000' }] });
    expect(res.status).toBe(201);
    const b = (await res.json()) as Biz;
    expect(b.creditCode).toBe(creditCode);
    expect(await ledgerCount()).toBe(before + 1);
    const entry = await t.db.selectFrom('ledger_entries').selectAll().where('entity_id', '=', b.id).executeTakeFirstOrThrow();
    expect(entry.action).toBe('business.created');
    expect(entry.actor_id).toBe(officer.user.id);
    const list = (await (await officer.get(`/api/businesses?q=${encodeURIComponent('测试餐饮')}`)).json()) as { items: Biz[]; total: number };
    expect(list.items.map((x) => x.id)).toEqual([b.id]);
    const byCode = (await (await officer.get(`/api/businesses?q=${creditCode.slice(0, 12).toLowerCase()}`)).json()) as { total: number };
    expect(byCode.total).toBe(1);
  });

  it('refuses a wrong check character with a clear field message and writes nothing', async () => {
    const good = code('91330702MA2E00002');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await ledgerCount();
    const res = await officer.post('/api/businesses', { name: '校验位错误', creditCode: bad, category: 'other', agencyId: wcDistrict, address: 'x' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; issues: { path: string[]; message: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.issues).toContainEqual({ path: ['creditCode'], code: 'uscc.check', message: '统一社会信用代码校验位不正确,请核对' });
    expect(await ledgerCount()).toBe(before);
    expect(await t.db.selectFrom('businesses').select('id').where('name', '=', '校验位错误').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a duplicate credit code with 409', async () => {
    const creditCode = code('91330702MA2E00003');
    const input = { name: '重复一', creditCode, category: 'other', agencyId: wcDistrict, address: 'x' };
    expect((await officer.post('/api/businesses', input)).status).toBe(201);
    const res = await officer.post('/api/businesses', { ...input, name: '重复二' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { issues: { path: string[] }[] }).issues[0].path).toEqual(['creditCode']);
  });

  it('an officer cannot register a business in another district', async () => {
    const res = await officer.post('/api/businesses', { name: '越权', creditCode: code('91330703MA2E00004'), category: 'other', agencyId: jdDistrict, address: 'x' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string[] }[] }).issues[0].path).toEqual(['agencyId']);
  });

  it('edits with optimistic concurrency; a stale version gets 409', async () => {
    const b = (await (await officer.post('/api/businesses', { name: '编辑前', creditCode: code('91330702MA2E00005'), category: 'other', agencyId: wcDistrict, address: 'x' })).json()) as Biz;
    const ok = await officer.patch(`/api/businesses/${b.id}`, { version: b.version, name: '编辑后' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Biz).version).toBe(b.version + 1);
    const stale = await officer.patch(`/api/businesses/${b.id}`, { version: b.version, name: '再次编辑' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe('version_conflict');
    const history = (await (await officer.get(`/api/businesses/${b.id}/history`)).json()) as { items: { action: string; actorName: string }[] };
    expect(history.items.map((h) => h.action)).toEqual(['business.updated', 'business.created']);
    expect(history.items[0].actorName).toBe('张伟(婺城执法)');
  });

  it('archives instead of deleting; the record stays readable', async () => {
    const b = (await (await officer.post('/api/businesses', { name: '待注销', creditCode: code('91330702MA2E00006'), category: 'other', agencyId: wcDistrict, address: 'x' })).json()) as Biz;
    const res = await officer.post(`/api/businesses/${b.id}/archive`, { reason: '已歇业' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Biz).status).toBe('archived');
    expect(((await (await officer.get(`/api/businesses/${b.id}`)).json()) as Biz).status).toBe('archived');
    expect((await officer.request('DELETE', `/api/businesses/${b.id}`)).status).toBe(404);
  });
});

describe('registry: sites, devices, service addresses', () => {
  it('adds a site, a device with calibration data and an e-service address', async () => {
    const b = (await (await officer.post('/api/businesses', { name: '站点测试', creditCode: code('91330702MA2E00007'), category: 'water_supply', agencyId: wcDistrict, address: 'x' })).json()) as Biz;
    const site = (await (await officer.post(`/api/businesses/${b.id}/sites`, { name: '水厂', address: '婺城区', openingHours: '全天' })).json()) as { id: string };
    const badDates = await officer.post(`/api/sites/${site.id}/devices`, { name: '余氯仪', kind: 'sensor', mobility: 'fixed', calibrationDate: '2026-06-01', calibrationDueDate: '2026-01-01' });
    expect(badDates.status).toBe(400);
    const dev = await officer.post(`/api/sites/${site.id}/devices`, { name: '余氯仪', kind: 'sensor', mobility: 'fixed', calibrationDate: '2026-06-01', calibrationDueDate: '2027-06-01' });
    expect(dev.status).toBe(201);
    const device = (await dev.json()) as { id: string; status: string; calibrationDueDate: string; version: number };
    expect(device.status).toBe('pending_consent');
    expect(device.calibrationDueDate).toBe('2027-06-01');
    const addr = await officer.post(`/api/businesses/${b.id}/service-addresses`, { method: 'email', address: 'a@example.cn', agreedAt: '2026-11-20' });
    expect(addr.status).toBe(201);
    const detail = (await (await officer.get(`/api/businesses/${b.id}`)).json()) as { sites: { devices: unknown[] }[]; serviceAddresses: unknown[] };
    expect(detail.sites[0].devices).toHaveLength(1);
    expect(detail.serviceAddresses).toHaveLength(1);
    const retired = await officer.post(`/api/devices/${device.id}/retire`, { reason: '设备更换' });
    expect(((await retired.json()) as { status: string }).status).toBe('retired');
  });
});

describe('scoping and denials', () => {
  it('a business user sees only his own business; another one is refused and the denial is ledgered', async () => {
    const biz = await api.login('biz.hosp');
    const list = (await (await biz.get('/api/businesses')).json()) as { items: Biz[]; total: number };
    expect(list.total).toBe(1);
    expect(list.items[0].id).toBe(biz.user.businessId);
    const hotel = await api.login('biz.hotel');
    const res = await biz.get(`/api/businesses/${hotel.user.businessId}`);
    expect(res.status).toBe(403);
    const denial = await t.db.selectFrom('ledger_entries').selectAll().where('action', '=', 'access.denied').where('actor_id', '=', biz.user.id).executeTakeFirst();
    expect(denial).toBeDefined();
    expect(JSON.stringify(denial!.context)).toContain(hotel.user.businessId!);
  });

  it('a business user cannot create businesses or devices', async () => {
    const biz = await api.login('biz.hosp');
    const res = await biz.post('/api/businesses', { name: 'x', creditCode: code('91330702MA2E00008'), category: 'other', agencyId: wcDistrict, address: 'x' });
    expect(res.status).toBe(403);
  });

  it('an officer sees only his district', async () => {
    const jd = await api.login('officer.jd');
    const list = (await (await jd.get('/api/businesses?limit=200')).json()) as { items: { agencyId: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((b) => b.agencyId === jdDistrict)).toBe(true);
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const res = await officer.request('POST', '/api/businesses', '{"name": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_json');
  });
  it('wrong types and unknown fields → 400 naming each field', async () => {
    const res = await officer.post('/api/businesses', { name: 42, creditCode: code('91330702MA2E00009'), category: 'casino', agencyId: 'not-a-uuid', address: 'x', isAdmin: true });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'category', 'agencyId', 'isAdmin']));
  });
  it('oversize body → 413', async () => {
    const res = await officer.post('/api/businesses', { name: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });
  it('non-JSON content type → 400', async () => {
    const res = await officer.request('POST', '/api/businesses', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
  });
  it('SQL metacharacters and script tags are stored as plain text and change nothing else', async () => {
    const name = `Robert'); DROP TABLE businesses;-- <script>alert(1)</script>`;
    const res = await officer.post('/api/businesses', { name, creditCode: code('91330702MA2E0000A'), category: 'other', agencyId: wcDistrict, address: `%' OR 1=1 --` });
    expect(res.status).toBe(201);
    const b = (await res.json()) as Biz;
    expect(b.name).toBe(name);
    const search = (await (await officer.get(`/api/businesses?q=${encodeURIComponent("%' OR 1=1 --")}`)).json()) as { total: number };
    expect(search.total).toBe(0);
    const pct = (await (await officer.get(`/api/businesses?q=${encodeURIComponent('%')}`)).json()) as { total: number };
    expect(pct.total).toBe(0);
    expect((await officer.get('/api/businesses')).status).toBe(200);
  });
  it('a bad id in the path → 400, an unknown one → 404', async () => {
    expect((await officer.get('/api/businesses/1%20OR%201=1')).status).toBe(400);
    expect((await officer.get('/api/businesses/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('health and OpenAPI', () => {
  it('GET /api/health reports db, queue, ledger and processes', async () => {
    const res = await api.app.request('/api/health');
    expect(res.status).toBe(200);
    const h = (await res.json()) as { db: { status: string }; queue: { status: string }; ledger: { unsealed: number }; streams: { status: string } };
    expect(h.db.status).toBe('ok');
    expect(h.queue.status).toBe('ok');
    expect(h.ledger.unsealed).toBeGreaterThan(0);
    expect(h.streams.status).toBe('not_running');
  });
  it('GET /api/openapi.json documents the registry routes', async () => {
    const doc = (await (await api.app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/businesses', '/api/businesses/{id}', '/api/sites/{id}/devices', '/api/auth/login']));
  });
});

describe('admin: agencies and accounts', () => {
  it('an admin creates a district and an officer in it; the officer can log in; others may not use admin routes', async () => {
    const admin = await api.login('admin');
    const agencies = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; code: string }[] };
    const city = agencies.items.find((a) => a.code === '330700')!;
    const res = await admin.post('/api/admin/agencies', { parentId: city.id, name: '金华市兰溪市卫生健康局', shortName: '兰', code: '330781' });
    expect(res.status).toBe(201);
    const district = (await res.json()) as { id: string; level: string };
    expect(district.level).toBe('district');
    const created = await admin.post('/api/admin/users', { username: 'Officer.LX', displayName: '兰溪执法', role: 'officer', agencyId: district.id });
    expect(created.status).toBe(201);
    const { oneTimePassword, user } = (await created.json()) as { oneTimePassword: string; user: { username: string } };
    expect(user.username).toBe('officer.lx');
    const login = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.lx', password: oneTimePassword }) });
    expect(login.status).toBe(200);
    expect((await officer.get('/api/admin/users')).status).toBe(403);
    const disabled = await admin.post(`/api/admin/users/${(await (await admin.get('/api/admin/users')).json() as { items: { id: string; username: string }[] }).items.find((u) => u.username === 'officer.lx')!.id}/disable`, { reason: '调离' });
    expect(disabled.status).toBe(200);
    const again = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.lx', password: oneTimePassword }) });
    expect(again.status).toBe(401);
  });
});
