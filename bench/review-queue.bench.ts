// The review queue with 100,000 flags (issue 6 figure): first page of GET /api/review/queue, p50/p95
// over sequential requests, for a district officer and a city manager, by deadline (the
// default: open flags) and newest first over all statuses; then the /flags page in Chromium,
// navigation → first row shown. `npx tsx bench/review-queue.bench.ts` (BENCH_FLAGS, BENCH_RUNS).
import { sql } from 'kysely';
import { createDb } from '../core/db/connect.js';
import { insertBenchFlags } from './bench-flags.js';
import { launchBrowser } from '../tests/support/browser.js';
import { httpLogin } from '../tests/support/http-client.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';

const FLAGS = Number(process.env.BENCH_FLAGS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 2);
try {
  const t0 = Date.now();
  await insertBenchFlags(db, FLAGS);
  const counts = await sql<{ review_status: string; n: string }>`SELECT review_status, count(*) AS n FROM flags GROUP BY 1 ORDER BY 1`.execute(db);
  console.log(`inserted ${FLAGS} flags in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.rows.map((r) => `${r.review_status} ${r.n}`).join(', ')}`);

  if (process.env.BENCH_EXPLAIN) {
    // The plans of the default view's two queries, for the city (the widest scope in the demo).
    const path = (await sql<{ path: string }>`SELECT path FROM agencies WHERE code = '330700'`.execute(db)).rows[0].path;
    const ids = (await sql<{ id: string }>`SELECT id FROM agencies WHERE path LIKE ${`${path}%`}`.execute(db)).rows.map((r) => r.id);
    for (const q of [
      sql`EXPLAIN (ANALYZE, BUFFERS) SELECT f.id FROM flags f JOIN agencies a ON a.id = f.agency_id JOIN businesses b ON b.id = f.business_id JOIN devices d ON d.id = f.device_id JOIN sites s ON s.id = f.site_id
          LEFT JOIN analysis_rule_versions v ON v.rule_id = f.rule_id AND v.version = f.rule_version LEFT JOIN users u ON u.id = f.assigned_to
          WHERE f.agency_id IN (${sql.join(ids)}) AND f.review_status IN ('new', 'in_review', 'awaiting_second', 'escalated') ORDER BY f.deadline_at, f.id LIMIT 51`,
      sql`EXPLAIN (ANALYZE, BUFFERS) SELECT f.review_status, count(*), count(*) FILTER (WHERE f.deadline_at < now()) FROM flags f
          WHERE f.agency_id IN (${sql.join(ids)}) AND f.review_status IN ('new', 'in_review', 'awaiting_second', 'escalated') GROUP BY 1`,
    ]) console.log((await q.execute(db)).rows.map((r) => Object.values(r as object)[0]).join('\n'), '\n');
  }
  const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  const manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  for (const [who, s] of [
    ['officer (district)', officer],
    ['manager (city)', manager],
  ] as const) {
    for (const q of ['limit=50', 'limit=50&sort=newest&status=all', 'limit=50&status=confirmed&sort=newest']) {
      const times: number[] = [];
      let items = 0;
      for (let i = 0; i < RUNS + 10; i++) {
        const start = performance.now();
        const res = await fetch(`${platform.url}/api/review/queue?${q}`, { headers: { cookie: s.cookie } });
        const body = (await res.json()) as { items: unknown[] };
        if (!res.ok) throw new Error(`queue ${res.status}: ${JSON.stringify(body)}`);
        if (i >= 10) times.push(performance.now() - start);
        items = body.items.length;
      }
      console.log(`queue first page, ${who}, ${q}: ${items} items, p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))} (${RUNS} requests)`);
    }
  }

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${platform.url}/login`);
    await page.locator('input[name="username"]').fill('officer.wc');
    await page.locator('input[name="password"]').fill(platform.logins.get('officer.wc')!);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const loads: number[] = [];
    for (let i = 0; i < 12; i++) {
      await page.goto('about:blank');
      const start = performance.now();
      await page.goto(`${platform.url}/flags`);
      await page.locator('[data-testid="flag"]').first().waitFor();
      if (i >= 2) loads.push(performance.now() - start);
    }
    console.log(`/flags page load in Chromium (navigation → first row), officer: p50 ${ms(pct(loads, 50))}, p95 ${ms(pct(loads, 95))} (${loads.length} loads)`);
  } finally {
    await browser.close();
  }
} finally {
  await pool.end();
  await platform.stop();
}
