import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { nextDay, shanghaiDay } from '../../core/calendar/calendar.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner, type LedgerSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { createLogger } from '../../core/log.js';
import { purgeExpiredRecordings } from '../../core/retention/recording-retention.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { publishSession } from '../support/case-media.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Holds (保全) and retention (R11; 002-音像 §28–§29, 003 §23–§24) against a real PostgreSQL and blob
// store: a held window and case evidence survive a purge run while an expired ordinary segment
// beside them goes with its signed deletion record, and verify still passes; a hold asked by the
// approver himself, approved by no head, or with a past review date is refused, changes nothing
// and is logged; a released hold lets its material go at the next run; retention shown per kind;
// the purge report lists what will go and what went.
const log = createLogger('silent');
const DAY = 86400_000;
const POLICY = { ordinaryDays: 183, byCategory: {} };
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let signer: LedgerSigner;
let officer: Session;
let head: Session;
let archivist: Session;
let device: string;
let caseId: string;
let flagId: string;
const seg: Record<string, { id: string; sha: string; startedAt: Date; endedAt: Date }> = {};
const holds: Record<string, string> = {};
type Err = { code: string; refusal?: { code: string }; issues?: { path: string[]; message: string }[] };
type Ret = { class: string; basis: string; keepUntil: string | null; withCaseFile: boolean; held: { id: string }[] };
const body = async <T>(res: Response, status = 200) => {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
};
const holdCount = async () => Number((await t.db.selectFrom('record_holds').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const purge = () => purgeExpiredRecordings({ db: t.db, blobs, signer, policy: POLICY, log });
const inDays = (n: number) => nextDay(shanghaiDay(new Date()), n);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-holds-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  signer = loadOrCreateSigner(path.join(dir, 'keys'));
  api = await createTestApi(t, { blobs, ledgerPublicKeyPem: signer.publicKeyPem, retention: POLICY });
  officer = await api.login('officer.wc');
  head = await api.login('manager.jh');
  archivist = await api.login('archivist.jh');
  const d = await t.db.selectFrom('devices').innerJoin('businesses as b', 'b.id', 'devices.business_id').select(['devices.id', 'devices.site_id', 'devices.business_id', 'b.agency_id']).where('b.name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
  device = d.id;
  const session = await publishSession(t.db, device, officer.user.id, 'QR2026-910001');
  let seq = 0;
  const make = async (name: string, endedDaysAgo: number, retention: 'ordinary' | 'case' = 'ordinary') => {
    const b = await blobs.put(Buffer.from(`FLV segment ${name} ${Math.random()}`), 'video/x-flv');
    const endedAt = new Date(Date.now() - endedDaysAgo * DAY);
    const startedAt = new Date(endedAt.getTime() - 10_000);
    seq++;
    const id = await t.db.transaction().execute(async (trx) => {
      await recordBlob(trx, { ...b, mediaType: 'video/x-flv' });
      const row = await trx.insertInto('recording_segments').values({ device_id: device, session_id: session, seq, blob_sha256: b.sha256, size: b.size, started_at: startedAt, ended_at: endedAt, stream_start_ms: seq * 10_000, stream_end_ms: seq * 10_000 + 10_000, clock_offset_ms: 0, retention_class: retention }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: { type: 'device', id: device }, action: 'recording.segment_stored', entityType: 'recording_segment', entityId: row.id, state: row });
      return row.id;
    });
    seg[name] = { id, sha: b.sha256, startedAt, endedAt };
  };
  await make('held', 210);
  await make('beside', 205); // ordinary, expired, outside every hold: goes
  await make('caseEvidence', 220);
  await make('caseClass', 230, 'case');
  await make('released', 240); // held, then released: goes at the next run
  await make('recent', 10);
  // A case whose evidence names one of the segments (as case filing does), and a flag in it.
  await t.db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('cases')
      .values({ agency_id: d.agency_id, business_id: d.business_id, party_kind: 'organisation', procedure: 'general', source: 'inspection', source_record: '{}', cause: '保全测试案件', category: '医疗', investigators: JSON.stringify([officer.user.id, officer.user.id]), state: 'investigating', filing_clock_from: new Date(), accepted_at: new Date(), created_by: officer.user.id } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: { type: 'user', id: officer.user.id }, action: 'case.accepted', entityType: 'case', entityId: c.id, state: c });
    caseId = c.id;
    const ev = await trx.insertInto('case_evidence').values({ case_id: c.id, kind: 'segments', title: '原始录像片段 1 段', checklist: '{}', source: JSON.stringify({ segments: [{ id: seg.caseEvidence.id, sha256: seg.caseEvidence.sha }] }) }).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: { type: 'user', id: officer.user.id }, action: 'case.evidence_added', entityType: 'case_evidence', entityId: ev.id, state: ev });
    const f = await trx.insertInto('flags').values({ dedupe_key: `${device}:tamper:camera_covered:holds`, device_id: device, site_id: d.site_id, business_id: d.business_id, agency_id: d.agency_id, category: 'medical', source: 'tamper', type: 'camera_covered', analyzer: 'test', state: 'ended', started_at: new Date(), ended_at: new Date(), detail: '{}' }).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: { type: 'system', id: 'test' }, action: 'flag.raised', entityType: 'flag', entityId: f.id, state: f });
    flagId = f.id;
  });
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const windowOf = (s: { startedAt: Date; endedAt: Date }) => ({ windowFrom: new Date(s.startedAt.getTime() - 1000).toISOString(), windowTo: new Date(s.endedAt.getTime() + 1000).toISOString() });

