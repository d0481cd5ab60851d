import { createHash } from 'node:crypto';
import { createRecordReader } from '../../api/records/record-reader.js';
import { createRecordReadsRepository } from '../../api/records/record-reads.repository.js';
import { createLogger } from '../../core/log.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess } from '../../api/access/access.service.js';
import { createAccessRepository } from '../../api/access/access.repository.js';
import { casesApi } from '../../api/cases/cases.api.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { AuthUser } from '../../api/http/context.js';
import type { Caller } from '../../api/http/request-context.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import type { DocumentService } from '../../core/documents/template.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { insertFlags } from '../support/review-flags.js';
import { confirmServiceAddresses } from '../support/service-address.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 14 item 3 against a real PostgreSQL, with the platform's document service (real PDFs):
// the business (biz.hosp) reads its case, opens its prior notice, uploads a file and sends its
// statement and defence with it, asks for a hearing in time; the stages move and the officer's
// workspace shows them; another business is refused; a statement after its period and a hearing
// request after five working days are refused naming the rule, with nothing changed.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let officer: Session;
let officer2: Session;
let manager: Session;
let biz: Session;
let hotel: Session;
let deviceId: string;

type Party = {
  case: { id: string; state: string; version: number };
  documents: { id: string; kind: string; number: string | null; sha256: string; url: string; servedAt: string; deliveryId: string | null; openedAt: string | null; acknowledgedAt: string | null; acknowledgeUrl: string | null }[];
  clips: { url: string }[];
  statement: { allowed: boolean; window: { dueAt: string | null; limit: { amount: number } } | null; refusal: { code: string; rule: string } | null };
  hearing: { right: boolean; allowed: boolean; requestedAt: string | null; window: { dueAt: string | null; stoppedAt: string | null } | null };
  acts: { kind: string; byParty: boolean; statement: string | null; files: { sha256: string; url: string }[] }[];
  hearingNotice: { place: string; chair: string | null; hearingAt: string | null } | null;
  pendingFiles: { id: string }[];
  decision: unknown;
};
type Workspace = {
  case: { id: string; state: string; version: number };
  evidence: { id: string; kind: string; version: number; link: string | null; source: Record<string, unknown> }[];
  timeline: { kind: string; byParty?: boolean; actor: { role: string | null; name: string | null }; media: { sha256: string; url?: string }[] }[];
  clocks: { kind: string; stoppedAt: string | null }[];
  nextActions: { kind: string; allowed: boolean }[];
};
type Problem = { code: string; issues?: { path: (string | number)[]; message: string }[]; refusal?: { code: string; rule: string; message: string } };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-case-party-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  api = await createTestApi(t, { blobs });
  officer = await api.login('officer.wc');
  officer2 = await api.login('officer2.wc');
  manager = await api.login('manager.jh');
  biz = await api.login('biz.hosp');
  hotel = await api.login('biz.hotel');
  // The hospital agreed to electronic service through its portal account (its signed 送达地址确认书).
  await confirmServiceAddresses(t.db, biz, { only: [], portal: true });
  deviceId = (await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.id', '=', biz.user.businessId!).where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow()).id;
}, 60_000);
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const ws = async (id: string) => (await (await officer.get(`/api/cases/${id}`)).json()) as Workspace;
const mine = async (s: Session, id: string) => (await (await s.get(`/api/portal/cases/${id}`)).json()) as Party;
async function ok(s: Session, id: string, body: Record<string, unknown>) {
  const res = await s.post(`/api/cases/${id}/stages`, { expectedVersion: (await ws(id)).case.version, ...body });
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
}
const penalty = { kinds: ['fine'], fineYuan: 20000 };
const stageCount = async (id: string) => Number((await t.db.selectFrom('case_stages').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow()).n);

/** The officer serves the case's latest document of a kind (through the portal the hospital confirmed): served at once. */
async function serve(id: string, kind: string) {
  const doc = await t.db.selectFrom('case_documents').select('document_id').where('case_id', '=', id).where('kind', '=', kind as never).orderBy('issued_at', 'desc').executeTakeFirstOrThrow();
  const res = await officer.post(`/api/cases/${id}/documents/${doc.document_id}/serve`, {});
  expect(res.status, await res.clone().text()).toBe(201);
  expect(((await res.json()) as { status: string }).status).toBe('served');
}

