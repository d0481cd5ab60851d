import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagsRaisedWorker } from '../../api/jobs/flags-raised.worker.js';
import { createSessionService } from '../../api/auth/session.service.js';
import { listen } from '../../api/server.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import type { ServerEvents } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { servedRead } from '../support/record-reads.js';
import { insertFlags, type FlagValues } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { waitFor } from '../support/wait.js';

// The analysis API against a real PostgreSQL, real ffmpeg and a real socket.io server. Flags and
// reference scenes are written here as the analyzer writes them: row + ledger entry (full row).
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let stopMail: () => Promise<void>;
let officer: Session; // 婺城 district: the hospital and the school are his
let jdOfficer: Session; // 金东 district
let manager: Session; // 金华 city: sees both districts, may not edit rules
let biz: Session;
let camera: string; // the hospital's consented camera, which records
let sensor: string; // the hospital's sensor
let schoolCamera: string; // a camera that never recorded
let hotelCamera: string; // 金东
const log = createLogger('silent');
const SYSTEM = { type: 'system' as const, id: 'analyzer:test' };

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-analysis-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  stopMail = mail.stop;
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true });
  officer = await api.login('officer.wc');
  jdOfficer = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  biz = await api.login('biz.hosp');
  const consented = await consentedDevice(t.db, officer, biz);
  camera = consented.deviceId;
  sensor = consented.deviceIds.find((id) => id !== camera)!;
  const cameraOf = async (business: string) =>
    (await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', business).where('d.kind', '=', 'camera').executeTakeFirstOrThrow()).id;
  schoolCamera = await cameraOf('婺城区第一实验小学');
  hotelCamera = await cameraOf('金东区江滨宾馆有限公司');
  await recordSegment(camera, flv(1));
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A short H.264 FLV from ffmpeg's test pattern, as a camera would send it. */
function flv(seconds: number): Buffer {
  const out = path.join(dir, `${randomUUID()}.flv`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', out]);
  return readFileSync(out);
}

async function putBlob(bytes: Buffer, mediaType: string) {
  const blob = await blobs.put(bytes, mediaType);
  await recordBlob(t.db, { ...blob, mediaType });
  return blob.sha256;
}

/** A publish session and one recorded segment of it, ledgered as the streams process does. */
async function recordSegment(deviceId: string, bytes: Buffer) {
  const sha = await putBlob(bytes, 'video/x-flv');
  const cred = await t.db.selectFrom('device_credentials').select(['id']).where('device_id', '=', camera).executeTakeFirstOrThrow();
  const consent = await t.db.selectFrom('consent_devices').select('consent_id').where('device_id', '=', camera).executeTakeFirstOrThrow();
  return t.db.transaction().execute(async (trx) => {
    const started = new Date(Date.now() - 60_000);
    const session = await trx
      .insertInto('publish_sessions')
      .values({ device_id: deviceId, consent_id: consent.consent_id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: started, ended_at: new Date(), end_reason: 'publisher_left' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'publish_session.started', entityType: 'publish_session', entityId: session.id, state: session });
    const seg = await trx
      .insertInto('recording_segments')
      .values({ device_id: deviceId, session_id: session.id, seq: 0, blob_sha256: sha, size: bytes.length, started_at: started, ended_at: new Date(started.getTime() + 1000), stream_start_ms: 0, stream_end_ms: 1000, clock_offset_ms: 0 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'recording_segment.stored', entityType: 'recording_segment', entityId: seg.id, state: seg });
    return seg;
  });
}

async function setFlag(flagId: string, set: FlagValues) {
  await t.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('flags').set(set).where('id', '=', flagId).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'flag.evidence_attached', entityType: 'flag', entityId: row.id, state: row });
  });
}

type Rule = { id: string; version: number; name: string; kind: string; enabled: boolean; definition: Record<string, unknown>; updatedBy: { id: string } | null };
type Problem = { code: string; issues?: { path: (string | number)[] }[] };
const json = async <T>(res: Response) => (await res.json()) as T;
const put = (s: Session, p: string, body: unknown) => s.request('PUT', p, body);
const zone = [
  [0.1, 0.1],
  [0.9, 0.1],
  [0.9, 0.9],
];

