import { execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagEvidenceWorker } from '../../analyzer/evidence/flag-evidence.worker.js';
import { createFlagStore } from '../../analyzer/flags/flag.store.js';
import type { ClipProvenance } from '../../analyzer/evidence/clip-extractor.js';
import { boxPixels, labelColour, renderSnapshot, ZONE_COLOUR } from '../../analyzer/evidence/snapshot.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { stateDigest } from '../../core/ledger/canonical.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createIngest, type Ingest } from '../../streams/ingest/ingest.service.js';
import { startMediaServer, type MediaServer } from '../../streams/ingest/media-server.js';
import { createTestApi, type Session } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { freePort } from '../support/platform-process.js';
import { waitFor } from '../support/wait.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Real ffmpeg publishing into the real ingest (2 s segments in the blob store, real PostgreSQL),
// then the evidence worker cutting a flag's clip from those original segments.
const run = promisify(execFile);
const log = createLogger('silent');
let t: TestDatabase;
let dir: string;
let blobsDir: string;
let ms: MediaServer;
let ingest: Ingest;
let port: number;
let stopMail: () => Promise<void>;
let device: { deviceId: string; key: string };
let officer: Session;
const sent: { name: string; flagId: string; startAfter?: number }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-evidence-'));
  blobsDir = path.join(dir, 'blobs');
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  stopMail = mail.stop;
  const blobs = createFsBlobStore(blobsDir);
  port = await freePort();
  const api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true });
  officer = await api.login('officer.wc');
  device = await consentedDevice(t.db, officer, await api.login('biz.hosp'));
  ms = await startMediaServer({ port, host: '127.0.0.1', storeDir: path.join(dir, 'nms') });
  ingest = createIngest({ db: t.db, blobs, ms, log, recordingDir: path.join(dir, 'recording'), segmentMs: 2000, instance: 'test' });
});
afterAll(async () => {
  await ingest?.stop();
  await ms?.stop();
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const worker = (over: { giveUpAfterS?: number; firstClipS?: number; extendEveryS?: number; maxClipS?: number } = {}) =>
  flagEvidenceWorker({
    db: t.db,
    blobs: createFsBlobStore(blobsDir),
    blobsDir,
    ffmpegPath: 'ffmpeg',
    queue: { send: async (name: string, p: { flagId: string }, o?: { startAfter: number }) => void sent.push({ name, flagId: p.flagId, ...(o ? { startAfter: o.startAfter } : {}) }) },
    log,
    preRollS: 2,
    postRollS: 2,
    workDir: dir,
    ...over,
  });

/** ffmpeg as a camera: a 25 fps test pattern with a key frame every second. */
function publish(seconds: number) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/${device.deviceId}?key=${device.key}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; err: string }>((r) => child.on('exit', (code) => r({ code, err })));
  return { child, exited };
}

const blobFile = (sha: string) => path.join(blobsDir, sha.slice(0, 2), sha.slice(2, 4), sha);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const segmentsOf = () => t.db.selectFrom('recording_segments').selectAll().where('device_id', '=', device.deviceId).orderBy('started_at').orderBy('seq').execute();

