// The read path's added latency (issue 15 item 1; aim ≤ 5 ms p95): the same ~1.5 MB segment
// downloaded over HTTP, warm, alternately from two routes of ONE server in ONE process, so the
// difference is the read path alone: a bare route that streams the blob from the blob store (as
// the routes did before), and the platform's /api/recordings/{id}/media (session, access asked,
// read row written before the first byte, bytes counted, row finished) of the real app
// (createApp, real PostgreSQL). Prints p50/p95 of each and of the paired difference.
// `npx tsx bench/read-path.bench.ts` (BENCH_RUNS, default 300; needs the integration tests'
// template database vigil_template), with `uptime` beside it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { recordBlob } from '../core/blob/blob.repository.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { createTestApi } from '../tests/support/api-client.js';
import { consentedDevice } from '../tests/support/consent-flow.js';
import { createTestDatabase } from '../tests/support/test-db.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARM = 30;
const SIZE = 1_500_000;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const t = await createTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-read-bench-'));
const blobs = createFsBlobStore(path.join(dir, 'blobs'));
const api = await createTestApi(t, { blobs });
const officer = await api.login('officer.wc');
const camera = (await consentedDevice(t.db, officer, await api.login('biz.hosp'))).deviceId;
const cred = await t.db.selectFrom('device_credentials').select('id').where('device_id', '=', camera).where('status', '=', 'active').executeTakeFirstOrThrow();
const consent = await t.db.selectFrom('consent_devices').select('consent_id').where('device_id', '=', camera).executeTakeFirstOrThrow();
const t0 = new Date(Date.now() - 3 * 3600_000);
const session = await t.db.insertInto('publish_sessions').values({ device_id: camera, consent_id: consent.consent_id, credential_id: cred.id, ip: '127.0.0.1', instance: 'bench', started_at: t0, ended_at: new Date(t0.getTime() + 10_000), end_reason: 'publisher_left' }).returning('id').executeTakeFirstOrThrow();
const blob = await blobs.put(randomBytes(SIZE), 'video/x-flv');
await recordBlob(t.db, { ...blob, mediaType: 'video/x-flv' });
const seg = await t.db
  .insertInto('recording_segments')
  .values({ device_id: camera, session_id: session.id, seq: 1, blob_sha256: blob.sha256, size: blob.size, started_at: t0, ended_at: new Date(t0.getTime() + 10_000), stream_start_ms: 0, stream_end_ms: 10_000, clock_offset_ms: 0 })
  .returning('id')
  .executeTakeFirstOrThrow();

// One server: /bare streams the blob as the routes did before the read path (no session, no access, no log); everything else is the app.
const server = serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: async (req) => {
    if (new URL(req.url).pathname === '/bare') return new Response(Readable.toWeb(await blobs.get(blob.sha256)) as ReadableStream, { headers: { 'content-type': 'video/x-flv', 'content-length': String(blob.size) } });
    return api.app.fetch(req);
  },
});
await new Promise<void>((res) => (server.listening ? res() : server.once('listening', () => res())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function once(url: string) {
  const start = performance.now();
  const res = await fetch(url, { headers: { cookie: officer.cookie } });
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
  const rows = await t.db.selectFrom('record_reads').select((eb) => eb.fn.countAll<string>().as('n')).where('record_id', '=', seg.id).executeTakeFirstOrThrow();
  const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms`;
  console.log(`segment ${blob.size} bytes, ${RUNS} paired runs over HTTP, one server and process (after ${WARM} warm-up pairs); ${rows.n} read rows written`);
  console.log(`bare route (blob streamed):        ${f(bare)}`);
  console.log(`through the read path:             ${f(read)}`);
  console.log(`added by the read path (paired):   ${f(diff)}`);
} finally {
  await new Promise((res) => server.close(res));
  await t.destroy();
  rmSync(dir, { recursive: true, force: true });
}
