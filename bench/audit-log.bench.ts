// Audit-log query figures (issue 15 item 6): `npx tsx bench/audit-log.bench.ts`. Starts its own
// embedded PostgreSQL in a temp dir, migrates it, writes 10,000,000 rows into record_reads (about
// 2,000 users over a year, INSERT … SELECT generate_series in batches of 1M) and times the audit
// log's first page (the repository's own query) filtered by person and month: p50/p95 over
// BENCH_RUNS (≥ 50) random person-months, for an auditor (whole platform) and a district head
// (his scope), then the next page by cursor and a name search. BENCH_READS scales the table down.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createDb, createPool } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../core/db/grants.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger } from '../core/log.js';
import { createRecordReadsRepository } from '../api/audit/record-reads.repository.js';
import { freePort } from '../tests/support/platform-process.js';

const READS = Number(process.env.BENCH_READS ?? 10_000_000);
const USERS = 2000;
const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 100));
const BATCH = 1_000_000;
const YEAR_START = new Date('2026-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 86_400_000;
const log = createLogger('silent');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const say = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-audit-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
  try {
    const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
    await sql.raw('CREATE DATABASE vigil_bench').execute(root);
    await ensureLoginRole(root, 'vigil_app', 'bench');
    await root.destroy();
    const { db: admin } = createDb(cluster.adminUrl('vigil_bench'), 2);
    await migrateToLatest(admin as unknown as Kysely<unknown>);
    await grantAppRole(admin as unknown as Kysely<unknown>, 'vigil_app');

    // A province, a city and 20 districts; 2,000 staff spread over the districts.
    await sql`INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', '省', '省', '990000', '/p/')`.execute(admin);
    await sql`INSERT INTO agencies (parent_id, level, name, short_name, code, path) SELECT id, 'city', '市', '市', '990100', '/p/c/' FROM agencies WHERE code = '990000'`.execute(admin);
    await sql`INSERT INTO agencies (parent_id, level, name, short_name, code, path)
              SELECT (SELECT id FROM agencies WHERE code = '990100'), 'district', '区' || d, '区' || d, (990100 + d)::text, '/p/c/d' || d || '/' FROM generate_series(1, 20) d`.execute(admin);
    await sql`INSERT INTO users (username, display_name, password_hash, role, agency_id)
              SELECT 'user' || g, '用户' || g, 'x', (CASE WHEN g % 50 = 0 THEN 'manager' ELSE 'officer' END)::text, (SELECT id FROM agencies WHERE code = (990100 + 1 + g % 20)::text)
              FROM generate_series(1, ${USERS}) g`.execute(admin);

    say(`writing ${READS.toLocaleString('en')} reads …`);
    const t0 = performance.now();
    for (let from = 1; from <= READS; from += BATCH) {
      const to = Math.min(READS, from + BATCH - 1);
      // Row g: user (g·7919 mod 2000), at spread evenly over the year, every 50th a refusal.
      await sql`
        WITH u AS (SELECT row_number() OVER (ORDER BY u.username) - 1 AS i, u.id, u.display_name, u.role, a.path FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username LIKE 'user%')
        INSERT INTO record_reads (at, user_id, user_name, role, action, outcome, denied_reason, record_kind, record_id, agency_path, ip, bytes, finished_at)
        SELECT ${YEAR_START}::timestamptz + (g::float8 / ${READS}) * interval '365 days', u.id, u.display_name, u.role,
               (ARRAY['view', 'play', 'download', 'live'])[1 + g % 4], CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'served' END, CASE WHEN g % 50 = 0 THEN 'no_grant' END,
               'segment', g::text, u.path, '10.' || (g % 250) || '.' || (g % 199) || '.1', CASE WHEN g % 50 = 0 THEN NULL ELSE g % 100000 END,
               CASE WHEN g % 50 = 0 THEN NULL ELSE ${YEAR_START}::timestamptz + (g::float8 / ${READS}) * interval '365 days' END
        FROM generate_series(${from}::bigint, ${to}::bigint) g JOIN u ON u.i = (g * 7919) % ${USERS}`.execute(admin);
      say(`  ${to.toLocaleString('en')} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    await sql`VACUUM ANALYZE record_reads`.execute(admin);
    const writeSecs = (performance.now() - t0) / 1000;
    const { rows: size } = await sql<{ s: string }>`SELECT pg_size_pretty(pg_total_relation_size('record_reads')) AS s`.execute(admin);

    const { db } = createDb(`postgres://vigil_app:bench@127.0.0.1:${cluster.port}/vigil_bench`, 2);
    const repo = createRecordReadsRepository(db);
    const people = (await db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id').select(['users.id', 'users.username', 'agencies.path']).where('users.username', 'like', 'user%').execute());
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const monthOf = (m: number) => ({ from: new Date(YEAR_START.getTime() + (m * YEAR_MS) / 12), to: new Date(YEAR_START.getTime() + ((m + 1) * YEAR_MS) / 12) });

    const figures: string[] = [];
    async function timed(label: string, run: () => Promise<number>) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 5; i++) {
        const s = performance.now();
        rows += await run();
        if (i >= 5) times.push(performance.now() - s);
      }
      const line = `${label}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${RUNS} runs, ${(rows / (RUNS + 5)).toFixed(0)} rows/page)`;
      figures.push(line);
      say(line);
    }
    const pick = () => ({ p: people[rand(people.length)], m: monthOf(rand(12)) });
    await timed('person + month, first page of 50 (auditor, whole platform)', async () => {
      const { p, m } = pick();
      return (await repo.page({ person: p.id, ...m }, null, { limit: 51 })).length;
    });
    await timed('person + month, first page of 50 (district head, his scope)', async () => {
      const { p, m } = pick();
      return (await repo.page({ person: p.id, ...m }, { kind: 'agency', path: p.path }, { limit: 51 })).length;
    });
    await timed('person + month, first page of 10 then the next by cursor (both)', async () => {
      const { p, m } = pick();
      const first = await repo.page({ person: p.id, ...m }, null, { limit: 11 });
      return first.length > 10 ? (await repo.page({ person: p.id, ...m }, null, { limit: 11, after: first[9].cursor })).length : 0;
    });
    await timed('person by account name + month, first page', async () => {
      const { p, m } = pick();
      return (await repo.page({ person: p.username, ...m }, null, { limit: 51 })).length;
    });
    await timed('whole platform, one day, first page (no person)', async () => {
      const d = rand(365);
      return (await repo.page({ from: new Date(YEAR_START.getTime() + d * 86_400_000), to: new Date(YEAR_START.getTime() + (d + 1) * 86_400_000) }, null, { limit: 51 })).length;
    });
    await db.destroy();
    await admin.destroy();
    console.log(`\naudit log over ${READS.toLocaleString('en')} reads (${USERS} users, one year; table + indexes ${size[0].s}; written in ${writeSecs.toFixed(0)} s)`);
    for (const f of figures) console.log(`  ${f}`);
    console.log(`  load: ${execFileSync('uptime').toString().trim()}`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