/** A flag on the device (ended unless `endedAt` is null), written directly (the flag writer is not under test here). */
async function insertFlag(startedAt: Date, endedAt: Date | null) {
  const d = await t.admin.selectFrom('devices').innerJoin('businesses', 'businesses.id', 'devices.business_id').select(['devices.site_id', 'devices.business_id', 'businesses.agency_id', 'businesses.category']).where('devices.id', '=', device.deviceId).executeTakeFirstOrThrow();
  const row = await t.admin
    .insertInto('flags')
    .values({ dedupe_key: randomUUID(), device_id: device.deviceId, site_id: d.site_id, business_id: d.business_id, agency_id: d.agency_id, category: d.category, source: 'tamper', type: 'camera_covered', analyzer: 'test', state: endedAt ? 'ended' : 'active', started_at: startedAt, ended_at: endedAt, peak_score: 0.87, detail: JSON.stringify({ reason: { zh: '遮挡', en: 'covered' } }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const flagRow = async (id: string) => (await sql<Record<string, unknown>>`SELECT * FROM flags WHERE id = ${id}`.execute(t.db)).rows[0];

describe('flag evidence from the original segments', () => {
  it('cuts a playable clip of the window, stores it, records its cover and provenance, ledgers it once', async () => {
    const cam = publish(12);
    const r = await cam.exited;
    expect(r.code, r.err).toBe(0);
    await waitFor('session end', () => t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).where('ended_at', 'is not', null).executeTakeFirst());
    await ingest.flush();
    const segs = await segmentsOf();
    expect(segs.length).toBeGreaterThanOrEqual(5);
    const before = segs.map((s) => sha256(readFileSync(blobFile(s.blob_sha256))));
    expect(before).toEqual(segs.map((s) => s.blob_sha256));

    // A flag inside the recording: window = [start − 2 s, end + 2 s], crossing several segments.
    const startedAt = new Date(segs[1].started_at.getTime() + 1300);
    const endedAt = new Date(startedAt.getTime() + 3000);
    const from = new Date(startedAt.getTime() - 2000);
    const to = new Date(endedAt.getTime() + 2000);
    const covering = segs.filter((s) => s.started_at < to && s.ended_at > from);
    expect(covering.length).toBeGreaterThanOrEqual(3);
    const flagId = await insertFlag(startedAt, endedAt);

    const t0 = performance.now();
    await worker()({ flagId });
    const tookMs = performance.now() - t0;
    const flag = await t.db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(flag.evidence_status).toBe('ready');
    const clipSha = flag.clip_sha256!;
    const clip = readFileSync(blobFile(clipSha));
    expect(sha256(clip)).toBe(clipSha);
    expect(await t.db.selectFrom('blobs').select(['media_type', 'size']).where('sha256', '=', clipSha).executeTakeFirstOrThrow()).toEqual({ media_type: 'video/mp4', size: String(clip.length) });
    // It plays, and it is as long as the window, give or take the key frame it starts on (1 s).
    await run('ffmpeg', ['-v', 'error', '-i', blobFile(clipSha), '-f', 'null', '-']);
    const probed = Number((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', blobFile(clipSha)])).stdout) * 1000;
    const windowMs = to.getTime() - from.getTime();
    expect(probed).toBeGreaterThan(windowMs - 100);
    expect(probed).toBeLessThan(windowMs + 1000 + 100);

    const p = flag.clip_provenance as unknown as ClipProvenance;
    expect(p.segments.map((s) => s.sha256)).toEqual(covering.map((s) => s.blob_sha256));
    expect(p.segments.map((s) => s.id)).toEqual(covering.map((s) => s.id));
    expect(p.requested).toEqual({ from: from.toISOString(), to: to.toISOString() });
    expect(Math.abs(p.durationMs - probed)).toBeLessThan(2);
    expect(p.outputSha256).toBe(clipSha);
    expect(p.outputSize).toBe(clip.length);
    expect(p.tool.version).toMatch(/^ffmpeg version /);
    expect(p.tool.args).toEqual(expect.arrayContaining(['concat', '-c', 'copy', '+faststart']));
    // The clip starts on the key frame at or before `from` (key frames every second).
    const offsetIn = from.getTime() - covering[0].started_at.getTime();
    expect(p.offsetMs).toBeLessThanOrEqual(offsetIn);
    expect(p.offsetMs).toBeGreaterThan(offsetIn - 1000 - 50);
    expect(p.gaps).toEqual([]);

    const cover = await t.db.selectFrom('flag_segments').select('segment_id').where('flag_id', '=', flagId).execute();
    expect(cover.map((c) => c.segment_id).sort()).toEqual(covering.map((s) => s.id).sort());
    // The originals are untouched.
    expect(segs.map((s) => sha256(readFileSync(blobFile(s.blob_sha256))))).toEqual(before);

    // One ledger entry whose state is the row exactly as the entity check reads it.
    const entries = await t.db.selectFrom('ledger_entries').selectAll().where('entity_type', '=', 'flag').where('entity_id', '=', flagId).execute();
    expect(entries.map((e) => e.action)).toEqual(['flag.evidence_attached']);
    expect(entries[0]).toMatchObject({ actor_type: 'system', actor_id: 'analyzer' });
    expect(stateDigest(await flagRow(flagId)).equals(entries[0].state_digest)).toBe(true);
    expect(sent).toEqual([{ name: 'flags.raised', flagId }]);

    // The job again: nothing new.
    const blobCount = await t.db.selectFrom('blobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await worker()({ flagId });
    expect((await t.db.selectFrom('flags').select('clip_sha256').where('id', '=', flagId).executeTakeFirstOrThrow()).clip_sha256).toBe(clipSha);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('entity_id', '=', flagId).execute()).toHaveLength(1);
    expect(await t.db.selectFrom('blobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(blobCount);
    expect(sent).toHaveLength(1);
    console.log(`evidence: ${covering.length} segments, ${windowMs} ms window → ${p.durationMs} ms clip, ${clip.length} bytes, worker ${tookMs.toFixed(0)} ms`);
  });

  it('a flag with no recording around it: evidence unavailable, with the reason, ledgered once', async () => {
    const dayAgo = new Date(Date.now() - 86400_000);
    const flagId = await insertFlag(dayAgo, new Date(dayAgo.getTime() + 5000));
    await worker()({ flagId });
    await worker()({ flagId });
    const flag = await t.db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ evidence_status: 'unavailable', clip_sha256: null, clip_provenance: { reason: 'no recording covers the window' } });
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'state_digest']).where('entity_id', '=', flagId).execute();
    expect(entries.map((e) => e.action)).toEqual(['flag.evidence_unavailable']);
    expect(stateDigest(await flagRow(flagId)).equals(entries[0].state_digest)).toBe(true);
    expect(await t.db.selectFrom('flag_segments').select('segment_id').where('flag_id', '=', flagId).execute()).toEqual([]);
  });

  it('a flag whose window is still being recorded waits (asks again later); once the camera stops, the clip is cut', async () => {
    const cam = publish(30);
    const session = await waitFor('live session', () => t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).where('ended_at', 'is', null).executeTakeFirst());
    await waitFor('two segments', async () => (await t.db.selectFrom('recording_segments').select('id').where('session_id', '=', session.id).execute()).length >= 2, 20_000);
    const now = Date.now();
    const flagId = await insertFlag(new Date(now - 3000), new Date(now - 1000));
    sent.length = 0;
    await worker()({ flagId });
    expect(sent).toEqual([{ name: 'flags.evidence', flagId, startAfter: expect.any(Number) }]);
    expect((await t.db.selectFrom('flags').select('evidence_status').where('id', '=', flagId).executeTakeFirstOrThrow()).evidence_status).toBe('pending');
    // What already covers the window is recorded (retention keeps it) even while it waits.
    expect((await t.db.selectFrom('flag_segments').select('segment_id').where('flag_id', '=', flagId).execute()).length).toBeGreaterThanOrEqual(1);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('entity_id', '=', flagId).execute()).toEqual([]);

    // Past the give-up time, a live session no longer holds it back.
    const stale = await insertFlag(new Date(now - 3000), new Date(now - 1000));
    await worker({ giveUpAfterS: 0 })({ flagId: stale });
    expect((await t.db.selectFrom('flags').select('evidence_status').where('id', '=', stale).executeTakeFirstOrThrow()).evidence_status).toBe('ready');

    cam.child.kill('SIGTERM');
    await cam.exited;
    await waitFor('session closed', () => t.db.selectFrom('publish_sessions').select('id').where('id', '=', session.id).where('ended_at', 'is not', null).executeTakeFirst());
    await ingest.flush();
    await worker()({ flagId });
    const flag = await t.db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(flag.evidence_status).toBe('ready');
    await run('ffmpeg', ['-v', 'error', '-i', blobFile(flag.clip_sha256!), '-f', 'null', '-']);
  });
});

describe('evidence for an event that goes on', () => {
  const clipsOf = (flagId: string) => t.db.selectFrom('flag_clips').selectAll().where('flag_id', '=', flagId).orderBy('version').execute();
  const probeMs = async (sha: string) => Number((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', blobFile(sha)])).stdout) * 1000;

  it('the flag writer asks for evidence when a flag opens, and keeps the evidence start the event gave through its close', async () => {
    const jobs: { name: string; flagId: string; startAfter?: number }[] = [];
    const store = createFlagStore({ db: t.db, blobs: createFsBlobStore(blobsDir), queue: { sendInTransaction: async (_trx, name, p, o) => (jobs.push({ name, flagId: (p as { flagId: string }).flagId, startAfter: o?.startAfter as number | undefined }), null) }, analyzer: 'test' });
    const place = (await store.place(device.deviceId))!;
    const startedAt = new Date(Date.now() - 60_000);
    const evidenceFrom = new Date(startedAt.getTime() - 20_000);
    const { id } = await store.open({ place, source: 'tamper', type: 'view_moved', rule: null, model: null, startedAt, evidenceFrom, peakScore: 0.9, peakAt: startedAt, detail: { reason: { zh: '画面移动', en: 'moved' } }, snapshotJpeg: null });
    expect(jobs.filter((j) => j.flagId === id).map((j) => j.name)).toEqual(['flags.raised', 'flags.evidence']);
    expect((await t.db.selectFrom('flags').select('detail').where('id', '=', id).executeTakeFirstOrThrow()).detail).toMatchObject({ evidenceFrom: evidenceFrom.toISOString() });
    await store.close(id, { endedAt: new Date(), peakScore: 0.95, peakAt: startedAt, detail: { reason: { zh: '画面移动', en: 'moved' }, durationS: 60 } });
    expect((await t.db.selectFrom('flags').select('detail').where('id', '=', id).executeTakeFirstOrThrow()).detail).toEqual({ reason: { zh: '画面移动', en: 'moved' }, durationS: 60, evidenceFrom: evidenceFrom.toISOString() });
  });

  it('an open event gets a playable clip covering its start at once, longer versions while it goes on, and a last one at the maximum length', async () => {
    const cam = publish(60);
    const session = await waitFor('live session', () => t.db.selectFrom('publish_sessions').select('id').where('device_id', '=', device.deviceId).where('ended_at', 'is', null).executeTakeFirst());
    await waitFor('two segments', async () => (await t.db.selectFrom('recording_segments').select('id').where('session_id', '=', session.id).execute()).length >= 2, 20_000);
    // The event began a moment ago and does not end; it says its evidence starts 3 s before it
    // (as a tamper flag does for the tampering that led to it).
    const startedAt = new Date(Date.now() - 500);
    const evidenceFrom = new Date(startedAt.getTime() - 3000);
    const flagId = await insertFlag(startedAt, null);
    await t.admin.updateTable('flags').set({ detail: JSON.stringify({ reason: { zh: '遮挡', en: 'covered' }, evidenceFrom: evidenceFrom.toISOString() }) }).where('id', '=', flagId).execute();
    const w = worker({ firstClipS: 3, extendEveryS: 3, maxClipS: 10 });
    sent.length = 0;

    // First clip: the window's start to 3 s after the event's start, while the flag is open.
    const [v1] = await waitFor('a first clip while the event goes on', async () => {
      await w({ flagId });
      const c = await clipsOf(flagId);
      return c.length ? c : null;
    }, 30_000);
    const open = await t.db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(open).toMatchObject({ state: 'active', evidence_status: 'ready', clip_sha256: v1.blob_sha256 });
    expect(v1).toMatchObject({ version: 1, coverage: 'event_ongoing', final: false });
    expect(v1.requested_from).toEqual(evidenceFrom);
    expect(v1.requested_to.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() + 3000);
    // It covers the event's start: from a key frame at or before the window's start.
    expect(v1.covers_from.getTime()).toBeLessThanOrEqual(evidenceFrom.getTime());
    expect(v1.covers_to.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() + 3000 - 100);
    await run('ffmpeg', ['-v', 'error', '-i', blobFile(v1.blob_sha256), '-f', 'null', '-']);
    const p1 = await probeMs(v1.blob_sha256);
    expect(Math.abs(p1 - v1.duration_ms)).toBeLessThan(2);
    expect(p1).toBeGreaterThan(v1.requested_to.getTime() - v1.requested_from.getTime() - 100);
    expect(sha256(readFileSync(blobFile(v1.blob_sha256)))).toBe(v1.blob_sha256);
    // The officer is told, and the next version is asked for.
    expect(sent).toEqual(expect.arrayContaining([{ name: 'flags.raised', flagId }, { name: 'flags.evidence', flagId, startAfter: 3 }]));

    // The event goes on: longer versions, until the clip is closed at 10 s.
    const all = await waitFor('the clip closed at its maximum length', async () => {
      await w({ flagId });
      const c = await clipsOf(flagId);
      return c.at(-1)?.final ? c : null;
    }, 40_000);
    const last = all.at(-1)!;
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.map((c) => c.version)).toEqual(all.map((_, i) => i + 1));
    expect(last).toMatchObject({ coverage: 'max_length', final: true });
    expect(last.requested_from).toEqual(evidenceFrom);
    expect(last.requested_to.getTime() - evidenceFrom.getTime()).toBe(10_000);
    const pLast = await probeMs(last.blob_sha256);
    expect(pLast).toBeGreaterThan(10_000 - 100);
    expect(pLast).toBeLessThan(10_000 + 1000 + 100);
    // Each version is its own clip: its own hash, its file untouched, its own ledger entry.
    expect(new Set(all.map((c) => c.blob_sha256)).size).toBe(all.length);
    for (const c of all) expect(sha256(readFileSync(blobFile(c.blob_sha256)))).toBe(c.blob_sha256);
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'state_digest']).where('entity_type', '=', 'flag').where('entity_id', '=', flagId).orderBy('recorded_at').orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['flag.evidence_attached', ...all.slice(1).map(() => 'flag.evidence_extended')]);
    expect(stateDigest(await flagRow(flagId)).equals(entries.at(-1)!.state_digest)).toBe(true);
    const flag = await t.db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ state: 'active', clip_sha256: last.blob_sha256, clip_provenance: { version: last.version, coverage: 'max_length', final: true } });
    // Write-once: no version can be changed or removed.
    await expect(t.admin.updateTable('flag_clips').set({ duration_ms: 1 }).where('flag_id', '=', flagId).execute()).rejects.toThrow(/never changed/);
    await expect(t.admin.deleteFrom('flag_clips').where('flag_id', '=', flagId).execute()).rejects.toThrow();

    // The API says what each version covers, and serves each as it was cut.
    const res = await officer.get(`/api/flags/${flagId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { state: string; clip: { sha256: string }; clips: { version: number; sha256: string; from: string; to: string; durationMs: number; coverage: string; final: boolean; url: string }[] };
    expect(body.state).toBe('active');
    expect(body.clip.sha256).toBe(last.blob_sha256);
    expect(body.clips.map((c) => [c.version, c.sha256, c.coverage, c.final])).toEqual(all.map((c) => [c.version, c.blob_sha256, c.coverage, c.final]));
    expect(body.clips.at(-1)).toMatchObject({ from: last.covers_from.toISOString(), to: last.covers_to.toISOString(), durationMs: last.duration_ms });
    const first = await officer.get(body.clips[0].url);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-content-sha256')).toBe(v1.blob_sha256);
    expect(sha256(Buffer.from(await first.arrayBuffer()))).toBe(v1.blob_sha256);
    expect((await officer.get(`/api/flags/${flagId}/clip.mp4`)).headers.get('x-content-sha256')).toBe(last.blob_sha256);
    expect((await officer.get(`/api/flags/${flagId}/clip.mp4?version=99`)).status).toBe(404);
    expect((await officer.get(`/api/flags/${flagId}/clip.mp4?version=x`)).status).toBe(400);

    // Closed is closed: more recording, or the event's end, adds nothing.
    await t.admin.updateTable('flags').set({ state: 'ended', ended_at: new Date() }).where('id', '=', flagId).execute();
    await w({ flagId });
    expect(await clipsOf(flagId)).toHaveLength(all.length);
    cam.child.kill('SIGTERM');
    await cam.exited;
    console.log(`ongoing evidence: v1 ${p1.toFixed(0)} ms (cut ${v1.created_at.getTime() - startedAt.getTime()} ms after the event's start), ${all.length} versions, last ${pLast.toFixed(0)} ms`);
  });
});

