// The review queue with 100,000 flags (issue 6 figure): first page of GET /api/review/queue, p50/p95
// over sequential requests, for a district officer and a city manager, by deadline (the
// default: open flags) and newest first over all statuses; then the /flags page in Chromium,
// navigation → first row shown. `npx tsx bench/review-queue.bench.ts` (BENCH_FLAGS, BENCH_RUNS).
import { sql } from 'kysely';
import { createDb } from '../core/db/connect.js';
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
  // 100,000 flags over every demo device and the last ~29 days: 15 % still open (new, in
  // review, escalated), the rest confirmed or dismissed; deadlines two days after creation.
  await sql`
    WITH dev AS (
      SELECT (row_number() OVER (ORDER BY d.id)) - 1 AS i, d.id, d.site_id, d.business_id, b.agency_id, b.category
      FROM devices d JOIN businesses b ON b.id = d.business_id
    ), n AS (SELECT count(*) AS n FROM dev), officer AS (SELECT id FROM users WHERE username = 'officer.wc')
    INSERT INTO flags (dedupe_key, device_id, site_id, business_id, agency_id, category, source, type, analyzer, state, started_at, ended_at,
                       peak_score, detail, review_status, decided_at, decided_by, dismiss_reason, deadline_at, created_at, updated_at)
    SELECT 'bench:' || g, dev.id, dev.site_id, dev.business_id, dev.agency_id, dev.category, 'tamper',
           (ARRAY['camera_covered','camera_blurred','picture_frozen','view_moved','stream_lost'])[1 + g % 5], 'bench', 'ended',
           c - interval '1 minute', c - interval '30 seconds', 0.7, '{}',
           s.status,
           CASE WHEN s.status IN ('confirmed', 'dismissed') THEN c + interval '1 hour' END,
           CASE WHEN s.status IN ('confirmed', 'dismissed') THEN (SELECT id FROM officer) END,
           CASE WHEN s.status = 'dismissed' THEN 'false_detection' END,
           c + interval '2 days', c, c
    FROM generate_series(1, ${FLAGS}) g
    CROSS JOIN n
    JOIN dev ON dev.i = g % n.n
    CROSS JOIN LATERAL (SELECT now() - (g * interval '25 seconds') AS c) t
    CROSS JOIN LATERAL (SELECT CASE WHEN g % 20 = 0 THEN 'new' WHEN g % 20 = 1 THEN 'in_review' WHEN g % 20 = 2 THEN 'escalated' WHEN g % 20 < 12 THEN 'confirmed' ELSE 'dismissed' END AS status) s`.execute(db);
  await sql`ANALYZE flags`.execute(db);
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
