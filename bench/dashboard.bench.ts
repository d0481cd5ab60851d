// Dashboard figures (issue 16 item 1): `npx tsx bench/dashboard.bench.ts`. Starts its own embedded
// PostgreSQL in a temp dir, migrates it, seeds the demo tree grown to 2 cities and 14 districts with
// 10,000 businesses, 30,000 devices (90 % of the sites under an active consent), a year of daily
// health rows (device_health_days, ~11 M rows, marked rolled up) and 250,000 flags over the year,
// then times GET /api/dashboard through the real app (createApp + app.request, JSON included) for
// the province (auditor), the city (city head) and a district (district head): p50/p95 over
// BENCH_RUNS random 30-day periods each, a few 365-day periods, and the 100,000-row Excel export of
// the flag list (GET /api/review/queue/export.xlsx, read to the last byte). BENCH_SCALE (0..1)
// scales the data down for a quick run. BENCH_DIR keeps the cluster there and reuses its seeded
// data on the next run (migrations still run), for measuring changes without seeding again.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { hashPassword } from '../api/auth/password.js';
import { createHealthRollupRepository } from '../api/dashboard/health-rollup.repository.js';
import { createDb, createPool } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../core/db/grants.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger } from '../core/log.js';
import { nextDay, shanghaiDay } from '../core/calendar/calendar.js';
import { createTestApi, Session } from '../tests/support/api-client.js';
import type { TestDatabase } from '../tests/support/test-db.js';
import { freePort } from '../tests/support/platform-process.js';

