import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Upload, type DetailedError } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { isWorkingDay, shanghaiDay } from '../../core/calendar/calendar.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { loadCalendar } from '../../core/calendar/calendar.repository.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 15 item 5 (R10) against a real PostgreSQL over real HTTP (the app on a node server): an
// officer uploads footage resumably (tus 1.0) into a device's record and a case; a lost connection
// is resumed from the server's offset; hash and size are checked on arrival (a wrong hash or a short
// file refused, nothing stored, the refusal ledgered); a video past its 24 hours needs a reason and
// is then flagged late; a document one working day old is not late; another district is refused.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let server: ServerType;
let base: string;
let officer: Session;
let officer2: Session;
let otherDistrict: Session;
let manager: Session;
let deviceId: string;
let caseId: string;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HOUR = 3600_000;
type Dto = { id: string; status: string; sha256: string | null; late: boolean; lateReason: string | null; deadlineAt: string; officers: { id: string; name: string }[]; party: { name: string }; contentUrl: string | null; received: number };
type Problem = { code: string; issues?: { path: (string | number)[]; code: string; message: string }[]; refusal?: { code: string; rule: string; message: string } };

function call(s: Session, method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string) {
  return fetch(base + url, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body) });
}
const meta = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

async function create(s: Session, bytes: Buffer, o: { kind?: string; target?: 'case' | 'device'; targetId?: string; capturedTo?: Date; sha256?: string; officers?: string[] } = {}) {
  const to = o.capturedTo ?? new Date(Date.now() - HOUR);
  const res = await call(s, 'POST', '/api/uploads/tus', {
    'tus-resumable': '1.0.0',
    'upload-length': String(bytes.length),
    'upload-metadata': meta({
      filename: 'DSJ_0001.mp4',
      filetype: 'video/mp4',
      kind: o.kind ?? 'video',
      target: o.target ?? 'device',
      targetId: o.targetId ?? deviceId,
      capturedFrom: new Date(to.getTime() - 10 * 60_000).toISOString(),
      capturedTo: to.toISOString(),
      matter: '游泳池水质现场检查',
      officers: (o.officers ?? [officer.user.id, officer2.user.id]).join(','),
      recorderSerial: 'DSJ-V9-0042',
      sha256: o.sha256 ?? sha(bytes),
    }),
  });
  return res;
}
async function started(s: Session, bytes: Buffer, o: Parameters<typeof create>[2] = {}) {
  const res = await create(s, bytes, o);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get('location')!;
}
const patch = (s: Session, loc: string, offset: number, chunk: Buffer) => call(s, 'PATCH', loc, { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, chunk);
const offsetOf = async (s: Session, loc: string) => Number((await call(s, 'HEAD', loc, { 'tus-resumable': '1.0.0' })).headers.get('upload-offset'));
const complete = (s: Session, id: string, lateReason?: string) => call(s, 'POST', `/api/mobile-recordings/${id}/complete`, { 'content-type': 'application/json' }, JSON.stringify(lateReason ? { lateReason } : {}));
const idOf = (loc: string) => loc.split('/').pop()!;
const ledger = (id: string) => t.db.selectFrom('ledger_entries').select(['action', 'context']).where('entity_id', '=', id).orderBy('id').execute();

/** Sends `part` of a PATCH and then drops the connection, as a phone losing its network does. */
function patchAndDrop(s: Session, loc: string, offset: number, part: Buffer, declared: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(base + loc, { method: 'PATCH', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(declared) } });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(part, () => setImmediate(() => req.destroy()));
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-mobile-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  api = await createTestApi(t, { blobs });
  server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  officer = await api.login('officer.wc');
  officer2 = await api.login('officer2.wc');
  otherDistrict = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  const biz = await api.login('biz.hosp');
  deviceId = (await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).orderBy('created_at').executeTakeFirstOrThrow()).id;
  const b = await t.db.selectFrom('businesses').select(['id', 'agency_id']).where('id', '=', biz.user.businessId!).executeTakeFirstOrThrow();
  const at = new Date();
  caseId = (
    await t.admin
      .insertInto('cases')
      .values({ agency_id: b.agency_id, business_id: b.id, party_kind: 'organisation', procedure: 'general', source: 'inspection', source_record: JSON.stringify({}), cause: '游泳池水质不合格', category: '公', investigators: JSON.stringify([{ id: officer.user.id, name: '张伟', certificateNo: 'A1' }, { id: officer2.user.id, name: '王芳', certificateNo: 'A2' }]), state: 'investigating', filing_clock_from: at, accepted_at: at, created_by: officer.user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('resumable upload of field records (tus 1.0)', () => {
  it('an upload interrupted by a lost connection resumes from the server offset and completes with the right hash', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const loc = await started(officer, bytes);
    expect(loc).toMatch(/^\/api\/uploads\/tus\/[0-9a-f-]{36}$/);
    expect(await offsetOf(officer, loc)).toBe(0);
    // First megabyte in one PATCH.
    const first = await patch(officer, loc, 0, bytes.subarray(0, 1024 * 1024));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe(String(1024 * 1024));
    // A wrong offset is a conflict, and writes nothing.
    expect((await patch(officer, loc, 0, bytes.subarray(0, 10))).status).toBe(409);
    // The next megabyte arrives in part; the connection drops.
    await patchAndDrop(officer, loc, 1024 * 1024, bytes.subarray(1024 * 1024, 1024 * 1024 + 300 * 1024), bytes.length - 1024 * 1024);
    // Resume as tus-js-client does: ask the offset, send the rest from there (again after a 409 while the dropped request winds down).
    let done = false;
    for (let attempt = 0; attempt < 50 && !done; attempt++) {
      const at = await offsetOf(officer, loc);
      expect(at).toBeGreaterThanOrEqual(1024 * 1024);
      const res = await patch(officer, loc, at, bytes.subarray(at));
      if (res.status === 409) continue;
      expect(res.status).toBe(204);
      expect(res.headers.get('upload-offset')).toBe(String(bytes.length));
      done = true;
    }
    expect(done).toBe(true);
    const res = await complete(officer, idOf(loc));
    expect(res.status, await res.clone().text()).toBe(200);
    const dto = (await res.json()) as Dto;
    expect(dto).toMatchObject({ status: 'complete', sha256: sha(bytes), late: false, received: bytes.length, party: { name: expect.any(String) } });
    expect(dto.officers.map((o) => o.id)).toEqual([officer.user.id, officer2.user.id]);
    expect(await blobs.has(sha(bytes))).toBe(true);
    expect((await ledger(dto.id)).map((e) => e.action)).toEqual(['mobile_recording.started', 'mobile_recording.uploaded']);
    // A finished upload is frozen.
    await expect(t.db.updateTable('mobile_recordings').set({ matter: 'x' }).where('id', '=', dto.id).execute()).rejects.toThrow(/cannot change/);
    // The device's list shows it; its content is served through the access layer, byte for byte.
    const list = (await (await call(officer2, 'GET', `/api/devices/${deviceId}/mobile-recordings`)).json()) as { items: Dto[] };
    expect(list.items.find((i) => i.id === dto.id)?.sha256).toBe(sha(bytes));
    const content = await call(officer2, 'GET', dto.contentUrl!);
    expect(content.status).toBe(200);
    expect(sha(Buffer.from(await content.arrayBuffer()))).toBe(sha(bytes));
  });

  it('tus-js-client, the reference client, uploads in chunks, is paused after the first and resumes from the server offset', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 9);
    const to = new Date(Date.now() - HOUR);
    const chunks: number[] = [];
    let paused = false;
    const upload = new Upload(bytes, {
      endpoint: `${base}/api/uploads/tus`,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 100, 500],
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf },
      metadata: { filename: 'DSJ_0002.mp4', filetype: 'video/mp4', kind: 'video', target: 'device', targetId: deviceId, capturedFrom: new Date(to.getTime() - 60_000).toISOString(), capturedTo: to.toISOString(), matter: '现场检查', officers: officer.user.id, sha256: sha(bytes) },
    });
    const run = () =>
      new Promise<'paused' | 'done'>((resolve, reject) => {
        upload.options.onChunkComplete = (_size, accepted) => {
          chunks.push(accepted);
          if (!paused) {
            paused = true;
            void upload.abort().then(() => resolve('paused'));
          }
        };
        upload.options.onSuccess = () => resolve('done');
        upload.options.onError = (e) => reject(new Error(`${e.message} ${(e as DetailedError).originalResponse?.getBody() ?? ''}`));
        upload.start();
      });
    expect(await run()).toBe('paused');
    const loc = new URL(upload.url!).pathname;
    const head = await call(officer, 'HEAD', loc, { 'tus-resumable': '1.0.0' });
    expect([head.headers.get('upload-offset'), head.headers.get('upload-length'), head.headers.get('tus-resumable'), head.headers.get('cache-control')]).toEqual([String(1024 * 1024), String(bytes.length), '1.0.0', 'no-store']);
    // start() again: HEAD for the offset, then the rest, a chunk at a time.
    expect(await run()).toBe('done');
    expect(chunks).toEqual([1024 * 1024, 2 * 1024 * 1024, bytes.length]);
    const res = await complete(officer, idOf(loc));
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()) as Dto).toMatchObject({ status: 'complete', sha256: sha(bytes), received: bytes.length });
  });

  it('every tus answer says Tus-Resumable, refusals included', async () => {
    const anonymous = await fetch(`${base}/api/uploads/tus`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
    expect([anonymous.status, anonymous.headers.get('tus-resumable')]).toEqual([401, '1.0.0']);
    const unknown = await call(officer, 'HEAD', `/api/uploads/tus/${randomUUID()}`, { 'tus-resumable': '1.0.0' });
    expect([unknown.status, unknown.headers.get('tus-resumable')]).toEqual([404, '1.0.0']);
    const stale = await patch(officer, `/api/uploads/tus/${randomUUID()}`, 0, Buffer.from('x'));
    expect([stale.status, stale.headers.get('tus-resumable')]).toEqual([404, '1.0.0']);
  });

  it('a declared hash that does not match is refused: nothing stored, the refusal ledgered', async () => {
    const bytes = randomBytes(64 * 1024);
    const loc = await started(officer, bytes, { sha256: sha(Buffer.from('something else')) });
    expect((await patch(officer, loc, 0, bytes)).status).toBe(204);
    const res = await complete(officer, idOf(loc));
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).refusal?.code).toBe('upload.hash_mismatch');
    expect(await blobs.has(sha(bytes))).toBe(false);
    const row = await t.db.selectFrom('mobile_recordings').selectAll().where('id', '=', idOf(loc)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'refused', refusal: 'hash_mismatch', sha256: null });
    const entries = await ledger(row.id);
    expect(entries.map((e) => e.action)).toEqual(['mobile_recording.started', 'mobile_recording.refused']);
    expect(JSON.stringify(entries[1].context)).toContain(sha(bytes));
    // Nothing more is taken for it.
    expect((await patch(officer, loc, bytes.length, Buffer.from('x'))).status).toBe(409);
  });

  it('a truncated upload is refused naming what arrived, nothing stored, ledgered', async () => {
    const bytes = randomBytes(100_000);
    const loc = await started(officer, bytes);
    expect((await patch(officer, loc, 0, bytes.subarray(0, 60_000))).status).toBe(204);
    const res = await complete(officer, idOf(loc));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Problem;
    expect(body.refusal?.code).toBe('upload.truncated');
    expect(body.refusal?.message).toContain('60000');
    expect(await blobs.has(sha(bytes))).toBe(false);
    expect(await blobs.has(sha(bytes.subarray(0, 60_000)))).toBe(false);
    expect((await ledger(idOf(loc))).map((e) => e.action)).toEqual(['mobile_recording.started', 'mobile_recording.refused']);
  });
});

