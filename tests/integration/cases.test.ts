import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseStageService } from '../../api/cases/case-stage.service.js';
import { createAccess } from '../../api/access/access.service.js';
import { createAccessRepository } from '../../api/access/access.repository.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { AuthUser } from '../../api/http/context.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { seizureExtensionDecisionFields } from '../../core/documents/case-templates/seizure-extension-decision.v1.js';
import { appendLedger } from '../../core/ledger/append.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { createLogger } from '../../core/log.js';
import { purgeExpiredRecordings } from '../../core/retention/recording-retention.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { createFakeDocuments } from '../support/fake-documents.js';
import { insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 13 items 2–4 against a real PostgreSQL (documents faked: tests/support/fake-documents.ts):
// filing from a confirmed flag with its evidence frozen, the head's approval, the recorded
// stages in order with the rules they break named, major decisions waiting for legal review
// and collective discussion, and every refusal changing nothing and landing in the ledger.
let t: TestDatabase;
let api: TestApi;
let dir: string;
const docs = createFakeDocuments();
let officer: Session;
let officer2: Session;
let officerJd: Session;
let manager: Session;
let legal: Session;
let admin: Session;
let deviceId: string;
let sessionId: string;
let segSeq = 0;

type Workspace = {
  case: { id: string; state: string; version: number; filedAt: string | null; major: { rule: string }[]; findingIds: string[] };
  evidence: { id: string; kind: string; version: number; complete: boolean; source: Record<string, unknown>; link?: string | null }[];
  timeline: { kind: string; documents: { kind: string; number: string | null }[] }[];
  clocks: { kind: string; dueAt: string | null; stoppedAt: string | null; secondsLeft: number | null; basis: string }[];
  nextActions: { kind: string; allowed: boolean; refusal: { code: string; rule: string } | null }[];
};
type Refusal = { code: string; refusal?: { code: string; rule: string; message: string } };

async function loginWith(username: string, password: string) {
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-cases-'));
  api = await createTestApi(t, { documents: docs.service, blobs: createFsBlobStore(path.join(dir, 'blobs')) });
  officer = await api.login('officer.wc');
  officerJd = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  legal = await api.login('legal.jh');
  admin = await api.login('admin');
  // A second officer of Wucheng (two officers with certificates: 行政处罚法 art. 42), made by the administrator.
  const made = await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: officer.user.agencyId, certificateNo: '浙卫执字第20261号' });
  expect(made.status).toBe(201);
  const m = (await made.json()) as { oneTimePassword: string };
  officer2 = await loginWith('officer.wc2', m.oneTimePassword);

  // A consent, credential and publish session as recording needs them (as the retention test does).
  const device = await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.id', 'd.site_id', 'd.business_id', 'b.agency_id']).where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow();
  deviceId = device.id;
  const consent = await t.db.insertInto('consents').values({ ref: 'QR2026-930001', business_id: device.business_id, site_id: device.site_id, agency_id: device.agency_id, purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2025-01-01', valid_until: '2027-12-31', template_id: 'device-consent', template_version: 'v1', statements: '[]', created_by: officer.user.id }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(t.db, { actor: { type: 'system', id: 'test' }, action: 'consent.created', entityType: 'consent', entityId: consent.id, state: consent });
  const cred = await t.db.insertInto('device_credentials').values({ device_id: device.id, key_prefix: 'casetestab', key_sha256: '1'.repeat(64), created_by: officer.user.id }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(t.db, { actor: { type: 'system', id: 'test' }, action: 'credential.created', entityType: 'device_credential', entityId: cred.id, state: cred });
  const session = await t.db.insertInto('publish_sessions').values({ device_id: device.id, consent_id: consent.id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: new Date('2025-01-01T00:00:00Z'), ended_at: new Date() }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(t.db, { actor: { type: 'system', id: 'test' }, action: 'publish.started', entityType: 'publish_session', entityId: session.id, state: session });
  sessionId = session.id;
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A flag on the hospital's camera, confirmed by the officer, with its finding, and (old, ordinary) covering segments. */
async function confirmedFlag(opts: { segments?: number } = {}) {
  const blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const ended = new Date(Date.now() - 400 * 86400_000);
  const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 20_000), ended_at: ended }]);
  const segmentIds: string[] = [];
  for (let i = 0; i < (opts.segments ?? 0); i++) {
    const b = await blobs.put(Buffer.from(`FLV case segment ${Math.random()}`), 'video/x-flv');
    const seq = ++segSeq;
    await t.db.transaction().execute(async (trx) => {
      await recordBlob(trx, { ...b, mediaType: 'video/x-flv' });
      const row = await trx.insertInto('recording_segments').values({ device_id: deviceId, session_id: sessionId, seq, blob_sha256: b.sha256, size: b.size, started_at: new Date(ended.getTime() - 10_000 * (i + 1)), ended_at: new Date(ended.getTime() - 10_000 * i), stream_start_ms: seq * 10_000, stream_end_ms: seq * 10_000 + 10_000, clock_offset_ms: 0 }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: { type: 'device', id: deviceId }, action: 'recording.segment_stored', entityType: 'recording_segment', entityId: row.id, state: row });
      await trx.insertInto('flag_segments').values({ flag_id: flag.id, segment_id: row.id }).execute();
      segmentIds.push(row.id);
    });
  }
  const { findingId } = await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  return { flagId: flag.id, findingId, segmentIds };
}

