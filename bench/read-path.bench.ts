// The read path's added latency (issue 15 item 1; aim ≤ 5 ms p95): the same ~1.5 MB segment
// downloaded over HTTP, warm, alternately from two routes of ONE server in ONE process, so the
// difference is the read path alone: a bare route that streams the blob from the blob store (as
// the routes did before), and the platform's /api/recordings/{id}/media (session, access asked,
// read row written before the first byte, bytes counted, row finished) of the real app
// (createApp in this process, on the real platform's PostgreSQL). Prints p50/p95 of each and of
// the paired difference. `npx tsx bench/read-path.bench.ts` (BENCH_RUNS, default 300), with `uptime` beside it.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.js';
import { LoginThrottle } from '../api/auth/login-throttle.js';
import { recordBlob } from '../core/blob/blob.repository.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { createDb } from '../core/db/connect.js';
import { createEventBus } from '../core/events.js';
import { createLogger } from '../core/log.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { waitFor } from '../tests/support/wait.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARM = 30;
const SIZE = 1_500_000;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// The real platform's database (a demo camera records, so a device with its consent and session
// exists); a ~1.5 MB segment of its own is put in the blob store and registered on that device.
// The API itself runs in THIS process (createApp), beside the bare route, on one server.
const platform = await startPlatform({ ANALYZER_ENABLED: '0', DEMO_CAMERAS: '1' });
const { db, pool } = createDb(platformAdminUrl(platform), 4);
const blobs = createFsBlobStore(path.join(platform.dataDir, 'blobs'));
const recorded = await waitFor('a recorded segment', () => db.selectFrom('recording_segments').selectAll().where('partial', '=', false).executeTakeFirst(), 120_000);
const blob = await blobs.put(randomBytes(SIZE), 'video/x-flv');
await recordBlob(db, { ...blob, mediaType: 'video/x-flv' });
const t0 = new Date(new Date(recorded.started_at).getTime() - 3600_000);
const seg = await db
  .insertInto('recording_segments')
  .values({ device_id: recorded.device_id, session_id: recorded.session_id, seq: 1_000_000, blob_sha256: blob.sha256, size: blob.size, started_at: t0, ended_at: new Date(t0.getTime() + 10_000), stream_start_ms: 0, stream_end_ms: 10_000, clock_offset_ms: 0 })
  .returning('id')
  .executeTakeFirstOrThrow();
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
  blobs,
  notifier: null,
  mailCaptured: false,
  publicBaseUrl: 'http://127.0.0.1:3000',
  rtmpBaseUrl: 'rtmp://127.0.0.1:1935',
  streamsInternalUrl: 'http://127.0.0.1:9',
  internalToken: 'bench-internal-token-not-used-000',
});
const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager.jh', password: platform.logins.get('manager.jh') }) });
if (!login.ok) throw new Error(`login: ${login.status}`);
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

// One server: /bare streams the blob as the routes did before the read path (no session, no access, no log); everything else is the app.
const server = serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: async (req) => {
    if (new URL(req.url).pathname === '/bare') return new Response(Readable.toWeb(await blobs.get(blob.sha256)) as ReadableStream, { headers: { 'content-type': 'video/x-flv', 'content-length': String(blob.size) } });
    return app.fetch(req);
  },
});
await new Promise<void>((res) => (server.listening ? res() : server.once('listening', () => res())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function once(url: string) {
  const start = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const n = (await res.arrayBuffer()).byteLength;
  if (!res.ok || n !== blob.size) throw new Error(`${url}: ${res.status}, ${n} bytes`);
  return performance.now() - start;
}

const bare: number[] = [];
const read: number[] = [];
const diff: number[] = [];
try {
  const viaReader = `${base}/api/recordings/${seg.id}/media`;
  for (let i = 0; i < RUNS + WARM; i++) {
    // Alternate which goes first, so neither always meets a colder cache.
    const [b, r] = i % 2 ? [await once(`${base}/bare`), await once(viaReader)] : (([x, y]) => [y, x])([await once(viaReader), await once(`${base}/bare`)]);
    if (i < WARM) continue;
    bare.push(b);
    read.push(r);
    diff.push(r - b);
  }
  const rows = await db.selectFrom('record_reads').select((eb) => eb.fn.countAll<string>().as('n')).where('record_id', '=', seg.id).executeTakeFirstOrThrow();
  const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms`;
  console.log(`segment ${blob.size} bytes, ${RUNS} paired runs over HTTP, one server and process (after ${WARM} warm-up pairs); ${rows.n} read rows written`);
  console.log(`bare route (blob streamed):        ${f(bare)}`);
  console.log(`through the read path:             ${f(read)}`);
  console.log(`added by the read path (paired):   ${f(diff)}`);
} finally {
  await new Promise((res) => server.close(res));
  await pool.end();
  await platform.stop();
}
