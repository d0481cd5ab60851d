import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../api/demo/demo.seed.js';
import type { Db } from '../../core/db/connect.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { insertFlags } from '../support/review-flags.js';
import { createDatabaseMigratedTo, type MigratingDatabase } from '../support/migrate-to.js';

// An installation from before the officer could answer a dispute: its findings and deliveries
// were ledgered as rows without a delivery purpose. After the migration every delivery is a
// 'notice' with its own ledger entry, every row still matches its latest entry, and a disputed
// finding can be answered.
const BEFORE = '20261205T010000-add-agency-phone-consent-agreement';
let m: MigratingDatabase;
let db: Db;

beforeAll(async () => {
  m = await createDatabaseMigratedTo(BEFORE);
  db = m.db;
});
afterAll(async () => {
  await m?.destroy();
});

describe('migration: officer decisions on findings', () => {
  it('existing deliveries become notices, each ledgered; every finding row still matches its ledger; a dispute can then be answered', async () => {
    await seedDemo(db);
    const officer = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
    const bizUser = await db.selectFrom('users').select(['id', 'business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const dev = await db.selectFrom('devices').select(['id', 'site_id']).where('business_id', '=', bizUser.business_id!).orderBy('created_at').executeTakeFirstOrThrow();
    const biz = await db.selectFrom('businesses').select('agency_id').where('id', '=', bizUser.business_id!).executeTakeFirstOrThrow();
    const [flag] = await insertFlags(db, dev.id, [{}]);
    const now = new Date();
    const finding = await m.ledgered('findings', 'finding', {
      flag_id: flag.id,
      business_id: bizUser.business_id,
      site_id: dev.site_id,
      device_id: dev.id,
      agency_id: biz.agency_id,
      confirmed_by: officer.id,
      confirmed_at: new Date(now.getTime() - 86400_000),
      respond_by: new Date(now.getTime() + 86400_000),
      status: 'disputed',
      statement: '已报备',
      responded_by: bizUser.id,
      responded_at: now,
    });
    const portal = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, channel: 'portal', address: `business:${bizUser.business_id}`, status: 'sent', sent_at: now });
    const email = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, channel: 'email', address: 'hosp@example.cn', status: 'sent', sent_at: now, open_token: randomBytes(24).toString('base64url') });

    // Up to this migration: a later one (20261207T060000) moves the deliveries on and makes the old table read-only.
    await m.migrateTo('20261205T020000-add-finding-decisions');

    const rows = await db.selectFrom('finding_deliveries').select(['id', 'purpose']).execute();
    expect(rows.map((r) => r.purpose)).toEqual(['notice', 'notice']);
    const entries = await db.selectFrom('ledger_entries').select('entity_id').where('action', '=', 'finding_delivery.purpose_recorded').execute();
    expect(entries.map((e) => e.entity_id).sort()).toEqual([portal.id, email.id].sort());

    // The new states hold; a second notice to the same address is now possible as a decision (tried, then rolled back).
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('findings').set({ status: 'upheld' }).where('id', '=', finding.id).execute();
        await trx.insertInto('finding_deliveries').values({ finding_id: finding.id, purpose: 'decision', channel: 'email', address: 'hosp@example.cn', open_token: randomBytes(24).toString('base64url') }).execute();
        await expect(trx.insertInto('finding_deliveries').values({ finding_id: finding.id, purpose: 'decision', channel: 'email', address: 'hosp@example.cn', open_token: randomBytes(24).toString('base64url') }).execute()).rejects.toThrow(/unique/i);
        throw new Error('roll back');
      }),
    ).rejects.toThrow(/roll back|current transaction is aborted/);
    // A finding still cannot be answered and unanswered at once.
    await expect(db.updateTable('findings').set({ status: 'notified' }).where('id', '=', finding.id).execute()).rejects.toThrow(/findings_answered_check/);

    // Every finding row still matches its ledger, with every migration since applied.
    await m.migrateRest();
    const { problems } = await checkEntities(db);
    expect(problems.filter((p) => p.id.startsWith('finding')), JSON.stringify(problems)).toEqual([]);
  });
});
