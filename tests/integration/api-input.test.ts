import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../core/uscc.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 11 item 6: a NUL byte, a control character or invalid UTF-8 anywhere in the path, the
// query or a JSON body is refused at the boundary with 400 naming the field; nothing is written.

let t: TestDatabase;
let api: TestApi;
let officer: Session;
let businessId: string;
let wcDistrict: string;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  officer = await api.login('officer.wc');
  const agencies = (await (await officer.get('/api/agencies')).json()) as { items: { id: string; code: string }[] };
  wcDistrict = agencies.items.find((a) => a.code === '330702')!.id;
  const body17 = '91330702MA2E00091';
  const res = await officer.post('/api/businesses', { name: '输入校验测试单位', creditCode: body17 + usccCheckChar(body17), category: 'other', agencyId: wcDistrict, address: '测试路 1 号' });
  expect(res.status).toBe(201);
  businessId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => t.destroy());

const counts = async () => {
  const n = async (table: 'ledger_entries' | 'businesses' | 'sites' | 'sessions') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { ledger: await n('ledger_entries'), businesses: await n('businesses'), sites: await n('sites'), sessions: await n('sessions') };
};

async function refused(res: Response, field: (string | number)[]) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { code: string; issues?: { path: (string | number)[]; message: string }[] };
  expect(body.code).toBe('validation_failed');
  expect(body.issues?.[0]?.path).toEqual(field);
  expect(body.issues?.[0]?.message).toBeTruthy();
}

describe('bad text at the boundary', () => {
  it('a NUL in the login username: 400 body.username, no ledger entry, no session', async () => {
    const before = await counts();
    const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.wc\u0000', password: 'whatever-1' }) });
    await refused(res, ['body', 'username']);
    expect(await counts()).toEqual(before);
  });

  it('a NUL or a control character in a business or site name: 400 naming it, nothing created', async () => {
    const before = await counts();
    const body17 = '91330702MA2E00092';
    await refused(await officer.post('/api/businesses', { name: 'a\u0000b', creditCode: body17 + usccCheckChar(body17), category: 'other', agencyId: wcDistrict, address: 'x' }), ['body', 'name']);
    await refused(await officer.post(`/api/businesses/${businessId}/sites`, { name: '后厨', address: 'x\u0007y' }), ['body', 'address']);
    await refused(await officer.post(`/api/businesses/${businessId}/sites`, { name: '后厨', address: 'x', openingHours: '\ud800' }), ['body', 'openingHours']);
    expect(await counts()).toEqual(before);
    // Tabs and line breaks are ordinary text.
    expect((await officer.post(`/api/businesses/${businessId}/sites`, { name: '后厨\t一', address: '一楼\r\n二楼' })).status).toBe(201);
  });

  it('a NUL or invalid UTF-8 in the query: 400 query.q', async () => {
    await refused(await officer.get('/api/businesses?q=%00'), ['query', 'q']);
    await refused(await officer.get('/api/businesses?limit=5&q=%C3%28'), ['query', 'q']);
    await refused(await officer.get('/api/businesses?q=%ED%A0%80'), ['query', 'q']);
    expect((await officer.get(`/api/businesses?q=${encodeURIComponent('测试')}`)).status).toBe(200);
  });

  it('a NUL or invalid UTF-8 in a path parameter: 400 path', async () => {
    await refused(await officer.get('/api/businesses/%00'), ['path']);
    await refused(await officer.get('/api/businesses/%C3%28'), ['path']);
    await refused(await api.app.request('/api/verify/QR2026-%00'), ['path']);
  });

  it('raw invalid UTF-8 bytes in a JSON body: 400 body, nothing created', async () => {
    const before = await counts();
    const json = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","address":"x"}')]);
    const res = await api.app.request(`/api/businesses/${businessId}/sites`, {
      method: 'POST',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/json' },
      body: new Uint8Array(json),
    });
    await refused(res, ['body']);
    expect(await counts()).toEqual(before);
  });

  it('a body nested 30,000 deep (60 KB, under the size limit) is refused, not a stack overflow', async () => {
    const n = 30_000;
    const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(n) + ']'.repeat(n) });
    await refused(res, ['body']);
  });

  it('a NUL in a nested value is named by its full path', async () => {
    const res = await officer.post('/api/businesses', { name: 'n', creditCode: 'x', category: 'other', agencyId: wcDistrict, address: 'x', contacts: [{ name: 'ok', phone: '1\u00002' }] });
    await refused(res, ['body', 'contacts', 0, 'phone']);
  });
});
