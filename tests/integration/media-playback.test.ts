import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Playback of a time range as one stream, and blind time, against a real PostgreSQL and real
// ffmpeg: segments are written as the recorder writes them (10 s FLV files whose stream clock
// runs on from one to the next), rows and ledger entries as the streams process does.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let stopMail: () => Promise<void>;
let officer: Session;
let otherOfficer: Session; // 金东 district: not his device
let biz: Session;
let camera: string;
let second: string; // the site's other device, installed mid-day yesterday
let t0: Date; // the camera's recording starts here: three 10 s segments
const SYSTEM = { type: 'system' as const, id: 'streams:test' };
const H = 3600_000;

type Playback = { viewId: string; url: string; startedAt: string; endedAt: string; durationMs: number; seekMs: number; segments: { id: string; offsetMs: number }[]; next: string | null };
type Span = { startedAt: string; endedAt: string };
type Timeline = { device: { name: string; site: { name: string }; business: { name: string } }; now: string; spans: (Span & { segments: number })[]; gaps: { endedAt: string | null }[]; blind: Span[]; watched: Span[]; summary: { blindSeconds: number; watchedSeconds: number; uptimePercent: number | null } };
type Health = { days: { day: string; blindMinutes: number; uptimePercent: number | null; watchedMinutes: number; recordedSeconds: number }[] };

/** Shanghai midnight of the day `daysAgo` before today. */
const midnight = (daysAgo: number) => new Date(new Date(new Date(Date.now() + 8 * H).toISOString().slice(0, 10) + 'T00:00:00+08:00').getTime() - daysAgo * 86400_000);
const json = async <T>(res: Response) => {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

async function session(deviceId: string, startedAt: Date, endedAt: Date | null) {
  const cred = await t.db.selectFrom('device_credentials').select('id').where('device_id', '=', deviceId).where('status', '=', 'active').executeTakeFirstOrThrow();
  const consent = await t.db.selectFrom('consent_devices').select('consent_id').where('device_id', '=', deviceId).executeTakeFirstOrThrow();
  return t.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('publish_sessions')
      .values({ device_id: deviceId, consent_id: consent.consent_id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: startedAt, ended_at: endedAt, end_reason: endedAt ? 'publisher_left' : null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'publish_session.started', entityType: 'publish_session', entityId: row.id, state: row });
    return row.id;
  });
}

async function segment(deviceId: string, sessionId: string, seq: number, file: Buffer, startedAt: Date, seconds: number) {
  const blob = await blobs.put(file, 'video/x-flv');
  await recordBlob(t.db, { ...blob, mediaType: 'video/x-flv' });
  await t.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('recording_segments')
      .values({ device_id: deviceId, session_id: sessionId, seq, blob_sha256: blob.sha256, size: blob.size, started_at: startedAt, ended_at: new Date(startedAt.getTime() + seconds * 1000), stream_start_ms: (seq - 1) * seconds * 1000, stream_end_ms: seq * seconds * 1000, clock_offset_ms: 0 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'recording_segment.stored', entityType: 'recording_segment', entityId: row.id, state: row });
  });
}

/** Signed and in force since `at` (the consent is backdated, as if signed then). */
async function consentSince(at: Date) {
  const day = new Date(at.getTime() + 8 * H).toISOString().slice(0, 10);
  await sql`ALTER TABLE consents DISABLE TRIGGER consents_freeze`.execute(t.admin);
  await sql`UPDATE consents SET signed_at = ${at}, valid_from = ${day} WHERE status = 'active' AND id IN (SELECT consent_id FROM consent_devices WHERE device_id = ${camera})`.execute(t.admin);
  await sql`ALTER TABLE consents ENABLE TRIGGER consents_freeze`.execute(t.admin);
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-playback-'));
  const log = createLogger('silent');
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  stopMail = mail.stop;
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true });
  officer = await api.login('officer.wc');
  otherOfficer = await api.login('officer.jd');
  biz = await api.login('biz.hosp');
  const d = await consentedDevice(t.db, officer, biz);
  camera = d.deviceId;
  second = d.deviceIds.find((id) => id !== camera)!;
  await json(await officer.post(`/api/devices/${second}/credentials`, {}));
  await consentSince(new Date(midnight(1).getTime() + 8 * H)); // yesterday 08:00

  // 30 s of a camera's test pattern, cut as the recorder cuts it: 10 s files at key frames, the stream clock running on.
  const src = path.join(dir, 'src.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '30', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', src]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', src, '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-segment_format', 'flv', path.join(dir, 'part-%d.flv')]);
  const parts = readdirSync(dir).filter((f) => f.startsWith('part-')).sort();
  expect(parts).toHaveLength(3);
  t0 = new Date(Date.now() - 2 * H);
  const cam = await session(camera, t0, new Date(t0.getTime() + 30_000));
  for (const [i, f] of parts.entries()) await segment(camera, cam, i + 1, readFileSync(path.join(dir, f)), new Date(t0.getTime() + i * 10_000), 10);

  // The second device: installed (first stream) yesterday at noon, recorded 12:00–13:00 and
  // 14:00–15:00, and nothing since: an open gap from 15:00.
  const y = midnight(1).getTime();
  const filler = readFileSync(path.join(dir, parts[0]));
  const s1 = await session(second, new Date(y + 12 * H), new Date(y + 13 * H));
  await segment(second, s1, 1, filler, new Date(y + 12 * H), 3600);
  const s2 = await session(second, new Date(y + 14 * H), new Date(y + 15 * H));
  await segment(second, s2, 1, filler, new Date(y + 14 * H), 3600);
  await t.db.insertInto('recording_gaps').values([
    { device_id: second, started_at: new Date(y + 13 * H), ended_at: new Date(y + 14 * H), reason: 'publisher_left' },
    { device_id: second, started_at: new Date(y + 15 * H), ended_at: null, reason: 'publisher_left' },
  ]).execute();
}, 120_000);

afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const ffprobeDuration = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());

describe('playback of a time range', () => {
  it('three 10 s segments play as one 30 s stream; the view is recorded and ledgered; the bytes are counted', async () => {
    const p = await json<Playback>(await officer.post(`/api/devices/${camera}/playback`, { from: t0.toISOString(), to: new Date(t0.getTime() + 30_000).toISOString() }));
    expect(p.segments.map((s) => s.offsetMs)).toEqual([0, 10_000, 20_000]);
    expect(p).toMatchObject({ startedAt: t0.toISOString(), durationMs: 30_000, seekMs: 0, next: null });
    const res = await officer.get(p.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const file = path.join(dir, 'joined.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(ffprobeDuration(file)).toBeGreaterThan(29);
    expect(ffprobeDuration(file)).toBeLessThan(31);
    // It decodes from end to end (no broken join).
    execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);

    const view = await t.db.selectFrom('media_views').selectAll().where('id', '=', p.viewId).executeTakeFirstOrThrow();
    expect(view).toMatchObject({ user_id: officer.user.id, device_id: camera, kind: 'playback', segment_id: p.segments[0].id });
    expect(new Date(view.range_from!).toISOString()).toBe(t0.toISOString());
    expect(new Date(view.range_to!).getTime()).toBe(t0.getTime() + 30_000);
    const entry = await t.db.selectFrom('ledger_entries').select(['action', 'actor_id']).where('entity_id', '=', p.viewId).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'media.recording_viewed', actor_id: officer.user.id });
    await expect.poll(async () => Number((await t.db.selectFrom('media_views').select('bytes').where('id', '=', p.viewId).executeTakeFirstOrThrow()).bytes)).toBeGreaterThan(10_000);
  });

  it('a seek lands in the segment holding the instant; a byte range is served as such', async () => {
    const p = await json<Playback>(await officer.post(`/api/devices/${camera}/playback`, { from: new Date(t0.getTime() + 15_000).toISOString() }));
    expect(p).toMatchObject({ startedAt: new Date(t0.getTime() + 10_000).toISOString(), seekMs: 5000, durationMs: 20_000 });
    const part = await officer.request('GET', p.url, undefined, { range: 'bytes=0-99' });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it('nobody else plays the range: another district is refused, and another viewer cannot take the file', async () => {
    expect((await otherOfficer.post(`/api/devices/${camera}/playback`, { from: t0.toISOString() })).status).toBe(403);
    const p = await json<Playback>(await officer.post(`/api/devices/${camera}/playback`, { from: t0.toISOString() }));
    expect((await otherOfficer.get(p.url)).status).toBe(404);
    expect((await biz.get(p.url)).status).toBe(404);
    expect((await otherOfficer.get(p.url)).status).not.toBe(200);
  });

  it('a time with no recording after it is answered plainly, and a bad range names its field', async () => {
    const none = await officer.post(`/api/devices/${camera}/playback`, { from: new Date(Date.now() - 60_000).toISOString() });
    expect(none.status).toBe(404);
    const bad = await officer.post(`/api/devices/${camera}/playback`, { from: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
  });
});

describe('blind time', () => {
  it('counts only while installed and consented: not before installation, and an open gap ends at now', async () => {
    const h = await json<Health>(await officer.get(`/api/devices/${second}/health`));
    const [dayBefore, yesterday, today] = h.days.slice(-3);
    // The day before the consent: not blind (it was neither consented nor installed).
    expect(dayBefore).toMatchObject({ blindMinutes: 0, uptimePercent: null, watchedMinutes: 0 });
    // Yesterday: expected to record from 12:00 (installation) to midnight, 12 h; recorded 2 h; blind 10 h.
    expect(yesterday).toMatchObject({ watchedMinutes: 720, recordedSeconds: 7200, blindMinutes: 600, uptimePercent: 16.67 });
    // Today: blind from midnight to now (not to the day's end).
    const sinceMidnight = (Date.now() - midnight(0).getTime()) / 60_000;
    expect(Math.abs(today.blindMinutes - sinceMidnight)).toBeLessThanOrEqual(1);

    const tl = await json<Timeline>(await officer.get(`/api/devices/${second}/recordings?from=${encodeURIComponent(midnight(0).toISOString())}&to=${encodeURIComponent(midnight(-1).toISOString())}`));
    expect(tl.gaps.at(-1)!.endedAt).toBeNull();
    const last = tl.blind.at(-1)!;
    expect(new Date(last.endedAt).getTime()).toBeLessThanOrEqual(new Date(tl.now).getTime());
    expect(new Date(last.endedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(tl.summary.blindSeconds).toBeLessThanOrEqual(Math.ceil((new Date(tl.now).getTime() - midnight(0).getTime()) / 1000));

    const y = await json<Timeline>(await officer.get(`/api/devices/${second}/recordings?from=${encodeURIComponent(midnight(1).toISOString())}&to=${encodeURIComponent(midnight(0).toISOString())}`));
    const at = (s: Span) => [new Date(s.startedAt).getTime() - midnight(1).getTime(), new Date(s.endedAt).getTime() - midnight(1).getTime()].map((x) => x / H);
    expect(y.blind.map(at)).toEqual([[13, 14], [15, 24]]);
    expect(y.spans.map(at)).toEqual([[12, 13], [14, 15]]);
    expect(y.device).toMatchObject({ name: '余氯在线监测仪', site: { name: expect.any(String) }, business: { name: '婺城区人民医院' } });
  });
});