/** A confirmed flag of the hospital filed and brought to its prior notice (hearing right told), served unless told not to, through the real services. */
async function notified(opts: { clip?: Buffer; serve?: boolean } = {}): Promise<string> {
  const ended = new Date(Date.now() - 3600_000);
  const clip = opts.clip ? await blobs.put(opts.clip, 'video/mp4') : null;
  if (clip) await recordBlob(t.db, { ...clip, mediaType: 'video/mp4' });
  const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 20_000), ended_at: ended, clip_sha256: clip?.sha256 ?? null }]);
  if (clip) {
    const from = new Date(ended.getTime() - 30_000);
    await t.db.insertInto('flag_clips').values({ flag_id: flag.id, version: 1, blob_sha256: clip.sha256, requested_from: from, requested_to: ended, covers_from: from, covers_to: ended, duration_ms: 30_000, coverage: 'event_ended', final: true, provenance: JSON.stringify({ test: true }) }).execute();
  }
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const filed = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2.user.id], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理。', headId: manager.user.id });
  expect(filed.status, await filed.clone().text()).toBe(201);
  const id = ((await filed.json()) as Workspace).case.id;
  for (const e of (await ws(id)).evidence) {
    const checklist = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }]));
    expect((await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist, expectedVersion: e.version })).status).toBe(200);
  }
  await ok(officer, id, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。' } });
  await ok(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备。', evidenceSummary: '视频、截图', proposal: '建议罚款二万元', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '初次违法，属一般情节。' } });
  const members = [{ name: '钱伟', role: '科长' }, { name: '张伟', role: '承办人' }, { name: '王芳', role: '承办人' }];
  await ok(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: '同意罚款二万元。', place: '卫生监督所会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意。' })) } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: '当事人遮挡监控设备。', legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: true } });
  if (opts.serve !== false) await serve(id, 'prior_notice');
  return id;
}

/** The platform's case services with a clock set later (the HTTP app runs on the real time). */
function later(days: number) {
  const access = createAccess(createAccessRepository(t.db));
  const documents = {} as DocumentService; // the party's acts issue no document
  return casesApi({ db: t.db, access, records: createRecordReader({ access, repo: createRecordReadsRepository(t.db), log: createLogger('silent') }), documents, blobs, now: () => new Date(Date.now() + days * 86400_000) });
}
async function callerOf(s: Session): Promise<Caller> {
  const u = await t.db.selectFrom('users').select(['id', 'role', 'business_id', 'display_name']).where('id', '=', s.user.id).executeTakeFirstOrThrow();
  return { user: { id: u.id, role: u.role, businessId: u.business_id, agencyPath: null, displayName: u.display_name } as unknown as AuthUser, requestId: 'test', ip: null };
}

