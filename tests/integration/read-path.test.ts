import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordReadsRepository } from '../../api/records/record-reads.repository.js';
import { sealRecordReads } from '../../api/records/record-reads-seal.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { canonicalJson } from '../../core/ledger/canonical.js';
import { appendLedger } from '../../core/ledger/append.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The one read path for records (issue 15 item 1) against a real PostgreSQL and a real HTTP
// server: every read is asked of the access layer and logged in record_reads before a byte
// leaves, with its bytes counted when it ends; a refusal is a denied row and the same 403; a read
// under a 调用单 names the grant and stops when it is revoked; a reader who leaves early is
// counted for what he got; the log is append-only and its closed days are sealed.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let server: ServerType | undefined;
let stopMail: () => Promise<void>;
let base: string;
let officerWc: Session;
let officerJd: Session; // 金东: the camera is not his
let head: Session; // 金华: heads the unit that owns the camera
let camera: string;
let t0: Date;
const segments: { id: string; sha256: string; size: number }[] = [];
const SYSTEM = { type: 'system' as const, id: 'streams:test' };
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const readOf = (id: string | null) => t.db.selectFrom('record_reads').selectAll().where('id', '=', id ?? '0').executeTakeFirstOrThrow();
const lastRead = () => t.db.selectFrom('record_reads').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
const finished = async (id: string) => {
  for (;;) {
    const r = await readOf(id);
    if (r.finished_at) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
};

/** Two 10 s segments of real video and one 24 MB segment (to leave early from). */
async function recordCamera() {
  const src = path.join(dir, 'src.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', src]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', src, '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-segment_format', 'flv', path.join(dir, 'part-%d.flv')]);
  const cred = await t.db.selectFrom('device_credentials').select('id').where('device_id', '=', camera).where('status', '=', 'active').executeTakeFirstOrThrow();
  const consent = await t.db.selectFrom('consent_devices').select('consent_id').where('device_id', '=', camera).executeTakeFirstOrThrow();
  const session = await t.db.insertInto('publish_sessions').values({ device_id: camera, consent_id: consent.consent_id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: t0, ended_at: new Date(t0.getTime() + 30_000), end_reason: 'publisher_left' }).returningAll().executeTakeFirstOrThrow();
  const parts = [readFileSync(path.join(dir, 'part-0.flv')), readFileSync(path.join(dir, 'part-1.flv')), randomBytes(24 * 1024 * 1024)];
  for (const [i, bytes] of parts.entries()) {
    const blob = await blobs.put(bytes, 'video/x-flv');
    await recordBlob(t.db, { ...blob, mediaType: 'video/x-flv' });
    const row = await t.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('recording_segments')
        .values({ device_id: camera, session_id: session.id, seq: i + 1, blob_sha256: blob.sha256, size: blob.size, started_at: new Date(t0.getTime() + i * 10_000), ended_at: new Date(t0.getTime() + (i + 1) * 10_000), stream_start_ms: i * 10_000, stream_end_ms: (i + 1) * 10_000, clock_offset_ms: 0 })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: SYSTEM, action: 'recording_segment.stored', entityType: 'recording_segment', entityId: row.id, state: row });
      return row;
    });
    segments.push({ id: row.id, sha256: blob.sha256, size: blob.size });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-read-path-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true });
  officerWc = await api.login('officer.wc');
  officerJd = await api.login('officer.jd');
  head = await api.login('manager.jh');
  camera = (await consentedDevice(t.db, officerWc, await api.login('biz.hosp'))).deviceId;
  t0 = new Date(Date.now() - 3 * H);
  await recordCamera();
  server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
  const s = server;
  await new Promise<void>((res) => (s.listening ? res() : s.once('listening', () => res())));
  base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  const s = server;
  if (s) await new Promise((res) => s.close(res));
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the read path', () => {
  it('a segment download is logged before it is sent and finished with the bytes sent', async () => {
    const seg = segments[0];
    const res = await officerWc.get(`/api/recordings/${seg.id}/media`);
    expect(res.status).toBe(200);
    const readId = res.headers.get('x-vigil-read');
    // Written before the body is read: the row is there, not finished yet.
    const open = await readOf(readId);
    expect(open).toMatchObject({ outcome: 'served', action: 'download', record_kind: 'segment', record_id: seg.id, sha256: seg.sha256, device_id: camera, user_id: officerWc.user.id, role: 'officer', grant_id: null, user_agent: 'vigil-integration-tests', bytes: null, finished_at: null });
    expect(open.request_id).toBeTruthy();
    expect(open.agency_path).toMatch(/^\//);
    expect(open.business_id).toBeTruthy();
    const got = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(seg.sha256);
    const done = await finished(readId!);
    expect(Number(done.bytes)).toBe(seg.size);
  });

  it('a refused read is a denied row, answered 403 and ledgered as before', async () => {
    const before = await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'access.denied').executeTakeFirstOrThrow();
    const res = await officerJd.get(`/api/recordings/${segments[0].id}/media`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { refusal?: { code: string } }).refusal?.code).toBe('no_grant');
    const row = await lastRead();
    expect(row).toMatchObject({ outcome: 'denied', denied_reason: 'no_grant', user_id: officerJd.user.id, record_kind: 'segment', record_id: segments[0].id, grant_id: null, bytes: '0' });
    // Logged under the record's owner (婺城), so the head who owns it sees the refusal in his audit log.
    const owner = await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(['a.path', 'b.id as businessId']).where('d.id', '=', camera).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ agency_path: owner.path, business_id: owner.businessId });
    const after = await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'access.denied').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    // A record that does not exist is a 404, not a row.
    const n = await t.db.selectFrom('record_reads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect((await officerJd.get('/api/recordings/00000000-0000-4000-8000-000000000000/media')).status).toBe(404);
    expect((await t.db.selectFrom('record_reads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(n.n);
  });

  it('a read under a 调用单 carries the grant; once revoked it is refused with a denied row', async () => {
    const asked = (await (await officerJd.post('/api/access-requests', { record: { kind: 'device', id: camera }, windowFrom: iso(t0.getTime()), windowTo: iso(t0.getTime() + 20_000), reason: '核查投诉涉及的现场录像', from: iso(Date.now()), until: iso(Date.now() + 48 * H) })).json()) as { id: string };
    expect((await head.post(`/api/access-requests/${asked.id}/decision`, { decision: 'approve', opinion: '同意调阅' })).status).toBe(200);

    const seg = await officerJd.get(`/api/recordings/${segments[1].id}/media`);
    expect(seg.status).toBe(200);
    await seg.arrayBuffer();
    expect(await finished(seg.headers.get('x-vigil-read')!)).toMatchObject({ outcome: 'served', grant_id: asked.id, record_kind: 'segment', bytes: String(segments[1].size) });
    // Outside the grant's window (the third segment): refused.
    expect((await officerJd.get(`/api/recordings/${segments[2].id}/media`)).status).toBe(403);

    // Playback prepared under the grant, played by ranges: each range a 'play' row of kind 'recording', counted.
    const p = (await (await officerJd.post(`/api/devices/${camera}/playback`, { from: iso(t0.getTime()), to: iso(t0.getTime() + 20_000) })).json()) as { url: string; size: number };
    const part = await officerJd.request('GET', p.url, undefined, { range: 'bytes=0-999' });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(1000);
    const played = await finished(part.headers.get('x-vigil-read')!);
    expect(played).toMatchObject({ action: 'play', record_kind: 'recording', record_id: camera, grant_id: asked.id, bytes: '1000' });
    expect(played.window_from).not.toBeNull();

    expect((await head.post(`/api/access-requests/${asked.id}/revoke`, { reason: '核查已结束' })).status).toBe(200);
    expect((await officerJd.get(p.url)).status).toBe(403);
    expect(await lastRead()).toMatchObject({ outcome: 'denied', denied_reason: 'grant_revoked', record_kind: 'recording', user_id: officerJd.user.id });
    expect((await officerJd.get(`/api/recordings/${segments[1].id}/media`)).status).toBe(403);
    expect(await lastRead()).toMatchObject({ outcome: 'denied', denied_reason: 'no_grant', record_kind: 'segment' });
  });

  it('a client who leaves mid-download is counted for what was sent, and the server stays up', async () => {
    const big = segments[2];
    const readId = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${base}/api/recordings/${big.id}/media`, { headers: { cookie: officerWc.cookie } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        res.once('data', () => {
          req.destroy();
          resolve(String(res.headers['x-vigil-read']));
        });
      });
      req.on('error', () => undefined);
    });
    const row = await finished(readId);
    expect(Number(row.bytes)).toBeGreaterThan(0);
    expect(Number(row.bytes)).toBeLessThan(big.size);
    // Still serving.
    const again = await fetch(`${base}/api/recordings/${segments[0].id}/media`, { headers: { cookie: officerWc.cookie } });
    expect(again.status).toBe(200);
    expect((await again.arrayBuffer()).byteLength).toBe(segments[0].size);
  });

  it('the log is append-only: a finished read cannot change, no read can be deleted', async () => {
    const row = await lastRead();
    await expect(sql`UPDATE record_reads SET bytes = 1 WHERE id = ${row.id}`.execute(t.db)).rejects.toThrow(/finished once/);
    await expect(sql`UPDATE record_reads SET user_name = 'x', finished_at = now() WHERE id = ${row.id}`.execute(t.db)).rejects.toThrow(/finished once/);
    await expect(sql`DELETE FROM record_reads WHERE id = ${row.id}`.execute(t.db)).rejects.toThrow(/append-only|permission denied/);
  });

  it('the seal job seals each closed day once, ledgered, and a sealed day can no longer change', async () => {
    const repo = createRecordReadsRepository(t.db);
    // Reads dated on two earlier Beijing days (as a long-running platform has them): one finished, one still open.
    const today = new Date(Date.now() + 8 * H).toISOString().slice(0, 10);
    const midnight = new Date(`${today}T00:00:00+08:00`).getTime();
    const row = { user_id: officerWc.user.id, user_name: 'x', role: 'officer', action: 'view' as const, outcome: 'served' as const, denied_reason: null, record_kind: 'segment', record_id: segments[0].id };
    const oldA = await t.db.insertInto('record_reads').values({ ...row, at: new Date(midnight - 30 * H), bytes: 10, finished_at: new Date(midnight - 30 * H) }).returning('id').executeTakeFirstOrThrow();
    const open = await t.db.insertInto('record_reads').values({ ...row, at: new Date(midnight - 2 * H) }).returning('id').executeTakeFirstOrThrow();
    const dayBefore = new Date(midnight - 30 * H + 8 * H).toISOString().slice(0, 10);
    const yesterday = new Date(midnight - 2 * H + 8 * H).toISOString().slice(0, 10);

    // Half an hour past midnight: the day before yesterday is sealed; yesterday is not an hour past its end.
    expect((await sealRecordReads({ db: t.db, repo }, new Date(midnight + H / 2))).sealed).toEqual([dayBefore]);
    // Two hours past: yesterday waits for its open read.
    expect((await sealRecordReads({ db: t.db, repo }, new Date(midnight + 2 * H))).sealed).toEqual([]);
    await repo.finish(open.id, 42);
    expect((await sealRecordReads({ db: t.db, repo }, new Date(midnight + 2 * H))).sealed).toEqual([yesterday]);
    // Run again: nothing new.
    expect((await sealRecordReads({ db: t.db, repo }, new Date(midnight + 2 * H))).sealed).toEqual([]);

    const seal = await t.db.selectFrom('record_read_seals').selectAll().where('day', '=', dayBefore).executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('record_reads').selectAll().where('id', '=', oldA.id).execute();
    expect(seal).toMatchObject({ reads: '1', first_id: oldA.id, last_id: oldA.id, digest: createHash('sha256').update(`${canonicalJson(rows[0])}\n`).digest('hex') });
    const entry = await t.db.selectFrom('ledger_entries').select(['entity_type', 'entity_id']).where('action', '=', 'record_reads.sealed').orderBy('id').execute();
    expect(entry).toEqual([
      { entity_type: 'record_read_seal', entity_id: dayBefore },
      { entity_type: 'record_read_seal', entity_id: yesterday },
    ]);
    // A read of a sealed day that was still open can no longer be finished.
    const late = await t.db.insertInto('record_reads').values({ ...row, at: new Date(midnight - 29 * H) }).returning('id').executeTakeFirstOrThrow();
    await expect(sql`UPDATE record_reads SET bytes = 5, finished_at = now() WHERE id = ${late.id}`.execute(t.db)).rejects.toThrow(/sealed day/);
    await expect(sql`DELETE FROM record_read_seals WHERE day = ${dayBefore}`.execute(t.db)).rejects.toThrow(/never changes|permission denied/);
  });
});