const SCALE = Math.min(1, Number(process.env.BENCH_SCALE ?? 1));
const BUSINESSES = Math.round(10_000 * SCALE);
const DEVICES_PER_BUSINESS = 3;
const FLAGS = Math.round(250_000 * SCALE);
const DAYS = 365;
const RUNS = Math.max(20, Number(process.env.BENCH_RUNS ?? 40));
const log = createLogger('silent');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const say = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR;
  const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), 'vigil-dashboard-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: Boolean(keep) });
  try {
    const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
    const exists = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = 'vigil_bench'`.execute(root)).rows[0].n > 0;
    if (!exists) await sql.raw('CREATE DATABASE vigil_bench').execute(root);
    await ensureLoginRole(root, 'vigil_app', 'bench');
    await root.destroy();
    const { db: admin } = createDb(cluster.adminUrl('vigil_bench'), 2);
    await migrateToLatest(admin as unknown as Kysely<unknown>);
    await grantAppRole(admin as unknown as Kysely<unknown>, 'vigil_app');
    const { db } = createDb(`postgres://vigil_app:bench@127.0.0.1:${cluster.port}/vigil_bench`, 10);
    const api = await createTestApi({ db, admin, name: 'vigil_bench', appUrl: '', adminUrl: '', destroy: async () => {} } as TestDatabase);

    const today = shanghaiDay(new Date());
    const first = nextDay(today, -DAYS);
    const t0 = performance.now();
    const seeded = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM businesses WHERE credit_code LIKE '91BENCH%'`.execute(admin)).rows[0].n > 0;
    if (!seeded) await seedData();
    async function seedData() {
    // The demo tree (浙江 → 金华 → 婺城, 金东) grown by 7 districts under 金华 and a second city of 5.
    await sql`
      WITH jh AS (SELECT id, path FROM agencies WHERE code = '330700'), n AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 7) g)
      INSERT INTO agencies (id, parent_id, level, name, short_name, code, path) SELECT n.id, jh.id, 'district', '金华第' || g || '区', '金' || g, (330710 + g)::text, jh.path || n.id || '/' FROM n, jh`.execute(admin);
    await sql`
      WITH zj AS (SELECT id, path FROM agencies WHERE code = '330000'), c AS (SELECT gen_random_uuid() AS id)
      INSERT INTO agencies (id, parent_id, level, name, short_name, code, path) SELECT c.id, zj.id, 'city', '杭州市卫生健康委员会', '杭', '330100', zj.path || c.id || '/' FROM c, zj`.execute(admin);
    await sql`
      WITH hz AS (SELECT id, path FROM agencies WHERE code = '330100'), n AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 5) g)
      INSERT INTO agencies (id, parent_id, level, name, short_name, code, path) SELECT n.id, hz.id, 'district', '杭州第' || g || '区', '杭' || g, (330100 + g)::text, hz.path || n.id || '/' FROM n, hz`.execute(admin);
    // Officers: 4 per district.
    await sql`INSERT INTO users (username, display_name, password_hash, role, agency_id)
              SELECT 'off' || a.code || '.' || g, '执法' || a.code || '-' || g, 'x', 'officer', a.id FROM agencies a, generate_series(1, 4) g WHERE a.level = 'district'`.execute(admin);
    // Businesses, sites, devices; 90 % of sites under an active consent.
    await sql`
      WITH d AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS n FROM agencies WHERE level = 'district')
      INSERT INTO businesses (name, credit_code, category, agency_id, address, contacts)
      SELECT '单位' || g, '91BENCH' || lpad(g::text, 11, '0'), (ARRAY['medical', 'public_place', 'school_canteen', 'water_supply', 'other'])[1 + g % 5], d.id, '地址', '[]'
      FROM generate_series(1, ${BUSINESSES}) g JOIN d ON d.i = g % d.n`.execute(admin);
    await sql`INSERT INTO sites (business_id, name, address) SELECT id, '主楼', '地址' FROM businesses WHERE credit_code LIKE '91BENCH%'`.execute(admin);
    await sql`INSERT INTO devices (site_id, business_id, name, kind, mobility, status)
              SELECT s.id, s.business_id, '摄像头' || g, 'camera', 'fixed', 'active' FROM sites s JOIN businesses b ON b.id = s.business_id, generate_series(1, ${DEVICES_PER_BUSINESS}) g WHERE b.credit_code LIKE '91BENCH%'`.execute(admin);
    const creator = (await admin.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    await sql`INSERT INTO consents (ref, business_id, site_id, agency_id, status, purpose, analysis, retention, viewers, valid_from, valid_until, template_id, template_version, statements, signed_at, created_by)
              SELECT 'QRB-' || row_number() OVER (), s.business_id, s.id, b.agency_id, 'active', 'p', 'a', 'r', 'v', '2025-01-01', '2027-12-31', 'device-consent', 'v1', '[]', ${first}::date::timestamp AT TIME ZONE 'Asia/Shanghai', ${creator}
              FROM sites s JOIN businesses b ON b.id = s.business_id WHERE b.credit_code LIKE '91BENCH%' AND hashtext(s.id::text) % 10 <> 0`.execute(admin);
    await sql`INSERT INTO consent_devices (consent_id, device_id, position, snapshot, placement_sha256)
              SELECT c.id, d.id, row_number() OVER (PARTITION BY c.id ORDER BY d.id), '{}', repeat('0', 64) FROM consents c JOIN devices d ON d.site_id = c.site_id WHERE c.ref LIKE 'QRB-%'`.execute(admin);
    say(`registry: ${BUSINESSES} businesses, ${BUSINESSES * DEVICES_PER_BUSINESS} devices, ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    // A year of health days: most devices online most of the day, a few blind minutes, gaps and tamper events.
    const devices = (await sql<{ id: string }>`SELECT id FROM devices ORDER BY id`.execute(admin)).rows.map((r) => r.id);
    const chunk = Math.max(1, Math.floor(devices.length / 10));
    // The secondary index is built once after the load (faster than kept up row by row).
    await sql`DROP INDEX device_health_days_device_idx`.execute(admin);
    for (let k = 0; k < devices.length; k += chunk) {
      const ids = devices.slice(k, k + chunk);
      await sql`
        INSERT INTO device_health_days (device_id, day, online_seconds, samples, blind_seconds, gap_seconds, gaps, tamper_events, computed_at)
        SELECT d.id, ${first}::date + j, 60 * (1440 - h % 200), 1440, (h % 7) * 60, (h % 5) * 30, (h % 13 = 0)::int, (h % 17 = 0)::int, now()
        FROM unnest(${ids}::uuid[]) WITH ORDINALITY d(id, i), generate_series(0, ${DAYS - 1}) j, LATERAL (SELECT ((d.i * 7919 + j * 104729) % 100003)::int AS h) x`.execute(admin);
      say(`  health days: ${Math.min(devices.length, k + chunk)} / ${devices.length} devices, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    await sql`CREATE INDEX device_health_days_device_idx ON device_health_days (device_id, day) INCLUDE (online_seconds)`.execute(admin);
    await sql`INSERT INTO device_health_rollups (day, devices, computed_at) SELECT day::date, ${devices.length}, now() FROM generate_series(${first}::date, ${nextDay(today, -1)}::date, interval '1 day') day`.execute(admin);

    // Flags over the year: tamper types, 80 % decided (60/40 confirmed/dismissed), deadlines a day on, some late.
    await sql`
      WITH dev AS (SELECT d.id, d.site_id, d.business_id, b.agency_id, b.category, row_number() OVER (ORDER BY d.id) - 1 AS i, count(*) OVER () AS n FROM devices d JOIN businesses b ON b.id = d.business_id),
      off AS (SELECT u.id, u.agency_id, row_number() OVER (PARTITION BY u.agency_id ORDER BY u.id) - 1 AS k FROM users u WHERE u.role = 'officer')
      INSERT INTO flags (dedupe_key, device_id, site_id, business_id, agency_id, category, source, type, analyzer, state, started_at, ended_at, created_at, deadline_at, detail, review_status, decided_at, decided_by, assigned_to, dismiss_reason)
      SELECT 'b' || g, dev.id, dev.site_id, dev.business_id, dev.agency_id, dev.category, 'tamper', (ARRAY['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved'])[1 + g % 4], 'bench', 'ended',
             t, t + interval '5 minutes', t, t + interval '1 day', '{}',
             CASE WHEN g % 10 < 5 THEN 'confirmed' WHEN g % 10 < 8 THEN 'dismissed' WHEN g % 10 = 8 THEN 'new' ELSE 'escalated' END,
             CASE WHEN g % 10 < 8 THEN t + (g % 2000) * interval '1 minute' END, CASE WHEN g % 10 < 8 THEN off.id END, off.id,
             CASE WHEN g % 10 BETWEEN 5 AND 7 THEN 'false_detection' END
      FROM generate_series(1, ${FLAGS}) g
      CROSS JOIN LATERAL (SELECT ${first}::date::timestamp AT TIME ZONE 'Asia/Shanghai' + (g::float8 / ${FLAGS}) * interval '${sql.raw(String(DAYS))} days' AS t) tt
      JOIN dev ON dev.i = (g * 7919) % dev.n
      JOIN off ON off.agency_id = dev.agency_id AND off.k = g % 4`.execute(admin);
    await sql`VACUUM ANALYZE`.execute(admin);
    const wc = await admin.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow();
    await admin.insertInto('users').values({ username: 'manager.wc', display_name: '婺城负责人', password_hash: await hashPassword('bench-pass-7a'), role: 'manager', agency_id: wc.id, business_id: null, certificate_no: null, email: null, phone: null }).execute();
    }
    // The 400 days before today are rolled up (as the job's first run does): the days before the data hold nothing.
    await sql`INSERT INTO device_health_rollups (day, devices, computed_at) SELECT day::date, 0, now() FROM generate_series(${nextDay(today, -400)}::date, ${nextDay(first, -1)}::date, interval '1 day') day ON CONFLICT (day) DO NOTHING`.execute(admin);
    // Consents signed on the first day (a seed of an earlier version signed them at seeding: moved back), and the daily aggregates.
    await sql`ALTER TABLE consents DISABLE TRIGGER USER`.execute(admin);
    const moved = await sql`UPDATE consents SET signed_at = ${first}::date::timestamp AT TIME ZONE 'Asia/Shanghai' WHERE ref LIKE 'QRB-%' AND signed_at > ${first}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`.execute(admin);
    await sql`ALTER TABLE consents ENABLE TRIGGER USER`.execute(admin);
    if (!seeded || Number(moved.numAffectedRows ?? 0) > 0) {
      const a0 = performance.now();
      await createHealthRollupRepository(admin).aggregateDays(first, nextDay(today, -1), new Date());
      await sql`VACUUM ANALYZE health_region_days`.execute(admin);
      await sql`VACUUM ANALYZE device_online_years`.execute(admin);
      say(`aggregates of ${DAYS} days (health_region_days, device_online_years) in ${((performance.now() - a0) / 1000).toFixed(1)} s`);
    }
    const devices = (await sql<{ id: string }>`SELECT id FROM devices`.execute(admin)).rows;
    const { rows: size } = await sql<{ n: string; s: string }>`SELECT (SELECT count(*) FROM device_health_days)::text AS n, pg_size_pretty(pg_total_relation_size('device_health_days')) AS s`.execute(admin);
    if (process.env.BENCH_SEED_ONLY) return;
    say(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s: device_health_days ${Number(size[0].n).toLocaleString('en')} rows (${size[0].s}), ${FLAGS.toLocaleString('en')} flags`);

    // Callers: the province auditor and the city head of the demo, and a district head made here.
    // (a reused cluster's demo passwords are not known: each caller gets the bench's.)
    const pass = await hashPassword('bench-pass-7a');
    async function loginAs(username: string): Promise<Session> {
      await admin.updateTable('users').set({ password_hash: pass }).where('username', '=', username).execute();
      const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-pass-7a' }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
      return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
    }
    const auditor = await loginAs('auditor.zj');
    const cityHead = await loginAs('manager.jh');
    const districtHead = await loginAs('manager.wc');

    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const figures: string[] = [];
    async function timed(label: string, who: Session, days: number, runs: number) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs + 3; i++) {
        const to = nextDay(today, -1 - rand(Math.max(1, DAYS - days)));
        const s = performance.now();
        const r = await who.get(`/api/dashboard?from=${nextDay(to, -(days - 1))}&to=${to}`);
        const text = await r.text();
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${text}`);
        bytes = text.length;
        if (i >= 3) times.push(performance.now() - s); // the first three warm the caches
      }
      figures.push(`${label.padEnd(34)} p50 ${pct(times, 50).toFixed(0).padStart(5)} ms   p95 ${pct(times, 95).toFixed(0).padStart(5)} ms   (${runs} runs, ${(bytes / 1024).toFixed(0)} KiB JSON)`);
    }
    await timed('province, 30 days (auditor)', auditor, 30, RUNS);
    await timed('city, 30 days (city head)', cityHead, 30, RUNS);
    await timed('district, 30 days (district head)', districtHead, 30, RUNS);
    await timed('province, 365 days', auditor, 365, 5);
    await timed('city, 365 days', cityHead, 365, 5);

    // The 100,000-row Excel export of the flag list: the first 100,000 flags of the year by creation.
    const cut = (await sql<{ t: Date }>`SELECT created_at AS t FROM flags ORDER BY created_at OFFSET ${Math.min(100_000, FLAGS) - 1} LIMIT 1`.execute(admin)).rows[0].t;
    const q = `status=all&from=${new Date(Date.parse(`${first}T00:00:00+08:00`) - 1000).toISOString()}&to=${new Date(cut.getTime() + 1).toISOString()}`;
    for (const format of ['xlsx', 'csv'] as const) {
      const s = performance.now();
      const r = await auditor.get(`/api/review/queue/export.${format}?${q}`);
      if (r.status !== 200) throw new Error(`export: ${r.status} ${await r.text()}`);
      const buf = Buffer.from(await r.arrayBuffer());
      figures.push(`flag list export .${format}: ${r.headers.get('x-row-count')} rows, ${(buf.length / 1048576).toFixed(1)} MiB in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    }
    const s = performance.now();
    const r = await cityHead.get(`/api/dashboard/export.xlsx?from=${nextDay(today, -30)}&to=${nextDay(today, -1)}`);
    await r.arrayBuffer();
    figures.push(`dashboard export .xlsx (city, 30 days): ${r.status} in ${(performance.now() - s).toFixed(0)} ms`);

    process.stdout.write(`\nDashboard (issue 16 item 1): ${BUSINESSES.toLocaleString('en')} businesses, ${devices.length.toLocaleString('en')} devices, ${Number(size[0].n).toLocaleString('en')} health days, ${FLAGS.toLocaleString('en')} flags\n`);
    for (const f of figures) process.stdout.write(`  ${f}\n`);
    process.stdout.write(`  load: ${execFileSync('uptime').toString().trim()}\n`);
    await db.destroy();
    await admin.destroy();
  } finally {
    await cluster.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
