// Cases (issue 13 figures): the case workspace (GET /api/cases/:id, one call) with BENCH_CASES
// cases in the database, and a stage transition with its document and ledger entries (POST
// /api/cases/:id/stages, an on-site record), p50/p95 over sequential requests. The database is
// the real platform's PostgreSQL; the API runs in this process with the FAKE documents service
// (tests/support/fake-documents.ts: no PDF is drawn), so the transition figure leaves out PDF
// rendering. `npx tsx bench/cases.bench.ts` (BENCH_CASES, BENCH_RUNS).
import { sql } from 'kysely';
import { createApp } from '../api/app.js';
import { LoginThrottle } from '../api/auth/login-throttle.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../core/cases/checklist.js';
import { createDb } from '../core/db/connect.js';
import { createEventBus } from '../core/events.js';
import { createLogger } from '../core/log.js';
import { createFakeDocuments } from '../tests/support/fake-documents.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { insertFlags } from '../tests/support/review-flags.js';
import os from 'node:os';
import path from 'node:path';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 4);
try {
  const app = createApp({
    db,
    log: createLogger('silent'),
    events: createEventBus(),
    queueOk: () => true,
    sessionTtlMs: 3600_000,
    cookieSecure: false,
    loginMaxAttempts: 5,
    loginWindowMs: 60_000,
    loginThrottle: new LoginThrottle({ maxAttempts: 5, windowMs: 60_000, addressMaxFailures: 100 }),
    bodyLimitBytes: 64 * 1024,
    blobs: createFsBlobStore(path.join(os.tmpdir(), `vigil-cases-bench-${process.pid}`)),
    notifier: null,
    mailCaptured: false,
    publicBaseUrl: 'http://127.0.0.1:3000',
    rtmpBaseUrl: 'rtmp://127.0.0.1:1935',
    streamsInternalUrl: 'http://127.0.0.1:9',
    internalToken: 'bench-internal-token-not-used-000',
    documents: createFakeDocuments().service,
  });
  const login = async (username: string) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: platform.logins.get(username) }) });
    const body = (await res.json()) as { csrfToken: string; user: { id: string } };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const call = async (method: string, p: string, b?: unknown) => {
      const r = await app.request(p, { method, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(b ? { 'content-type': 'application/json' } : {}) }, body: b ? JSON.stringify(b) : undefined });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ case: { id: string; version: number }; evidence: { id: string; version: number }[] }>;
    };
    return { id: body.user.id, call };
  };
  const officer = await login('officer.wc');
  const manager = await login('manager.jh');
  // A second officer of the district (two investigators).
  const wc = await db.selectFrom('users').select(['agency_id']).where('id', '=', officer.id).executeTakeFirstOrThrow();
  const second = await db.insertInto('users').values({ username: 'officer.bench2', display_name: '李娜', password_hash: 'x', role: 'officer', agency_id: wc.agency_id, certificate_no: '浙卫执字第9号' }).returning('id').executeTakeFirstOrThrow();

  // Filler cases (no ledger: they only make the tables big), each with five stages and two clocks.
  const t0 = Date.now();
  await sql`
    WITH b AS (SELECT b.id, b.agency_id FROM businesses b ORDER BY b.created_at LIMIT 1),
    c AS (
      INSERT INTO cases (agency_id, business_id, party_kind, procedure, source, source_record, cause, category, investigators, state, filing_clock_from, accepted_at, filed_at, created_by)
      SELECT b.agency_id, b.id, 'organisation', 'general', 'complaint', '{}', '案由 ' || g, '医',
             jsonb_build_array(jsonb_build_object('id', ${officer.id}::text), jsonb_build_object('id', ${second.id}::text)),
             (ARRAY['investigating','notified','decided','closed'])[1 + g % 4], now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, now(), ${officer.id}::uuid
      FROM b, generate_series(1, ${CASES}) g RETURNING id)
    , s AS (INSERT INTO case_stages (case_id, seq, kind, actor_id, from_state, to_state, at) SELECT c.id, n, 'appraisal', ${officer.id}::uuid, 'investigating', 'investigating', now() FROM c, generate_series(1, 5) n RETURNING 1)
    INSERT INTO case_clocks (case_id, kind, amount, unit, basis, started_at, due_at) SELECT c.id, k, 7, 'working_days', 'x', now(), now() + interval '3 days' FROM c, unnest(ARRAY['decision','legal_review']) k`.execute(db);
  console.log(`inserted ${CASES} cases (5 stages, 2 clocks each) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await sql`ANALYZE`.execute(db);

  // The measured cases, through the API: from a confirmed flag, reviewed, filed and approved.
  const device = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const [flag] = await insertFlags(db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.id }]);
    let w = await officer.call('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '涉嫌遮挡监控设备', category: '医', investigatorIds: [officer.id, second.id], summary: '案情摘要' });
    for (const e of w.evidence) w = await officer.call('PUT', `/api/cases/${w.case.id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
    w = await officer.call('POST', `/api/cases/${w.case.id}/stages`, { kind: 'filing', expectedVersion: w.case.version, fields: { report: '建议立案' } });
    w = await manager.call('POST', `/api/cases/${w.case.id}/stages`, { kind: 'filing_approval', expectedVersion: w.case.version, fields: { opinion: '同意' } });
    ids.push(w.case.id);
  }

  const transition: number[] = [];
  const versions = new Map<string, number>();
  for (const id of ids) versions.set(id, (await officer.call('GET', `/api/cases/${id}`)).case.version);
  for (let i = 0; i < RUNS; i++) {
    const id = ids[i % ids.length];
    const start = performance.now();
    const w = await officer.call('POST', `/api/cases/${id}/stages`, { kind: 'on_site_inspection', expectedVersion: versions.get(id), officerIds: [officer.id, second.id], fields: { place: '操作间', findings: `第 ${i} 次检查` } });
    transition.push(performance.now() - start);
    versions.set(id, w.case.version);
  }
  console.log(`stage transition (on-site record + fake document + ledger, then the workspace it answers): p50 ${pct(transition, 50).toFixed(1)} ms, p95 ${pct(transition, 95).toFixed(1)} ms (${RUNS})`);

  const workspace: number[] = [];
  for (let i = 0; i < RUNS + 20; i++) {
    const start = performance.now();
    await officer.call('GET', `/api/cases/${ids[i % ids.length]}`);
    if (i >= 20) workspace.push(performance.now() - start);
  }
  console.log(`case workspace (${CASES + ids.length} cases; ~${Math.round(RUNS / ids.length) + 3} stages each measured): p50 ${pct(workspace, 50).toFixed(1)} ms, p95 ${pct(workspace, 95).toFixed(1)} ms (${RUNS})`);
  const list: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    await manager.call('GET', '/api/cases?limit=50&overdue=false');
    list.push(performance.now() - start);
  }
  console.log(`case list first page with counts (manager, city): p50 ${pct(list, 50).toFixed(1)} ms, p95 ${pct(list, 95).toFixed(1)} ms (50)`);
} finally {
  await pool.end();
  await platform.stop();
}