const ws = async (s: Session, id: string) => (await (await s.get(`/api/cases/${id}`)).json()) as Workspace;
async function file(flagIds: string[], investigators = [officer.user.id, officer2.user.id]) {
  const res = await officer.post('/api/cases/from-flags', { flagIds, cause: '涉嫌未按规定开展消毒工作', category: '医', investigatorIds: investigators, summary: '非现场监管设备发现操作间遮挡摄像头' });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Workspace;
}
async function reviewAll(id: string) {
  const w = await ws(officer, id);
  for (const e of w.evidence) {
    const checklist = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, p === 'person' ? { met: false, note: '画面中人员面部不清，以询问笔录补强' } : { met: true }]));
    const res = await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist, expectedVersion: e.version });
    expect(res.status).toBe(200);
  }
}
const stage = async (s: Session, id: string, body: Record<string, unknown>) => {
  const version = (await ws(officer, id)).case.version;
  return s.post(`/api/cases/${id}/stages`, { expectedVersion: version, ...body });
};
const ok = async (s: Session, id: string, body: Record<string, unknown>) => {
  const res = await stage(s, id, body);
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as Workspace;
};
const two = () => [officer.user.id, officer2.user.id];

/** A filed and approved case from one confirmed flag. */
async function investigating() {
  const f = await confirmedFlag();
  const w = await file([f.flagId]);
  await reviewAll(w.case.id);
  await ok(officer, w.case.id, { kind: 'filing', fields: { report: '经审查证据符合立案标准，建议立案。' } });
  await ok(manager, w.case.id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  return w.case.id;
}
/** Through the end of investigation, panel discussion and approval of a proposed fine. */
async function approved(id: string, fineYuan: number) {
  await ok(officer, id, { kind: 'inquiry', officerIds: two(), participants: [{ name: '王建国', role: '被询问人' }], fields: { subject: '王建国', record: '问：当日操作间摄像头为何被遮挡？答：……' } });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备……', evidenceSummary: '视频、截图、询问笔录', proposal: `罚款${fineYuan}元` } });
  await ok(officer, id, { kind: 'panel_discussion', participants: [{ name: '张伟', role: '合议人员' }, { name: '李娜', role: '合议人员' }, { name: '赵敏', role: '合议人员' }], fields: { opinion: `建议罚款${fineYuan}元` } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty: { kinds: ['fine'], fineYuan } } });
  return ok(officer, id, { kind: 'prior_notice', fields: { facts: '……', legalBasis: '《消毒管理办法》第四十一条', penalty: { kinds: ['fine'], fineYuan }, hearingRight: fineYuan >= 10000 } });
}