describe('renderSnapshot', () => {
  const W = 160;
  const H = 120;
  /** A smooth gradient (JPEG keeps it well), RGB24, in a Buffer (whose slice() would share memory). */
  const frame = () => {
    const rgb = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) rgb.set([60 + x / 2, 60 + y / 2, 110], (y * W + x) * 3);
    return { width: W, height: H, rgb };
  };
  const decode = async (jpeg: Buffer) => {
    const child = spawn('ffmpeg', ['-v', 'error', '-f', 'mjpeg', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    const code = new Promise<number | null>((r) => child.on('close', r));
    child.stdin.end(jpeg);
    expect(await code).toBe(0);
    return Buffer.concat(out);
  };
  const near = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number) => [0, 1, 2].every((i) => Math.abs(got[i] - want[i]) <= tol);

  it('draws boxes and the zone on a copy and encodes a JPEG of the same size; the frame is untouched', async () => {
    const f = frame();
    const original = Buffer.from(f.rgb);
    const box = { label: 'person', score: 0.9, box: [0.25, 0.25, 0.75, 0.75] as [number, number, number, number] };
    const zone: [number, number][] = [[0.05, 0.05], [0.95, 0.05], [0.95, 0.95], [0.05, 0.95]];
    const jpeg = await renderSnapshot(f, { boxes: [box], zone });
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect([jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd9]);
    expect(Buffer.from(f.rgb).equals(original)).toBe(true);
    const px = await decode(jpeg);
    expect(px.length).toBe(W * H * 3);
    const at = (x: number, y: number) => px.subarray((y * W + x) * 3, (y * W + x) * 3 + 3);
    const [x1, , , y2] = boxPixels(box.box, W, H);
    const colour = labelColour('person');
    // The middle of the left edge (3 px wide) and the bottom edge carry the label's colour.
    expect(near(at(x1 + 1, 60), colour, 48), `${[...at(x1 + 1, 60)]} vs ${colour}`).toBe(true);
    expect(near(at(80, y2 - 1), colour, 48), `${[...at(80, y2 - 1)]} vs ${colour}`).toBe(true);
    // The zone's top edge is drawn in its colour.
    expect(near(at(80, Math.round(0.05 * (H - 1))), ZONE_COLOUR, 48)).toBe(true);
    // The centre of the box is the picture, not paint.
    const centre = (60 * W + 80) * 3;
    expect(near(at(80, 60), original.subarray(centre, centre + 3), 10), `${[...at(80, 60)]}`).toBe(true);
    expect(near(at(80, 60), colour, 48)).toBe(false);
  });

  it('refuses a frame whose buffer does not match its size', async () => {
    await expect(renderSnapshot({ width: 10, height: 10, rgb: new Uint8Array(10) }, { boxes: [] })).rejects.toThrow(/RGB24/);
  });
});

// The blob files the worker reads in place exist where the fs store puts them.
it('blob path layout matches the store', async () => {
  const store = createFsBlobStore(blobsDir);
  const b = await store.put(Buffer.from('layout check'), 'text/plain');
  expect(existsSync(blobFile(b.sha256))).toBe(true);
});
