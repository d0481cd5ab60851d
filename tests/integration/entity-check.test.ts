import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createTestApi, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
});
afterAll(async () => t.destroy());

describe('live registry rows against their ledger states', () => {
  it('passes after changes made through the API', async () => {
    const officer = await api.login('officer.wc');
    const list = (await (await officer.get('/api/businesses')).json()) as { items: { id: string; version: number }[] };
    const b = list.items[0];
    expect((await officer.patch(`/api/businesses/${b.id}`, { version: b.version, address: '新地址 1 号' })).status).toBe(200);
    const r = await checkEntities(t.admin);
    expect(r.problems).toEqual([]);
    expect(r.checked).toBeGreaterThan(20);
  });
});

describe('random inspection rows (issue 16 item 2) against their ledger states', () => {
  type Item = { id: string; officerIds: string[]; version: number };
  type Detail = { plan: { id: string; version: number }; items: Item[] };
  async function ok<T>(res: Response, status = 200): Promise<T> {
    if (res.status !== status) throw new Error(`${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  it('passes after a plan is created, committed, drawn, recorded and published and a rotation computed; catches each table changed behind its back', async () => {
    const today = shanghaiDay(new Date());
    const city = await api.login('manager.jh');
    const cityId = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330700').executeTakeFirstOrThrow()).id;
    const jdId = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330703').executeTakeFirstOrThrow()).id;
    const created = await ok<{ id: string; version: number }>(
      await city.post('/api/inspection/plans', { agencyId: cityId, title: '账本核对抽查', periodFrom: today, periodTo: today, ratePercent: 50, seedSource: '开奖号码' }),
      201,
    );
    const committed = await ok<Detail>(await city.post(`/api/inspection/plans/${created.id}/commit`, { expectedVersion: created.version }));
    const drawn = await ok<Detail>(await city.post(`/api/inspection/plans/${created.id}/draw`, { publicValue: '01 02 03', expectedVersion: committed.plan.version }));
    expect(drawn.items.length).toBeGreaterThan(0);
    for (const item of drawn.items) {
      const who = (await t.db.selectFrom('users').select('username').where('id', '=', item.officerIds[0]).executeTakeFirstOrThrow()).username;
      await ok(await (await api.login(who)).post(`/api/inspection/items/${item.id}/result`, { result: 'no_problem', inspectedOn: today, expectedVersion: item.version }));
    }
    await ok(await city.post(`/api/inspection/plans/${created.id}/publish`, { expectedVersion: drawn.plan.version }));
    await ok(await city.post('/api/inspection/rotation', { agencyId: jdId, category: 'public_place', year: Number(today.slice(0, 4)) }));

    const clean = await checkEntities(t.admin);
    expect(clean.problems).toEqual([]);
    const ids = new Set((await t.admin.selectFrom('inspection_items').select('id').execute()).map((i) => `inspection_item/${i.id}`));
    expect(ids.size).toBe(drawn.items.length);

    // A result rewritten, a plan retitled, a rotation's month moved: each is reported.
    const item = drawn.items[0].id;
    await sql`UPDATE inspection_items SET result = 'problems_found', result_note = '改过' WHERE id = ${item}`.execute(t.admin);
    await sql`UPDATE inspection_plans SET title = '改过的计划' WHERE id = ${created.id}`.execute(t.admin);
    const entry = await t.admin.selectFrom('inspection_rotation_entries').select(['rotation_id', 'business_id', 'months']).where('visits', '=', 2).executeTakeFirstOrThrow();
    await sql`UPDATE inspection_rotation_entries SET months = ${sql.val(entry.months.map((m) => (m % 12) + 1))}::integer[] WHERE rotation_id = ${entry.rotation_id} AND business_id = ${entry.business_id}`.execute(t.admin);
    const r = await checkEntities(t.admin);
    const differs = (id: string) => r.problems.find((p) => p.id === id)?.message;
    expect(differs(`inspection_item/${item}`)).toMatch(/inspection_items row differs/);
    expect(differs(`inspection_plan/${created.id}`)).toMatch(/inspection_plans row differs/);
    expect(differs(`inspection_rotation/${entry.rotation_id}`)).toMatch(/inspection_rotations row differs/);
    expect(r.problems.filter((p) => p.id.startsWith('inspection_'))).toHaveLength(3);
  });
});

describe('live registry rows changed behind the platform\'s back', () => {
  it('catches a row edited, inserted or deleted directly in the database', async () => {
    const target = await t.admin.selectFrom('businesses').select('id').where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
    await sql`UPDATE businesses SET name = '被篡改的名称' WHERE id = ${target.id}`.execute(t.admin);
    const site = await t.admin.selectFrom('sites').select('business_id').limit(1).executeTakeFirstOrThrow();
    await sql`INSERT INTO sites (business_id, name, address) VALUES (${site.business_id}, '幽灵站点', 'x')`.execute(t.admin);
    const r = await checkEntities(t.admin);
    expect(r.problems.find((p) => p.id === `business/${target.id}`)?.message).toMatch(/differs/);
    expect(r.problems.some((p) => /no ledger entry/.test(p.message))).toBe(true);
    await sql`ALTER TABLE service_addresses DISABLE TRIGGER USER`.execute(t.admin);
    await sql`DELETE FROM service_addresses WHERE id IN (SELECT id FROM service_addresses LIMIT 1)`.execute(t.admin);
    await sql`ALTER TABLE service_addresses ENABLE TRIGGER USER`.execute(t.admin);
    const r2 = await checkEntities(t.admin);
    expect(r2.problems.some((p) => p.id.startsWith('service_address/') && /missing/.test(p.message))).toBe(true);
  });
});