describe('storage deadlines (R10)', () => {
  it('a video captured 30 hours ago needs the reason (400 naming the rule); with it, it is stored and flagged late', async () => {
    const bytes = randomBytes(20_000);
    const loc = await started(officer, bytes, { capturedTo: new Date(Date.now() - 30 * HOUR), target: 'case', targetId: caseId });
    expect((await patch(officer, loc, 0, bytes)).status).toBe(204);
    const bare = await complete(officer, idOf(loc));
    expect(bare.status).toBe(400);
    const problem = (await bare.json()) as Problem;
    expect(problem.issues?.[0]).toMatchObject({ path: ['lateReason'], code: 'upload.late_reason_required' });
    expect(problem.refusal?.rule).toContain('第二十三条');
    expect((await t.db.selectFrom('mobile_recordings').select('status').where('id', '=', idOf(loc)).executeTakeFirstOrThrow()).status).toBe('uploading');
    expect(await blobs.has(sha(bytes))).toBe(false);

    const res = await complete(officer, idOf(loc), '在边远山区连续检查,无网络信号');
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()) as Dto).toMatchObject({ status: 'complete', late: true, lateReason: '在边远山区连续检查,无网络信号' });
    // The case's list shows it with its reason; the unit head's list of late uploads has it; another district's head would not.
    const list = (await (await call(officer, 'GET', `/api/cases/${caseId}/mobile-recordings`)).json()) as { items: Dto[] };
    expect(list.items.find((i) => i.id === idOf(loc))).toMatchObject({ late: true, lateReason: '在边远山区连续检查,无网络信号' });
    const late = (await (await call(manager, 'GET', '/api/mobile-recordings/late')).json()) as { items: Dto[] };
    expect(late.items.map((i) => i.id)).toContain(idOf(loc));
    expect((await call(officer, 'GET', '/api/mobile-recordings/late')).status).toBe(403);
  });

  it('a document one working day old is not late', async () => {
    const cal = await loadCalendar(t.db, shanghaiDay(new Date(Date.now() - 20 * 86400_000)));
    // The working day before today (Shanghai), 10:00.
    let day = shanghaiDay(new Date(Date.now() - 86400_000));
    while (!isWorkingDay(day, cal)) day = shanghaiDay(new Date(Date.parse(`${day}T12:00:00+08:00`) - 86400_000));
    const bytes = Buffer.from('%PDF-1.4\n现场笔录\n%%EOF\n');
    const loc = await started(officer, bytes, { kind: 'document', capturedTo: new Date(`${day}T10:00:00+08:00`) });
    expect((await patch(officer, loc, 0, bytes)).status).toBe(204);
    const res = await complete(officer, idOf(loc));
    expect(res.status, await res.clone().text()).toBe(200);
    const dto = (await res.json()) as Dto;
    expect(dto.late).toBe(false);
    expect(Date.parse(dto.deadlineAt)).toBeGreaterThan(Date.now());
  });
});

