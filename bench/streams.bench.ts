// Streams sustained with recording on: `BENCH_STREAMS=50,100,200 npx tsx bench/streams.bench.ts`.
// One in-process ingest (node-media-server + segment recorder + blob store + PostgreSQL), N
// ffmpeg publishers each pushing a pre-encoded ~1 Mbps 720p clip with stream copy (so the
// publishers cost little CPU), 40 s per step. Prints CPU and RSS of the ingest process per
// stream, segments stored vs expected, and segment close → stored+hashed+ledgered latency.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { placementDigest, snapshotOf } from '../core/consent/placement.js';
import { newStreamKey } from '../core/consent/stream-key.js';
import { createDb, createPool } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../core/db/grants.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createSealer } from '../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../core/ledger/signer.js';
import { createLogger } from '../core/log.js';
import { seedDemo } from '../api/demo/demo.seed.js';
import { createIngest } from '../streams/ingest/ingest.service.js';
import { startMediaServer } from '../streams/ingest/media-server.js';
import { freePort } from '../tests/support/platform-process.js';

const STEPS = (process.env.BENCH_STREAMS ?? '50,100,200').split(',').map(Number);
const RUN_S = Number(process.env.BENCH_SECONDS ?? 40);
const SEGMENT_MS = 10_000;
const log = createLogger('silent');
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-streams-bench-'));
const clip = path.join(dir, 'clip.flv');
process.stderr.write('encoding a 20 s 1280x720 ~1 Mbps clip…\n');
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '20', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '1000k', '-maxrate', '1000k', '-bufsize', '2000k', '-pix_fmt', 'yuv420p', '-g', '50', '-f', 'flv', clip]);

const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
await sql.raw('CREATE DATABASE vigil_bench').execute(root);
await ensureLoginRole(root, 'vigil_app', 'bench');
await root.destroy();
const { db: admin } = createDb(cluster.adminUrl('vigil_bench'), 4);
await migrateToLatest(admin as unknown as Kysely<unknown>);
await grantAppRole(admin as unknown as Kysely<unknown>, 'vigil_app');
const { db } = createDb(`postgres://vigil_app:bench@127.0.0.1:${cluster.port}/vigil_bench`, 20);
await seedDemo(db);
const signer = loadOrCreateSigner(path.join(dir, 'keys'));
const sealer = createSealer({ db, log, signer, intervalMs: 100, checkpointIntervalMs: 60_000, checkpointEveryEntries: 10_000 });
sealer.start();

// Devices with a signed consent and a key each, written directly (the bench measures ingest).
const max = Math.max(...STEPS);
const site = await db.selectFrom('sites').innerJoin('businesses as b', 'b.id', 'sites.business_id').select(['sites.id', 'sites.business_id', 'b.agency_id']).executeTakeFirstOrThrow();
const user = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
const consent = await db.insertInto('consents').values({ ref: 'QR2026-990001', business_id: site.business_id, site_id: site.id, agency_id: site.agency_id, status: 'active', purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2020-01-01', valid_until: '2099-01-01', template_id: 'device-consent', template_version: 'v1', statements: '[]', created_by: user.id, signed_at: new Date(), proposed_at: new Date() }).returning('id').executeTakeFirstOrThrow();
const devices: { id: string; key: string }[] = [];
for (let i = 0; i < max; i++) {
  const d = await db.insertInto('devices').values({ site_id: site.id, business_id: site.business_id, name: `bench ${i}`, kind: 'camera', mobility: 'fixed', status: 'active' }).returningAll().executeTakeFirstOrThrow();
  await db.insertInto('consent_devices').values({ consent_id: consent.id, device_id: d.id, position: i, snapshot: JSON.stringify(snapshotOf(d)), placement_sha256: placementDigest(d) }).execute();
  const k = newStreamKey();
  await db.insertInto('device_credentials').values({ device_id: d.id, key_prefix: k.prefix, key_sha256: k.sha256, created_by: user.id }).execute();
  devices.push({ id: d.id, key: k.key });
}

const port = await freePort();
const ms = await startMediaServer({ port, host: '127.0.0.1', storeDir: path.join(dir, 'nms') });
const latencies: number[] = [];
const ingest = createIngest({ db, blobs: createFsBlobStore(path.join(dir, 'blobs')), ms, log, recordingDir: path.join(dir, 'recording'), segmentMs: SEGMENT_MS, instance: 'bench', onSegmentStored: (ms) => latencies.push(ms) });

const rows: string[] = [];
for (const n of STEPS) {
  latencies.length = 0;
  const before = Number((await db.selectFrom('recording_segments').select((eb) => eb.fn.countAll<string>().as('c')).executeTakeFirstOrThrow()).c);
  const pubs: ChildProcess[] = devices.slice(0, n).map((d) => spawn('ffmpeg', ['-hide_banner', '-loglevel', 'quiet', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${d.id}?key=${d.key}`], { stdio: 'ignore' }));
  const deadline = Date.now() + 30_000;
  while (ingest.liveCount() < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const live = ingest.liveCount();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rssMax = 0;
  while (performance.now() - t0 < RUN_S * 1000) {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    await new Promise((r) => setTimeout(r, 500));
  }
  const cpu = process.cpuUsage(cpu0);
  const secs = (performance.now() - t0) / 1000;
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / secs) * 100;
  for (const p of pubs) p.kill('SIGTERM');
  while (ingest.liveCount() > 0) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 3000)); // last segments stored
  const stored = Number((await db.selectFrom('recording_segments').select((eb) => eb.fn.countAll<string>().as('c')).executeTakeFirstOrThrow()).c) - before;
  const expectedMin = live * Math.floor(RUN_S / (SEGMENT_MS / 1000));
  const line = `${n} streams (${live} live): ingest+recorder+store CPU ${cpuPct.toFixed(0)} % of one core (${(cpuPct / Math.max(1, live)).toFixed(2)} %/stream), RSS max ${(rssMax / 2 ** 20).toFixed(0)} MB (${(rssMax / 2 ** 20 / Math.max(1, live)).toFixed(2)} MB/stream), segments stored ${stored} (≥ ${expectedMin} expected), close → stored p50 ${pct(latencies, 50).toFixed(0)} ms p95 ${pct(latencies, 95).toFixed(0)} ms`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
}
await ingest.stop();
await ms.stop();
await sealer.stop();
await db.destroy();
await admin.destroy();
await cluster.stop();
rmSync(dir, { recursive: true, force: true });
console.log(rows.join('\n'));
process.exit(0);
