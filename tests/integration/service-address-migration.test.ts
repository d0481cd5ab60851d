import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, createPool, type Db } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { canonicalJson, stateDigest } from '../../core/ledger/canonical.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { migrations } from '../../migrations/index.js';

// An installation from before e-service addresses needed proof: its e-mail and SMS addresses
// were 'active' without anyone proving them. After the migration they receive nothing until proven.
const BEFORE = '20261129T110000-create-findings';
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

describe('migration: e-service addresses need proof', () => {
  it('turns unproven e-mail and SMS addresses into pending_verification, each ledgered; others stay as they were', async () => {
    await sql`INSERT INTO agencies (id, level, name, short_name, code, path) VALUES ('00000000-0000-4000-8000-000000000001', 'province', '浙江省卫生健康委员会', '浙', '330000', '/00000000-0000-4000-8000-000000000001/')`.execute(db);
    await sql`INSERT INTO businesses (id, name, credit_code, category, agency_id, address) VALUES ('00000000-0000-4000-8000-000000000002', '某医院', '12330702MB12345670', 'medical', '00000000-0000-4000-8000-000000000001', '金华')`.execute(db);
    const insert = async (method: string, address: string, status = 'active') => {
      const { rows } = await sql<Record<string, unknown> & { id: string }>`INSERT INTO service_addresses (business_id, method, address, agreed_at, status) VALUES ('00000000-0000-4000-8000-000000000002', ${method}, ${address}, now(), ${status}) RETURNING *`.execute(db);
      const state = canonicalJson(rows[0]);
      await sql`INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest) VALUES ('system', 'test', 'service_address.agreed', 'service_address', ${rows[0].id}, ${state}::json, ${stateDigest(rows[0])})`.execute(db);
      return rows[0].id;
    };
    const email = await insert('email', 'someone@example.cn');
    const sms = await insert('sms', '13800138000');
    const fax = await insert('fax', '0579-82000001');
    const gone = await insert('email', 'old@example.cn', 'withdrawn');

    await migrateToLatest(db as Kysely<unknown>);

    const rows = await db.selectFrom('service_addresses').select(['id', 'status', 'version']).execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(email)).toMatchObject({ status: 'pending_verification', version: 2 });
    expect(by.get(sms)).toMatchObject({ status: 'pending_verification', version: 2 });
    expect(by.get(fax)).toMatchObject({ status: 'active', version: 1 });
    expect(by.get(gone)).toMatchObject({ status: 'withdrawn', version: 1 });
    const entries = await db.selectFrom('ledger_entries').select(['entity_id', 'action', 'actor_type']).where('action', '=', 'service_address.verification_required').execute();
    expect(entries.map((e) => e.entity_id).sort()).toEqual([email, sms].sort());
    // The migration's ledger states are canonical: every row matches its latest entry.
    const { problems } = await checkEntities(db);
    expect(problems.filter((p) => p.id.startsWith('service_address/')), JSON.stringify(problems)).toEqual([]);
    // And an e-mail address can no longer be 'active' (in force without proof).
    await expect(sql`UPDATE service_addresses SET status = 'active' WHERE id = ${email}`.execute(db)).rejects.toThrow(/service_addresses_proof_check/);
  });
});
