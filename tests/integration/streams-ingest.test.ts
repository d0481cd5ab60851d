import { spawn } from 'node:child_process';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCameras } from '../../api/demo/demo-cameras.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { mayPublish } from '../../core/consent/publish-authority.js';
import { publishTicket } from '../../core/consent/publish-ticket.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createIngest, type Ingest } from '../../streams/ingest/ingest.service.js';
import { NmsContext, startMediaServer, type MediaServer } from '../../streams/ingest/media-server.js';
import { refusePlays } from '../../streams/ingest/play-refusal.js';
import { listenPublishGate } from '../../streams/ingest/publish-gate-listener.js';
import { startLiveHttp } from '../../streams/live/live-http.js';
import { createHealthTracker } from '../../streams/health/health-tracker.js';
import { checkOfflineAlerts } from '../../streams/health/offline-alerts.js';
import { fileTags, FLV_VIDEO, isKeyFrame, tagTimestamp, tagType } from '../../streams/recording/flv-tags.js';
import { createTestApi, type Session } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { freePort } from '../support/platform-process.js';
import { waitFor } from '../support/wait.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Real ffmpeg publishing over RTMP into the real node-media-server, the consent authority
// deciding, segments cut in process and stored in the blob store against a real PostgreSQL.
let t: TestDatabase;
let dir: string;
let ms: MediaServer;
let ingest: Ingest;
let port: number;
let gate: ReturnType<typeof listenPublishGate>;
let live: Awaited<ReturnType<typeof startLiveHttp>>;
let livePort: number;
let otherOfficer: Session;
let health: ReturnType<typeof createHealthTracker>;
const TOKEN = 'streams-internal-token-for-tests-0123456789';
let stopMail: () => Promise<void>;
let officer: Session;
let device: { deviceId: string; key: string; consent: { id: string; version: number } };
const log = createLogger('silent');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-streams-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  stopMail = mail.stop;
  const blobs = createFsBlobStore(path.join(dir, 'blobs'));
  port = await freePort();
  livePort = await freePort();
  const api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true, streamsInternalUrl: `http://127.0.0.1:${livePort}`, internalToken: TOKEN });
  officer = await api.login('officer.wc');
  otherOfficer = await api.login('officer.jd');
  device = await consentedDevice(t.db, officer, await api.login('biz.hosp'));
  ms = await startMediaServer({ port, host: '127.0.0.1', storeDir: path.join(dir, 'nms') });
  health = createHealthTracker({ db: t.db, log, everyMs: 500 });
  ingest = createIngest({ db: t.db, blobs, ms, log, recordingDir: path.join(dir, 'recording'), segmentMs: 2000, instance: 'test', health });
  refusePlays({ db: t.db, ms, log });
  gate = listenPublishGate(t.appUrl, log, (n) => void ingest.recheck(n.deviceIds));
  await gate.ready;
  live = await startLiveHttp({ ms, port: livePort, host: '127.0.0.1', token: TOKEN, log });
});
afterAll(async () => {
  health?.stop();
  await live?.stop();
  await gate?.stop();
  await ingest?.stop();
  await ms?.stop();
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** ffmpeg as a camera: a 25 fps test pattern with a key frame every second. */
function publish(deviceId: string, key: string, seconds: number) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${deviceId}?key=${key}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; err: string }>((r) => child.on('exit', (code) => r({ code, err })));
  return { child, exited };
}


