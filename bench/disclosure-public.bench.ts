// The public disclosure API (issue 16 item 5), no login: p50/p95 of the first page of published
// decisions, a name search, a region + date filter, and one publication, over BENCH_PUBLICATIONS
// published rows (a tenth withdrawn), sequential requests on the real platform.
// `npx tsx bench/disclosure-public.bench.ts` (BENCH_PUBLICATIONS, BENCH_RUNS).
import { sql } from 'kysely';
import { createDb } from '../core/db/connect.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';

const N = Number(process.env.BENCH_PUBLICATIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function timed(label: string, url: string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 20; i++) {
    const start = performance.now();
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label}: ${res.status}`);
    if (i >= 20) times.push(performance.now() - start);
    bytes = body.byteLength;
  }
  console.log(`${label}: ${bytes} bytes, p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms (${RUNS} requests)`);
}

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 2);
try {
  const t0 = performance.now();
  // Rows as the service leaves them (published by a head of the agency, never the requester); the bench reads, it does not ledger.
  await sql`
    INSERT INTO publications (public_ref, kind, source_id, agency_id, business_id, title, body, document_number, decided_on, party_name, status, created_by, requested_by, requested_at, decided_by, decided_at, published_at, withdrawn_by, withdrawn_at, withdrawal_reason)
    SELECT 'bench' || lpad(i::text, 8, '0'), 'case_decision', gen_random_uuid(), a.id, b.id,
           b.name || '第' || i || '号案行政处罚决定信息', '行政处罚决定书文号：婺卫医罚〔2026〕' || i || '号' || E'\n主要违法事实：……', '婺卫医罚〔2026〕' || i || '号',
           (date '2026-01-01' + (i % 330)), b.name, CASE WHEN i % 10 = 0 THEN 'withdrawn' ELSE 'published' END,
           o.id, o.id, now(), m.id, now(), timestamptz '2026-01-01 10:00+08' + (i % 330) * interval '1 day',
           CASE WHEN i % 10 = 0 THEN m.id END, CASE WHEN i % 10 = 0 THEN now() END, CASE WHEN i % 10 = 0 THEN '决定已被依法撤销' END
    FROM generate_series(1, ${N}) i
    CROSS JOIN LATERAL (SELECT id, name, agency_id FROM businesses ORDER BY id OFFSET (i % 4) LIMIT 1) b
    JOIN agencies a ON a.id = b.agency_id
    CROSS JOIN (SELECT id FROM users WHERE username = 'officer.wc') o
    CROSS JOIN (SELECT id FROM users WHERE username = 'manager.jh') m`.execute(db);
  await sql`ANALYZE publications`.execute(db);
  console.log(`inserted ${N} publications in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const base = `${platform.url}/api/public`;
  await timed('first page of published decisions', `${base}/publications`);
  await timed('name search (q=人民医院)', `${base}/publications?q=${encodeURIComponent('人民医院')}`);
  await timed('region + dates (330702, one month)', `${base}/publications?region=330702&from=2026-03-01&to=2026-03-31`);
  await timed('page 200', `${base}/publications?page=200`);
  await timed('one publication', `${base}/publications/bench00000077`);
  await timed('device register first page', `${base}/devices`);
} finally {
  await pool.end();
  await platform.stop();
}
