import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueGrants } from '../../api/access-requests/access-expiry.js';
import { createAccessRequestRepository } from '../../api/access-requests/access-request.repository.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { appendLedger } from '../../core/ledger/append.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Approved, time-boxed access (调用单) against a real PostgreSQL and real ffmpeg: an officer of
// 金东 asks for a stretch of a 婺城 camera's recording, the head over 婺城 approves, he plays it
// under the grant, and the grant's revocation or expiry stops him; the requester never approves
// his own request, nor the head of another unit.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let stopMail: () => Promise<void>;
let officerWc: Session;
let officerJd: Session; // 金东: the camera is not his
let head: Session; // 金华 (above 婺城): heads the unit that owns the camera
let headJd: Session; // 金东's head: another unit
let camera: string;
let t0: Date; // two 10 s segments from here
const SYSTEM = { type: 'system' as const, id: 'streams:test' };
const H = 3600_000;

type View = { id: string; status: string; purpose: string; secondsLeft: number | null; validUntil: string | null; decision: { opinion: string | null } | null; ownerAgency: { name: string }; record: { label: string | null } };
type Err = { code: string; refusal?: { code: string; rule: string }; issues?: { path: string[] }[] };
type Playback = { viewId: string; url: string };
const iso = (ms: number) => new Date(ms).toISOString();
const body = async <T>(res: Response, status = 200) => {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
};

async function recordCamera() {
  const src = path.join(dir, 'src.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', src]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', src, '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-segment_format', 'flv', path.join(dir, 'part-%d.flv')]);
  const cred = await t.db.selectFrom('device_credentials').select('id').where('device_id', '=', camera).where('status', '=', 'active').executeTakeFirstOrThrow();
  const consent = await t.db.selectFrom('consent_devices').select('consent_id').where('device_id', '=', camera).executeTakeFirstOrThrow();
  const session = await t.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('publish_sessions').values({ device_id: camera, consent_id: consent.consent_id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: t0, ended_at: new Date(t0.getTime() + 20_000), end_reason: 'publisher_left' }).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: SYSTEM, action: 'publish_session.started', entityType: 'publish_session', entityId: row.id, state: row });
    return row;
  });
  for (const i of [0, 1]) {
    const blob = await blobs.put(readFileSync(path.join(dir, `part-${i}.flv`)), 'video/x-flv');
    await recordBlob(t.db, { ...blob, mediaType: 'video/x-flv' });
    await t.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('recording_segments')
        .values({ device_id: camera, session_id: session.id, seq: i + 1, blob_sha256: blob.sha256, size: blob.size, started_at: new Date(t0.getTime() + i * 10_000), ended_at: new Date(t0.getTime() + (i + 1) * 10_000), stream_start_ms: i * 10_000, stream_end_ms: (i + 1) * 10_000, clock_offset_ms: 0 })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: SYSTEM, action: 'recording_segment.stored', entityType: 'recording_segment', entityId: row.id, state: row });
    });
  }
}

/** A new account made by the administrator, logged in with its one-time password. */
async function newManager(admin: Session, username: string, agencyCode: string) {
  const agency = await t.db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const created = await body<{ user: { id: string }; oneTimePassword: string }>(await admin.post('/api/admin/users', { username, displayName: username, role: 'manager', agencyId: agency.id }), 201);
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: created.oneTimePassword }) });
  const b = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], b.csrfToken, b.user);
}

/** The 金东 officer's request for the camera's first 20 s, for two days from now. */
const ask = (who: Session, extra: Record<string, unknown> = {}) =>
  who.post('/api/access-requests', { record: { kind: 'device', id: camera }, windowFrom: iso(t0.getTime()), windowTo: iso(t0.getTime() + 20_000), reason: '核查投诉涉及的现场录像', from: iso(Date.now()), until: iso(Date.now() + 48 * H), ...extra });
const play = (who: Session, fromMs = 0, toMs = 20_000) => who.post(`/api/devices/${camera}/playback`, { from: iso(t0.getTime() + fromMs), to: iso(t0.getTime() + toMs) });
const ledgerOf = async (id: string) => (await t.db.selectFrom('ledger_entries').select('action').where('entity_type', '=', 'access_request').where('entity_id', '=', id).orderBy('id').execute()).map((e) => e.action);
const denials = async () => Number((await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'access.denied').executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-grants-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true });
  officerWc = await api.login('officer.wc');
  officerJd = await api.login('officer.jd');
  head = await api.login('manager.jh');
  const admin = await api.login('admin');
  headJd = await newManager(admin, 'manager.jd', '330703');
  camera = (await consentedDevice(t.db, officerWc, await api.login('biz.hosp'))).deviceId;
  t0 = new Date(Date.now() - 3 * H);
  await recordCamera();
}, 120_000);

afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('a request for access (调用单)', () => {
  it('request → approve → the read passes under the grant, logged with its id → revoke → refused', async () => {
    // Outside his district, without a grant: refused, naming the rule.
    const before = await body<Err>(await play(officerJd), 403);
    expect(before.refusal?.code).toBe('no_grant');

    const asked = await body<View>(await ask(officerJd), 201);
    expect(asked).toMatchObject({ status: 'pending', purpose: 'access', ownerAgency: { name: '金华市婺城区卫生健康局' } });
    expect(asked.record.label).toContain('婺城区人民医院');
    // Pending is not a grant.
    expect((await play(officerJd)).status).toBe(403);
    // The head's queue lists it; the other unit's does not.
    expect((await body<{ items: View[] }>(await head.get('/api/access-requests/queue'))).items.map((r) => r.id)).toContain(asked.id);
    expect((await body<{ items: View[] }>(await headJd.get('/api/access-requests/queue'))).items.map((r) => r.id)).not.toContain(asked.id);

    const approved = await body<View>(await head.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意调阅，限本案使用' }));
    expect(approved).toMatchObject({ status: 'approved', decision: { opinion: '同意调阅，限本案使用' } });
    expect(approved.secondsLeft).toBeGreaterThan(47 * 3600);

    // He plays it; the view names the grant, in its row and its ledger entry.
    const p = await body<Playback>(await play(officerJd));
    const view = await t.db.selectFrom('media_views').select(['grant_id', 'user_id']).where('id', '=', p.viewId).executeTakeFirstOrThrow();
    expect(view).toEqual({ grant_id: asked.id, user_id: officerJd.user.id });
    const entry = await t.db.selectFrom('ledger_entries').select('context').where('entity_id', '=', p.viewId).where('action', '=', 'media.recording_viewed').executeTakeFirstOrThrow();
    expect(entry.context).toMatchObject({ grantId: asked.id });
    const file = await officerJd.get(p.url);
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Only the stretch the grant names: before its window, refused.
    expect((await play(officerJd, -60_000, -30_000)).status).toBe(403);
    // An officer of the owning district reads as before, with no grant.
    const own = await body<Playback>(await play(officerWc));
    expect((await t.db.selectFrom('media_views').select('grant_id').where('id', '=', own.viewId).executeTakeFirstOrThrow()).grant_id).toBeNull();
    // He sees the status in his list.
    expect((await body<{ items: View[] }>(await officerJd.get('/api/access-requests/mine'))).items.find((r) => r.id === asked.id)?.status).toBe('approved');

    // The approver's unit revokes: the prepared file and any new read stop at once.
    expect((await body<View>(await head.post(`/api/access-requests/${asked.id}/revoke`, { reason: '核查已结束' }))).status).toBe('revoked');
    expect((await body<Err>(await officerJd.get(p.url), 403)).refusal?.code).toBe('grant_revoked');
    expect((await body<Err>(await play(officerJd), 403)).refusal?.code).toBe('no_grant');
    expect((await body<{ items: View[] }>(await officerJd.get('/api/access-requests/mine'))).items.find((r) => r.id === asked.id)?.status).toBe('revoked');
    expect(await ledgerOf(asked.id)).toEqual(['access_request.created', 'access_request.approved', 'access_request.revoked']);
    // Each row is the state of its latest ledger entry (what `npm run verify` checks).
    const check = await checkEntities(t.admin);
    expect(check.problems).toEqual([]);
  });

  it('expires by itself: reads stop at the period end, and the sweep marks it expired once, ledgered', async () => {
    const asked = await body<View>(await ask(officerJd), 201);
    await body<View>(await head.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意' }));
    const p = await body<Playback>(await play(officerJd));
    expect((await officerJd.get(p.url)).status).toBe(200);
    // The period ends (as if its last day had passed).
    await t.db.updateTable('access_requests').set({ valid_until: new Date(Date.now() - 1000) }).where('id', '=', asked.id).execute();
    expect((await body<Err>(await officerJd.get(p.url), 403)).refusal?.code).toBe('grant_expired');
    expect((await play(officerJd)).status).toBe(403);
    expect((await body<{ items: View[] }>(await officerJd.get('/api/access-requests/mine'))).items.find((r) => r.id === asked.id)).toMatchObject({ status: 'expired', secondsLeft: null });

    const repo = createAccessRequestRepository(t.db);
    expect(await expireDueGrants(t.db, repo)).toBe(1);
    expect(await expireDueGrants(t.db, repo)).toBe(0);
    expect((await t.db.selectFrom('access_requests').select('status').where('id', '=', asked.id).executeTakeFirstOrThrow()).status).toBe('expired');
    expect(await ledgerOf(asked.id)).toEqual(['access_request.created', 'access_request.approved', 'access_request.expired']);
  });

  it('the requester never approves his own request, nor the head of another unit; refusals name the rule, change nothing, and are ledgered', async () => {
    // The head asks to publish a recording (R12): publication needs its own approval, and not his.
    const pub = await body<View>(await ask(head, { purpose: 'publication', reason: '向社会公开典型案例' }), 201);
    const denied = await denials();
    const self = await body<Err>(await head.post(`/api/access-requests/${pub.id}/decision`, { decision: 'approve', opinion: '同意' }), 403);
    expect(self.refusal).toMatchObject({ code: 'self_approval', rule: expect.stringContaining('第二十五条') });
    const asked = await body<View>(await ask(officerJd), 201);
    const other = await body<Err>(await headJd.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意' }), 403);
    expect(other.refusal?.code).toBe('not_owning_unit');
    expect((await headJd.post(`/api/access-requests/${asked.id}/revoke`, { reason: 'x' })).status).toBe(403);
    // An officer holds no approval at all.
    expect((await officerWc.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意' })).status).toBe(403);
    expect(await denials()).toBeGreaterThanOrEqual(denied + 4);
    const rows = await t.db.selectFrom('access_requests').select(['id', 'status', 'decided_by']).where('id', 'in', [pub.id, asked.id]).execute();
    expect(rows.every((r) => r.status === 'pending' && r.decided_by === null)).toBe(true);
    expect(await ledgerOf(pub.id)).toEqual(['access_request.created']);

    // A head of the owning district approves the publication; it is recorded as such and is no read grant.
    const headWc = await newManager(await api.login('admin'), 'manager.wc', '330702');
    expect((await body<View>(await headWc.post(`/api/access-requests/${pub.id}/decision`, { decision: 'approve', opinion: '同意公开，隐去当事人信息' }))).status).toBe('approved');
    expect(await ledgerOf(pub.id)).toEqual(['access_request.created', 'access_request.approved']);
    // The other request is refused with an opinion; a decided request is not decided twice.
    expect((await body<View>(await headWc.post(`/api/access-requests/${asked.id}/decision`, { decision: 'refuse', opinion: '事由不充分' }))).status).toBe('refused');
    expect((await headWc.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意' })).status).toBe(409);
    expect((await play(officerJd)).status).toBe(403);

    // The requester withdraws a pending request (nobody else may); then it is not decided.
    const again = await body<View>(await ask(officerJd), 201);
    expect((await body<Err>(await officerWc.post(`/api/access-requests/${again.id}/withdraw`), 403)).refusal?.code).toBe('not_requester');
    expect((await body<View>(await officerJd.post(`/api/access-requests/${again.id}/withdraw`))).status).toBe('withdrawn');
    expect((await headWc.post(`/api/access-requests/${again.id}/decision`, { decision: 'approve', opinion: '同意' })).status).toBe(409);
    expect(await ledgerOf(again.id)).toEqual(['access_request.created', 'access_request.withdrawn']);
  });

  it('refuses a request without reason, period or window, naming the field, and stores nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('access_requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const field = async (res: Response) => (await body<Err>(res, 400)).issues?.map((i) => i.path.join('.'));
    expect(await field(await ask(officerJd, { reason: '   ' }))).toEqual(['reason']);
    expect(await field(await ask(officerJd, { until: undefined }))).toEqual(['until']);
    expect(await field(await ask(officerJd, { until: iso(Date.now() + 31 * 24 * H) }))).toEqual(['until']);
    expect(await field(await ask(officerJd, { windowFrom: null, windowTo: null }))).toEqual(['windowFrom']);
    expect((await ask(await api.login('biz.hosp'))).status).toBe(403);
    expect(await count()).toBe(n);
  });
});