describe('filing from a confirmed flag (R7)', () => {
  it('attaches the evidence, freezes the covering segments, links the finding; the checklist must be complete before the filing report; the head approves', async () => {
    const f = await confirmedFlag({ segments: 2 });
    const w = await file([f.flagId]);
    expect(w.case.state).toBe('accepted');
    expect(w.case.findingIds).toEqual([f.findingId]);
    expect(w.evidence.map((e) => e.kind).sort()).toEqual(['finding', 'segments']);
    expect(w.timeline.map((s) => s.kind)).toEqual(['acceptance']);
    expect(w.timeline[0].documents[0].kind).toBe('case_acceptance');
    const filing = w.clocks.find((c) => c.kind === 'filing')!;
    expect(filing.secondsLeft).toBeGreaterThan(0);
    expect(filing.basis).toContain('行政处罚法第五十四条');

    // Frozen as the case file: class 'case' with its ledger entry; ordinary retention skips them.
    const segs = await t.db.selectFrom('recording_segments').select(['id', 'retention_class', 'purged_at']).where('id', 'in', f.segmentIds).execute();
    expect(segs.map((s) => s.retention_class)).toEqual(['case', 'case']);
    const frozen = await t.db.selectFrom('ledger_entries').select('action').where('entity_id', 'in', f.segmentIds).where('action', '=', 'recording.retention_case').execute();
    expect(frozen).toHaveLength(2);
    await purgeExpiredRecordings({ db: t.db, blobs: createFsBlobStore(path.join(dir, 'blobs')), signer: loadOrCreateSigner(path.join(dir, 'keys')), policy: { ordinaryDays: 30, byCategory: {} }, log: createLogger('silent') });
    expect((await t.db.selectFrom('recording_segments').select('purged_at').where('id', 'in', f.segmentIds).execute()).every((s) => s.purged_at === null)).toBe(true);
    // The finding's side names the case.
    const ev = await t.db.selectFrom('finding_events').select(['kind', 'detail']).where('finding_id', '=', f.findingId).where('kind', '=', 'case_filed').executeTakeFirstOrThrow();
    expect(ev.detail).toEqual({ caseId: w.case.id });

    // The filing report is refused while a checklist is unanswered — named, ledgered, nothing changed.
    const before = await ws(officer, w.case.id);
    const refused = await stage(officer, w.case.id, { kind: 'filing', fields: { report: '建议立案' } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Refusal).refusal).toMatchObject({ code: 'checklist_incomplete', rule: '002第十六条' });
    const after = await ws(officer, w.case.id);
    expect(after.case.version).toBe(before.case.version);
    expect(after.timeline).toHaveLength(1);
    const denial = await t.db.selectFrom('ledger_entries').select(['action', 'context', 'actor_id']).where('entity_id', '=', w.case.id).where('action', '=', 'case.refused').executeTakeFirstOrThrow();
    expect(denial).toMatchObject({ actor_id: officer.user.id, context: { attempted: 'filing', code: 'checklist_incomplete', rule: '002第十六条' } });

    // A point not met needs a note.
    const noNote = await officer.request('PUT', `/api/cases/${w.case.id}/evidence/${w.evidence[0].id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: p !== 'person' }])), expectedVersion: 1 });
    expect(noNote.status).toBe(400);

    await reviewAll(w.case.id);
    await ok(officer, w.case.id, { kind: 'filing', fields: { report: '建议立案' } });
    // The officer may not approve his own filing: the unit head does (403, ledgered as a denial).
    const own = await stage(officer, w.case.id, { kind: 'filing_approval', fields: { opinion: '同意' } });
    expect(own.status).toBe(403);
    expect(((await own.json()) as Refusal).refusal).toMatchObject({ code: 'role_not_permitted', message: '「立案审批」由行政机关负责人作出' });
    const approved = await ok(manager, w.case.id, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
    expect(approved.case.state).toBe('investigating');
    expect(approved.case.filedAt).not.toBeNull();
    expect(approved.clocks.find((c) => c.kind === 'decision')).toMatchObject({ basis: '行政处罚法第六十条' });
    expect(approved.clocks.find((c) => c.kind === 'filing')!.secondsLeft).toBeNull(); // stopped

    // A flag goes into one case only.
    const again = await officer.post('/api/cases/from-flags', { flagIds: [f.flagId], cause: '重复', category: '医', investigatorIds: two(), summary: '重复立案' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Refusal).refusal?.code).toBe('already_recorded');
  });

  it('two officers filing one flag at once: one case, the other refused by name', async () => {
    const f = await confirmedFlag();
    const body = { flagIds: [f.flagId], cause: '并发立案', category: '医', investigatorIds: two(), summary: 's' };
    const [a, b] = await Promise.all([officer.post('/api/cases/from-flags', body), officer2.post('/api/cases/from-flags', body)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as Refusal).refusal?.code).toBe('already_recorded');
    expect(await t.db.selectFrom('case_flags').select('case_id').where('flag_id', '=', f.flagId).execute()).toHaveLength(1);
  });

  it('the filing limit is an administrator setting (default 7 working days); the clock counts from the confirmation', async () => {
    const def = (await (await officer.get('/api/cases/settings/filing-limit')).json()) as { amount: number; unit: string };
    expect(def).toMatchObject({ amount: 7, unit: 'working_days' });
    expect((await officer.request('PUT', '/api/cases/settings/filing-limit', { amount: 5, unit: 'working_days', basis: '本局规定' })).status).toBe(403);
    expect((await admin.request('PUT', '/api/cases/settings/filing-limit', { amount: 5, unit: 'working_days', basis: '本局规定：确认后五个工作日内立案' })).status).toBe(200);
    const w = await file([(await confirmedFlag()).flagId]);
    expect(w.clocks.find((c) => c.kind === 'filing')).toMatchObject({ basis: '本局规定：确认后五个工作日内立案' });
    expect((await admin.request('PUT', '/api/cases/settings/filing-limit', { amount: 7, unit: 'working_days', basis: '行政处罚法第五十四条第二款（及时立案）；002第十七条' })).status).toBe(200);
  });

  it('the pages find a flag’s case, the staff who may be named on it, and open its snapshot where the flag serves it', async () => {
    const blobs = createFsBlobStore(path.join(dir, 'blobs'));
    const shot = await blobs.put(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]), 'image/jpeg');
    await t.db.transaction().execute((trx) => recordBlob(trx, { ...shot, mediaType: 'image/jpeg' }));
    const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, snapshot_sha256: shot.sha256 }]);
    await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
    const f = { flagId: flag.id };
    const w = await file([f.flagId]);
    const found = (await (await officer.get(`/api/cases?flagId=${f.flagId}`)).json()) as { items: { id: string }[] };
    expect(found.items.map((i) => i.id)).toEqual([w.case.id]);
    const other = (await confirmedFlag()).flagId;
    expect(((await (await officer.get(`/api/cases?flagId=${other}`)).json()) as { items: unknown[] }).items).toEqual([]);

    const staff = (await (await officer.get('/api/cases/staff')).json()) as { items: { id: string; role: string; certificateNo: string | null }[] };
    expect(staff.items.find((s) => s.id === officer2.user.id)).toMatchObject({ role: 'officer', certificateNo: '浙卫执字第20261号' });
    expect(staff.items.some((s) => s.id === officerJd.user.id)).toBe(false); // another district is not his to name
    expect(staff.items.find((s) => s.id === manager.user.id)).toMatchObject({ role: 'manager' }); // the head of the city above may be named as the unit head
    expect((await officerJd.get(`/api/cases/${w.case.id}`)).status).toBe(403);

    const snap = (await ws(officer, w.case.id)).evidence.find((e) => e.kind === 'snapshot')!;
    expect(snap.link).toBe(`/api/flags/${f.flagId}/snapshot.jpg`);
    expect((await officer.get(snap.link!)).status).toBe(200);
  });

  it('refuses an unconfirmed flag, a single investigator, and another district', async () => {
    const [open] = await insertFlags(t.db, deviceId, [{}]);
    const res = await officer.post('/api/cases/from-flags', { flagIds: [open.id], cause: '未确认', category: '医', investigatorIds: two(), summary: 's' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Refusal).refusal?.code).toBe('flag_not_confirmed');
    const f = await confirmedFlag();
    const one = await officer.post('/api/cases/from-flags', { flagIds: [f.flagId], cause: 'c', category: '医', investigatorIds: [officer.user.id, officer.user.id], summary: 's' });
    expect(((await one.json()) as Refusal).refusal).toMatchObject({ code: 'officers_required', rule: '行政处罚法第四十二条' }); // two ids, one person
    const dup = await officer.post('/api/cases/from-flags', { flagIds: [f.flagId], cause: 'c', category: '医', investigatorIds: [officer.user.id, manager.user.id], summary: 's' });
    expect(((await dup.json()) as Refusal).refusal).toMatchObject({ code: 'officers_required', rule: '行政处罚法第四十二条' });
    expect((await officerJd.post('/api/cases/from-flags', { flagIds: [f.flagId], cause: 'c', category: '医', investigatorIds: two(), summary: 's' })).status).toBe(403);
  });
});

describe('the procedure (R8)', () => {
  it('inquiry with one officer is refused naming the rule; through investigation → prior notice (¥20,000 to an organisation) → statement → decision', async () => {
    const id = await investigating();
    const one = await stage(officer, id, { kind: 'inquiry', officerIds: [officer.user.id], participants: [{ name: '王建国', role: '被询问人' }], fields: { subject: '王建国', record: '……' } });
    expect(one.status).toBe(409);
    expect(((await one.json()) as Refusal).refusal).toMatchObject({ code: 'officers_required', rule: '行政处罚法第四十二条、第五十五条' });
    // A decision while still investigating: 行政处罚法 art. 57 (the unit test shows art. 62 once approved but not notified).
    const early = await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 20000 }, facts: '……', legalBasis: '……' } });
    expect(((await early.json()) as Refusal).refusal).toMatchObject({ code: 'stage_out_of_order', rule: '行政处罚法第五十七条' });

    const notified = await approved(id, 20000);
    expect(notified.case.state).toBe('notified');
    expect(notified.case.major).toEqual([]);
    expect(notified.clocks.find((c) => c.kind === 'hearing_request')?.basis).toBe('行政处罚法第六十四条第（一）项');
    // A fine that is not a positive amount is refused naming the rule.
    const zero = await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: '0' }, facts: '……', legalBasis: '……' } });
    expect(((await zero.json()) as Refusal).refusal).toMatchObject({ code: 'invalid_amount', rule: '行政处罚法第五十九条' });
    const cents = await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: '100.001' }, facts: '……', legalBasis: '……' } });
    expect(((await cents.json()) as Refusal).refusal?.code).toBe('invalid_amount');

    // A statement is not a waiver of the hearing: the five days of art. 64(1) still run.
    await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '设备检修期间临时遮挡，请求从轻处理。' } });
    const waiting = await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 20000 }, facts: '……', legalBasis: '……' } });
    expect(((await waiting.json()) as Refusal).refusal).toMatchObject({ code: 'limit_not_reached', rule: '行政处罚法第六十三条、第六十四条第（一）项' });
    // The party waives it expressly: the hearing window ends.
    const waived = await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '设备检修期间临时遮挡，请求从轻处理。', hearingWaived: true } });
    expect(waived.clocks.find((c) => c.kind === 'hearing_request')?.stoppedAt).toBeTruthy();
    // Art. 45: not heavier because the party defended itself.
    const heavier = await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 25000 }, facts: '……', legalBasis: '……' } });
    expect(((await heavier.json()) as Refusal).refusal).toMatchObject({ code: 'heavier_after_defence', rule: '行政处罚法第四十五条第二款' });
    // An officer may not decide: the unit head does (403).
    expect((await stage(officer, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 20000 }, facts: '……', legalBasis: '……' } })).status).toBe(403);
    const decided = await ok(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 20000 }, facts: '……', legalBasis: '《消毒管理办法》第四十一条', performance: '十五日内缴纳', remedy: '六十日内申请行政复议或六个月内提起行政诉讼' } });
    expect(decided.case.state).toBe('decided');
    const decision = decided.timeline.find((s) => s.kind === 'decision')!;
    expect(decision.documents[0]).toMatchObject({ kind: 'penalty_decision', number: expect.stringMatching(/^婺卫医罚〔2026〕\d+号$/) });
    const stored = await t.db.selectFrom('case_stages').select('fields').where('case_id', '=', id).where('kind', '=', 'decision').executeTakeFirstOrThrow();
    expect((stored.fields as { penalty: unknown }).penalty).toEqual({ kinds: ['fine'], fineFen: 2_000_000, confiscationFen: null });
    expect(docs.calls.filter((c) => c.subject.id === id).map((c) => c.kind)).toEqual(['case_acceptance', 'filing_report', 'inquiry_record', 'investigation_end_report', 'panel_discussion_record', 'prior_notice', 'penalty_decision']);
  });

  it('a ¥150,000 case is refused at decision until a legal review by a non-investigator and a collective discussion are recorded', async () => {
    const id = await investigating();
    await approved(id, 150000);
    await ok(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });
    const decide = () => stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 150000 }, facts: '……', legalBasis: '……' } });
    const r1 = await decide();
    expect(r1.status).toBe(409);
    expect(((await r1.json()) as Refusal).refusal).toMatchObject({ code: 'legal_review_required', rule: expect.stringContaining('行政处罚法第五十八条') });
    // Materials (004 附表3 §6): the legal review is refused without the draft decision.
    const short = await stage(officer, id, { kind: 'legal_review_request', fields: { materials: ['situation', 'evidence'], situation: '……' } });
    expect(((await short.json()) as Refusal).refusal).toMatchObject({ code: 'materials_missing', rule: '004附表3第六条' });
    const submitted = await ok(officer, id, { kind: 'legal_review_request', fields: { materials: ['situation', 'draft_decision', 'evidence'], situation: '……' } });
    expect(submitted.clocks.find((c) => c.kind === 'legal_review')).toMatchObject({ basis: '004附表3第七条' });
    const queue = (await (await legal.get('/api/cases/reviews')).json()) as { items: { id: string }[] };
    expect(queue.items.map((i) => i.id)).toContain(id);

    // An investigator who has since become a legal reviewer may not review this case.
    const acct = (await (await admin.get(`/api/admin/users/${officer2.user.id}`)).json()) as { version: number };
    expect((await admin.patch(`/api/admin/users/${officer2.user.id}`, { role: 'legal_reviewer', version: acct.version, reason: '岗位调整' })).status).toBe(200);
    const pw = (await (await admin.post(`/api/admin/users/${officer2.user.id}/reset-password`, { reason: '岗位调整' })).json()) as { oneTimePassword: string };
    const reviewer2 = await loginWith('officer.wc2', pw.oneTimePassword);
    const byInvestigator = await stage(reviewer2, id, { kind: 'legal_review', fields: { passed: 'passed', opinion: '同意' } });
    expect(byInvestigator.status).toBe(409);
    expect(((await byInvestigator.json()) as Refusal).refusal).toMatchObject({ code: 'reviewer_investigated', rule: expect.stringContaining('行政处罚法第五十八条') });
    const back = (await (await admin.get(`/api/admin/users/${officer2.user.id}`)).json()) as { version: number };
    expect((await admin.patch(`/api/admin/users/${officer2.user.id}`, { role: 'officer', version: back.version, reason: '恢复执法岗位' })).status).toBe(200);
    // An officer may not review (403).
    expect((await stage(officer, id, { kind: 'legal_review', fields: { passed: 'passed', opinion: '同意' } })).status).toBe(403);
    await ok(legal, id, { kind: 'legal_review', fields: { passed: 'passed', opinion: '事实清楚，证据确凿，程序合法，同意。' } });
    const r2 = await decide();
    expect(((await r2.json()) as Refusal).refusal).toMatchObject({ code: 'collective_discussion_required', rule: '行政处罚法第五十七条第二款' });
    await ok(manager, id, { kind: 'collective_discussion', participants: [{ name: '周强', role: '局长' }, { name: '钱敏', role: '副局长' }, { name: '孙丽', role: '副局长' }], fields: { conclusion: '同意罚款十五万元' } });
    expect((await decide()).status).toBe(200);
  });

  it('a stale version is 409 version_conflict; the wrong role 403; the workspace lists the next actions with reasons', async () => {
    const id = await investigating();
    const w = await ws(officer, id);
    // Staff watching the case hear that it moved (after the commit), with its new version; a refused act is not news.
    const heard: { id: string; version: number; state: string }[] = [];
    const off = api.events.on('case:changed', (e) => heard.push({ id: e.id, version: e.version, state: e.state }));
    const stale = await officer.post(`/api/cases/${id}/stages`, { kind: 'appraisal', expectedVersion: w.case.version - 1, fields: { institution: '金华市疾控中心', subject: '消毒液有效氯含量' } });
    expect(stale.status).toBe(409);
    const moved = (await (await officer.post(`/api/cases/${id}/stages`, { kind: 'on_site_inspection', expectedVersion: w.case.version, officerIds: two(), fields: { place: '操作间', findings: '摄像头已恢复' } })).json()) as Workspace;
    await expect.poll(() => heard.filter((e) => e.id === id)).toEqual([{ id, version: moved.case.version, state: 'investigating' }]);
    off();
    expect(((await stale.json()) as { code: string }).code).toBe('version_conflict');
    expect((await legal.post(`/api/cases/${id}/stages`, { kind: 'inquiry', expectedVersion: moved.case.version, officerIds: two(), participants: [{ name: 'x', role: '被询问人' }], fields: { subject: 'x', record: 'y' } })).status).toBe(403);
    const denied = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'access.denied').where('actor_id', '=', legal.user.id).execute();
    expect(denied.length).toBeGreaterThan(0);
    const mine = w.nextActions.find((a) => a.kind === 'inquiry')!;
    expect(mine.allowed).toBe(true);
    expect(w.nextActions.find((a) => a.kind === 'seizure')).toMatchObject({ allowed: false, refusal: { code: 'role_not_permitted' } });
    expect((await ws(manager, id)).nextActions.find((a) => a.kind === 'seizure')).toMatchObject({ allowed: true });
    // Another district's officer does not see it.
    expect((await officerJd.get(`/api/cases/${id}`)).status).toBe(403);
    const list = (await (await manager.get('/api/cases?state=investigating')).json()) as { items: { id: string }[]; counts: { total: number; overdue: number } };
    expect(list.items.map((i) => i.id)).toContain(id);
    expect(list.counts.total).toBeGreaterThan(0);
  });

  it('a decision after 90 days from filing without an extension is refused (行政处罚法 art. 60); an approved extension lets it through', async () => {
    const id = await investigating();
    await approved(id, 2000);
    await ok(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });
    const caller = (s: Session) => ({ user: { id: s.user.id, role: s.user.role, agencyPath: null, businessId: null } as unknown as AuthUser, requestId: 'test', ip: null });
    const path = (await t.db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id').select('a.path').where('u.id', '=', manager.user.id).executeTakeFirstOrThrow()).path;
    const head = { ...caller(manager), user: { ...caller(manager).user, agencyPath: path, displayName: '周强' } };
    const in100days = () => new Date(Date.now() + 100 * 86400_000);
    const late = createCaseStageService({ db: t.db, access: createAccess(createAccessRepository(t.db)), documents: docs.service, now: in100days });
    const version = async () => (await ws(officer, id)).case.version;
    const fields = { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 2000 }, facts: '……', legalBasis: '……' };
    await expect(late.record(head, id, { kind: 'decision', expectedVersion: await version(), fields })).rejects.toMatchObject({ code: 'procedure_refused', refusal: { code: 'limit_expired', rule: '行政处罚法第六十条' } });
    // The officer asks for 30 more days; the head approves; the decision goes through.
    const req = await officer.post(`/api/cases/${id}/extensions`, { clock: 'decision', amount: 30, reason: '案情复杂，需补充鉴定', expectedVersion: await version() });
    expect(req.status).toBe(201);
    const ext = (await t.db.selectFrom('case_clock_extensions as e').innerJoin('case_clocks as k', 'k.id', 'e.clock_id').select('e.id').where('k.case_id', '=', id).executeTakeFirstOrThrow()).id;
    expect((await officer.post(`/api/cases/${id}/extensions/${ext}/decision`, { approve: true, expectedVersion: await version() })).status).toBe(403);
    expect((await manager.post(`/api/cases/${id}/extensions/${ext}/decision`, { approve: true, expectedVersion: await version() })).status).toBe(200);
    const row = await late.record(head, id, { kind: 'decision', expectedVersion: await version(), fields });
    expect(row.state).toBe('decided');
  });

  it('a seizure clock is paused for an appraisal and resumed by the unit head; the approvals queue shows what waits for him', async () => {
    const id = await investigating();
    const seized = await ok(manager, id, { kind: 'seizure', officerIds: two(), fields: { items: '消毒液 12 瓶', reason: '涉嫌不合格', majorCoercion: false, measure: '查封' } });
    const clock = seized.clocks.find((c) => c.kind === 'seizure')!;
    expect(clock).toMatchObject({ basis: '行政强制法第二十五条第一款' });
    expect(clock.dueAt).not.toBeNull();
    // An officer may not pause a clock (403); the head may; the decision clock may be paused too, the hearing window not.
    expect((await officer.post(`/api/cases/${id}/clocks/pause`, { clock: 'seizure', reason: '送检鉴定', expectedVersion: seized.case.version })).status).toBe(403);
    const paused = await manager.post(`/api/cases/${id}/clocks/pause`, { clock: 'seizure', reason: '送金华市疾控中心检验，检验期间不计入', expectedVersion: seized.case.version });
    expect(paused.status).toBe(200);
    const pw = (await paused.json()) as Workspace;
    expect(pw.clocks.find((c) => c.kind === 'seizure')).toMatchObject({ dueAt: null, secondsLeft: null });
    const twice = await manager.post(`/api/cases/${id}/clocks/pause`, { clock: 'seizure', reason: '再次', expectedVersion: pw.case.version });
    expect(((await twice.json()) as Refusal).refusal?.code).toBe('clock_paused');
    const resumed = (await (await manager.post(`/api/cases/${id}/clocks/resume`, { clock: 'seizure', expectedVersion: pw.case.version + 0 })).json()) as Workspace;
    expect(resumed.clocks.find((c) => c.kind === 'seizure')!.dueAt).not.toBeNull();
    // The seizure is extended once, by at most 30 days (行政强制法 art. 25).
    const tooLong = await officer.post(`/api/cases/${id}/extensions`, { clock: 'seizure', amount: 31, reason: '情况复杂', expectedVersion: resumed.case.version });
    expect(((await tooLong.json()) as Refusal).refusal).toMatchObject({ code: 'extension_not_allowed', rule: '行政强制法第二十五条第一款' });
    expect((await officer.post(`/api/cases/${id}/extensions`, { clock: 'seizure', amount: 30, reason: '情况复杂', expectedVersion: resumed.case.version })).status).toBe(201);
    const queue = (await (await manager.get('/api/cases/approvals')).json()) as { items: { id: string; pendingExtensions: number }[] };
    expect(queue.items.find((i) => i.id === id)).toMatchObject({ pendingExtensions: 1 });
    expect((await officer.get('/api/cases/approvals')).status).toBe(403);
    // The head approves: the seizure runs 30 days longer, and the party is told in writing with the
    // reasons (art. 25 ¶2) — a 延长查封扣押期限决定书 issued by a stage of its own.
    const pending = await t.db.selectFrom('case_clock_extensions as e').innerJoin('case_clocks as k', 'k.id', 'e.clock_id').select(['e.id']).where('k.case_id', '=', id).where('e.status', '=', 'requested').executeTakeFirstOrThrow();
    const before = (await ws(manager, id)).clocks.find((c) => c.kind === 'seizure')!.dueAt!;
    const approved = (await (await manager.post(`/api/cases/${id}/extensions/${pending.id}/decision`, { approve: true, expectedVersion: (await ws(manager, id)).case.version })).json()) as Workspace;
    const after = approved.clocks.find((c) => c.kind === 'seizure')!.dueAt!;
    expect(Date.parse(after) - Date.parse(before)).toBe(30 * 86400_000);
    const stage = approved.timeline.find((st) => st.kind === 'seizure_extension')!;
    expect(stage.documents.map((d) => d.kind)).toEqual(['seizure_extension_decision']);
    const call = docs.calls.filter((c) => c.subject.id === id && c.kind === 'seizure_extension_decision');
    expect(call).toHaveLength(1);
    const parsed = seizureExtensionDecisionFields.safeParse(call[0].fields);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toMatchObject({ days: 30, reasons: '情况复杂', original: { measure: '查封', until: shanghaiDay(new Date(before)) } });
  });

  it('simple procedure by hand: on-the-spot decision within 3,000 yuan by two officers, reported, closed', async () => {
    const biz = await t.db.selectFrom('businesses').select('id').where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
    const res = await officer.post('/api/cases', { procedure: 'simple', businessId: biz.id, source: 'inspection', sourceDetail: '日常监督检查', cause: '未按规定公示卫生许可证', category: '公', investigatorIds: two(), summary: '现场检查发现未公示' });
    expect(res.status).toBe(201);
    const w = (await res.json()) as Workspace;
    expect(w.clocks.map((c) => c.kind)).toEqual([]);
    expect(w.nextActions.map((a) => a.kind)).toContain('on_the_spot_decision');
    const over = await stage(officer, w.case.id, { kind: 'on_the_spot_decision', officerIds: two(), fields: { factsCertain: true, facts: '……', legalBasis: '《公共场所卫生管理条例实施细则》', penalty: { kinds: ['fine'], fineYuan: '3000.01' } } });
    expect(((await over.json()) as Refusal).refusal).toMatchObject({ code: 'simple_limit_exceeded', rule: '行政处罚法第五十一条' });
    const decided = await ok(officer, w.case.id, { kind: 'on_the_spot_decision', officerIds: two(), fields: { factsCertain: true, facts: '……', legalBasis: '《公共场所卫生管理条例实施细则》', penalty: { kinds: ['fine'], fineYuan: 3000 } } });
    expect(decided.timeline.at(-1)!.documents[0]).toMatchObject({ kind: 'on_the_spot_decision', number: expect.stringMatching(/^婺卫公当罚〔2026〕\d+号$/) });
    await ok(officer, w.case.id, { kind: 'record_report', fields: { note: '已报所属行政机关备案' } });
    // Closing waits for the fine (issue 14): paid at the bank the same day (the on-the-spot decision is served on the spot).
    const unpaid = await stage(officer, w.case.id, { kind: 'closing', fields: { summary: '罚款已缴纳' } });
    expect(((await unpaid.json()) as Refusal).refusal).toMatchObject({ code: 'closing_incomplete' });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await officer.post(`/api/cases/${w.case.id}/payments`, { kind: 'paid', amountYuan: 3000, paidOn: today, reference: '浙江农信-20261204-77', expectedVersion: (await ws(officer, w.case.id)).case.version })).status).toBe(201);
    expect((await ok(officer, w.case.id, { kind: 'closing', fields: { summary: '罚款已缴纳' } })).case.state).toBe('closed');
  });

  it('every row matches its ledger entry (checkEntities clean)', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems).toEqual([]);
  });
});
