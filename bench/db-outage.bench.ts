// PostgreSQL lost for 30 s under load: `npx tsx bench/db-outage.bench.ts [outage seconds]`.
// The platform as `npm start` runs it (embedded PostgreSQL, two demo cameras publishing with
// ffmpeg, 2 s segments, analyzer off to leave the CPU to the rest), an officer creating a site
// every 100 ms over the API. The postmaster is killed with SIGKILL and its port held for the
// outage (every connection cut), then released; the platform's supervisor restarts PostgreSQL.
// Prints: acknowledged writes lost, segments lost, seconds from the database's return to healthy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPool } from '../core/db/connect.js';
import type { Database } from '../core/db/database.js';
import { httpLogin } from '../tests/support/http-client.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { holdPort } from '../tests/support/port-holder.js';

const OUTAGE_S = Number(process.argv[2] ?? 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null | false | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

const p = await startPlatform({ DEMO_CAMERAS: '1', SEGMENT_SECONDS: '2', ANALYZER_ENABLED: 'false' });
const adminUrl = platformAdminUrl(p);
const admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(adminUrl, 2) }) });
try {
  const devices = (JSON.parse(readFileSync(path.join(p.dataDir, 'demo-cameras.json'), 'utf8')) as { deviceId: string; kind?: string }[]).filter((c) => c.kind !== 'sensor').map((c) => c.deviceId); // the demo sensors record no video
  await until('segments from both cameras', async () => (await admin.selectFrom('recording_segments').select('device_id').distinct().where('device_id', 'in', devices).execute()).length === devices.length);
  const officer = await httpLogin(p.url, 'officer.wc', p.logins.get('officer.wc')!);
  const biz = await httpLogin(p.url, 'biz.hosp', p.logins.get('biz.hosp')!);

  // Steady writes: one site every 100 ms; an acknowledged (201) write must survive.
  const acked: string[] = [];
  let refused = 0;
  let writing = true;
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      const t = Date.now();
      try {
        acked.push((await officer.call<{ id: string }>('POST', `/api/businesses/${biz.user.businessId}/sites`, { name: `bench-site-${n}`, address: '婺城区', openingHours: '' })).id);
      } catch {
        refused++;
      }
      await sleep(Math.max(0, 100 - (Date.now() - t)));
    }
  })();
  await sleep(5000);

  const pid = Number(readFileSync(path.join(p.dataDir, 'postgres', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  const holder = await holdPort(p.pgPort);
  const killedAt = Date.now();
  await sleep(OUTAGE_S * 1000);
  const spoolDir = path.join(p.dataDir, 'segment-spool');
  const spooledAtEnd = existsSync(spoolDir) ? readdirSync(spoolDir).filter((n) => n.endsWith('.json')).length : 0;
  await new Promise((r) => holder.close(r));
  const releasedAt = Date.now();

  // The database's return: the first moment a connection is accepted.
  await until('database back', async () => {
    const c = new pg.Client(adminUrl);
    c.on('error', () => {});
    await c.connect();
    await c.end();
    return true;
  });
  const backAt = Date.now();
  await until('healthy', async () => (await fetch(`${p.url}/api/health`)).status === 200);
  const healthyAt = Date.now();
  await sleep(10_000);
  writing = false;
  await writer;
  await until('spool empty', async () => !existsSync(spoolDir) || readdirSync(spoolDir).filter((n) => n.endsWith('.json')).length === 0);

  const found = new Set((await admin.selectFrom('sites').select('id').where('id', 'in', acked).execute()).map((r) => r.id));
  const lostWrites = acked.filter((id) => !found.has(id)).length;
  // Segments lost: seqs missing inside a session, or a segment not starting where the last ended.
  let missing = 0;
  let segments = 0;
  const sessions = await admin.selectFrom('publish_sessions').select('id').where('device_id', 'in', devices).execute();
  for (const s of sessions) {
    const segs = await admin.selectFrom('recording_segments').select(['seq', 'stream_start_ms', 'stream_end_ms']).where('session_id', '=', s.id).orderBy('seq').execute();
    segments += segs.length;
    for (let i = 1; i < segs.length; i++) {
      missing += segs[i].seq - segs[i - 1].seq - 1;
      if (Number(segs[i].stream_start_ms) !== Number(segs[i - 1].stream_end_ms) && segs[i].seq === segs[i - 1].seq + 1) missing++;
    }
  }
  const failed = existsSync(spoolDir) ? readdirSync(spoolDir).filter((n) => n.endsWith('.failed')).length : 0;
  const unchained = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)`.execute(admin)).rows[0].n;
  await admin.destroy();
  const exit = await p.terminate();

  console.log(`db-outage bench: PostgreSQL killed (SIGKILL) and kept down ${((releasedAt - killedAt) / 1000).toFixed(1)} s; 2 cameras, 1 API write / 100 ms`);
  console.log(`  acknowledged writes: ${acked.length}, lost: ${lostWrites} (refused with an error during the outage: ${refused})`);
  console.log(`  segments recorded: ${segments} in ${sessions.length} sessions, spooled at the outage's end: ${spooledAtEnd}, lost: ${missing + failed}`);
  console.log(`  database back ${((backAt - releasedAt) / 1000).toFixed(1)} s after the port was freed (supervisor back-off); healthy ${((healthyAt - backAt) / 1000).toFixed(1)} s after the database's return`);
  console.log(`  ledger entries left unchained: ${unchained}; SIGTERM exit: ${JSON.stringify(exit)}`);
} finally {
  await admin.destroy().catch(() => {});
  await p.stop();
}
