import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../api/demo/demo.seed.js';
import type { Db } from '../../core/db/connect.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createDatabaseMigratedTo, type MigratingDatabase } from '../support/migrate-to.js';

// An installation from before the documents register: its agencies get the 区域简称 of their
// 文号 from their short names, each change ledgered, so `npm run verify` stays clean.
const BEFORE = '20261205T050000-create-sensor-readings';
let m: MigratingDatabase;
let db: Db;

beforeAll(async () => {
  m = await createDatabaseMigratedTo(BEFORE);
  db = m.db;
});
afterAll(async () => {
  await m?.destroy();
});

describe('migration: documents register', () => {
  it('existing agencies take their short name as area abbreviation, each ledgered; the ledger still matches every row', async () => {
    await seedDemo(db);
    await m.migrateRest();
    const rows = await db.selectFrom('agencies').select(['name', 'short_name', 'area_abbreviation']).orderBy('path').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.area_abbreviation]))).toEqual({ 浙江省卫生健康委员会: '浙', 金华市卫生健康委员会: '金', 金华市婺城区卫生健康局: '婺', 金华市金东区卫生健康局: '金东' });
    expect((await db.selectFrom('ledger_entries').select('id').where('action', '=', 'agency.area_abbreviation_set').execute()).length).toBe(4);
    expect((await checkEntities(db)).problems).toEqual([]);
  });
});
