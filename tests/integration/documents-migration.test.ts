import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { seedDemo } from '../../api/demo/demo.seed.js';
import { createDb, createPool, type Db } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { migrations } from '../../migrations/index.js';

// An installation from before the documents register: its agencies get the 区域简称 of their
// 文号 from their short names, each change ledgered, so `npm run verify` stays clean.
const BEFORE = '20261205T050000-create-sensor-readings';
let name: string;
let root: Kysely<unknown>;
let db: Db;

beforeAll(async () => {
  name = `m_${randomBytes(6).toString('hex')}`;
  root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(`${inject('pgAdminBase')}postgres`, 1) }) });
  await sql.raw(`CREATE DATABASE ${name}`).execute(root);
  db = createDb(`${inject('pgAdminBase')}${name}`, 2).db;
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(BEFORE);
  if (error) throw error;
});
afterAll(async () => {
  await db?.destroy();
  await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(root);
  await root?.destroy();
});

describe('migration: documents register', () => {
  it('existing agencies take their short name as area abbreviation, each ledgered; the ledger still matches every row', async () => {
    await seedDemo(db);
    await migrateToLatest(db as Kysely<unknown>);
    const rows = await db.selectFrom('agencies').select(['name', 'short_name', 'area_abbreviation']).orderBy('path').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.area_abbreviation]))).toEqual({ 浙江省卫生健康委员会: '浙', 金华市卫生健康委员会: '金', 金华市婺城区卫生健康局: '婺', 金华市金东区卫生健康局: '金东' });
    expect((await db.selectFrom('ledger_entries').select('id').where('action', '=', 'agency.area_abbreviation_set').execute()).length).toBe(4);
    expect((await checkEntities(db)).problems).toEqual([]);
  });
});
