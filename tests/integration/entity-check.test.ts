import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