describe('analysis rules', () => {
  it('creates a rule (version 1), edits it (version 2) with every version kept and ledgered; a stale version gets 409', async () => {
    const res = await officer.post(`/api/devices/${camera}/rules`, { kind: 'restricted_area', name: '后厨禁入区', definition: { zone, labels: ['person'] } });
    expect(res.status).toBe(201);
    const rule = await json<Rule>(res);
    expect(rule).toMatchObject({ version: 1, kind: 'restricted_area', enabled: true, updatedBy: { id: officer.user.id } });
    expect(rule.definition).toMatchObject({ zone, labels: ['person'], minDwellS: 3, minScore: 0.4, countLimit: null, schedule: { mode: 'always' } });

    const list = await json<{ rules: Rule[]; model: { name: string | null; labels: string[]; cannotDetect: string[] } }>(await officer.get(`/api/devices/${camera}/rules`));
    expect(list.rules.map((r) => r.id)).toEqual([rule.id]);
    expect(list.model.labels).toEqual(expect.arrayContaining(['person', 'cell phone', 'cat']));
    expect(list.model.cannotDetect).toEqual(expect.arrayContaining(['rodents', 'masks', 'hats', 'smoking']));

    const edited = await put(officer, `/api/rules/${rule.id}`, { name: '后厨禁入区(夜间)', enabled: false, expectedVersion: 1 });
    expect(edited.status).toBe(200);
    expect(await json<Rule>(edited)).toMatchObject({ version: 2, name: '后厨禁入区(夜间)', enabled: false, definition: rule.definition });

    const stale = await put(officer, `/api/rules/${rule.id}`, { name: '覆盖他人修改', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await json<Problem>(stale)).code).toBe('version_conflict');

    const versions = await json<{ versions: { version: number; name: string; enabled: boolean; createdBy: { id: string } }[] }>(await officer.get(`/api/rules/${rule.id}/versions`));
    expect(versions.versions.map((v) => [v.version, v.name, v.enabled])).toEqual([
      [2, '后厨禁入区(夜间)', false],
      [1, '后厨禁入区', true],
    ]);
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'actor_id']).where('entity_type', '=', 'analysis_rule').where('entity_id', '=', rule.id).orderBy('id').execute();
    expect(entries).toEqual([
      { action: 'analysis_rule.created', actor_id: officer.user.id },
      { action: 'analysis_rule.updated', actor_id: officer.user.id },
    ]);
  });

  it('refuses invalid definitions with 400 and the field, writing nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('analysis_rules').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [string, unknown, string][] = [
      ['restricted_area', { zone: [[0.1, 0.1], [1.2, 0.5], [0.5, 0.9]], labels: ['person'] }, 'zone'],
      ['overcrowding', { labels: ['person'], countLimit: null }, 'countLimit'],
      ['animal', { labels: ['rat'] }, 'labels'],
    ];
    for (const [kind, definition, field] of cases) {
      const res = await officer.post(`/api/devices/${camera}/rules`, { kind, name: '无效规则', definition });
      expect(res.status, `${kind} ${field}`).toBe(400);
      const body = await json<Problem>(res);
      expect(body.code).toBe('validation_failed');
      expect(body.issues?.some((i) => i.path[0] === 'definition' && i.path[1] === field), JSON.stringify(body.issues)).toBe(true);
    }
    const rule = await json<Rule>(await officer.post(`/api/devices/${camera}/rules`, { kind: 'overcrowding', name: '人数上限', definition: { countLimit: 4 } }));
    const bad = await put(officer, `/api/rules/${rule.id}`, { definition: { countLimit: null }, expectedVersion: 1 });
    expect(bad.status).toBe(400);
    expect(await count()).toBe(before + 1);
    expect((await officer.post(`/api/devices/${sensor}/rules`, { kind: 'animal', name: '传感器', definition: {} })).status).toBe(409);
  });

  it('refuses a restricted area without its zone, and a second rule of the same name on one device (400, the field named, nothing written)', async () => {
    const count = async () => Number((await t.db.selectFrom('analysis_rules').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const field = async (res: Response) => {
      expect(res.status).toBe(400);
      const body = await json<Problem & { issues?: { path: (string | number)[]; message: string }[] }>(res);
      expect(body.code).toBe('validation_failed');
      return body.issues ?? [];
    };
    const before = await count();
    // No zone at all, and an explicit null: both used to be stored as "the whole picture".
    for (const definition of [{ labels: ['person'] }, { zone: null, labels: ['person'] }]) {
      const issues = await field(await officer.post(`/api/devices/${camera}/rules`, { kind: 'restricted_area', name: '无区域', definition }));
      expect(issues.map((i) => i.path.join('.'))).toEqual(['definition.zone']);
      expect(issues[0].message).toBe('请在画面上划定限制区域(至少 3 个点)');
    }
    expect(await count()).toBe(before);

    const first = await json<Rule>(await officer.post(`/api/devices/${camera}/rules`, { kind: 'restricted_area', name: '仓库禁入区', definition: { zone, labels: ['person'] } }));
    // Editing it to drop the zone is refused too.
    expect((await field(await put(officer, `/api/rules/${first.id}`, { definition: { ...first.definition, zone: null }, expectedVersion: 1 }))).map((i) => i.path.join('.'))).toEqual(['definition.zone']);

    // The same name again (spaces and letter case aside), for any kind: refused on this device.
    for (const name of ['仓库禁入区', ' 仓库禁入区 ']) {
      const issues = await field(await officer.post(`/api/devices/${camera}/rules`, { kind: 'animal', name, definition: {} }));
      expect(issues.map((i) => i.path.join('.'))).toEqual(['name']);
      expect(issues[0].message).toBe('该设备已有同名规则,请换一个名称');
    }
    const latin = await json<Rule>(await officer.post(`/api/devices/${camera}/rules`, { kind: 'phone_use', name: 'Phone at pass', definition: {} }));
    expect((await field(await officer.post(`/api/devices/${camera}/rules`, { kind: 'phone_use', name: 'phone AT pass', definition: {} }))).map((i) => i.path.join('.'))).toEqual(['name']);
    // Renaming another rule to a taken name is refused; keeping its own name is not a clash.
    expect((await field(await put(officer, `/api/rules/${latin.id}`, { name: '仓库禁入区', expectedVersion: 1 }))).map((i) => i.path.join('.'))).toEqual(['name']);
    expect((await put(officer, `/api/rules/${first.id}`, { name: '仓库禁入区', enabled: false, expectedVersion: 1 })).status).toBe(200);
    // A disabled rule still holds its name (rules are never deleted; enable it instead).
    expect((await field(await officer.post(`/api/devices/${camera}/rules`, { kind: 'restricted_area', name: '仓库禁入区', definition: { zone, labels: ['person'] } }))).map((i) => i.path.join('.'))).toEqual(['name']);
    // Another device may use the name.
    expect((await officer.post(`/api/devices/${schoolCamera}/rules`, { kind: 'restricted_area', name: '仓库禁入区', definition: { zone, labels: ['person'] } })).status).toBe(201);
    expect(await count()).toBe(before + 3);
  });

  it('keeps rules to staff of the subtree: another district 403, a business 403, a manager reads but may not edit', async () => {
    const rule = await json<Rule>(await officer.post(`/api/devices/${camera}/rules`, { kind: 'phone_use', name: '操作时玩手机', definition: {} }));
    expect((await jdOfficer.get(`/api/devices/${camera}/rules`)).status).toBe(403);
    expect((await jdOfficer.post(`/api/devices/${camera}/rules`, { kind: 'animal', name: '越权', definition: {} })).status).toBe(403);
    expect((await put(jdOfficer, `/api/rules/${rule.id}`, { name: '越权', expectedVersion: 1 })).status).toBe(403);
    expect((await jdOfficer.get(`/api/rules/${rule.id}/versions`)).status).toBe(403);
    expect((await biz.get(`/api/devices/${camera}/rules`)).status).toBe(403);
    expect((await biz.get(`/api/rules/${rule.id}/versions`)).status).toBe(403);
    expect((await biz.get('/api/flags')).status).toBe(403);
    expect((await manager.get(`/api/devices/${camera}/rules`)).status).toBe(200);
    expect((await put(manager, `/api/rules/${rule.id}`, { name: '负责人改', expectedVersion: 1 })).status).toBe(403);
    expect((await officer.get(`/api/devices/${randomUUID()}/rules`)).status).toBe(404);
    const denied = await t.db.selectFrom('ledger_entries').select('actor_id').where('action', '=', 'access.denied').execute();
    expect(denied.map((d) => d.actor_id)).toEqual(expect.arrayContaining([jdOfficer.user.id, biz.user.id, manager.user.id]));
  });
});

