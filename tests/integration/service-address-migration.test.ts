import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createDatabaseMigratedTo, type MigratingDatabase } from '../support/migrate-to.js';

// An installation from before e-service addresses needed proof: its e-mail and SMS addresses
// were 'active' without anyone proving them. After the migration they receive nothing until proven.
const BEFORE = '20261129T110000-create-findings';
let m: MigratingDatabase;
let db: Db;

beforeAll(async () => {
  m = await createDatabaseMigratedTo(BEFORE);
  db = m.db;
});
afterAll(async () => {
  await m?.destroy();
});

describe('migration: e-service addresses need proof', () => {
  it('turns unproven e-mail and SMS addresses into pending_verification, each ledgered; others stay as they were', async () => {
    await sql`INSERT INTO agencies (id, level, name, short_name, code, path) VALUES ('00000000-0000-4000-8000-000000000001', 'province', '浙江省卫生健康委员会', '浙', '330000', '/00000000-0000-4000-8000-000000000001/')`.execute(db);
    await sql`INSERT INTO businesses (id, name, credit_code, category, agency_id, address) VALUES ('00000000-0000-4000-8000-000000000002', '某医院', '12330702MB12345670', 'medical', '00000000-0000-4000-8000-000000000001', '金华')`.execute(db);
    const insert = async (method: string, address: string, status = 'active') =>
      (await m.ledgered('service_addresses', 'service_address', { business_id: '00000000-0000-4000-8000-000000000002', method, address, agreed_at: new Date(), status }, 'service_address.agreed')).id;
    const email = await insert('email', 'someone@example.cn');
    const sms = await insert('sms', '13800138000');
    const fax = await insert('fax', '0579-82000001');
    const gone = await insert('email', 'old@example.cn', 'withdrawn');

    await m.migrateRest();

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
