// Credit grades (issue 16 item 4): `npx tsx bench/credit.bench.ts`. Starts its own embedded
// PostgreSQL in a temp dir, migrates it and writes BENCH_BUSINESSES (10,000) businesses over 20
// districts, 3 cameras each (30,000), a year's records — 20,000 tamper flags, 10,000 findings on
// their own flags, 100,000 recording gaps (one in four explained) — and BENCH_SAMPLE_MINUTES (120)
// minute samples of device health per camera, then computes every grade as the daily job does
// (the service's computeAll: batches of BENCH_BATCH, 500, each one transaction with its ledger
// entries), printing the time per batch (p50/p95/max) and in total; then a second run (nothing
// changed: reads only), a third after a jitter of every camera's uptime (10 minutes less
// yesterday: rows only where a whole point of uptime moved), and the list's first page for a city head.
// Uptime reads the daily rollup (device_health_days): the bench writes BENCH_DAYS (366) days of it per
// camera directly, as bench/dashboard.bench.ts does (30,000 × 366 ≈ 11 M rows), marks them rolled up,
// and gives each camera a first sample 400 days ago (so each is expected all year); today's day is
// rolled up from the samples by the first run's ensureRolledUp, timed on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createAccessRepository } from '../api/access/access.repository.js';
import { createAccess } from '../api/access/access.service.js';
import { createCreditService } from '../api/credit/credit.service.js';
import { createHealthRollupRepository } from '../api/dashboard/health-rollup.repository.js';
import { nextDay, shanghaiDay } from '../core/calendar/calendar.js';
import { creditRepository } from '../api/credit/credit.repository.js';
import { windowOf } from '../core/credit/score.js';
import { noSelfReportsYet } from '../core/credit/inputs.js';
import { createDb, createPool } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../core/db/grants.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger } from '../core/log.js';
import { freePort } from '../tests/support/platform-process.js';