describe('flags', () => {
  it('pages 120 flags newest first by keyset, each exactly once, with filters and counts', async () => {
    // One statement: all share created_at, so only the id orders them (the keyset must hold).
    const batch = await insertFlags(t.db, camera, Array.from({ length: 120 }, (_, i) => ({ type: i % 3 === 0 ? ('camera_blurred' as const) : ('camera_covered' as const) })));
    await insertFlags(t.db, camera, [{ state: 'active', ended_at: null, type: 'picture_frozen' }]);
    await insertFlags(t.db, schoolCamera, [{ type: 'view_moved' }]);
    await insertFlags(t.db, hotelCamera, [{ type: 'stream_lost' }]);
    const expected = (await t.db.selectFrom('flags').innerJoin('agencies as a', 'a.id', 'flags.agency_id').select('flags.id').where('a.code', '=', '330702').orderBy('flags.created_at', 'desc').orderBy('flags.id', 'desc').execute()).map((r) => r.id);

    type Page = { items: { id: string; type: string; state: string; deviceName: string; businessName: string; siteName: string; hasSnapshot: boolean; ruleName: string | null }[]; nextCursor: string | null; counts: { active: number; ended: number } };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await json<Page>(await officer.get(`/api/flags?limit=50${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
      if (pages === 1) {
        expect(page.counts).toEqual({ active: 1, ended: 121 });
        expect(page.items[0]).toMatchObject({ deviceName: '后厨操作间摄像头', hasSnapshot: false, ruleName: null });
      }
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(122);
    expect(seen).toEqual(expect.arrayContaining(batch.map((b) => b.id)));

    const blurred = await json<Page>(await officer.get(`/api/flags?type=camera_blurred&deviceId=${camera}&limit=200`));
    expect(blurred.items.length).toBe(40);
    expect(blurred.items.every((i) => i.type === 'camera_blurred')).toBe(true);
    const active = await json<Page>(await officer.get('/api/flags?state=active'));
    expect(active.items.map((i) => i.type)).toEqual(['picture_frozen']);
    expect(active.counts).toEqual({ active: 1, ended: 121 });
    const school = await json<Page>(await officer.get(`/api/flags?businessId=${(await t.db.selectFrom('devices').select('business_id').where('id', '=', schoolCamera).executeTakeFirstOrThrow()).business_id}`));
    expect(school.items.map((i) => i.type)).toEqual(['view_moved']);
    expect((await json<Page>(await officer.get('/api/flags?source=rule'))).items).toEqual([]);
    // The other district sees its own flag only; the city sees both districts.
    const jd = await json<Page>(await jdOfficer.get('/api/flags'));
    expect(jd.items.map((i) => i.type)).toEqual(['stream_lost']);
    expect((await json<Page>(await manager.get('/api/flags?limit=1'))).counts).toEqual({ active: 1, ended: 122 });
    expect((await jdOfficer.get(`/api/flags/${batch[0].id}`)).status).toBe(403);
    expect((await officer.get(`/api/flags/${randomUUID()}`)).status).toBe(404);
    expect((await officer.get('/api/flags?cursor=bm9wZQ')).status).toBe(400);
  });

  it('a flag shows the rule version that fired, even after the rule was edited, and its segments', async () => {
    const rule = await json<Rule>(await officer.post(`/api/devices/${camera}/rules`, { kind: 'overcrowding', name: '后厨超员', definition: { countLimit: 3 } }));
    const [flag] = await insertFlags(t.db, camera, [
      {
        source: 'rule',
        type: 'overcrowding',
        rule_id: rule.id,
        rule_version: 1,
        model: JSON.stringify({ name: 'centernet', version: 'human-3.3.6', sha256: 'e07f' }),
        peak_at: new Date(Date.now() - 90_000),
        detail: JSON.stringify({ count: 5, boxes: [{ label: 'person', score: 0.8, box: [0.1, 0.2, 0.3, 0.9] }], zone: null, reason: { zh: '超员', en: 'too many' }, frame: { width: 320, height: 240 } }),
      },
    ]);
    const seg = await t.db.selectFrom('recording_segments').select(['id', 'blob_sha256']).where('device_id', '=', camera).executeTakeFirstOrThrow();
    await t.db.insertInto('flag_segments').values({ flag_id: flag.id, segment_id: seg.id }).execute();
    expect((await put(officer, `/api/rules/${rule.id}`, { name: '后厨超员(改)', definition: { countLimit: 8 }, expectedVersion: 1 })).status).toBe(200);

    const res = await officer.get(`/api/flags/${flag.id}`);
    expect(res.status).toBe(200);
    const d = await json<{ rule: { id: string; version: number; name: string; definition: { countLimit: number } }; ruleName: string; detail: { count: number }; model: { name: string }; segments: { id: string; sha256: string }[]; clip: null; peakAt: string; analyzer: string }>(res);
    expect(d.rule).toMatchObject({ id: rule.id, version: 1, name: '后厨超员', definition: { countLimit: 3 } });
    expect(d.ruleName).toBe('后厨超员');
    expect(d.detail.count).toBe(5);
    expect(d.model.name).toBe('centernet');
    expect(d.segments).toEqual([{ id: seg.id, startedAt: expect.any(String), endedAt: expect.any(String), sha256: seg.blob_sha256 }]);
    expect(d.clip).toBeNull();
    expect(d.analyzer).toBe('test');
  });

  it('serves the flag snapshot and the clip with Range (206), logging each view', async () => {
    const [flag] = await insertFlags(t.db, camera, [{ type: 'camera_blurred' }]);
    expect((await officer.get(`/api/flags/${flag.id}/clip.mp4`)).status).toBe(404);
    expect((await json<Problem>(await officer.get(`/api/flags/${flag.id}/clip.mp4`))).code).toBe('no_clip');
    expect((await json<Problem>(await officer.get(`/api/flags/${flag.id}/snapshot.jpg`))).code).toBe('no_picture');

    const clip = randomBytes(100_000);
    const picture = await officer.get(`/api/devices/${camera}/snapshot.jpg`);
    const jpeg = await picture.arrayBuffer();
    // Every site of the read path (api/records) writes its served row: the camera's picture…
    expect(await servedRead(t.db, picture)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'device_picture', record_id: camera, device_id: camera, bytes: String(jpeg.byteLength), user_id: officer.user.id });
    await setFlag(flag.id, { clip_sha256: await putBlob(clip, 'video/mp4'), clip_provenance: JSON.stringify({ segments: 1 }), snapshot_sha256: await putBlob(Buffer.from(jpeg), 'image/jpeg'), evidence_status: 'ready' });

    const part = await officer.request('GET', `/api/flags/${flag.id}/clip.mp4`, undefined, { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 1000-1999/100000');
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await part.arrayBuffer()).equals(clip.subarray(1000, 2000))).toBe(true);
    // …the flag's clip (the flag's id: flag_clips has no id; the sha256 pins the version)…
    expect(await servedRead(t.db, part)).toMatchObject({ outcome: 'served', action: 'play', record_kind: 'flag_clip', record_id: flag.id, sha256: createHash('sha256').update(clip).digest('hex'), device_id: camera, bytes: '1000' });
    const tail = await officer.request('GET', `/api/flags/${flag.id}/clip.mp4`, undefined, { range: 'bytes=-500' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(clip.subarray(99_500))).toBe(true);
    const whole = await officer.get(`/api/flags/${flag.id}/clip.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip)).toBe(true);
    const beyond = await officer.request('GET', `/api/flags/${flag.id}/clip.mp4`, undefined, { range: 'bytes=200000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */100000');

    const shot = await officer.get(`/api/flags/${flag.id}/snapshot.jpg`);
    expect(shot.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await shot.arrayBuffer()).equals(Buffer.from(jpeg))).toBe(true);
    // …and its snapshot.
    expect(await servedRead(t.db, shot)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'flag_snapshot', record_id: flag.id, sha256: createHash('sha256').update(Buffer.from(jpeg)).digest('hex'), device_id: camera, bytes: String(jpeg.byteLength) });
    expect((await jdOfficer.get(`/api/flags/${flag.id}/clip.mp4`)).status).toBe(403);

    const d = await json<{ clip: { sha256: string }; hasSnapshot: boolean; evidenceStatus: string }>(await officer.get(`/api/flags/${flag.id}`));
    expect(d).toMatchObject({ hasSnapshot: true, evidenceStatus: 'ready', clip: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const views = await t.db.selectFrom('ledger_entries').select(['action', 'context']).where('action', 'in', ['flag.clip_viewed', 'flag.snapshot_viewed']).where('actor_id', '=', officer.user.id).execute();
    expect(views.filter((v) => v.action === 'flag.clip_viewed').length).toBe(3);
    expect(views.filter((v) => v.action === 'flag.snapshot_viewed').length).toBe(1);
    expect(await t.db.selectFrom('media_views').select('id').where('user_id', '=', jdOfficer.user.id).execute()).toEqual([]);
  });
});

describe('pictures and the reference scene', () => {
  it('snapshot.jpg is a key frame of the latest recording; 404 no_picture for a camera that never recorded; 502 for a damaged one', async () => {
    const res = await officer.get(`/api/devices/${camera}/snapshot.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await res.arrayBuffer());
    expect([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(jpeg.length).toBeGreaterThan(1000);
    // Cached per segment: the same bytes again.
    expect(Buffer.from(await (await officer.get(`/api/devices/${camera}/snapshot.jpg`)).arrayBuffer()).equals(jpeg)).toBe(true);
    const view = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'media.snapshot_viewed').executeTakeFirstOrThrow();
    expect(view.context).toMatchObject({ deviceId: camera });

    const never = await officer.get(`/api/devices/${schoolCamera}/snapshot.jpg`);
    expect(never.status).toBe(404);
    expect((await json<Problem>(never)).code).toBe('no_picture');
    await recordSegment(sensor, randomBytes(5000));
    const broken = await officer.get(`/api/devices/${sensor}/snapshot.jpg`);
    expect(broken.status).toBe(502);
    expect((await json<Problem>(broken)).code).toBe('snapshot_failed');
    expect((await jdOfficer.get(`/api/devices/${camera}/snapshot.jpg`)).status).toBe(403);
    expect((await biz.get(`/api/devices/${camera}/snapshot.jpg`)).status).toBe(403);
  });

  it('reference scene: 404 until learned, then its facts and picture; relearn is for officers, ledgered', async () => {
    expect((await json<Problem>(await officer.get(`/api/devices/${camera}/reference`))).code).toBe('no_reference');
    expect((await officer.post(`/api/devices/${camera}/reference/relearn`, { reason: '摄像头移位' })).status).toBe(404);
    const picture = Buffer.from(await (await officer.get(`/api/devices/${camera}/snapshot.jpg`)).arrayBuffer());
    const sha = await putBlob(picture, 'image/jpeg');
    const captured = new Date(Date.now() - 3600_000);
    await t.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('device_reference_scenes')
        .values({ device_id: camera, captured_at: captured, blob_sha256: sha, signature: randomBytes(64), width: 320, height: 240, set_by: 'analyzer:test' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: SYSTEM, action: 'reference_scene.learned', entityType: 'device_reference_scene', entityId: camera, state: row });
    });
    const ref = await json<{ capturedAt: string; width: number; height: number; setBy: string; relearnRequestedAt: string | null }>(await officer.get(`/api/devices/${camera}/reference`));
    expect(ref).toEqual({ capturedAt: captured.toISOString(), width: 320, height: 240, setBy: 'analyzer:test', relearnRequestedAt: null });
    const img = await officer.get(`/api/devices/${camera}/reference.jpg`);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).equals(picture)).toBe(true);

    expect((await manager.post(`/api/devices/${camera}/reference/relearn`, { reason: '负责人' })).status).toBe(403);
    expect((await jdOfficer.post(`/api/devices/${camera}/reference/relearn`, { reason: '越权' })).status).toBe(403);
    expect((await officer.post(`/api/devices/${camera}/reference/relearn`, {})).status).toBe(400);
    const relearn = await officer.post(`/api/devices/${camera}/reference/relearn`, { reason: '摄像头按整改要求移位' });
    expect(relearn.status).toBe(200);
    const { relearnRequestedAt } = await json<{ relearnRequestedAt: string }>(relearn);
    expect(new Date(relearnRequestedAt).getTime()).toBeGreaterThan(captured.getTime());
    expect((await json<typeof ref>(await officer.get(`/api/devices/${camera}/reference`))).relearnRequestedAt).toBe(relearnRequestedAt);
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'device_reference_scene.relearn_requested').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: officer.user.id, context: { reason: '摄像头按整改要求移位' } });
  });

  it('every row written here matches its latest ledger entry (entity check)', async () => {
    const r = await checkEntities(t.admin);
    expect(r.problems).toEqual([]);
    const tracked = await t.db.selectFrom('ledger_entries').select('entity_type').distinct().where('entity_type', 'in', ['analysis_rule', 'flag', 'device_reference_scene']).execute();
    expect(tracked.length).toBe(3);
  });
});

describe('flag:changed over socket.io', () => {
  it('reaches staff of the flag’s district and its city, not another district nor a business', async () => {
    const sessions = createSessionService(t.db, 3600_000);
    const server = await listen({ fetch: api.app.fetch, host: '127.0.0.1', port: 0, events: api.events, resolveSession: sessions.resolve, sessionsStillValid: sessions.stillValid, log, db: t.db });
    const sockets: Socket[] = [];
    try {
      const open = async (s: Session) => {
        const socket = connect(`http://127.0.0.1:${server.port}`, { transports: ['websocket'], extraHeaders: { cookie: s.cookie }, reconnection: false });
        sockets.push(socket);
        const got: ServerEvents['flag:changed'][] = [];
        const marks: unknown[] = [];
        socket.on('flag:changed', (p: ServerEvents['flag:changed']) => got.push(p));
        socket.on('registry:changed', (p: unknown) => marks.push(p));
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        return { got, marks };
      };
      const [wc, city, jd, business] = [await open(officer), await open(manager), await open(jdOfficer), await open(biz)];
      const raised = flagsRaisedWorker(t.db, api.events);

      const [wcFlag] = await insertFlags(t.db, camera, [{ type: 'stream_lost' }]);
      await raised({ flagId: wcFlag.id });
      await waitFor('the district officer gets the flag', async () => wc.got.some((p) => p.id === wcFlag.id));
      await waitFor('the city manager gets the flag', async () => city.got.some((p) => p.id === wcFlag.id));
      expect(wc.got.find((p) => p.id === wcFlag.id)).toEqual({ id: wcFlag.id, deviceId: camera, agencyId: wcFlag.agency_id, type: 'stream_lost', state: 'ended', evidence: 'pending', reviewStatus: 'new' });

      // Later events on the same connections arrive after anything sent before them.
      const [jdFlag] = await insertFlags(t.db, hotelCamera, [{ type: 'camera_covered' }]);
      await raised({ flagId: jdFlag.id });
      await waitFor('the other district gets its own flag', async () => jd.got.some((p) => p.id === jdFlag.id));
      expect(jd.got.map((p) => p.id)).toEqual([jdFlag.id]);
      await waitFor('the city gets the other district too', async () => city.got.some((p) => p.id === jdFlag.id));
      api.events.emit('registry:changed', { entity: 'device', id: camera });
      await waitFor('the business socket gets an ordinary event', async () => business.marks.length > 0);
      expect(business.got).toEqual([]);
      await waitFor('the district officer gets the marker', async () => wc.marks.length > 0);
      expect(wc.got.map((p) => p.id)).toEqual([wcFlag.id]);
    } finally {
      sockets.forEach((s) => s.close());
      await server.close();
    }
  });
});