describe('holds (保全)', () => {
  it('refuses a past review date, the requester approving himself, and an approval by no head: nothing changes, each logged', async () => {
    const past = await body<Err>(await officer.post('/api/holds', { reason: 'dispute', note: '当事人对检查有异议', record: { kind: 'recording', id: device }, ...windowOf(seg.held), reviewOn: inDays(-1) }), 400);
    expect(past.issues?.map((i) => i.path.join('.'))).toContain('reviewOn');
    const tooFar = await body<Err>(await officer.post('/api/holds', { reason: 'dispute', note: 'x', record: { kind: 'recording', id: device }, ...windowOf(seg.held), reviewOn: inDays(400) }), 400);
    expect(tooFar.issues?.map((i) => i.path.join('.'))).toContain('reviewOn');
    expect(await holdCount()).toBe(0);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'record_hold.refused').execute()).toHaveLength(2);

    // The head asks for a hold himself: he cannot approve it.
    const own = await body<{ id: string; status: string }>(await head.post('/api/holds', { reason: 'complaint', note: '投诉', record: { kind: 'segment', id: seg.beside.id }, reviewOn: inDays(90) }), 201);
    expect(own.status).toBe('pending');
    const denials = async () => (await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'access.denied').execute()).length;
    const before = await denials();
    const self = await body<Err>(await head.post(`/api/holds/${own.id}/decision`, { decision: 'approve', opinion: '同意' }), 403);
    expect(self.refusal?.code).toBe('self_approval');
    // An officer is no head: the route refuses him.
    await body<Err>(await officer.post(`/api/holds/${own.id}/decision`, { decision: 'approve', opinion: '同意' }), 403);
    expect(await denials()).toBe(before + 2);
    const row = await t.db.selectFrom('record_holds').selectAll().where('id', '=', own.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.approved_by).toBeNull();
    // Behind the service, the table refuses a hold in force without an approver, or approved by its requester.
    await expect(t.db.updateTable('record_holds').set({ status: 'in_force', approved_at: new Date() }).where('id', '=', own.id).execute()).rejects.toThrow(/check/i);
    await expect(t.db.updateTable('record_holds').set({ status: 'in_force', approved_at: new Date(), approved_by: head.user.id }).where('id', '=', own.id).execute()).rejects.toThrow(/check/i);
    // A pending hold keeps nothing: the segment it names stays due.
    expect((await t.db.selectFrom('record_holds').select('status').where('id', '=', own.id).executeTakeFirstOrThrow()).status).toBe('pending');
  });

  it('a held window and case evidence survive a purge while the expired segment beside them goes; verify passes', async () => {
    for (const name of ['held', 'released']) {
      const h = await body<{ id: string }>(await officer.post('/api/holds', { reason: name === 'held' ? 'litigation' : 'obstruction', note: `保全 ${name}`, record: { kind: 'recording', id: device }, ...windowOf(seg[name]), reviewOn: inDays(180) }), 201);
      const approved = await body<{ status: string; approval: { by: string } }>(await head.post(`/api/holds/${h.id}/decision`, { decision: 'approve', opinion: '同意长期保存' }), 200);
      expect(approved.status).toBe('in_force');
      holds[name] = h.id;
    }
    expect(await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'record_hold.approved').execute()).toHaveLength(2);

    // The report forecasts what the purge will take: only `beside` is due (recent is due in ~173 days).
    const report = await body<{ forecast: { device: { id: string }; segments: number; bytes: number }[]; totals: { segments: number }; holds: { id: string }[] }>(await archivist.get('/api/retention/report?days=30'));
    expect(report.totals.segments).toBe(1);
    expect(report.forecast[0].device.id).toBe(device);
    expect(report.holds.map((h) => h.id).sort()).toEqual([holds.held, holds.released].sort());
    const far = await body<{ totals: { segments: number } }>(await archivist.get('/api/retention/report?days=180'));
    expect(far.totals.segments).toBe(2); // and recent, by then

    expect((await purge()).purged).toBe(1);
    expect(await blobs.has(seg.beside.sha)).toBe(false);
    for (const name of ['held', 'caseEvidence', 'caseClass', 'released', 'recent']) expect(await blobs.has(seg[name].sha), name).toBe(true);
    expect(await t.db.selectFrom('blob_deletions').select('rule').where('sha256', '=', seg.beside.sha).executeTakeFirstOrThrow()).toEqual({ rule: 'recording.ordinary.183d' });

    const sealer = createSealer({ db: t.db, log, signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 1000 });
    await sealer.sealOnce();
    await sealer.checkpointNow();
    await sealer.stop();
    const v = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: blobs });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('a released hold lets its material go at the next run', async () => {
    await body<Err>(await head.post(`/api/holds/${holds.released}/release`, { reason: '   ' }), 400);
    const released = await body<{ status: string; release: { reason: string } }>(await head.post(`/api/holds/${holds.released}/release`, { reason: '行政诉讼已终结' }), 200);
    expect(released.status).toBe('released');
    expect((await purge()).purged).toBe(1);
    expect(await blobs.has(seg.released.sha)).toBe(false);
    expect(await blobs.has(seg.held.sha)).toBe(true);
  });

  it('shows retention for each kind of record', async () => {
    const of = async (kind: string, id: string, q = '') => body<Ret>(await officer.get(`/api/retention/${kind}/${id}${q}`));
    const held = await of('segment', seg.held.id);
    expect(held.class).toBe('held');
    expect(held.held.map((h) => h.id)).toEqual([holds.held]);
    expect(held.basis).toContain('002-音像第二十九条');
    const recent = await of('segment', seg.recent.id);
    expect(recent).toMatchObject({ class: 'ordinary', keepUntil: shanghaiDay(new Date(seg.recent.endedAt.getTime() + 183 * DAY)), held: [] });
    expect(recent.basis).toContain('002-音像第二十八条');
    expect((await of('segment', seg.beside.id)).class).toBe('purged');
    expect(await of('segment', seg.caseEvidence.id)).toMatchObject({ class: 'case', keepUntil: null, withCaseFile: true });
    expect((await of('segment', seg.caseClass.id)).class).toBe('case');
    const w = windowOf(seg.held);
    expect((await of('recording', device, `?from=${encodeURIComponent(w.windowFrom)}&to=${encodeURIComponent(w.windowTo)}`)).class).toBe('held');
    const rw = windowOf(seg.recent);
    expect((await of('recording', device, `?from=${encodeURIComponent(rw.windowFrom)}&to=${encodeURIComponent(rw.windowTo)}`)).class).toBe('ordinary');
    expect(await of('case', caseId)).toMatchObject({ class: 'case', keepUntil: null, withCaseFile: true });
    expect(await of('flag_snapshot', flagId)).toMatchObject({ class: 'evidence', keepUntil: null });
    // Another district's officer sees nothing of it.
    await body<Err>(await (await api.login('officer.jd')).get(`/api/retention/segment/${seg.held.id}`), 403);
  });

  it('the purge report lists what went, each deletion record checked against the ledger key', async () => {
    const r = await body<{ deletions: { sha256: string; rule: string; signatureValid: boolean | null; subject: { segmentId: string } }[]; holds: { id: string }[] }>(await archivist.get('/api/retention/report?days=30'));
    const gone = r.deletions.filter((d) => [seg.beside.sha, seg.released.sha].includes(d.sha256));
    expect(gone).toHaveLength(2);
    for (const d of gone) expect(d).toMatchObject({ rule: 'recording.ordinary.183d', signatureValid: true });
    expect(r.holds.map((h) => h.id)).toEqual([holds.held]);
    // Officers have no purge report.
    await body<Err>(await officer.get('/api/retention/report'), 403);
  });

  it("lists a hold past its review date as 复核到期 first in the head's list; the head sets the next review", async () => {
    await t.db.updateTable('record_holds').set({ review_on: shanghaiDay(new Date()) }).where('id', '=', holds.held).execute();
    const q = await body<{ items: { id: string; status: string }[] }>(await head.get('/api/holds/queue'));
    expect(q.items[0]).toMatchObject({ id: holds.held, status: 'review_due' });
    await body<Err>(await head.post(`/api/holds/${holds.held}/review`, { reviewOn: inDays(400) }), 400);
    const reviewed = await body<{ status: string; reviewOn: string }>(await head.post(`/api/holds/${holds.held}/review`, { reviewOn: inDays(200) }), 200);
    expect(reviewed).toMatchObject({ status: 'in_force', reviewOn: inDays(200) });
  });
});
