import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { freePort } from '../support/platform-process.js';
import { waitFor } from '../support/wait.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The streams process as deployed (`tsx streams/main.ts`), killed with SIGKILL mid-recording
// and started again: what was recorded stays intact, the torn segment is kept as a marked
// partial, the interruption is a recorded gap, and recording resumes when the camera returns.
let t: TestDatabase;
let dir: string;
let rtmpPort: number;
let device: { deviceId: string; key: string };
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-restart-'));
  const log = createLogger('silent');
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  const api = await createTestApi(t, { blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true });
  device = await consentedDevice(t.db, await api.login('officer.wc'), await api.login('biz.hosp'));
  await mail.stop();
  rtmpPort = await freePort();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function startStreams(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'streams/main.ts'], {
    env: { ...process.env, DATABASE_URL: t.appUrl, DATABASE_ADMIN_URL: t.adminUrl, DATA_DIR: dir, RTMP_PORT: String(rtmpPort), SEGMENT_SECONDS: '2', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('RTMP ingest listening')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`streams exited ${code}: ${out}`)));
  });
}

function camera(seconds: number): ChildProcess {
  const c = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${device.deviceId}?key=${device.key}`], { stdio: 'ignore' });
  children.push(c);
  return c;
}

const segs = () => t.db.selectFrom('recording_segments').selectAll().where('device_id', '=', device.deviceId).orderBy('created_at').execute();
const blobBytes = (sha: string) => readFileSync(path.join(dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha));

describe('streams process killed mid-recording', () => {
  it('keeps earlier segments, stores the torn one as partial, records the gap, and resumes', async () => {
    let streams = await startStreams();
    const cam = camera(60);
    await waitFor('two stored segments', async () => (await segs()).length >= 2);
    streams.kill('SIGKILL');
    await new Promise((r) => streams.once('exit', r));
    const before = await segs();
    cam.kill('SIGKILL');

    const t0 = Date.now();
    streams = await startStreams();
    const partial = await waitFor('partial segment', async () => (await segs()).find((s) => s.partial));
    const session = await t.db.selectFrom('publish_sessions').selectAll().where('device_id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(session.end_reason).toBe('streams_restart');
    const gap = await t.db.selectFrom('recording_gaps').selectAll().where('device_id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(gap.reason).toBe('streams_restart');
    expect(gap.ended_at).toBeNull();

    // The partial keeps the real time of its pictures: it starts where the segment before it
    // ended (not at the session's start, the codec configuration's timestamp 0), and overlaps
    // no other segment of the session.
    const ofSession = (await segs()).filter((s) => s.session_id === partial.session_id).sort((a, b) => a.seq - b.seq);
    const earlier = ofSession.filter((s) => s.seq < partial.seq);
    expect(earlier.length).toBeGreaterThanOrEqual(2);
    expect(Number(partial.stream_start_ms)).toBe(Number(earlier.at(-1)!.stream_end_ms));
    const endOf = (s: { ended_at: Date | string }) => new Date(s.ended_at).getTime();
    const startOf = (s: { started_at: Date | string }) => new Date(s.started_at).getTime();
    expect(startOf(partial)).toBeGreaterThanOrEqual(Math.max(...earlier.map(endOf)));
    expect(endOf(partial)).toBeGreaterThanOrEqual(startOf(partial));
    for (const a of ofSession) for (const b of ofSession) if (a.id !== b.id) expect(startOf(a) >= endOf(b) || startOf(b) >= endOf(a), `segments ${a.seq} and ${b.seq} overlap`).toBe(true);

    // Everything recorded before the kill is intact.
    for (const s of [...before, partial]) expect(createHash('sha256').update(blobBytes(s.blob_sha256)).digest('hex')).toBe(s.blob_sha256);
    expect(blobBytes(partial.blob_sha256).subarray(0, 3).toString()).toBe('FLV');

    // The camera comes back: a new session records, and the gap gets its end.
    const cam2 = camera(4);
    await waitFor('resumed recording', async () => (await t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).execute()).length === 2);
    const reconnectMs = Date.now() - t0;
    const closed = await waitFor('gap closed', () => t.db.selectFrom('recording_gaps').selectAll().where('id', '=', gap.id).where('ended_at', 'is not', null).executeTakeFirst());
    expect(new Date(closed.ended_at!).getTime()).toBeGreaterThanOrEqual(new Date(closed.started_at).getTime());
    expect(reconnectMs).toBeLessThan(30_000);
    await new Promise((r) => cam2.once('exit', r));
    streams.kill('SIGTERM');
    await new Promise((r) => streams.once('exit', r));
  });
});
