import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthRollupRepository } from '../../api/dashboard/health-rollup.repository.js';
import { usccCheckChar } from '../../core/uscc.js';
import { createTestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The dashboard's daily aggregates (migrations/20261210T010000) against a real PostgreSQL: one
// device of a business in 婺城 under a consent signed 2025-12-30; what a day's rollup writes to
// health_region_days and device_online_years, a recompute after the consent is revoked, and the
// online bits of days on both sides of New Year.
let t: TestDatabase;
let device: string;
let consent: string;
let agency: string;
const Z = (s: string) => new Date(s);

beforeAll(async () => {
  t = await createTestDatabase();
  await createTestApi(t); // the demo agencies and users
  const db = t.admin;
  agency = (await db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow()).id;
  const admin = (await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
  const first17 = '91330702MA0RLL001';
  const biz = await db.insertInto('businesses').values({ name: '汇总测试单位', credit_code: first17 + usccCheckChar(first17), category: 'school_canteen', agency_id: agency, address: '测试路 1 号', contacts: '[]' }).returning('id').executeTakeFirstOrThrow();
  const site = await db.insertInto('sites').values({ business_id: biz.id, name: '食堂', address: '测试路 1 号' }).returning('id').executeTakeFirstOrThrow();
  device = (await db.insertInto('devices').values({ site_id: site.id, business_id: biz.id, name: '后厨', kind: 'camera', mobility: 'fixed', calibration_date: null, calibration_due_date: null, status: 'active', status_reason: null }).returning('id').executeTakeFirstOrThrow()).id;
  consent = (
    await db
      .insertInto('consents')
      .values({ ref: 'QR-ROLL-1', business_id: biz.id, site_id: site.id, agency_id: agency, status: 'active', purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2025-12-30', valid_until: '2027-12-31', template_id: 'device-consent', template_version: 'v1', statements: '[]', signed_at: Z('2025-12-30T02:00:00Z'), created_by: admin })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('consent_devices').values({ consent_id: consent, device_id: device, position: 0, snapshot: '{}', placement_sha256: '0'.repeat(64) }).execute();
  // Online 2 h on Beijing day 2025-12-31 and 1 h on 2026-01-01 (one sample a minute); nothing on 2026-01-02.
  const samples = (from: string, n: number) => Array.from({ length: n }, (_, i) => ({ device_id: device, at: new Date(Date.parse(from) + i * 60_000), online: true, bitrate_kbps: 500, fps: 25 }));
  await db.insertInto('device_health_samples').values([...samples('2025-12-31T01:00:00Z', 120), ...samples('2025-12-31T17:00:00Z', 60)]).execute();
});
afterAll(async () => t?.destroy());

const bits = async (year: number) =>
  (await sql<{ days: string }>`SELECT days::text AS days FROM device_online_years WHERE device_id = ${device} AND year = ${year}`.execute(t.admin)).rows[0]?.days ?? null;
const regionDay = (day: string) => t.admin.selectFrom('health_region_days').selectAll().where('day', '=', day).where('agency_id', '=', agency).where('category', '=', 'school_canteen').executeTakeFirst();

describe('the daily aggregates', () => {
  it('a rolled-up day sums its counted devices per agency and category and sets their online bit', async () => {
    const rollup = createHealthRollupRepository(t.db);
    const now = Z('2026-01-03T00:00:00Z');
    for (const day of ['2025-12-31', '2026-01-01', '2026-01-02']) await rollup.computeDay(day, now);
    expect(await regionDay('2025-12-31')).toMatchObject({ devices: 1, device_seconds: '86400', online_seconds: '7200', gaps: 0, tamper_events: 0 });
    expect(await regionDay('2026-01-01')).toMatchObject({ devices: 1, device_seconds: '86400', online_seconds: '3600' });
    expect(await regionDay('2026-01-02')).toMatchObject({ devices: 1, online_seconds: '0' });
    // 2025-12-31 is day 364 of 2025 (bit 364); 2026-01-01 is bit 0 of 2026; 2026-01-02 (offline) stays 0.
    expect(await bits(2025)).toBe(`${'0'.repeat(364)}10`);
    expect(await bits(2026)).toBe(`1${'0'.repeat(365)}`);
  });

  it('a day before the consent was signed counts no device; a recompute after a revocation clears the day', async () => {
    const rollup = createHealthRollupRepository(t.db);
    await rollup.computeDay('2025-12-29', Z('2026-01-03T00:00:00Z'));
    expect(await regionDay('2025-12-29')).toBeUndefined();
    await t.admin.updateTable('consents').set({ status: 'revoked' }).where('id', '=', consent).execute();
    await rollup.aggregateDays('2025-12-31', '2026-01-01', Z('2026-01-04T00:00:00Z'));
    expect(await regionDay('2025-12-31')).toMatchObject({ devices: 0, device_seconds: '0', online_seconds: '0' });
    expect(await bits(2025)).toBe('0'.repeat(366));
    expect(await bits(2026)).toBe('0'.repeat(366));
    await t.admin.updateTable('consents').set({ status: 'active' }).where('id', '=', consent).execute();
    await rollup.aggregateDays('2025-12-31', '2026-01-01', Z('2026-01-04T00:00:00Z'));
    expect(await bits(2025)).toBe(`${'0'.repeat(364)}10`);
    expect(await bits(2026)).toBe(`1${'0'.repeat(365)}`);
  });
});