const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 10_000);
const SAMPLE_MINUTES = Number(process.env.BENCH_SAMPLE_MINUTES ?? 120);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const DAYS = Number(process.env.BENCH_DAYS ?? 366);
const log = createLogger('silent');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const say = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-credit-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
  try {
    const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
    await sql.raw('CREATE DATABASE vigil_bench').execute(root);
    await ensureLoginRole(root, 'vigil_app', 'bench');
    await root.destroy();
    const { db: admin } = createDb(cluster.adminUrl('vigil_bench'), 4);
    await migrateToLatest(admin as unknown as Kysely<unknown>);
    await grantAppRole(admin as unknown as Kysely<unknown>, 'vigil_app');

    let t0 = performance.now();
    await sql`INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', '省', '省', '990000', '/p/')`.execute(admin);
    await sql`INSERT INTO agencies (parent_id, level, name, short_name, code, path) SELECT id, 'city', '市', '市', '990100', '/p/c/' FROM agencies WHERE code = '990000'`.execute(admin);
    await sql`INSERT INTO agencies (parent_id, level, name, short_name, code, path)
              SELECT (SELECT id FROM agencies WHERE code = '990100'), 'district', '区' || d, '区' || d, (990100 + d)::text, '/p/c/d' || d || '/' FROM generate_series(1, 20) d`.execute(admin);
    await sql`INSERT INTO users (username, display_name, password_hash, role, agency_id)
              SELECT 'officer' || d, '执法' || d, 'x', 'officer', id FROM agencies a, generate_series(1, 1) d WHERE a.level = 'district' AND a.code = '990101'`.execute(admin);
    await sql`INSERT INTO users (username, display_name, password_hash, role, agency_id) SELECT 'manager', '负责人', 'x', 'manager', id FROM agencies WHERE code = '990100'`.execute(admin);
    await sql`INSERT INTO businesses (name, credit_code, category, agency_id, address, created_at)
              SELECT '企业' || g, lpad(g::text, 17, '0') || 'X', (ARRAY['medical', 'public_place', 'school_canteen', 'water_supply', 'other'])[1 + g % 5],
                     (SELECT id FROM agencies WHERE code = (990100 + 1 + g % 20)::text), '地址' || g, now() - interval '2 years'
              FROM generate_series(1, ${BUSINESSES}) g`.execute(admin);
    await sql`INSERT INTO sites (business_id, name, address) SELECT id, '主楼', address FROM businesses`.execute(admin);
    await sql`INSERT INTO devices (site_id, business_id, name, kind, mobility, status) SELECT s.id, s.business_id, '摄像头' || n, 'camera', 'fixed', 'active' FROM sites s, generate_series(1, 3) n`.execute(admin);
    await sql`ANALYZE`.execute(admin);
    say(`registry: ${BUSINESSES} businesses, ${BUSINESSES * 3} cameras (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    t0 = performance.now();
    // 20,000 tamper flags and 10,000 rule-less (sensor-type) flags with a finding each, spread over the year.
    const flags = (n: number, source: string, type: string) => sql`
      INSERT INTO flags (dedupe_key, device_id, site_id, business_id, agency_id, category, source, type, analyzer, state, started_at, ended_at, deadline_at, detail)
      SELECT 'bench-' || ${source} || g, d.id, d.site_id, d.business_id, b.agency_id, b.category, ${source}, ${type}, 'bench', 'ended',
             now() - (g % 360) * interval '1 day', now() - (g % 360) * interval '1 day' + interval '5 minutes', now() + interval '1 day', '{}'
      FROM generate_series(1, ${n}) g
      JOIN (SELECT id, site_id, business_id, row_number() OVER (ORDER BY id) - 1 AS rn FROM devices) d ON d.rn = (g::bigint * 7919) % ${BUSINESSES * 3}
      JOIN businesses b ON b.id = d.business_id`;
    await flags(20_000, 'tamper', 'camera_covered').execute(admin);
    await flags(10_000, 'sensor', 'turbidity_out_of_range').execute(admin);
    await sql`INSERT INTO findings (flag_id, business_id, site_id, device_id, agency_id, confirmed_by, confirmed_at, respond_by, status, responded_at, responded_by, expired_at)
              SELECT f.id, f.business_id, f.site_id, f.device_id, f.agency_id, (SELECT id FROM users WHERE username = 'officer1'), f.started_at, f.started_at + interval '3 days',
                     CASE WHEN n % 3 = 0 THEN 'expired' ELSE 'confirmed' END, CASE WHEN n % 3 = 0 THEN NULL ELSE f.started_at + interval '1 day' END,
                     CASE WHEN n % 3 = 0 THEN NULL ELSE (SELECT id FROM users WHERE username = 'officer1') END, CASE WHEN n % 3 = 0 THEN f.started_at + interval '3 days' END
              FROM (SELECT f.*, row_number() OVER () AS n FROM flags f WHERE f.source = 'sensor') f`.execute(admin);
    await sql`INSERT INTO recording_gaps (device_id, started_at, ended_at, reason)
              SELECT d.id, now() - (g % 360) * interval '1 day', now() - (g % 360) * interval '1 day' + (g % 60) * interval '1 minute',
                     CASE WHEN g % 4 = 0 THEN 'consent_suspended' ELSE 'publisher_left' END
              FROM generate_series(1, 100000) g JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM devices) d ON d.rn = (g::bigint * 104729) % ${BUSINESSES * 3}`.execute(admin);
    await sql`INSERT INTO device_health_samples (device_id, at, online)
              SELECT d.id, date_trunc('minute', now()) - m * interval '1 minute', (m + hashtext(d.id::text)) % 10 <> 0 FROM devices d, generate_series(1, ${SAMPLE_MINUTES}) m`.execute(admin);
    await sql`INSERT INTO device_health_samples (device_id, at, online) SELECT id, now() - interval '400 days', true FROM devices`.execute(admin);
    say(`records: 30,000 flags, 10,000 findings, 100,000 gaps, ${BUSINESSES * 3 * SAMPLE_MINUTES} health samples today + one 400 days ago per camera (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    // A year of health days before today: most cameras online most of the day (uptime ~90–100 %, varying per camera and day).
    t0 = performance.now();
    const today = shanghaiDay(new Date());
    const firstDay = nextDay(today, -DAYS);
    const devices = (await sql<{ id: string }>`SELECT id FROM devices ORDER BY id`.execute(admin)).rows.map((r) => r.id);
    const chunk = Math.max(1, Math.ceil(devices.length / 10));
    await sql`DROP INDEX device_health_days_device_idx`.execute(admin);
    for (let k = 0; k < devices.length; k += chunk) {
      await sql`
        INSERT INTO device_health_days (device_id, day, online_seconds, samples, computed_at)
        SELECT d.id, ${firstDay}::date + j, 60 * (1440 - (d.i % 100) * 2 - h % 60), 1440, now()
        FROM unnest(${devices.slice(k, k + chunk)}::uuid[]) WITH ORDINALITY d(id, i), generate_series(0, ${DAYS - 1}) j,
             LATERAL (SELECT ((d.i * 7919 + j * 104729) % 100003)::int AS h) x`.execute(admin);
    }
    await sql`CREATE INDEX device_health_days_device_idx ON device_health_days (device_id, day) INCLUDE (online_seconds)`.execute(admin);
    await sql`INSERT INTO device_health_rollups (day, devices, computed_at) SELECT day::date, ${devices.length}, now() FROM generate_series(${firstDay}::date, ${nextDay(today, -1)}::date, interval '1 day') day`.execute(admin);
    await sql`VACUUM ANALYZE`.execute(admin); // the visibility map, as autovacuum keeps it: index-only scans
    say(`health days: ${(devices.length * DAYS).toLocaleString('en')} rows (${DAYS} days × ${devices.length} cameras) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const { db, pool } = createDb(`postgres://vigil_app:bench@127.0.0.1:${cluster.port}/vigil_bench`, 4);
    const rollup = createHealthRollupRepository(db);
    const credit = createCreditService({ db, access: createAccess(createAccessRepository(db)), selfReports: noSelfReportsYet, rollup });
    t0 = performance.now();
    const rolled = await rollup.ensureRolledUp(firstDay, today, new Date());
    console.log(`rollup before the first run (what the hourly job does): ${rolled.join(', ') || 'nothing stale'} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    // BENCH_EXPLAIN=1: the plan of the inputs statement for the first batch, and nothing else.
    if (process.env.BENCH_EXPLAIN) {
      const c = creditRepository.inputsQuery((await db.selectFrom('businesses').select('id').orderBy('id').limit(BATCH).execute()).map((r) => r.id), windowOf(new Date()).from, windowOf(new Date()).to).compile(db);
      const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, [...c.parameters]);
      say(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      await pool.end();
      await admin.destroy();
      return;
    }
    const runs = ['first run (every grade new: rows + ledger entries)', 'second run (same data, minutes later: a row only where the score moved)', 'third run (every camera 10 minutes less online yesterday: a row only where a whole point of uptime moved)'];
    for (const run of runs) {
      if (run.startsWith('third')) await sql`UPDATE device_health_days SET online_seconds = greatest(0, online_seconds - 600) WHERE day = ${nextDay(today, -1)}::date`.execute(admin);
      const batches: number[] = [];
      t0 = performance.now();
      const r = await credit.computeAll(BATCH, (_n, _w, ms) => batches.push(ms));
      const total = performance.now() - t0;
      console.log(`credit.compute ${run}: ${r.businesses} businesses, ${r.written} rows written, ${batches.length} batches of ${BATCH}: p50 ${pct(batches, 50).toFixed(0)} ms, p95 ${pct(batches, 95).toFixed(0)} ms, max ${Math.max(...batches).toFixed(0)} ms per batch; total ${(total / 1000).toFixed(2)} s (${(total / r.businesses).toFixed(2)} ms per business)`);
    }
    // The inputs query alone (what every run reads), per batch.
    const reads: number[] = [];
    const ids = (await db.selectFrom('businesses').select('id').orderBy('id').execute()).map((r) => r.id);
    const { from, to } = windowOf(new Date());
    for (let i = 0; i < ids.length; i += BATCH) {
      const s = performance.now();
      await creditRepository.inputs(db, ids.slice(i, i + BATCH), from, to);
      reads.push(performance.now() - s);
    }
    console.log(`inputs query alone: p50 ${pct(reads, 50).toFixed(0)} ms, p95 ${pct(reads, 95).toFixed(0)} ms per batch of ${BATCH}`);
    const grades = await sql<{ grade: string; n: string }>`SELECT grade, count(*) AS n FROM (SELECT DISTINCT ON (business_id) grade FROM credit_grades ORDER BY business_id, seq DESC) g GROUP BY grade ORDER BY grade`.execute(db);
    console.log(`current grades: ${grades.rows.map((g) => `${g.grade} ${g.n}`).join(', ')}`);
    const manager = await db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id').select(['u.id', 'a.path']).where('u.username', '=', 'manager').executeTakeFirstOrThrow();
    const caller = { user: { id: manager.id, role: 'manager' as const, businessId: null, agencyPath: manager.path }, requestId: 'bench', ip: null } as never;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await credit.list(caller, { agencyId: null, grade: i % 2 ? 'C' : null, category: null, page: 1, pageSize: 50 });
      times.push(performance.now() - s);
    }
    console.log(`list first page (city head, ${BUSINESSES} businesses): p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (30 calls)`);
    await pool.end();
    await admin.destroy();
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