describe('access', () => {
  it("another district's officer can neither upload into, list nor read this district's records", async () => {
    const bytes = randomBytes(1000);
    expect((await create(otherDistrict, bytes, { officers: [otherDistrict.user.id] })).status).toBe(403);
    expect((await call(otherDistrict, 'GET', `/api/devices/${deviceId}/mobile-recordings`)).status).toBe(403);
    const mine = await t.db.selectFrom('mobile_recordings').select('id').where('status', '=', 'complete').executeTakeFirstOrThrow();
    expect((await call(otherDistrict, 'GET', `/api/mobile-recordings/${mine.id}/content`)).status).toBe(403);
    // The refusal is a denied row of the read path; the uploader's own read is a served row with its bytes and hash.
    expect(await t.db.selectFrom('record_reads').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).toMatchObject({ outcome: 'denied', record_kind: 'mobile_recording', record_id: mine.id, user_id: otherDistrict.user.id });
    const own = await call(officer, 'GET', `/api/mobile-recordings/${mine.id}/content?download=1`);
    expect(own.status).toBe(200);
    const got = Buffer.from(await own.arrayBuffer());
    const row = await t.db.selectFrom('mobile_recordings').select(['sha256', 'device_id', 'case_id']).where('id', '=', mine.id).executeTakeFirstOrThrow();
    expect(await servedRead(t.db, own)).toMatchObject({ outcome: 'served', action: 'download', record_kind: 'mobile_recording', record_id: mine.id, sha256: row.sha256, device_id: row.device_id, case_id: row.case_id, bytes: String(got.length), user_id: officer.user.id });
    // Nor may another officer continue someone else's upload.
    const loc = await started(officer, bytes);
    expect((await patch(officer2, loc, 0, bytes)).status).toBe(403);
    // And an upload needs a login.
    expect((await fetch(`${base}/api/uploads/tus`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } })).status).toBe(401);
  });

  it('every upload row, finished or not, matches its latest ledger entry', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems.filter((p) => p.id.startsWith('mobile_recording/'))).toEqual([]);
    expect(Number((await t.db.selectFrom('mobile_recordings').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(4);
  });
});