/** Every process below `root` (children, grandchildren…), from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

const segments = (deviceId: string) => t.db.selectFrom('recording_segments').selectAll().where('device_id', '=', deviceId).orderBy('started_at').orderBy('seq').execute();

describe('consent-gated ingest and segment recording', () => {
  it('a consented device publishes: segments are stored with matching hashes and tile the stream with no gap', async () => {
    const cam = publish(device.deviceId, device.key, 7);
    const r = await cam.exited;
    expect(r.code, r.err).toBe(0);
    const session = await waitFor('session end', () => t.db.selectFrom('publish_sessions').selectAll().where('device_id', '=', device.deviceId).where('ended_at', 'is not', null).executeTakeFirst());
    expect(session.end_reason).toBe('publisher_left');
    // Every closed segment stored, the last one included; no working file left.
    await ingest.flush();
    const segs = await segments(device.deviceId);
    expect(segs.length).toBeGreaterThanOrEqual(3);
    expect(readdirSync(path.join(dir, 'recording', device.deviceId))).toEqual([]);
    // Recordings are the platform user's only: segment blobs 0400, their folders 0700.
    for (const folder of [path.join(dir, 'recording'), path.join(dir, 'recording', device.deviceId)]) expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const [i, s] of segs.entries()) {
      const bytes = readFileSync(path.join(dir, 'blobs', s.blob_sha256.slice(0, 2), s.blob_sha256.slice(2, 4), s.blob_sha256));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(s.blob_sha256);
      expect(bytes.subarray(0, 3).toString()).toBe('FLV');
      const blobFile = path.join(dir, 'blobs', s.blob_sha256.slice(0, 2), s.blob_sha256.slice(2, 4), s.blob_sha256);
      expect([statSync(blobFile).mode & 0o777, statSync(path.dirname(blobFile)).mode & 0o777, statSync(path.join(dir, 'blobs')).mode & 0o777]).toEqual([0o400, 0o700, 0o700]);
      const stamps = [...fileTags(bytes)].filter((x) => x.tag[0] === 9).map((x) => tagTimestamp(x.tag));
      expect(Math.min(...stamps.filter((v) => v > 0))).toBeGreaterThanOrEqual(Number(s.stream_start_ms) === 0 ? 0 : Number(s.stream_start_ms));
      if (i > 0) expect(Number(s.stream_start_ms)).toBe(Number(segs[i - 1].stream_end_ms)); // no gap between segments
      expect(s.partial).toBe(false);
    }
    const ledgered = await t.db.selectFrom('ledger_entries').select('action').where('entity_type', '=', 'recording_segment').execute();
    expect(ledgered.length).toBe(segs.length);
    const gap = await t.db.selectFrom('recording_gaps').selectAll().where('device_id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(gap.reason).toBe('publisher_left');
  });

  it('a wrong key, an unknown device or a bad path is refused, logged, and nothing is recorded', async () => {
    const before = (await segments(device.deviceId)).length;
    const wrong = await publish(device.deviceId, `${device.key.slice(0, -2)}xx`, 3).exited;
    expect(wrong.code).not.toBe(0);
    const guess = await publish('00000000-0000-4000-8000-000000000000', 'vk_guess', 3).exited;
    expect(guess.code).not.toBe(0);
    // The connection is dropped first, the refusal written a moment later.
    const refusals = await waitFor('refusals', async () => {
      const rows = await t.db.selectFrom('publish_refusals').select(['reason', 'device_id']).orderBy('id').execute();
      return rows.length >= 2 && rows;
    });
    expect(refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['unknown_key', 'malformed_key']));
    expect((await segments(device.deviceId)).length).toBe(before);
    expect(ingest.liveCount()).toBe(0);
  });

  it('live view: an officer in scope watches (FLV through the API), the view is logged; another district is refused and logged', async () => {
    const cam = publish(device.deviceId, device.key, 30);
    await waitFor('live publish', async () => ingest.liveCount() === 1);
    const res = await officer.get(`/api/devices/${device.deviceId}/live.flv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/x-flv');
    const reader = res.body!.getReader();
    let got = Buffer.alloc(0);
    while (got.length < 20_000) got = Buffer.concat([got, Buffer.from((await reader.read()).value!)]);
    await reader.cancel();
    expect(got.subarray(0, 3).toString()).toBe('FLV');
    const view = await waitFor('view closed', () => t.db.selectFrom('media_views').selectAll().where('user_id', '=', officer.user.id).where('kind', '=', 'live').where('ended_at', 'is not', null).executeTakeFirst());
    expect(Number(view.bytes)).toBeGreaterThanOrEqual(20_000);
    expect(await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', view.id).executeTakeFirst()).toMatchObject({ action: 'media.live_view_started' });
    const denied = await otherOfficer.get(`/api/devices/${device.deviceId}/live.flv`);
    expect(denied.status).toBe(403);
    expect(await t.db.selectFrom('ledger_entries').select('action').where('action', '=', 'access.denied').where('actor_id', '=', otherOfficer.user.id).executeTakeFirst()).toBeTruthy();
    expect(await t.db.selectFrom('media_views').select('id').where('user_id', '=', otherOfficer.user.id).executeTakeFirst()).toBeUndefined();
    // Device health while live: online, a bitrate, the frame rate and size of the test pattern.
    const h = await waitFor('health sample', () => t.db.selectFrom('device_health').selectAll().where('device_id', '=', device.deviceId).where('bitrate_kbps', '>', 0).executeTakeFirst());
    expect(h).toMatchObject({ online: true, width: 320, height: 240 });
    expect(h.fps).toBeGreaterThan(15);
    cam.child.kill('SIGTERM');
    await cam.exited;
    await waitFor('offline', () => t.db.selectFrom('device_health').select('online').where('device_id', '=', device.deviceId).where('online', '=', false).executeTakeFirst());
    const api = (await (await officer.get(`/api/devices/${device.deviceId}/health`)).json()) as { state: string; online: boolean; days: { uptimePercent: number; blindMinutes: number; recordedSeconds: number }[] };
    expect(api.online).toBe(false);
    expect(api.state).toBe('offline'); // core/devices/device-state.ts: it streamed, then stopped
    expect(api.days).toHaveLength(7);
    // Today holds what the tests recorded (7 s and more); six days ago nothing.
    expect(api.days.at(-1)!.recordedSeconds, JSON.stringify(api.days)).toBeGreaterThanOrEqual(6);
    // Six days ago the device was neither installed nor consented: no blind time (it was 1,440 minutes).
    expect(api.days[0]).toMatchObject({ recordedSeconds: 0, uptimePercent: null, blindMinutes: 0 });
    expect((await otherOfficer.get(`/api/devices/${device.deviceId}/health`)).status).toBe(403);
  });

  it('nobody plays a camera from the media server: an RTMP play of a live camera gets no frame, is refused and recorded, while recording and the API live view go on', async () => {
    const cam = publish(device.deviceId, device.key, 40);
    try {
      await waitFor('live publish', async () => ingest.liveCount() === 1);
      const session = await t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).where('ended_at', 'is', null).executeTakeFirstOrThrow();
      await waitFor('a segment of this session', () => t.db.selectFrom('recording_segments').select('id').where('session_id', '=', session.id).executeTakeFirst());
      // ffmpeg as an outsider who knows the device id: it must not decode a single frame.
      const player = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rw_timeout', '5000000', '-i', `rtmp://127.0.0.1:${port}/live/${device.deviceId}`, '-t', '3', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let frameBytes = 0;
      player.stdout.on('data', (d: Buffer) => (frameBytes += d.length));
      const killer = setTimeout(() => player.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((r) => player.on('exit', r));
      clearTimeout(killer);
      expect(frameBytes).toBe(0);
      expect(code).not.toBe(0);
      const refusal = await waitFor('play refusal recorded', () => t.db.selectFrom('publish_refusals').selectAll().where('kind', '=', 'play').executeTakeFirst());
      expect(refusal).toMatchObject({ device_id: device.deviceId, ip: '127.0.0.1', stream_path: `/live/${device.deviceId}` });
      // node-media-server serves no HTTP of its own (no HTTP-FLV, WebSocket-FLV or admin API).
      const nmsConfig = (NmsContext as unknown as { config: Record<string, unknown> }).config;
      expect([nmsConfig.http, nmsConfig.https]).toEqual([undefined, undefined]);
      // The camera was not disturbed: still the same live session, still recording.
      const before = (await t.db.selectFrom('recording_segments').select('id').where('session_id', '=', session.id).execute()).length;
      await waitFor('recording goes on', async () => (await t.db.selectFrom('recording_segments').select('id').where('session_id', '=', session.id).execute()).length > before);
      expect(ingest.liveCount()).toBe(1);
      // And the API's live view (scope check + media_views) still plays it.
      const res = await officer.get(`/api/devices/${device.deviceId}/live.flv`);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let got = 0;
      while (got < 20_000) got += (await reader.read()).value!.length;
      await reader.cancel();
    } finally {
      cam.child.kill('SIGKILL');
      await waitFor('publish ended', async () => ingest.liveCount() === 0, 15_000);
    }
  }, 60_000);

  it("the platform's simulated cameras publish with a short-lived ticket: the stream key is on no process's command line", async () => {
    const secret = device.key.slice('vk_'.length + 11);
    const sessions = async () => (await t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).execute()).length;
    // The demo cameras of `npm start -- --demo` (their keys kept in DATA_DIR/demo-cameras.json).
    const demoDir = path.join(dir, 'demo');
    mkdirSync(demoDir);
    writeFileSync(path.join(demoDir, 'demo-cameras.json'), JSON.stringify([{ deviceId: device.deviceId, key: device.key }]));
    const before = await sessions();
    const demo = await startDemoCameras({ config: loadConfig({ DATA_DIR: demoDir, RTMP_PORT: String(port) }, []), db: t.db, baseUrl: 'http://127.0.0.1:1', log });
    try {
      await waitFor('demo camera live', async () => ingest.liveCount() === 1);
      expect(await sessions()).toBe(before + 1);
      const procs = descendants(process.pid).map(cmdline);
      expect(procs.filter((c) => c.includes(`/live/${device.deviceId}?key=vt_`))).toHaveLength(1);
      for (const c of procs) expect(c).not.toContain(secret);
      // Once the ticket's short life is over, the publish it started still passes the 30 s
      // re-checks (its key still counts), while a new publish with it is refused.
      const old = publishTicket(device.key, device.deviceId, 60, Date.now() - 120_000);
      expect(await mayPublish(t.db, { key: old, deviceId: device.deviceId, running: true })).toMatchObject({ allowed: true });
      expect(await mayPublish(t.db, { key: old, deviceId: device.deviceId })).toMatchObject({ allowed: false, reason: 'ticket_expired' });
      await ingest.recheck([device.deviceId]);
      expect(ingest.liveCount()).toBe(1);
    } finally {
      await demo.stop();
      await waitFor('demo publish ended', async () => ingest.liveCount() === 0, 15_000);
    }
    // `npm run camera`: the key comes on stdin, and neither it nor its ffmpeg shows it.
    const cli = spawn(process.execPath, ['--import', 'tsx', 'streams/camera.cli.ts', '--device', device.deviceId, '--url', `rtmp://127.0.0.1:${port}`, '--seconds', '30'], { stdio: ['pipe', 'ignore', 'pipe'] });
    cli.stdin.end(`${device.key}\n`);
    try {
      await waitFor('camera cli live', async () => ingest.liveCount() === 1);
      const procs = [cli.pid!, ...descendants(cli.pid!)].map(cmdline);
      expect(procs.some((c) => c.includes('?key=vt_'))).toBe(true);
      for (const c of procs) expect(c).not.toContain(secret);
    } finally {
      cli.kill('SIGTERM');
      await waitFor('camera cli publish ended', async () => ingest.liveCount() === 0, 15_000);
    }
    // A ticket past its life is refused, and recorded as such.
    const stale = await publish(device.deviceId, publishTicket(device.key, device.deviceId, 60, Date.now() - 120_000), 3).exited;
    expect(stale.code).not.toBe(0);
    const refused = await waitFor('stale ticket refusal', () => t.db.selectFrom('publish_refusals').select(['reason', 'device_id']).where('reason', '=', 'ticket_expired').executeTakeFirst());
    expect(refused.device_id).toBe(device.deviceId);
  }, 90_000);

  it('a live viewer that stops reading is not fed a growing backlog: it skips to a later key frame', async () => {
    // A busy camera (≈14 Mbit/s of sensor noise) and a viewer that stops reading for 20 s.
    const cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=15', '-vf', 'noise=alls=30:allf=t', '-t', '45', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '15', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${device.deviceId}?key=${device.key}`], { stdio: 'ignore' });
    try {
      await waitFor('live publish', async () => ingest.liveCount() === 1);
      const chunks: Buffer[] = [];
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port: livePort, path: `/live/${device.deviceId}.flv`, headers: { authorization: `Bearer ${TOKEN}` } }, resolve).on('error', reject));
      expect(res.statusCode).toBe(200);
      res.on('data', (d: Buffer) => chunks.push(d));
      await new Promise((r) => setTimeout(r, 3000));
      res.pause();
      await new Promise((r) => setTimeout(r, 20_000));
      res.resume();
      await new Promise((r) => setTimeout(r, 4000));
      res.destroy();
      const body = Buffer.concat(chunks);
      const video = [...fileTags(body)].map((x) => x.tag).filter((tag) => tagType(tag) === FLV_VIDEO && tag[12] === 1);
      // Somewhere the pictures jump ahead by seconds, and they resume on a key frame (decodable).
      const jumps = video.flatMap((tag, i) => (i > 0 && tagTimestamp(tag) - tagTimestamp(video[i - 1]) > 3000 ? [i] : []));
      expect(jumps.length, `${video.length} video tags`).toBeGreaterThanOrEqual(1);
      for (const i of jumps) expect(isKeyFrame(video[i])).toBe(true);
      // And the viewer ends near live, not 20 s behind: its last picture is from the last seconds.
      const span = tagTimestamp(video.at(-1)!) - tagTimestamp(video[0]);
      expect(span).toBeGreaterThan(22_000);
    } finally {
      cam.kill('SIGKILL');
      await waitFor('publish ended', async () => ingest.liveCount() === 0, 15_000);
    }
  }, 60_000);

  it('playback: the timeline shows segments and gaps; a segment plays back byte for byte and the view is logged', async () => {
    const tl = await (await officer.get(`/api/devices/${device.deviceId}/recordings`)).json() as { spans: { startedAt: string; segments: number }[]; gaps: { reason: string }[] };
    expect(tl.spans.reduce((n, s) => n + s.segments, 0)).toBeGreaterThanOrEqual(3);
    expect(tl.gaps.map((g) => g.reason)).toContain('publisher_left');
    // The original segments are named by the playback of their stretch.
    const { segments } = (await (await officer.post(`/api/devices/${device.deviceId}/playback`, { from: tl.spans[0].startedAt })).json()) as { segments: { id: string; sha256: string }[] };
    const res = await officer.get(`/api/recordings/${segments[0].id}/media`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(segments[0].sha256);
    await waitFor('playback logged', () => t.db.selectFrom('media_views').select('id').where('segment_id', '=', segments[0].id).where('ended_at', 'is not', null).executeTakeFirst());
    expect((await otherOfficer.get(`/api/recordings/${segments[0].id}/media`)).status).toBe(403);
  });

  it('a consented device offline past the threshold raises one alert, scoped; it clears when the device is back', async () => {
    const r = await checkOfflineAlerts(t.db, 0);
    expect(r.raised).toContain(device.deviceId);
    expect((await checkOfflineAlerts(t.db, 0)).raised).toEqual([]); // one open alert, not a new one a minute
    const mine = (await (await officer.get('/api/alerts')).json()) as { items: { deviceId: string }[] };
    expect(mine.items.map((i) => i.deviceId)).toContain(device.deviceId);
    const theirs = (await (await otherOfficer.get('/api/alerts')).json()) as { items: { deviceId: string }[] };
    expect(theirs.items.map((i) => i.deviceId)).not.toContain(device.deviceId);
    expect(((await (await officer.get(`/api/devices/${device.deviceId}/health`)).json()) as { alert: boolean }).alert).toBe(true);
    const cam = publish(device.deviceId, device.key, 30);
    await waitFor('online', () => t.db.selectFrom('device_health').select('online').where('device_id', '=', device.deviceId).where('online', '=', true).executeTakeFirst());
    expect((await checkOfflineAlerts(t.db, 0)).cleared).toContain(device.deviceId);
    expect(await t.db.selectFrom('ledger_entries').select('action').where('action', '=', 'device.offline_alert_cleared').executeTakeFirst()).toBeTruthy();
    cam.child.kill('SIGTERM');
    await cam.exited;
    await waitFor('session closed', async () => ingest.liveCount() === 0);
  });

  it('revoking the consent ends a live publish within 5 s and records why', async () => {
    const cam = publish(device.deviceId, device.key, 60);
    await waitFor('live publish', async () => ingest.liveCount() === 1);
    const c = await t.db.selectFrom('consents').select(['version']).where('id', '=', device.consent.id).executeTakeFirstOrThrow();
    const t0 = Date.now();
    const res = await officer.post(`/api/consents/${device.consent.id}/revoke`, { reason: '测试撤销', version: c.version });
    expect(res.status).toBe(200);
    // The API's NOTIFY reaches the listener, which asks the authority again and drops the stream.
    const r = await cam.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).not.toBe(0);
    const last = await t.db.selectFrom('publish_sessions').selectAll().where('device_id', '=', device.deviceId).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    expect(last.end_reason).toBe('consent_revoked');
    const again = await publish(device.deviceId, device.key, 3).exited;
    expect(again.code).not.toBe(0);
    const refused = await t.db.selectFrom('publish_refusals').select('reason').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(refused.reason).toBe('consent_revoked');
  });
});