describe('the party\'s procedure online (issue 14 item 3)', () => {
  it('biz.hosp opens its case and its prior notice, sends a statement with a file, asks for a hearing in time; the stages move; the officer sees them', async () => {
    const CLIP = Buffer.from('\u0000\u0000\u0000\u0018ftypmp42 a stand-in evidence clip');
    const id = await notified({ clip: CLIP });
    const list = (await (await biz.get('/api/portal/cases')).json()) as { items: { id: string; state: string }[] };
    expect(list.items.map((i) => i.id)).toContain(id);
    const page = await mine(biz, id);
    expect(page.case.state).toBe('notified');
    expect(page.documents.map((d) => d.kind)).toEqual(['prior_notice']);
    // The evidence clip the case froze at filing, played through the finding's clip (viewing logged).
    expect(page.clips).toHaveLength(1);
    const played = await biz.get(page.clips[0].url);
    expect(played.status).toBe(200);
    expect(Buffer.from(await played.arrayBuffer()).equals(CLIP)).toBe(true);
    expect(page.statement).toMatchObject({ allowed: true, window: { limit: { amount: 3 } } });
    expect(page.hearing).toMatchObject({ right: true, allowed: true, requestedAt: null });
    // The prior notice as issued: its stored bytes, the hash the list gives.
    const pdf = await biz.get(page.documents[0].url);
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha(bytes)).toBe(page.documents[0].sha256);
    // Looking at the page was the notice's 'notification opened', taking the PDF its 'content downloaded' (the delivery's evidence).
    const evidence = await t.db.selectFrom('delivery_events').select(['kind', 'actor_id', 'channel']).where('delivery_id', '=', page.documents[0].deliveryId!).orderBy('seq').execute();
    expect(evidence.map((e) => e.kind)).toEqual(['submission_accepted', 'delivered_to_portal', 'service_completed', 'notification_opened', 'content_downloaded']);
    expect(evidence.slice(-2)).toEqual([expect.objectContaining({ actor_id: biz.user.id, channel: 'portal' }), expect.objectContaining({ actor_id: biz.user.id, channel: 'portal' })]);
    expect(page.documents[0]).toMatchObject({ servedAt: expect.any(String), acknowledgedAt: null, acknowledgeUrl: `/api/portal/deliveries/${page.documents[0].deliveryId}/acknowledge` });
    expect((await mine(biz, id)).documents[0].openedAt).toBeTruthy();
    // The party acknowledges receipt (在线诉讼规则第三十三条): once; the 送达回证 gets a version that names it.
    const ack = await biz.post(page.documents[0].acknowledgeUrl!, {});
    expect(ack.status, await ack.clone().text()).toBe(200);
    expect((await biz.post(page.documents[0].acknowledgeUrl!, {})).status).toBe(409);
    const acked = (await mine(biz, id)).documents[0];
    expect(acked).toMatchObject({ acknowledgedAt: expect.any(String), acknowledgeUrl: null });
    const certificates = await t.db.selectFrom('case_documents').select('version').where('case_id', '=', id).where('kind', '=', 'service_certificate').orderBy('version').execute();
    expect(certificates.map((c) => c.version)).toEqual([1, 2]);

    // Bad input first, nothing changed by any of it.
    const before = await stageCount(id);
    const empty = await biz.post(`/api/portal/cases/${id}/statement`, { statement: '   ', expectedVersion: page.case.version });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Problem).issues?.[0]).toMatchObject({ path: ['statement'] });
    const word = await biz.upload(`/api/portal/cases/${id}/files?filename=${encodeURIComponent('说明.docx')}`, Buffer.from('PK\u0003\u0004 not a pdf'), 'application/pdf');
    expect(word.status).toBe(400);
    expect(((await word.json()) as Problem).issues?.[0]).toMatchObject({ path: ['file'] });
    const big = await biz.upload(`/api/portal/cases/${id}/files?filename=big.pdf`, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'application/pdf');
    expect(big.status).toBe(413);
    expect(await t.db.selectFrom('case_party_files').select('id').where('case_id', '=', id).execute()).toEqual([]);
    expect(await stageCount(id)).toBe(before);

    // The file, then the statement with it.
    const up = await biz.upload(`/api/portal/cases/${id}/files?filename=${encodeURIComponent('整改报告.pdf')}`, PDF, 'application/pdf');
    expect(up.status, await up.clone().text()).toBe(201);
    const file = (await up.json()) as { id: string; sha256: string; sent: boolean };
    expect(file).toMatchObject({ sha256: sha(PDF), sent: false });
    const stated = await biz.post(`/api/portal/cases/${id}/statement`, { statement: '设备检修期间临时遮挡，已整改，请求从轻处理。', hearingWaived: false, fileIds: [file.id], expectedVersion: page.case.version });
    expect(stated.status, await stated.clone().text()).toBe(200);
    const afterStatement = (await stated.json()) as Party;
    expect(afterStatement.acts).toEqual([expect.objectContaining({ kind: 'statement', byParty: true, statement: '设备检修期间临时遮挡，已整改，请求从轻处理。', files: [expect.objectContaining({ sha256: sha(PDF) })] })]);
    expect(afterStatement.pendingFiles).toEqual([]);
    // The file is sent once: a second statement naming it is refused (400), nothing recorded.
    const again = await biz.post(`/api/portal/cases/${id}/statement`, { statement: '补充说明。', fileIds: [file.id], expectedVersion: afterStatement.case.version });
    expect(again.status).toBe(400);

    // A hearing, asked in time; asked twice is refused naming the rule.
    const asked = await biz.post(`/api/portal/cases/${id}/hearing-request`, { note: '请求举行听证。', expectedVersion: afterStatement.case.version });
    expect(asked.status, await asked.clone().text()).toBe(200);
    const afterHearing = (await asked.json()) as Party;
    expect(afterHearing.hearing.requestedAt).toBeTruthy();
    expect(afterHearing.hearing.allowed).toBe(false);
    const twice = await biz.post(`/api/portal/cases/${id}/hearing-request`, { expectedVersion: afterHearing.case.version });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as Problem).refusal).toMatchObject({ code: 'already_recorded', rule: '行政处罚法第六十四条第（一）项' });

    // The officer's workspace: the party's acts are stages, by the business user; its file is evidence he can open.
    const w = await ws(id);
    const statement = w.timeline.find((s) => s.kind === 'statement')!;
    expect(statement).toMatchObject({ byParty: true, actor: { role: 'business' } });
    expect(statement.media[0]).toMatchObject({ sha256: sha(PDF), url: `/api/cases/${id}/party-files/${file.id}` });
    expect(w.timeline.find((s) => s.kind === 'hearing_request')).toMatchObject({ byParty: true, actor: { role: 'business' } });
    expect(w.clocks.find((k) => k.kind === 'hearing_request')?.stoppedAt).toBeTruthy();
    const upload = w.evidence.find((e) => e.kind === 'upload')!;
    expect(upload.source).toMatchObject({ sha256: sha(PDF), submittedBy: 'party' });
    const opened = await officer.get(upload.link!);
    expect(opened.status).toBe(200);
    expect(sha(Buffer.from(await opened.arrayBuffer()))).toBe(sha(PDF));
    expect(await servedRead(t.db, opened)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'party_file', record_id: file.id, sha256: sha(PDF), case_id: id, bytes: String(PDF.length), user_id: officer.user.id });
    // The case moves: the hearing notice is next, the decision waits for the hearing (arts. 63, 65).
    expect(w.nextActions.find((a) => a.kind === 'hearing_notice')?.allowed).toBe(true);
    const decide = await manager.post(`/api/cases/${id}/stages`, { expectedVersion: w.case.version, kind: 'decision', fields: { outcome: 'penalty', penalty, facts: '……', legalBasis: '……' } });
    expect(((await decide.json()) as Problem).refusal?.code).toBe('hearing_required');
    // The hearing notice reaches the party's page: time, place, chair (a non-investigator).
    const chair = await api.login('officer.jd');
    const hearingAt = new Date(Date.now() + 30 * 86400_000);
    await ok(officer, id, { kind: 'hearing_notice', fields: { hearingAt: hearingAt.toISOString(), place: '婺城区卫生监督所听证室', chairId: chair.user.id, clerk: '吴婷' } });
    // Not on the party's page until served: issued is not served (民诉法第八十七条).
    expect((await mine(biz, id)).documents.map((d) => d.kind)).toEqual(['prior_notice']);
    await serve(id, 'hearing_notice');
    const noticed = await mine(biz, id);
    expect(noticed.hearingNotice).toMatchObject({ place: '婺城区卫生监督所听证室', chair: '刘洋(金东执法)', hearingAt: hearingAt.toISOString() });
    expect(noticed.documents.map((d) => d.kind)).toEqual(['prior_notice', 'hearing_notice']);
    // Every act ledgered, the rows as the ledger has them.
    const actions = (await t.db.selectFrom('ledger_entries').select('action').where('actor_id', '=', biz.user.id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['case_party_file.uploaded', 'case_party_file.submitted', 'case_stage.statement', 'case.statement', 'case_evidence.attached', 'case_stage.hearing_request', 'case.hearing_request', 'case.refused', 'delivery_event.notification_opened', 'delivery_event.content_downloaded', 'delivery_event.acknowledged', 'delivery.acknowledged']));
    expect((await checkEntities(t.db)).problems).toEqual([]);
  });

  it('another business is refused everything on the case, nothing changed', async () => {
    const id = await notified();
    const before = await stageCount(id);
    const version = (await ws(id)).case.version;
    expect((await hotel.get(`/api/portal/cases/${id}`)).status).toBe(403);
    expect(((await (await hotel.get('/api/portal/cases')).json()) as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);
    expect((await hotel.post(`/api/portal/cases/${id}/statement`, { statement: '不是我的案件', expectedVersion: version })).status).toBe(403);
    expect((await hotel.post(`/api/portal/cases/${id}/hearing-request`, { expectedVersion: version })).status).toBe(403);
    expect((await hotel.upload(`/api/portal/cases/${id}/files?filename=a.pdf`, PDF, 'application/pdf')).status).toBe(403);
    const doc = (await mine(biz, id)).documents[0];
    expect((await hotel.get(`/api/portal/cases/${id}/documents/${doc.id}/pdf`)).status).toBe(403);
    // Nor acknowledge the hospital's document (a delivery of another business: 403), nothing recorded.
    const events = async () => (await t.db.selectFrom('delivery_events').select('id').where('delivery_id', '=', doc.deliveryId!).execute()).length;
    const n = await events();
    expect((await hotel.post(`/api/portal/deliveries/${doc.deliveryId}/acknowledge`, {})).status).toBe(403);
    expect((await hotel.get(`/api/portal/deliveries/${doc.deliveryId}/document.pdf`)).status).toBe(403);
    expect(await events()).toBe(n);
    // Staff pages stay staff's: the business may not read the workspace or record a stage there.
    expect((await biz.get(`/api/cases/${id}`)).status).toBe(403);
    expect((await biz.post(`/api/cases/${id}/stages`, { kind: 'statement', expectedVersion: version, fields: { statement: 'x' } })).status).toBe(403);
    expect((await hotel.get(`/api/portal/cases/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect(await stageCount(id)).toBe(before);
    expect((await ws(id)).case.version).toBe(version);
  });

  it('after its periods the party is refused naming the rule — statement (the notice\'s days), hearing (行政处罚法第六十四条第（一）项) — nothing changed', async () => {
    const id = await notified();
    const before = await stageCount(id);
    const version = (await ws(id)).case.version;
    const late = later(30);
    const caller = await callerOf(biz);
    await expect(late.party.statement(caller, id, { statement: '迟到的陈述。', hearingWaived: false, fileIds: [], expectedVersion: version })).rejects.toMatchObject({ code: 'procedure_refused', refusal: { code: 'limit_expired', rule: '行政处罚法第四十四条、第四十五条（事先告知书载明的陈述、申辩期限）' } });
    await expect(late.party.requestHearing(caller, id, { expectedVersion: version })).rejects.toMatchObject({ code: 'procedure_refused', refusal: { code: 'limit_expired', rule: '行政处罚法第六十四条第（一）项' } });
    await expect(late.party.upload(caller, id, { bytes: PDF, claimedType: 'application/pdf', filename: 'late.pdf' })).rejects.toMatchObject({ code: 'procedure_refused', refusal: { code: 'limit_expired' } });
    const view = await late.partyViews.view(caller, id);
    expect(view.statement).toMatchObject({ allowed: false, refusal: { code: 'limit_expired' } });
    expect(view.hearing).toMatchObject({ allowed: false });
    expect(await stageCount(id)).toBe(before);
    expect((await ws(id)).case.version).toBe(version);
    expect(await t.db.selectFrom('case_party_files').select('id').where('case_id', '=', id).execute()).toEqual([]);
    const refused = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'case.refused').where('entity_id', '=', id).execute();
    expect(refused.map((r) => (r.context as { attempted: string }).attempted)).toEqual(expect.arrayContaining(['statement', 'hearing_request', 'party_file']));
    // An officer may still record a statement the party handed in on paper in time.
    await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '纸质陈述书（期限内收到）。' } });
  });

  it('a statement that waives the hearing expressly ends the hearing window; a later hearing request is refused', async () => {
    const id = await notified();
    const v = (await ws(id)).case.version;
    const res = await biz.post(`/api/portal/cases/${id}/statement`, { statement: '无异议，放弃听证。', hearingWaived: true, expectedVersion: v });
    expect(res.status, await res.clone().text()).toBe(200);
    const page = (await res.json()) as Party;
    expect(page.hearing.window?.stoppedAt).toBeTruthy();
    const asked = await biz.post(`/api/portal/cases/${id}/hearing-request`, { expectedVersion: page.case.version });
    expect(((await asked.json()) as Problem).refusal).toMatchObject({ code: 'hearing_waived', rule: '行政处罚法第六十四条第（一）项' });
    // Heard, and the hearing waived: the head decides; the party reads its decision, the fine, when to pay
    // (the rule until service is recorded) and the late fee's rule.
    await ok(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty, facts: '当事人遮挡监控设备。', legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], correction: { kind: 'order', what: '立即拆除遮挡物。' }, statementReview: '当事人已整改，维持拟作出的处罚。' } });
    const unserved = await mine(biz, id);
    expect(unserved.case.state).toBe('decided');
    expect(unserved.documents.map((d) => d.kind)).not.toContain('penalty_decision');
    expect(unserved.decision).toMatchObject({ outcome: 'penalty', penaltyKinds: ['fine'], documentId: null, payment: { fineFen: 2_000_000, dueAt: null, dueText: '自送达之日起十五日内', basis: '行政处罚法第六十七条第三款', lateFee: null, lateFeeBasis: '行政处罚法第七十二条第一款第（一）项' } });
    // Served: the decision is on the page and the fifteen days run from its service (art. 67 ¶3).
    await serve(id, 'penalty_decision');
    const decided = await mine(biz, id);
    expect(decided.documents.map((d) => d.kind)).toContain('penalty_decision');
    const servedAt = decided.documents.find((d) => d.kind === 'penalty_decision')!.servedAt;
    expect(decided.decision).toMatchObject({ payment: { fineFen: 2_000_000, dueAt: expect.any(String) } });
    expect(Date.parse((decided.decision as { payment: { dueAt: string } }).payment.dueAt)).toBeGreaterThan(Date.parse(servedAt) + 14 * 86400_000);
    expect(decided.statement.allowed).toBe(false);
  });

  it('the windows run from the notice\'s service, not its issue: a notice served ten days late still gives the party its days (行政处罚法第六十四条第（一）项)', async () => {
    const id = await notified({ serve: false });
    // Issued but not served: not on the party's page.
    expect((await mine(biz, id)).documents).toEqual([]);
    // The notice was issued ten days ago and lay unserved: counted from its issue, both windows are over.
    const notice = await t.db.selectFrom('case_stages').select('id').where('case_id', '=', id).where('kind', '=', 'prior_notice').executeTakeFirstOrThrow();
    const tenDaysAgo = new Date(Date.now() - 10 * 86400_000);
    await t.db.updateTable('case_clocks').set({ started_at: tenDaysAgo, due_at: null }).where('case_id', '=', id).where('started_by', '=', notice.id).execute();
    const stale = await mine(biz, id);
    expect(stale.statement).toMatchObject({ allowed: false, refusal: { code: 'limit_expired' } });
    expect(stale.hearing.allowed).toBe(false);
    // Served today: both run again from today, stopped and restarted by the 送达 stage.
    await serve(id, 'prior_notice');
    const page = await mine(biz, id);
    expect(page.documents.map((d) => d.kind)).toEqual(['prior_notice']);
    expect(page.statement.allowed).toBe(true);
    expect(page.hearing.allowed).toBe(true);
    expect(Date.parse(page.hearing.window!.dueAt!)).toBeGreaterThan(Date.now() + 4 * 86400_000);
    const service = await t.db.selectFrom('case_stages').select('id').where('case_id', '=', id).where('kind', '=', 'service').executeTakeFirstOrThrow();
    const clocks = await t.db.selectFrom('case_clocks').select(['id', 'kind', 'started_by', 'stopped_by', 'started_at']).where('case_id', '=', id).where('kind', 'in', ['statement', 'hearing_request']).orderBy('started_at').execute();
    expect(clocks).toEqual([
      expect.objectContaining({ started_by: notice.id, stopped_by: service.id }),
      expect.objectContaining({ started_by: notice.id, stopped_by: service.id }),
      expect.objectContaining({ started_by: service.id, stopped_by: null }),
      expect.objectContaining({ started_by: service.id, stopped_by: null }),
    ]);
    const restarted = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'case_clock.started').where('entity_id', 'in', clocks.slice(2).map((k) => k.id)).execute();
    expect(restarted.map((r) => (r.context as { restartedFrom?: string } | null)?.restartedFrom).sort()).toEqual(clocks.slice(0, 2).map((k) => k.id).sort());
    // And the party acts in its restored window.
    const stated = await biz.post(`/api/portal/cases/${id}/statement`, { statement: '今日收到告知书，现提出陈述。', hearingWaived: false, expectedVersion: page.case.version });
    expect(stated.status, await stated.clone().text()).toBe(200);
  });
});
